using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using DataTasks.Core.Patterns;

namespace DataTasks.Tasks.Selection;

/// <summary>
/// Reads &lt;DataArtifact&gt; elements straight from project XML: the project file, Directory.Build.props/targets and
/// the files they import by a path this reader can follow (literal, <c>$(MSBuildThisFileDirectory)…</c>, or
/// <c>$([MSBuild]::GetPathOfFileAbove('…', '$(MSBuildThisFileDirectory)../'))</c>). MSBuild evaluates an Include
/// wildcard against the disk and drops it when nothing matches, which is every data glob on a fresh clone; the XML
/// still has it.
/// </summary>
internal static partial class ProjectFileReader
{
    private const string ItemName = "DataArtifact";

    private static readonly HashSet<string> ReservedAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Include", "Exclude", "Remove", "Update", "Condition", "KeepMetadata", "RemoveMetadata", "KeepDuplicates", "MatchOnMetadata", "MatchOnMetadataOptions", "Label",
    };

    [GeneratedRegex(@"^\$\(\[MSBuild\]::GetPathOfFileAbove\(\s*'?([^',)]+?)'?\s*,\s*'\$\(MSBuildThisFileDirectory\)(\.\./?)?'\s*\)\)$", RegexOptions.IgnoreCase)]
    private static partial Regex PathOfFileAbove();

    /// <summary>
    /// Reads every DataArtifact element (outside targets) of <paramref name="files"/> and what they import; every file
    /// looked at (found or not) is added to <paramref name="filesRead"/>, so a cache of the result knows what to watch.
    /// </summary>
    public static IReadOnlyList<DeclaredArtifact> Read(IEnumerable<string> files, ICollection<string>? filesRead = null)
    {
        var result = new List<DeclaredArtifact>();
        var seen = new HashSet<string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        var queue = new Queue<string>(files.Where(f => !string.IsNullOrWhiteSpace(f)).Select(Path.GetFullPath));
        while (queue.Count > 0)
        {
            var file = queue.Dequeue();
            if (!seen.Add(file))
            {
                continue;
            }

            filesRead?.Add(file);
            if (!File.Exists(file))
            {
                continue;
            }

            XDocument doc;
            try
            {
                doc = XDocument.Load(file, LoadOptions.SetLineInfo);
            }
            catch (Exception ex) when (ex is XmlException or IOException or UnauthorizedAccessException)
            {
                // MSBuild has already loaded this file, so it is readable XML; if it changed since, evaluation wins.
                continue;
            }

            foreach (var element in doc.Descendants())
            {
                if (element.Name.LocalName == "Import" && !InTarget(element) && ImportedPath(file, element.Attribute("Project")?.Value) is { } imported)
                {
                    queue.Enqueue(imported);
                }
                else if (element.Name.LocalName == ItemName && element.Parent?.Name.LocalName == "ItemGroup" && !InTarget(element))
                {
                    result.Add(Declared(file, element));
                }
            }
        }

        return result;
    }

    private static DeclaredArtifact Declared(string file, XElement element)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var attribute in element.Attributes())
        {
            if (!ReservedAttributes.Contains(attribute.Name.LocalName))
            {
                metadata[attribute.Name.LocalName] = attribute.Value;
            }
        }

        foreach (var child in element.Elements())
        {
            metadata[child.Name.LocalName] = child.Value.Trim();
        }

        var conditional = element.AncestorsAndSelf().Any(e => e.Attribute("Condition") is not null || e.Name.LocalName is "Choose" or "When" or "Otherwise");
        return new DeclaredArtifact(
            file,
            ((IXmlLineInfo)element).LineNumber,
            element.Attribute("Include")?.Value ?? string.Empty,
            element.Attribute("Exclude")?.Value ?? string.Empty,
            element.Attribute("Remove")?.Value ?? string.Empty,
            metadata,
            conditional);
    }

    private static bool InTarget(XElement element) => element.Ancestors().Any(a => a.Name.LocalName == "Target");

    private static string? ImportedPath(string importingFile, string? project)
    {
        if (string.IsNullOrWhiteSpace(project))
        {
            return null;
        }

        var dir = Path.GetDirectoryName(importingFile)!;
        project = project.Trim();
        var above = PathOfFileAbove().Match(project);
        if (above.Success)
        {
            var start = above.Groups[2].Success ? Path.GetDirectoryName(dir) : dir;
            for (var d = start; d is not null; d = Path.GetDirectoryName(d))
            {
                var candidate = Path.Join(d, above.Groups[1].Value);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        const string ThisDir = "$(MSBuildThisFileDirectory)";
        if (project.StartsWith(ThisDir, StringComparison.OrdinalIgnoreCase))
        {
            project = project[ThisDir.Length..];
        }

        // Anything else that needs evaluation (SDK-relative paths, other properties, wildcards) is MSBuild's own business.
        if (DeclaredArtifact.IsDynamic(project) || EntryGlob.HasWildcard(project))
        {
            return null;
        }

        return Path.GetFullPath(Path.Combine(dir, project.Replace('\\', Path.DirectorySeparatorChar)));
    }
}
