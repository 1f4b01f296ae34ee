using System;
using System.Collections.Immutable;
using System.Linq;

namespace DataTasks.Analyzers;

/// <summary>
/// One manifest entry as the typed tree shows it: its path and what its doc comment says. Compared by content, so the
/// generator's cache sees a changed description (and regenerates) but not a new <c>created_at</c> or storage key.
/// <see cref="Size"/> is kept only for a documented entry (one with a description, tags or inputs): an undocumented
/// entry's comment is the path alone, so its size must not make the model differ.
/// </summary>
internal sealed class TypedTreeEntry : IEquatable<TypedTreeEntry>
{
    public TypedTreeEntry(string path, string? description = null, long? size = null, ImmutableArray<string> tags = default, ImmutableArray<string> inputs = default)
    {
        Path = path;
        Description = string.IsNullOrWhiteSpace(description) ? null : description;
        Tags = tags.IsDefault ? ImmutableArray<string>.Empty : tags;
        Inputs = inputs.IsDefault ? ImmutableArray<string>.Empty : inputs;
        Size = IsDocumented ? size : null;
    }

    public string Path { get; }

    public string? Description { get; }

    public long? Size { get; }

    public ImmutableArray<string> Tags { get; }

    public ImmutableArray<string> Inputs { get; }

    /// <summary>True when the entry carries any of the optional fields; otherwise its comment stays the bare path.</summary>
    public bool IsDocumented => Description is not null || !Tags.IsEmpty || !Inputs.IsEmpty;

    public bool Equals(TypedTreeEntry? other) =>
        other is not null
        && string.Equals(Path, other.Path, StringComparison.Ordinal)
        && string.Equals(Description, other.Description, StringComparison.Ordinal)
        && Size == other.Size
        && Tags.SequenceEqual(other.Tags, StringComparer.Ordinal)
        && Inputs.SequenceEqual(other.Inputs, StringComparer.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as TypedTreeEntry);

    public override int GetHashCode()
    {
        var hash = StringComparer.Ordinal.GetHashCode(Path);
        hash = unchecked((hash * 31) + (Description is null ? 0 : StringComparer.Ordinal.GetHashCode(Description)));
        hash = unchecked((hash * 31) + Size.GetHashCode());
        foreach (var s in Tags.Concat(Inputs))
        {
            hash = unchecked((hash * 31) + StringComparer.Ordinal.GetHashCode(s));
        }

        return hash;
    }
}
