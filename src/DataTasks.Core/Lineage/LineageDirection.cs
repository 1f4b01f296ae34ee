namespace DataTasks.Core.Lineage;

/// <summary>Which way lineage walks from an entry.</summary>
public enum LineageDirection
{
    /// <summary>Both ways: what the entry was made from and what was made from it.</summary>
    Both,

    /// <summary>What the entry was made from: its inputs, recursively.</summary>
    Up,

    /// <summary>What was made from the entry: the entries listing it as an input, recursively.</summary>
    Down,
}
