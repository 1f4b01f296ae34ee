using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace DataTasks.Core;

/// <summary>
/// The one rule that keeps credentials out of everything DataTasks prints: every front passes error and warning text
/// (messages, inner messages, --verbose stack traces) through <see cref="Redact"/>. Stores and proxies echo request
/// details back in their error messages, so the rule removes what looks like a secret (AWS access key ids, signatures,
/// credential scopes, security tokens, Authorization headers) and every value known to be one (the AWS_* variables
/// and the credentials an S3 client signed with).
/// </summary>
public static partial class SecretRedactor
{
    /// <summary>What a removed secret is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>Shorter values are not masked wherever they occur: they would eat ordinary words.</summary>
    private const int MinimumKnownLength = 6;

    private static readonly string[] SecretVariables = ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY_ID"];

    private static readonly ConcurrentDictionary<string, byte> Known = new(StringComparer.Ordinal);

    /// <summary>
    /// Adds a value that must never be printed (a resolved access key id, secret key or session token). Values shorter
    /// than a few characters are ignored. The value is kept in memory only, to be masked.
    /// </summary>
    public static void Register(string? secret)
    {
        if (secret is { Length: >= MinimumKnownLength })
        {
            Known.TryAdd(secret, 0);
        }
    }

    /// <summary><paramref name="text"/> with every secret replaced by <see cref="Mask"/>; line breaks are kept.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var result = text;
        foreach (var value in KnownValues())
        {
            result = result.Replace(value, Mask, StringComparison.Ordinal);
        }

        result = AuthorizationHeader().Replace(result, m => m.Groups[1].Value + Mask);
        result = NamedSecret().Replace(result, m => m.Groups[1].Value + Mask);
        result = AccessKeyId().Replace(result, Mask);
        return result;
    }

    /// <summary>The whole exception as --verbose shows it (types, messages, inner exceptions, stack), redacted.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Redact(exception.ToString());
    }

    private static IEnumerable<string> KnownValues()
    {
        var values = new HashSet<string>(Known.Keys, StringComparer.Ordinal);
        foreach (var variable in SecretVariables)
        {
            // Read only to mask them; never used, stored elsewhere or printed.
            if (Environment.GetEnvironmentVariable(variable) is { Length: >= MinimumKnownLength } value)
            {
                values.Add(value);
                values.Add(Uri.EscapeDataString(value));
            }
        }

        // Longest first, so a token that contains a shorter known value is masked whole.
        return values.OrderByDescending(v => v.Length);
    }

    /// <summary>An Authorization header (or a logged "Authorization=" field): everything up to the end of its line.</summary>
    [GeneratedRegex(@"(\bAuthorization\b[""']?\s*[:=]\s*)[^\r\n<""']+", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorizationHeader();

    /// <summary>A named secret field in a header, a query string, an XML element, JSON or a log line, and its value.</summary>
    [GeneratedRegex(
        @"((?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|SignatureProvided|Signature|Credential|aws_secret_access_key|aws_session_token|aws_access_key_id|SecretAccessKey|SessionToken|AccessKeyId|SecretKey|security-token)[""']?\s*(?:[=:]|>)\s*[""']?)[^\s,;&""'<]+",
        RegexOptions.IgnoreCase)]
    private static partial Regex NamedSecret();

    /// <summary>AWS access key ids: long-term (AKIA), temporary (ASIA) and the other IAM unique-id prefixes.</summary>
    [GeneratedRegex(@"\b(?:AKIA|ASIA|AIDA|AROA|AGPA|ANPA|ANVA|AIPA|APKA|ABIA|ACCA)[A-Z0-9]{12,}\b")]
    private static partial Regex AccessKeyId();
}
