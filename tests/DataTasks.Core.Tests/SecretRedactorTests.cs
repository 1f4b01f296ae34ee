namespace DataTasks.Core.Tests;

/// <summary>The one redaction rule every front prints through.</summary>
[TestClass]
public sealed class SecretRedactorTests
{
    [TestMethod]
    [DataRow("Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261202/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024", "AKIAIOSFODNN7EXAMPLE")]
    [DataRow("authorization=AWS ABCDEFGHOLDSTYLE:c2VjcmV0c2lnbmF0dXJl", "c2VjcmV0c2lnbmF0dXJl")]
    [DataRow("GET /b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAXAMPLEKEY1234567%2F20261202%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=0123456789abcdef0123", "0123456789abcdef0123")]
    [DataRow("GET /b/k?X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLETOKEN%2Fx&X-Amz-Date=20261202T000000Z", "FwoGZXIvYXdzEXAMPLETOKEN")]
    [DataRow("x-amz-security-token: IQoJb3JpZ2luX2VjEXAMPLE+/token=", "IQoJb3JpZ2luX2VjEXAMPLE")]
    [DataRow("<Error><Code>SignatureDoesNotMatch</Code><AWSAccessKeyId>AKIAZZZZEXAMPLE12345</AWSAccessKeyId><SignatureProvided>abcdef0123456789</SignatureProvided></Error>", "AKIAZZZZEXAMPLE12345")]
    [DataRow("<Error><Code>SignatureDoesNotMatch</Code><SignatureProvided>abcdef0123456789</SignatureProvided></Error>", "abcdef0123456789")]
    [DataRow("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI")]
    [DataRow("the key ASIAQ7X2EXAMPLE9ZK3W expired", "ASIAQ7X2EXAMPLE9ZK3W")]
    public void Redact_RemovesTheSecret(string text, string secret)
    {
        var redacted = SecretRedactor.Redact(text);
        Assert.IsFalse(redacted.Contains(secret, StringComparison.Ordinal), redacted);
        StringAssert.Contains(redacted, SecretRedactor.Mask);
    }

    [TestMethod]
    public void Redact_KeepsOrdinaryMessagesAndLineBreaks()
    {
        const string text = "access denied by remote s3://bucket/prefix: check credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)\nsecond line";
        Assert.AreEqual(text, SecretRedactor.Redact(text));
    }

    [TestMethod]
    public void Redact_RegisteredValues_AreMaskedAnywhere()
    {
        SecretRedactor.Register("profile-secret-value-42");
        Assert.AreEqual("token was ***.", SecretRedactor.Redact("token was profile-secret-value-42."));
    }

    [TestMethod]
    public void Describe_RedactsInnerExceptionsToo()
    {
        var ex = new DataTasksException(ErrorCodes.TransferFailed, "failed", new InvalidOperationException("Signature=abcdef0123456789abcdef"));
        var text = SecretRedactor.Describe(ex);
        StringAssert.Contains(text, "InvalidOperationException");
        Assert.IsFalse(text.Contains("abcdef0123456789abcdef", StringComparison.Ordinal), text);
    }
}
