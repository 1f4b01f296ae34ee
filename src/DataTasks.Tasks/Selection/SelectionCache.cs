using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.Build.Framework;

namespace DataTasks.Tasks.Selection;

/// <summary>
/// The resolved selection, written as an MSBuild file under obj/ that the SDK's targets import at evaluation. On the
/// next build, when the fingerprint of the evaluated &lt;DataArtifact&gt; items matches and no file the resolution read
/// (project, Directory.Build.*, imports, artifacts.json) has a new modification time, the targets take the items
/// from it and never load the task assembly: what keeps a no-op build's overhead to a few item operations.
/// <para>
/// Evaluating an item costs MSBuild far more per metadata element than per path, so the common file (the project's
/// own, with the default copy metadata and its manifest path as TargetPath) is stored as a path in one property,
/// <c>_DataTasksCachedFiles</c>; the targets give those files their constant metadata in one item operation and their
/// TargetPath with one AssignTargetPath call. Every other file (a Link, Pack, custom metadata, a namespace's file)
/// is an item with all its metadata.
/// </para>
/// </summary>
internal static class SelectionCache
{
    /// <summary>Writes the cache atomically; the targets compare <paramref name="fingerprint"/> with what they compute.</summary>
    public static void Write(string file, string fingerprint, string stampFile, string repositoryRoot, IEnumerable<ITaskItem> items, IEnumerable<string> inputs)
    {
        var text = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true, NewLineChars = "\n" };
        using (var writer = XmlWriter.Create(text, settings))
        {
            writer.WriteComment(" Written by DataTasks.Sdk (ResolveDataArtifacts): the resolved <DataArtifact> selection. Safe to delete. ");
            writer.WriteStartElement("Project");
            writer.WriteStartElement("PropertyGroup");
            writer.WriteElementString("_DataTasksCachedFingerprint", Escape(fingerprint));
            writer.WriteElementString("_DataTasksCachedStampFile", Escape(stampFile));
            writer.WriteElementString("_DataTasksCachedRepositoryRoot", Escape(repositoryRoot));
            var compact = items.Where(i => IsCompact(i, repositoryRoot)).Select(i => Escape(i.ItemSpec)).ToList();
            writer.WriteElementString("_DataTasksCachedFiles", string.Join(";\n      ", compact));
            writer.WriteEndElement();
            writer.WriteStartElement("ItemGroup");
            foreach (var input in inputs.Distinct())
            {
                writer.WriteStartElement("_DataTasksCachedInput");
                writer.WriteAttributeString("Include", Escape(input));
                writer.WriteElementString("Ticks", File.GetLastWriteTime(input).Ticks.ToString(CultureInfo.InvariantCulture));
                writer.WriteEndElement();
            }

            foreach (var item in items.Where(i => !IsCompact(i, repositoryRoot)))
            {
                writer.WriteStartElement("_DataTasksCachedFile");
                writer.WriteAttributeString("Include", Escape(item.ItemSpec));
                foreach (System.Collections.DictionaryEntry m in item.CloneCustomMetadata())
                {
                    writer.WriteElementString((string)m.Key, Escape((string?)m.Value ?? string.Empty));
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        Core.Storage.AtomicFile.WriteAllBytes(file, Encoding.UTF8.GetBytes(text.Append('\n').ToString()));
    }

    /// <summary>
    /// True for a file the targets can rebuild from its path alone: the project's own, with exactly the default
    /// metadata, and TargetPath its path under the repository root (what AssignTargetPath computes from that root).
    /// </summary>
    internal static bool IsCompact(ITaskItem item, string repositoryRoot)
    {
        if (repositoryRoot.Length == 0)
        {
            return false;
        }

        var metadata = item.CloneCustomMetadata();
        return metadata.Count == Defaults.Count
            && Defaults.All(d => string.Equals(metadata[d.Key] as string, d.Value ?? Core.Manifest.EntryPath.FromFullPath(repositoryRoot, item.ItemSpec), StringComparison.Ordinal));
    }

    /// <summary>The metadata of a compact file; null stands for its path under the repository root.</summary>
    private static readonly Dictionary<string, string?> Defaults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CopyToOutputDirectory"] = ArtifactSelection.DefaultCopy,
        ["CopyToPublishDirectory"] = ArtifactSelection.DefaultCopy,
        ["Visible"] = "true",
        ["TargetPath"] = null,
    };

    /// <summary>Deletes a cache that no longer describes the selection (the next build resolves again).</summary>
    public static void Delete(string file) => Core.Storage.AtomicFile.TryDelete(file);

    /// <summary>MSBuild's escaping (%XX) of the characters it would otherwise expand or split on.</summary>
    internal static string Escape(string value)
    {
        var result = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '%' or '*' or '?' or '@' or '$' or '(' or ')' or ';' or '\'')
            {
                result.Append('%').Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
