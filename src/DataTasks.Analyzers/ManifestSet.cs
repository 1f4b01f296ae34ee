using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DataTasks.Analyzers;

/// <summary>
/// The manifests a compilation can see: every AdditionalFiles item named artifacts.json, keyed by its
/// <c>DataTasksNamespace</c> metadata (empty for the project's own manifest). DataTasks.Sdk and the DataTasks package
/// add them; without any, nothing is checked.
/// </summary>
internal sealed class ManifestSet
{
    public const string FileName = "artifacts.json";

    public const string NamespaceMetadata = "build_metadata.AdditionalFiles.DataTasksNamespace";

    private readonly Dictionary<string, (string File, HashSet<string> Paths)> byNamespace;

    private ManifestSet(Dictionary<string, (string File, HashSet<string> Paths)> byNamespace) => this.byNamespace = byNamespace;

    public bool IsEmpty => byNamespace.Count == 0;

    public static ManifestSet Load(ImmutableArray<AdditionalText> files, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
    {
        var map = new Dictionary<string, (string File, HashSet<string> Paths)>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (!string.Equals(Path.GetFileName(file.Path), FileName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var text = file.GetText(cancellationToken)?.ToString();
            if (text is null || ManifestPaths.Read(text) is not { } paths)
            {
                continue;
            }

            options.GetOptions(file).TryGetValue(NamespaceMetadata, out var ns);
            ns ??= string.Empty;
            if (map.TryGetValue(ns, out var existing))
            {
                existing.Paths.UnionWith(paths);
            }
            else
            {
                map[ns] = (file.Path, new HashSet<string>(paths, StringComparer.Ordinal));
            }
        }

        return new ManifestSet(map);
    }

    /// <summary>The manifest of <paramref name="ns"/> (null or empty: the project's own), or false when the compilation cannot see it.</summary>
    public bool TryGet(string? ns, out string file, out HashSet<string> paths)
    {
        if (byNamespace.TryGetValue(ns ?? string.Empty, out var found))
        {
            file = found.File;
            paths = found.Paths;
            return true;
        }

        file = string.Empty;
        paths = null!;
        return false;
    }
}
