using System;
using System.Collections.Immutable;
using System.Linq;

namespace DataTasks.Analyzers;

/// <summary>Sorted manifest paths compared by content, so the generator's pipeline sees "unchanged" and does no work.</summary>
internal readonly struct EquatablePaths(ImmutableArray<string> paths) : IEquatable<EquatablePaths>
{
    public ImmutableArray<string> Paths { get; } = paths.IsDefault ? ImmutableArray<string>.Empty : paths;

    public bool Equals(EquatablePaths other) => Paths.SequenceEqual(other.Paths, StringComparer.Ordinal);

    public override bool Equals(object? obj) => obj is EquatablePaths other && Equals(other);

    public override int GetHashCode()
    {
        var hash = Paths.Length;
        foreach (var p in Paths)
        {
            hash = unchecked((hash * 31) + StringComparer.Ordinal.GetHashCode(p));
        }

        return hash;
    }
}
