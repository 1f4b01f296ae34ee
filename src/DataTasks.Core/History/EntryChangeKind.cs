namespace DataTasks.Core.History;

/// <summary>What happened to one manifest entry between two states.</summary>
public enum EntryChangeKind
{
    /// <summary>The path is new.</summary>
    Added,

    /// <summary>The path is gone.</summary>
    Removed,

    /// <summary>The path stayed; its key or size changed.</summary>
    Modified,

    /// <summary>The same content (key) moved from <see cref="EntryChange.OldPath"/> to <see cref="EntryChange.Path"/>.</summary>
    Renamed,
}
