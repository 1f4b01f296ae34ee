using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using DataTasks;
using DataTasks.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

// Usage: RuntimeBench <work folder>
var work = args[0];
if (Directory.Exists(work))
{
    Directory.Delete(work, recursive: true);
}

const int Files = 1000;
var root = Path.Join(work, "repo");
var manifest = new StringBuilder("{\"version\": 2, \"entries\": {");
for (var i = 0; i < Files; i++)
{
    var path = $"data/set{i % 20}/file{i}.bin";
    var bytes = new byte[4096];
    new Random(i).NextBytes(bytes);
    Directory.CreateDirectory(Path.GetDirectoryName(Path.Join(root, path))!);
    File.WriteAllBytes(Path.Join(root, path), bytes);
    manifest.Append(i == 0 ? "" : ",").Append($"\"{path}\": {{\"storage_key\": \"{Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant()}\", \"size\": 4096, \"created_at\": \"2026-11-23T12:00:00Z\"}}");
}

File.WriteAllText(Path.Join(root, "artifacts.json"), manifest.Append("}}").ToString());
var paths = Enumerable.Range(0, Files).Select(i => $"data/set{i % 20}/file{i}.bin").ToArray();
var full = paths.Select(p => Path.Join(root, p)).ToArray();
var resolver = new DataArtifactResolver(new DataArtifactResolverOptions { RepositoryRoot = root, AppDirectory = Path.Join(work, "app"), Offline = true });

var sw = Stopwatch.StartNew();
resolver.ResolveAsync(paths[0]).GetAwaiter().GetResult();
Console.WriteLine($"first resolve (manifest of {Files} entries parsed, file hashed, JIT included): {sw.Elapsed.TotalMilliseconds:F1} ms");
sw.Restart();
foreach (var p in paths)
{
    resolver.ResolveAsync(p).GetAwaiter().GetResult();
}

Console.WriteLine($"first resolve of each of the other {Files} files (hashed once, then in the stat cache): {sw.Elapsed.TotalMilliseconds / Files * 1000:F1} us/file");
var second = new DataArtifactResolver(resolver.Options);
sw.Restart();
foreach (var p in paths)
{
    second.ResolveAsync(p).GetAwaiter().GetResult();
}

Console.WriteLine($"first resolve of each file in a new resolver (a new process: stat cache hits, no hashing): {sw.Elapsed.TotalMilliseconds / Files * 1000:F1} us/file");

const int Rounds = 200;
double Measure(Action<int> op)
{
    for (var i = 0; i < Files; i++)
    {
        op(i);
    }

    var best = double.MaxValue;
    for (var trial = 0; trial < 5; trial++)
    {
        var t = Stopwatch.StartNew();
        for (var r = 0; r < Rounds; r++)
        {
            for (var i = 0; i < Files; i++)
            {
                op(i);
            }
        }

        best = Math.Min(best, t.Elapsed.TotalNanoseconds / (Rounds * Files));
    }

    return best;
}

var resolve = Measure(i => resolver.ResolveAsync(paths[i]).GetAwaiter().GetResult());
var exists = Measure(i => File.Exists(full[i]));
var resolveSync = Measure(i => DataArtifactsSyncProbe(resolver, paths[i]));
Console.WriteLine($"steady state, {Rounds * Files:N0} resolves of present verified files, best of 5:");
Console.WriteLine($"  resolver.ResolveAsync: {resolve / 1000:F2} us/op");
Console.WriteLine($"  sync over it (what DataArtifacts.Resolve does): {resolveSync / 1000:F2} us/op");
Console.WriteLine($"  File.Exists (baseline): {exists / 1000:F2} us/op");
Console.WriteLine($"  ratio resolve / File.Exists: {resolve / exists:F2}");

// The generator on a 10,000-entry manifest: first run, then a rerun after an unrelated edit (incremental: no work).
// Shape: 100 datasets x 100 files (DATATASKS_BENCH_DEEP=1: almost every file in its own folder, the worst case).
var deep = Environment.GetEnvironmentVariable("DATATASKS_BENCH_DEEP") == "1";
var bigPaths = Enumerable.Range(0, 10_000).Select(i => deep ? $"data/set{i % 50}/v{i % 7}.{i / 350}/file-{i}.bin" : $"data/dataset{i / 100}/file-{i % 100}.bin").ToArray();
Console.WriteLine(deep ? "manifest shape: worst case, ~10,000 folders of one file" : "manifest shape: 100 folders of 100 files");
var big = new StringBuilder("{\"version\": 2, \"entries\": {");
for (var i = 0; i < bigPaths.Length; i++)
{
    big.Append(i == 0 ? "" : ",").Append($"\"{bigPaths[i]}\": {{\"storage_key\": \"{new string('a', 64)}\", \"size\": 1, \"created_at\": \"2026-11-23T12:00:00Z\"}}");
}

var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
var compilation = CSharpCompilation.Create("App", [CSharpSyntaxTree.ParseText("namespace App; class C {}")],
    [.. trusted.Select(p => MetadataReference.CreateFromFile(p)), MetadataReference.CreateFromFile(typeof(DataArtifact).Assembly.Location)],
    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
GeneratorDriver driver = CSharpGeneratorDriver.Create([new DataArtifactTreeGenerator().AsSourceGenerator()], [new Text("/repo/artifacts.json", big.Append("}}").ToString())], new CSharpParseOptions(), new NoOptions());
sw.Restart();
driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
foreach (var d in generatorDiagnostics)
{
    Console.WriteLine(d);
}

var generated = output.SyntaxTrees.Single(t => t.FilePath.EndsWith("Artifacts.g.cs", StringComparison.Ordinal)).ToString().Length;
Console.WriteLine($"generator, 10,000 entries, first run: {sw.Elapsed.TotalMilliseconds:F0} ms ({generated / 1024} KiB of C#)");
sw.Restart();
driver = driver.RunGeneratorsAndUpdateCompilation(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class D {}")), out _, out _);
Console.WriteLine($"generator, 10,000 entries, rerun after an edit elsewhere: {sw.Elapsed.TotalMilliseconds:F1} ms");
// The baseline: the same project with 10,000 string constants instead of the tree, compiled in the same process
// (a first compilation pays for loading metadata and JIT-compiling the compiler, so each is run twice and the second
// is kept).
var constants = new StringBuilder("namespace App; static class Paths {\n");
for (var i = 0; i < bigPaths.Length; i++)
{
    constants.Append($"    public const string P{i} = \"{bigPaths[i]}\";\n");
}

var baseline = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(constants.Append('}').ToString()));
baseline.GetDiagnostics();
sw.Restart();
baseline.WithAssemblyName("App2").GetDiagnostics();
var constantsMs = sw.Elapsed.TotalMilliseconds;
output.GetDiagnostics();
sw.Restart();
var errors = output.WithAssemblyName("App3").GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
var treeMs = sw.Elapsed.TotalMilliseconds;
Console.WriteLine($"compiling (GetDiagnostics) the generated tree: {treeMs:F0} ms, {errors} errors; the same 10,000 paths as string constants: {constantsMs:F0} ms; ratio {treeMs / constantsMs:F2}");
return errors == 0 ? 0 : 1;

static string DataArtifactsSyncProbe(DataArtifactResolver resolver, string path) => resolver.ResolveAsync(path).GetAwaiter().GetResult();

sealed class Text(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text, Encoding.UTF8);
}

sealed class NoOptions : AnalyzerConfigOptionsProvider
{
    private static readonly Empty None = new();

    public override AnalyzerConfigOptions GlobalOptions => None;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => None;

    private sealed class Empty : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
        {
            value = null;
            return false;
        }
    }
}
