namespace DataTasks.Core.Config;

/// <summary>
/// Where configuration reads environment variables from: the process environment by default, or a fixed set of
/// values, so tests (and hosts running several repositories in one process) can configure one call without changing
/// a process-wide variable that every other thread would see.
/// </summary>
public sealed class EnvironmentVariables
{
    private readonly Func<string, string?> lookup;

    /// <summary>Reads variables through <paramref name="lookup"/> (null for a variable that is not set).</summary>
    /// <param name="lookup">Returns the value of a variable, or null when it is not set.</param>
    public EnvironmentVariables(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        this.lookup = lookup;
    }

    /// <summary>The environment of the current process, read at each lookup.</summary>
    public static EnvironmentVariables Process { get; } = new(Environment.GetEnvironmentVariable);

    /// <summary>Exactly the variables in <paramref name="values"/>; every other variable is unset.</summary>
    /// <param name="values">Variable names (case-sensitive) and values; a null value means unset.</param>
    public static EnvironmentVariables From(IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var copy = new Dictionary<string, string?>(values, StringComparer.Ordinal);
        return new(name => copy.GetValueOrDefault(name));
    }

    /// <summary>The value of <paramref name="name"/>, or null when it is not set.</summary>
    /// <param name="name">The variable's name.</param>
    public string? Get(string name) => lookup(name);
}
