namespace DataTasks.Core.Operations;

/// <summary>The status categories of the Lemna-Data v2 plan.</summary>
public enum EntryState
{
    /// <summary>On disk and in the manifest with a key; the content matches the key.</summary>
    Synced,

    /// <summary>In the manifest with storage_key null: added, not pushed yet.</summary>
    Added,

    /// <summary>In the manifest and on disk, but the content differs from the key (or from what was added). Needs add or push.</summary>
    Modified,

    /// <summary>In the manifest with a key, not on disk. Needs pull.</summary>
    Missing,

    /// <summary>On disk, matches .datapattern, not in the manifest. Needs add.</summary>
    Untracked,

    /// <summary>In the manifest, not on disk, and never pushed (storage_key null): nothing can restore it. Likely needs rm.</summary>
    Deleted,

    /// <summary>
    /// On disk with a version the repository knows (in the machine cache or in any manifest in git history) that is
    /// not the entry's: an earlier or another branch's version left by a checkout, not an edit. pull updates it.
    /// </summary>
    Stale,
}
