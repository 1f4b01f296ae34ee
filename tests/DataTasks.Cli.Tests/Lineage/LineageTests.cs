using System.Text;
using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.Lineage;

/// <summary>Issue 16: lineage over real repositories, across a monorepo's namespaces, in every format.</summary>
[TestClass]
public sealed class LineageTests
{
    /// <summary>
    /// A monorepo with namespaces pesto and carbonara: pesto's data/model.bin is made from carbonara:data/features.bin,
    /// which is made from its own data/raw.bin and (a cycle) pesto:data/model.bin. model.bin also lists an input that
    /// names no entry and one of namespace broken, which export.json declares but which has no artifacts.json.
    /// pesto's data/report.bin is made from model.bin.
    /// </summary>
    private static async Task<(TempRepo Repo, string Pesto)> MonorepoAsync()
    {
        var repo = await TempRepo.CreateAsync(init: false);
        var pesto = Path.Join(repo.Root, "models", "pesto");
        var carbonara = Path.Join(repo.Root, "models", "carbonara");
        foreach (var (dir, files) in new[] { (pesto, new[] { "model.bin", "report.bin" }), (carbonara, new[] { "features.bin", "raw.bin" }) })
        {
            Directory.CreateDirectory(Path.Join(dir, "data"));
            Assert.AreEqual(0, (await repo.RunInAsync(dir, "init", "--no-install")).ExitCode);
            var seed = 1;
            foreach (var file in files)
            {
                File.WriteAllBytes(Path.Join(dir, "data", file), TestBytes.Seeded(100, seed++));
            }

            Assert.AreEqual(0, (await repo.RunInAsync(dir, "add", "data")).ExitCode);
        }

        File.WriteAllText(Path.Join(repo.Root, "export.json"), """{ "pesto": "models/pesto", "carbonara": "models/carbonara" }""");
        await AnnotateAsync(repo, pesto, "data/model.bin", "--description", "the model", "--input", "carbonara:data/features.bin", "--input", "data/gone.bin", "--input", "broken:data/x.bin");
        await AnnotateAsync(repo, pesto, "data/report.bin", "--input", "data/model.bin");
        await AnnotateAsync(repo, carbonara, "data/features.bin", "--input", "data/raw.bin", "--input", "pesto:data/model.bin");

        // Declared only now: annotate refuses an input of a namespace it cannot open, lineage must not.
        File.WriteAllText(Path.Join(repo.Root, "export.json"), """{ "pesto": "models/pesto", "carbonara": "models/carbonara", "broken": "models/broken" }""");
        Directory.CreateDirectory(Path.Join(repo.Root, "models", "broken"));
        return (repo, pesto);
    }

    private static async Task AnnotateAsync(TempRepo repo, string dir, params string[] args)
    {
        var result = await repo.RunInAsync(dir, ["annotate", .. args]);
        Assert.AreEqual(0, result.ExitCode, result.ToString());
    }

    [TestMethod]
    public async Task Text_FollowsInputsIntoTheOtherNamespace_MarksTheCycle_MissingAndUnresolved()
    {
        var (repo, pesto) = await MonorepoAsync();
        using var _ = repo;

        var result = await repo.RunInAsync(pesto, "lineage", "data/model.bin");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        string[] expected =
        [
            "data/model.bin  the model",
            "made from:",
            "├── carbonara:data/features.bin",
            "│   ├── carbonara:data/raw.bin",
            "│   └── data/model.bin (cycle)",
            "├── data/gone.bin (missing)",
            "└── broken:data/x.bin (unresolved)",
            "used by:",
            "├── data/report.bin",
            "└── carbonara:data/features.bin",
            "    └── data/model.bin (cycle)",
        ];
        CollectionAssert.AreEqual(expected, result.OutLines, result.ToString());
        var warning = result.ErrLines.Single();
        StringAssert.StartsWith(warning, "warning DT1114: namespace 'broken' could not be read");
        StringAssert.Contains(warning, "DT0704");

        // From the other side the same cycle, with carbonara's entries local and pesto's namespaced.
        var carbonara = await repo.RunInAsync(Path.Join(repo.Root, "models", "carbonara"), "lineage", "data/features.bin", "--up");
        Assert.AreEqual(0, carbonara.ExitCode, carbonara.ToString());
        CollectionAssert.AreEqual(
            new[]
            {
                "data/features.bin", "made from:", "├── data/raw.bin", "└── pesto:data/model.bin",
                "    ├── data/features.bin (cycle)", "    ├── pesto:data/gone.bin (missing)", "    └── broken:data/x.bin (unresolved)",
            },
            carbonara.OutLines,
            carbonara.ToString());
    }

    [TestMethod]
    public async Task Json_HasNodesEdgesAndCycleFlags()
    {
        var (repo, pesto) = await MonorepoAsync();
        using var _ = repo;

        var result = await repo.RunInAsync(pesto, "lineage", "data/model.bin", "--json");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.AreEqual("data/model.bin", json["root"]!.GetValue<string>());
        Assert.AreEqual("both", json["direction"]!.GetValue<string>());
        Assert.IsTrue(json["cycle"]!.GetValue<bool>());

        var nodes = json["nodes"]!.AsArray().ToDictionary(n => n!["reference"]!.GetValue<string>(), n => n!);
        CollectionAssert.AreEquivalent(
            new[] { "data/model.bin", "carbonara:data/features.bin", "carbonara:data/raw.bin", "data/gone.bin", "broken:data/x.bin", "data/report.bin" },
            nodes.Keys.ToArray());
        Assert.AreEqual("carbonara", nodes["carbonara:data/features.bin"]["namespace"]!.GetValue<string>());
        Assert.AreEqual("data/features.bin", nodes["carbonara:data/features.bin"]["entry"]!["path"]!.GetValue<string>());
        Assert.AreEqual(1, nodes["carbonara:data/features.bin"]["up_level"]!.GetValue<int>());
        Assert.AreEqual(1, nodes["carbonara:data/features.bin"]["down_level"]!.GetValue<int>());
        Assert.AreEqual(2, nodes["carbonara:data/raw.bin"]["up_level"]!.GetValue<int>());
        Assert.IsNull(nodes["carbonara:data/raw.bin"]["down_level"]);
        Assert.AreEqual("missing", nodes["data/gone.bin"]["status"]!.GetValue<string>());
        Assert.IsNull(nodes["data/gone.bin"]["entry"]);
        Assert.AreEqual("unresolved", nodes["broken:data/x.bin"]["status"]!.GetValue<string>());
        StringAssert.StartsWith(nodes["broken:data/x.bin"]["reason"]!.GetValue<string>(), "DT0704");
        StringAssert.StartsWith(json["unreadable_namespaces"]!["broken"]!.GetValue<string>(), "DT0704");

        var edges = json["edges"]!.AsArray()
            .ToDictionary(e => (e!["input"]!.GetValue<string>(), e["product"]!.GetValue<string>()), e => e!["cycle"]!.GetValue<bool>());
        Assert.AreEqual(6, edges.Count, result.Stdout);
        Assert.IsTrue(edges[("carbonara:data/features.bin", "data/model.bin")]);
        Assert.IsTrue(edges[("data/model.bin", "carbonara:data/features.bin")]);
        Assert.IsFalse(edges[("carbonara:data/raw.bin", "carbonara:data/features.bin")]);
        Assert.IsFalse(edges[("data/model.bin", "data/report.bin")]);
        Assert.IsFalse(edges[("data/gone.bin", "data/model.bin")]);
        Assert.IsFalse(edges[("broken:data/x.bin", "data/model.bin")]);

        var same = await repo.RunInAsync(pesto, "lineage", "data/model.bin", "--format", "json");
        Assert.AreEqual(result.Stdout, same.Stdout, "--json is --format json");
    }

    [TestMethod]
    public async Task DotAndMermaid_DescribeTheSameGraph()
    {
        var (repo, pesto) = await MonorepoAsync();
        using var _ = repo;

        var dot = await repo.RunInAsync(pesto, "lineage", "data/model.bin", "--format", "dot");
        Assert.AreEqual(0, dot.ExitCode, dot.ToString());
        var (nodes, edges) = DotReader.Read(dot.Stdout);
        CollectionAssert.AreEqual(
            new[] { "data/model.bin", "carbonara:data/features.bin", "data/gone.bin", "broken:data/x.bin", "carbonara:data/raw.bin", "data/report.bin" },
            nodes,
            dot.Stdout);
        Assert.AreEqual(6, edges.Count, dot.Stdout);
        Assert.AreEqual(2, edges.Count(e => e.Attributes.Contains("cycle", StringComparison.Ordinal)), dot.Stdout);
        Assert.IsTrue(edges.Any(e => e is ("carbonara:data/raw.bin", "carbonara:data/features.bin", "")), dot.Stdout);
        CollectionAssert.Contains(dot.OutLines, "  \"data/gone.bin\" [style=dashed, label=\"data/gone.bin\\n(missing)\"];");

        var mermaid = await repo.RunInAsync(pesto, "lineage", "data/model.bin", "--format", "mermaid");
        Assert.AreEqual(0, mermaid.ExitCode, mermaid.ToString());
        Assert.AreEqual("flowchart LR", mermaid.OutLines[0]);
        CollectionAssert.Contains(mermaid.OutLines, "  n1[\"carbonara:data/features.bin\"]");
        CollectionAssert.Contains(mermaid.OutLines, "  n2[\"data/gone.bin (missing)\"]");
        CollectionAssert.Contains(mermaid.OutLines, "  n1 -->|cycle| n0");
        CollectionAssert.Contains(mermaid.OutLines, "  n0 -->|cycle| n1");
        CollectionAssert.Contains(mermaid.OutLines, "  n4 --> n1");
        Assert.AreEqual(6, mermaid.OutLines.Count(l => l.Contains("-->", StringComparison.Ordinal)), mermaid.Stdout);
    }

    /// <summary>A local chain raw → clean → features → model, with report and chart both made from model and chart also from report.</summary>
    private static async Task<TempRepo> ChainAsync()
    {
        var repo = await TempRepo.CreateAsync();
        var seed = 1;
        foreach (var name in new[] { "raw", "clean", "features", "model", "report", "chart" })
        {
            repo.WriteRandom($"data/{name}.bin", 64, seed++);
        }

        await repo.RunOkAsync("add", "data");
        await repo.RunOkAsync("annotate", "data/clean.bin", "--input", "data/raw.bin");
        await repo.RunOkAsync("annotate", "data/features.bin", "--input", "data/clean.bin");
        await repo.RunOkAsync("annotate", "data/model.bin", "--input", "data/features.bin");
        await repo.RunOkAsync("annotate", "data/report.bin", "--input", "data/model.bin");
        await repo.RunOkAsync("annotate", "data/chart.bin", "--input", "data/report.bin", "--input", "data/model.bin");
        return repo;
    }

    [TestMethod]
    public async Task UpDownAndDepth_LimitTheWalk()
    {
        using var repo = await ChainAsync();

        var up = await repo.RunOkAsync("lineage", "data/model.bin", "--up", "--depth", "2");
        CollectionAssert.AreEqual(
            new[] { "data/model.bin", "made from:", "└── data/features.bin", "    └── data/clean.bin (more beyond --depth 2)" },
            up.OutLines,
            up.ToString());

        var down = await repo.RunOkAsync("lineage", "data/model.bin", "--down");
        CollectionAssert.AreEqual(
            new[] { "data/model.bin", "used by:", "├── data/chart.bin", "└── data/report.bin", "    └── data/chart.bin (see above)" },
            down.OutLines,
            down.ToString());

        var raw = await repo.RunOkAsync("lineage", "data/raw.bin", "--depth", "1");
        CollectionAssert.AreEqual(
            new[] { "data/raw.bin", "made from: nothing", "used by:", "└── data/clean.bin (more beyond --depth 1)" },
            raw.OutLines,
            raw.ToString());

        var json = JsonNode.Parse((await repo.RunOkAsync("lineage", "data/raw.bin", "--down", "--depth", "3", "--json")).Stdout)!;
        Assert.AreEqual(3, json["depth"]!.GetValue<int>());
        var refs = json["nodes"]!.AsArray().Select(n => n!["reference"]!.GetValue<string>()).ToArray();
        CollectionAssert.AreEqual(new[] { "data/raw.bin", "data/clean.bin", "data/features.bin", "data/model.bin" }, refs);
        Assert.IsTrue(json["nodes"]![3]!["truncated"]!.GetValue<bool>());
        Assert.IsFalse(json["nodes"]![2]!["truncated"]!.GetValue<bool>());
        Assert.IsFalse(json["cycle"]!.GetValue<bool>());
    }

    [TestMethod]
    public async Task PathsWithSpacesAndQuotes_AreEscapedInDotAndMermaid()
    {
        using var repo = await TempRepo.CreateAsync();
        const string odd = "data/my \"best\" model #1 <v2>.bin";
        repo.WriteRandom(odd, 64, 1);
        repo.WriteRandom("data/plain input.bin", 64, 2);
        await repo.RunOkAsync("add", "data");
        await repo.RunOkAsync("annotate", odd, "--input", "data/plain input.bin");

        var dot = await repo.RunOkAsync("lineage", odd, "--format", "dot");
        var (nodes, edges) = DotReader.Read(dot.Stdout);
        CollectionAssert.AreEqual(new[] { odd, "data/plain input.bin" }, nodes);
        Assert.AreEqual(("data/plain input.bin", odd), (edges.Single().From, edges.Single().To));

        var mermaid = await repo.RunOkAsync("lineage", odd, "--format", "mermaid");
        CollectionAssert.Contains(mermaid.OutLines, "  n0[\"data/my #34;best#34; model #35;1 #60;v2#62;.bin\"]", mermaid.Stdout);
        Assert.IsFalse(mermaid.OutLines.Skip(1).Any(l => l.Count(c => c == '"') % 2 != 0), mermaid.Stdout);
    }

    [TestMethod]
    [DataRow(new[] { "lineage", "data/nope.bin" }, "DT1110")]
    [DataRow(new[] { "lineage", "data" }, "DT1110")]
    [DataRow(new[] { "lineage", "data/a.bin", "--depth", "0" }, "DT1111")]
    [DataRow(new[] { "lineage", "data/a.bin", "--depth", "two" }, "DT1111")]
    [DataRow(new[] { "lineage", "data/a.bin", "--format", "svg" }, "DT1112")]
    [DataRow(new[] { "lineage", "data/a.bin", "--format", "dot", "--json" }, "DT1112")]
    [DataRow(new[] { "lineage", "data/a.bin", "--up", "--down" }, "DT1113")]
    [DataRow(new[] { "lineage" }, "DT0001")]
    public async Task BadInput_IsOneLineUsageError(string[] args, string code)
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 64, 1);
        await repo.RunOkAsync("add", "data/a.bin");

        var result = await repo.RunAsync(args);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.AreEqual("", result.Stdout);
        Assert.AreEqual(1, result.ErrLines.Length, result.ToString());
        StringAssert.StartsWith(result.Stderr, $"error {code}: ");
    }

    [TestMethod]
    public async Task ALongChain_IsWalkedWithoutDeepRecursion()
    {
        using var repo = await TempRepo.CreateAsync();
        const int count = 20_000;
        var text = new StringBuilder("{\"version\":2,\"entries\":{");
        for (var i = 0; i < count; i++)
        {
            var input = i == 0 ? "" : $"\"data/e{i - 1:D5}.bin\"";
            text.Append(i == 0 ? "" : ",").Append($"\"data/e{i:D5}.bin\":{{\"storage_key\":null,\"size\":1,\"created_at\":\"2026-01-01T00:00:00Z\",\"inputs\":[{input}]}}");
        }

        repo.WriteText("artifacts.json", text.Append("}}").ToString());

        var json = JsonNode.Parse((await repo.RunOkAsync("lineage", $"data/e{count - 1:D5}.bin", "--json")).Stdout)!;
        Assert.AreEqual(count, json["nodes"]!.AsArray().Count);
        Assert.AreEqual(count - 1, json["nodes"]![count - 1]!["up_level"]!.GetValue<int>());
        var dot = await repo.RunOkAsync("lineage", "data/e00000.bin", "--down", "--format", "dot");
        Assert.AreEqual(count - 1, DotReader.Read(dot.Stdout).Edges.Count);
    }
}
