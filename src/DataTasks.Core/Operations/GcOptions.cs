using System.Text.Json.Nodes;
using DataTasks.Core.Config;
using DataTasks.Core.History;

namespace DataTasks.Core.Operations;

/// <summary>How gc runs.</summary>
public sealed record GcOptions
{
    /// <summary>The grace period when neither --grace nor "gc": {"grace": …} says otherwise.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromHours(24);

    /// <summary>Which history references objects (default: every ref).</summary>
    public ReferenceScope Scope { get; init; } = ReferenceScope.Everything;

    /// <summary>Objects written to the remote more recently than this are never deleted: their manifest may not be committed yet.</summary>
    public TimeSpan Grace { get; init; } = DefaultGrace;

    /// <summary>Delete the orphans; without it gc only lists them.</summary>
    public bool Prune { get; init; }

    /// <summary>The time the grace period counts back from.</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The grace period configured as <c>"gc": {"grace": "24h"}</c> in the repository's config, or the default.</summary>
    public static TimeSpan ConfiguredGrace(DataTasksConfig config)
    {
        if (config.Settings["gc"] is not JsonObject gc || gc["grace"] is not { } grace)
        {
            return DefaultGrace;
        }

        var text = grace is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return GcDuration.Parse(text ?? grace.ToJsonString(), $"{DataTasksConfig.FileName}: gc.grace");
    }
}
