using DataTasks.Core.History;
using DataTasks.Core.Operations;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.History;

[TestClass]
public sealed class GcSettingsTests
{
    [TestMethod]
    [DataRow("0", 0L)]
    [DataRow("90s", 90L)]
    [DataRow("30m", 1800L)]
    [DataRow("24h", 86_400L)]
    [DataRow(" 7d ", 604_800L)]
    [DataRow("2w", 1_209_600L)]
    public void Duration_Parses(string text, long seconds) =>
        Assert.AreEqual(TimeSpan.FromSeconds(seconds), GcDuration.Parse(text, "test"));

    [TestMethod]
    [DataRow("")]
    [DataRow("h")]
    [DataRow("24")]
    [DataRow("-1h")]
    [DataRow("1.5h")]
    [DataRow("24 h")]
    [DataRow("3y")]
    public void Duration_Rejects_WithDT0504(string text) =>
        TestData.ThrowsCode(ErrorCodes.InvalidGcSetting, () => GcDuration.Parse(text, "test"));

    [TestMethod]
    public void Duration_FormatsInTheLargestWholeUnit_AndRoundTrips()
    {
        foreach (var text in new[] { "0", "45s", "30m", "24h", "36h", "7d" })
        {
            Assert.AreEqual(text, GcDuration.Format(GcDuration.Parse(text, "test")));
        }
    }

    [TestMethod]
    public void Since_TakesADateOrADurationBack()
    {
        var now = new DateTimeOffset(2026, 6, 10, 12, 0, 0, TimeSpan.Zero);
        Assert.AreEqual(new DateTimeOffset(2026, 1, 31, 0, 0, 0, TimeSpan.Zero), GcDuration.ParseSince("2026-01-31", now));
        Assert.AreEqual(now.AddDays(-90), GcDuration.ParseSince("90d", now));
        TestData.ThrowsCode(ErrorCodes.InvalidGcSetting, () => GcDuration.ParseSince("last week", now));
    }

    [TestMethod]
    [DataRow("500", 500L)]
    [DataRow("2KB", 2_000L)]
    [DataRow("1.5gb", 1_500_000_000L)]
    [DataRow("20G", 20_000_000_000L)]
    public void ByteSize_Parses(string text, long bytes) => Assert.AreEqual(bytes, GcByteSize.Parse(text, "test"));

    [TestMethod]
    [DataRow("")]
    [DataRow("lots")]
    [DataRow("5XB")]
    [DataRow("-5MB")]
    public void ByteSize_Rejects_WithDT0504(string text) =>
        TestData.ThrowsCode(ErrorCodes.InvalidGcSetting, () => GcByteSize.Parse(text, "test"));

    [TestMethod]
    public void ConfiguredGrace_ReadsGcGrace_DefaultsTo24h_AndRejectsNonsense()
    {
        using var dir = new TempDir();
        Assert.AreEqual(TimeSpan.FromHours(24), GcOptions.ConfiguredGrace(DataTasks.Core.Config.DataTasksConfig.Load(dir.Path)));
        dir.Write(".datatasks/config.json", "{\"gc\": {\"grace\": \"6h\"}}");
        Assert.AreEqual(TimeSpan.FromHours(6), GcOptions.ConfiguredGrace(DataTasks.Core.Config.DataTasksConfig.Load(dir.Path)));
        dir.Write(".datatasks/config.local.json", "{\"gc\": {\"grace\": 12}}");
        TestData.ThrowsCode(ErrorCodes.InvalidGcSetting, () => GcOptions.ConfiguredGrace(DataTasks.Core.Config.DataTasksConfig.Load(dir.Path)));
    }

    [TestMethod]
    public void KeyScan_FindsExactly64HexRuns_AnywhereInTheText()
    {
        var k1 = TestHash.Sha256([1]);
        var k2 = TestHash.Sha256([2]);
        var text = $"{{\"storage_key\": \"{k1}\", broken json {k2}\n \"x\": \"{k1}0\" {k2.ToUpperInvariant()} {k1[..63]}";
        var keys = new HashSet<string>(StringComparer.Ordinal);

        ReferencedKeys.AddKeysIn(System.Text.Encoding.UTF8.GetBytes(text), keys);

        CollectionAssert.AreEquivalent(new[] { k1, k2 }, keys.ToArray());
    }
}
