using System;
using System.Collections.Immutable;
using System.Linq;

namespace DataTasks.Analyzers;

/// <summary>
/// The typed tree's entries sorted by path, compared by content (paths and doc fields), so the generator's pipeline sees
/// "unchanged" and does no work, and sees a changed description as a change.
/// </summary>
internal readonly struct EquatableEntries(ImmutableArray<TypedTreeEntry> entries) : IEquatable<EquatableEntries>
{
    public ImmutableArray<TypedTreeEntry> Entries { get; } = entries.IsDefault ? ImmutableArray<TypedTreeEntry>.Empty : entries;

    public bool Equals(EquatableEntries other) => Entries.SequenceEqual(other.Entries);

    public override bool Equals(object? obj) => obj is EquatableEntries other && Equals(other);

    public override int GetHashCode()
    {
        var hash = Entries.Length;
        foreach (var e in Entries)
        {
            hash = unchecked((hash * 31) + e.GetHashCode());
        }

        return hash;
    }
}
