using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace DataTasks.Analyzers.Tests;

/// <summary>Real compilations against the real DataTasks runtime assembly, with manifests as AdditionalFiles.</summary>
internal static class TestCompilation
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return [.. trusted.Select(p => MetadataReference.CreateFromFile(p)), MetadataReference.CreateFromFile(typeof(DataArtifacts).Assembly.Location)];
    });

    public static CSharpCompilation Create(string source, string assemblyName = "App", DocumentationMode documentationMode = DocumentationMode.Parse) => CSharpCompilation.Create(
        assemblyName,
        [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest, documentationMode), path: "Program.cs")],
        References.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static string Manifest(params string[] paths)
    {
        var sb = new StringBuilder("{\n  \"version\": 2,\n  \"entries\": {");
        for (var i = 0; i < paths.Length; i++)
        {
            sb.Append(i == 0 ? "\n" : ",\n");
            sb.Append($"    \"{paths[i]}\": {{ \"storage_key\": \"{new string('a', 64)}\", \"size\": 1, \"created_at\": \"2026-11-23T12:00:00Z\" }}");
        }

        return sb.Append("\n  }\n}\n").ToString();
    }

    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source, params ManifestFile[] manifests)
    {
        var compilation = Create(source);
        var options = new AnalyzerOptions([.. manifests.Select(m => (AdditionalText)new InMemoryText(m.Path, m.Text))], new OptionsProvider(manifests, null));
        var withAnalyzers = compilation.WithAnalyzers([new DataArtifactPathAnalyzer()], options);
        return await withAnalyzers.GetAnalyzerDiagnosticsAsync();
    }

    public static GeneratorDriver Driver(string? rootNamespace, params ManifestFile[] manifests) => Driver(rootNamespace, DocumentationMode.Parse, manifests);

    /// <summary>A driver and the manifest texts it was given, for <see cref="GeneratorDriver.ReplaceAdditionalText"/>.</summary>
    public static (GeneratorDriver Driver, AdditionalText[] Texts) DriverWithTexts(string? rootNamespace, params ManifestFile[] manifests)
    {
        AdditionalText[] texts = [.. manifests.Select(m => new InMemoryText(m.Path, m.Text))];
        var driver = CSharpGeneratorDriver.Create(
            [new DataArtifactTreeGenerator().AsSourceGenerator()],
            texts,
            new CSharpParseOptions(LanguageVersion.Latest),
            new OptionsProvider(manifests, rootNamespace),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        return (driver, texts);
    }

    /// <summary>A driver whose generated trees are parsed with <paramref name="documentationMode"/> (Diagnose: XML doc warnings are reported).</summary>
    public static GeneratorDriver Driver(string? rootNamespace, DocumentationMode documentationMode, params ManifestFile[] manifests) =>
        CSharpGeneratorDriver.Create(
            [new DataArtifactTreeGenerator().AsSourceGenerator()],
            [.. manifests.Select(m => (AdditionalText)new InMemoryText(m.Path, m.Text))],
            new CSharpParseOptions(LanguageVersion.Latest, documentationMode),
            new OptionsProvider(manifests, rootNamespace),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    internal sealed record ManifestFile(string Path, string Text, string? Namespace = null);

    internal sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text, Encoding.UTF8);
    }

    private sealed class OptionsProvider(ManifestFile[] manifests, string? rootNamespace) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(rootNamespace is null ? [] : new() { ["build_property.RootNamespace"] = rootNamespace });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options([]);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
        {
            var ns = manifests.FirstOrDefault(m => m.Path == textFile.Path)?.Namespace;
            return new Options(ns is null ? [] : new() { [ManifestSet.NamespaceMetadata] = ns });
        }
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
