using System.Text.Json.Nodes;
using DataTasks.Core.Manifest;

namespace DataTasks.Core.Operations;

/// <summary>One entry as describe shows it.</summary>
/// <param name="Entry">The manifest entry.</param>
/// <param name="Dependents">Entries of this repository that list it as an input.</param>
/// <param name="Metadata">The first metadata fields in key order, at most the --max-fields limit.</param>
/// <param name="MetadataLeftOut">How many metadata fields the limit left out.</param>
public sealed record DescribedEntry(ManifestEntry Entry, IReadOnlyList<string> Dependents, IReadOnlyList<KeyValuePair<string, JsonNode?>> Metadata, int MetadataLeftOut)
{
    /// <summary>pushed (the remote has a key for it) or not_pushed (added, storage_key null).</summary>
    public string Status => Entry.StorageKey is null ? "not_pushed" : "pushed";
}

/// <summary>The entries of one folder, in path order.</summary>
/// <param name="Folder">The folder's repository path, "" for the root.</param>
/// <param name="Entries">Its entries.</param>
public sealed record DescribedFolder(string Folder, IReadOnlyList<DescribedEntry> Entries);

/// <summary>describe's report: totals for the selected entries, then the entries grouped by folder.</summary>
/// <param name="Folders">Folders in ordinal order.</param>
/// <param name="Count">Entries described.</param>
/// <param name="Bytes">Their total size.</param>
/// <param name="NotPushed">How many have no storage key yet.</param>
/// <param name="Described">How many have a description.</param>
/// <param name="TagCounts">Each tag in use and how many of the described entries carry it.</param>
public sealed record DescribeReport(IReadOnlyList<DescribedFolder> Folders, int Count, long Bytes, int NotPushed, int Described, IReadOnlyDictionary<string, int> TagCounts);
