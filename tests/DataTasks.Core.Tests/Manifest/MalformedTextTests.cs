using System.Text;
using DataTasks.Core.Config;
using DataTasks.Core.Manifest;
using DataTasks.Core.Namespaces;
using DataTasks.Core.Operations;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Manifest;

/// <summary>
/// Text that is valid JSON but not valid Unicode (a lone surrogate escape), or that holds a NUL, and numbers too large
/// for their type: each reader refuses it with its DT code, never with another exception.
/// </summary>
[TestClass]
public sealed class MalformedTextTests
{
    private const string Key = TestData.AbcKey;

    private static string Manifest(string path = "data/a.bin", string created = "2024-01-02T03:04:05Z", string topKey = "x", string key = Key) =>
        "{\"version\": 2, \"entries\": {\"" + path + "\": {\"storage_key\": \"" + key + "\", \"size\": 1, \"created_at\": \"" + created + "\"}}, \"" + topKey + "\": 1}";

    [TestMethod]
    [DataRow("entry path", @"data/\ud800.bin", "DT0104")]
    [DataRow("entry path, low half", @"data/\udc00x.bin", "DT0104")]
    [DataRow("entry path, NUL", @"data/\u0000.bin", "DT0104")]
    public void Parse_BadEntryPath_IsRefused(string name, string path, string code) =>
        TestData.ThrowsCode(code, () => DataManifest.Parse(Manifest(path: path)));

    [TestMethod]
    public void Parse_LoneSurrogateInCreatedAt_IsDT0103() =>
        TestData.ThrowsCode(ErrorCodes.ManifestInvalidShape, () => DataManifest.Parse(Manifest(created: @"2024\ud800")));

    [TestMethod]
    public void Parse_LoneSurrogateInATopLevelKey_IsDT0103() =>
        TestData.ThrowsCode(ErrorCodes.ManifestInvalidShape, () => DataManifest.Parse(Manifest(topKey: @"\ud800")));

    [TestMethod]
    public void Parse_LoneSurrogateInStorageKey_IsDT0105() =>
        TestData.ThrowsCode(ErrorCodes.ManifestInvalidKey, () => DataManifest.Parse(Manifest(key: @"\ud800")));

    [TestMethod]
    public void Parse_InvalidUtf8InAString_IsRefused()
    {
        var bytes = Encoding.UTF8.GetBytes(Manifest(path: "data/XX.bin"));
        var at = Encoding.UTF8.GetString(bytes).IndexOf("XX", StringComparison.Ordinal);
        bytes[at] = 0xC3;
        bytes[at + 1] = 0x28;
        var ex = Assert.ThrowsExactly<DataTasksException>(() => DataManifest.Parse(bytes));
        StringAssert.StartsWith(ex.Code, "DT01");
    }

    [TestMethod]
    [DataRow(@"{""remote"": ""\ud800""}")]
    [DataRow(@"{""remote"": ""x\u0000y""}")]
    [DataRow(@"{""remote"": ""folder\nrm""}")]
    [DataRow(@"{""\ud800"": 1}")]
    [DataRow(@"{""s3"": {""endpoint"": ""\udfff""}}")]
    public void Config_BadText_IsDT0204(string json)
    {
        foreach (var file in new[] { DataTasksConfig.FileName, DataTasksConfig.LocalFileName })
        {
            using var dir = new TempDir();
            dir.Write(file, json);
            TestData.ThrowsCode(ErrorCodes.ConfigInvalid, () => DataTasksConfig.Load(dir.Path));
        }
    }

    [TestMethod]
    public void Config_RemoteOverrideWithAControlCharacter_IsDT0204()
    {
        using var dir = new TempDir();
        var ex = TestData.ThrowsCode(ErrorCodes.ConfigInvalid, () => DataTasksConfig.Load(dir.Path, "remote\nrm -rf"));
        StringAssert.StartsWith(ex.Message, "--remote: ");
    }

    [TestMethod]
    [DataRow(@"{""\ud800"": ""models/a""}")]
    [DataRow(@"{""a"": ""models/\ud800""}")]
    [DataRow(@"{""a"": ""models/\u0000x""}")]
    [DataRow(@"{""a"": ""models\u0001/x""}")]
    public void ExportMap_BadText_IsDT0701(string json)
    {
        using var dir = new TempDir();
        var file = dir.Write("export.json", json);
        TestData.ThrowsCode(ErrorCodes.ExportMapInvalid, () => ExportMap.Load(file));
    }

    [TestMethod]
    [DataRow("99999999999999999999GB")]
    [DataRow("99999999999999999999999999999TB")]
    [DataRow("9223372036854775808B")]
    [DataRow("79228162514264337593543950336")]
    public void GcByteSize_TooLarge_IsDT0504(string text) =>
        TestData.ThrowsCode(ErrorCodes.InvalidGcSetting, () => GcByteSize.Parse(text, "--max-size"));

    [TestMethod]
    public void GcByteSize_Largest_Parses() => Assert.AreEqual(long.MaxValue, GcByteSize.Parse("9223372036854775807B", "--max-size"));
}
