using System.Text;
using DataTasks.Core.Config;
using DataTasks.Core.Hashing;
using DataTasks.Core.Manifest;
using DataTasks.Core.Namespaces;
using DataTasks.Core.Storage;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Fuzz;

/// <summary>
/// Seeded mutations of valid files (byte flips, truncations, inserted hostile bytes, other encodings and BOMs) fed to
/// every reader of a file a user or another tool may have written. A reader may refuse one with a DataTasksException
/// and nothing else; a state file may be discarded, never fatal.
/// </summary>
[TestClass]
public sealed class ReaderFuzzTests
{
    // About 3,600 cases in all; under a second each reader on an idle machine. No time is asserted: the machine may be shared.
    private const int CasesPerReader = 600;

    private static readonly string ValidManifest =
        "{\n  \"version\": 2,\n  \"entries\": {\n" +
        "    \"data/a.bin\": {\n      \"storage_key\": \"" + TestData.AbcKey + "\",\n      \"size\": 3,\n      \"created_at\": \"2024-01-02T03:04:05Z\"\n    },\n" +
        "    \"data/sub/ü b.csv\": {\n      \"storage_key\": null,\n      \"size\": 0,\n      \"created_at\": \"2024-01-02T03:04:05Z\",\n      \"note\": {\"x\": [1, \"y\"]}\n    }\n" +
        "  },\n  \"extra\": \"kept\"\n}\n";

    private const string ValidConfig = "{\n  // comment\n  \"remote\": \"../remote\",\n  \"s3\": {\"endpoint\": \"http://127.0.0.1:9000\", \"region\": \"us-east-1\"},\n  \"gc\": {\"grace\": \"24h\"},\n}\n";

    private const string ValidExport = "{\n  \"pesto\": \"models/pesto\",\n  \"shared\": \"shared/data\"\n}\n";

    private static readonly byte[][] Hostile =
    [
        [0x00], [0xFF], [0xC0], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xEF, 0xBB, 0xBF],
        "\\ud800"u8.ToArray(), "\\udc00"u8.ToArray(), "\\u0000"u8.ToArray(), "\""u8.ToArray(), "{"u8.ToArray(), "}"u8.ToArray(),
        "["u8.ToArray(), ","u8.ToArray(), ":"u8.ToArray(), "\\"u8.ToArray(), "99999999999999999999999"u8.ToArray(), "-1"u8.ToArray(),
        "/.git/"u8.ToArray(), "../"u8.ToArray(),
    ];

    [TestMethod]
    public void Manifest_Mutations_OnlyEverThrowDataTasksException() =>
        Fuzz(Encoding.UTF8.GetBytes(ValidManifest), 1, bytes =>
        {
            var manifest = DataManifest.Parse(bytes);
            DataManifest.Parse(manifest.Serialize());
        });

    [TestMethod]
    public void HistoricManifest_Mutations_OnlyEverThrowDataTasksException() =>
        Fuzz(Encoding.UTF8.GetBytes(ValidManifest), 7, bytes => DataTasks.Core.History.ManifestSnapshot.Read(bytes, "fuzz"));

    [TestMethod]
    public void Config_Mutations_OnlyEverThrowDataTasksException()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine(".datatasks"));
        var committed = dir.Combine(DataTasksConfig.FileName);
        var local = dir.Combine(DataTasksConfig.LocalFileName);
        File.WriteAllText(committed, ValidConfig);
        Fuzz(Encoding.UTF8.GetBytes(ValidConfig), 2, bytes =>
        {
            File.WriteAllBytes(local, bytes);
            var config = DataTasksConfig.Load(dir.Path);
            _ = config.Settings.ToJsonString();
        });
        File.Delete(local);
        Fuzz(Encoding.UTF8.GetBytes(ValidConfig), 3, bytes =>
        {
            File.WriteAllBytes(committed, bytes);
            DataTasksConfig.Load(dir.Path);
        });
    }

    [TestMethod]
    public void ExportMap_Mutations_OnlyEverThrowDataTasksException()
    {
        using var dir = new TempDir();
        var file = dir.Combine(ExportMap.FileName);
        Fuzz(Encoding.UTF8.GetBytes(ValidExport), 4, bytes =>
        {
            File.WriteAllBytes(file, bytes);
            var map = ExportMap.Load(file);
            foreach (var name in map.Names)
            {
                _ = map.RelativePathOf(name);
            }
        });
    }

    [TestMethod]
    public void StatCache_Mutations_AreDiscardedNeverFatal()
    {
        using var dir = new TempDir();
        var file = dir.Combine("stat.cache");
        var cache = StatCache.Load(file);
        for (var i = 0; i < 5; i++)
        {
            cache.Set($"data/f{i}.bin", new FileStat(i, i * 1000, i * 2000, (ulong)i), TestData.AbcKey);
        }

        cache.Save();
        var valid = File.ReadAllBytes(file);
        Fuzz(valid, 5, bytes =>
        {
            File.WriteAllBytes(file, bytes);
            var loaded = StatCache.Load(file);
            loaded.TryGetKey("data/f1.bin", new FileStat(1, 1000, 2000, 1), out _);
        }, allowDataTasksException: false);
    }

    [TestMethod]
    public void AddedState_Mutations_AreDiscardedNeverFatal()
    {
        using var dir = new TempDir();
        var file = dir.Combine("added.json");
        var state = AddedState.Load(file);
        state.Set("data/a.bin", TestData.AbcKey, 3);
        state.Set("data/b.bin", ContentKey.Empty, 0);
        state.Save();
        var valid = File.ReadAllBytes(file);
        Fuzz(valid, 6, bytes =>
        {
            File.WriteAllBytes(file, bytes);
            var loaded = AddedState.Load(file);
            loaded.TryGet("data/a.bin", out _);
        }, allowDataTasksException: false);
    }

    private static void Fuzz(byte[] valid, int seed, Action<byte[]> read, bool allowDataTasksException = true)
    {
        var random = new Random(seed);
        var failures = new List<string>();
        foreach (var (name, bytes) in Cases(valid, random).Take(CasesPerReader))
        {
            try
            {
                read(bytes);
            }
            catch (DataTasksException) when (allowDataTasksException)
            {
            }
            catch (Exception ex)
            {
                if (failures.Count < 5)
                {
                    failures.Add($"{name}: {ex.GetType().Name}: {ex.Message}\n  bytes: {Convert.ToBase64String(bytes)}");
                }
            }
        }

        Assert.IsEmpty(failures, string.Join('\n', failures));
    }

    private static IEnumerable<(string Name, byte[] Bytes)> Cases(byte[] valid, Random random)
    {
        var text = Encoding.UTF8.GetString(valid);
        yield return ("valid", valid);
        yield return ("empty", []);
        yield return ("utf-8 bom", [0xEF, 0xBB, 0xBF, .. valid]);
        yield return ("utf-16le bom", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]);
        yield return ("utf-16be bom", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)]);
        yield return ("utf-16le", Encoding.Unicode.GetBytes(text));
        yield return ("utf-32 bom", [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(text)]);
        yield return ("double bom", [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. valid]);
        for (var n = 0; n < valid.Length; n += Math.Max(1, valid.Length / 64))
        {
            yield return ($"truncated at {n}", valid[..n]);
        }

        while (true)
        {
            var bytes = (byte[])valid.Clone();
            var kind = random.Next(4);
            switch (kind)
            {
                case 0:
                    for (var flips = random.Next(1, 4); flips > 0; flips--)
                    {
                        bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    }

                    yield return ("bit flips", bytes);
                    break;
                case 1:
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    yield return ("random byte", bytes);
                    break;
                case 2:
                    var at = random.Next(bytes.Length);
                    var insert = Hostile[random.Next(Hostile.Length)];
                    yield return ("inserted", [.. bytes[..at], .. insert, .. bytes[at..]]);
                    break;
                default:
                    var cut = random.Next(bytes.Length);
                    yield return ("truncated and flipped", [.. bytes[..cut].Select(b => random.Next(8) == 0 ? (byte)random.Next(256) : b)]);
                    break;
            }
        }
    }
}
