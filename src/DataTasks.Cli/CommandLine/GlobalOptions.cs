using System.CommandLine;

namespace DataTasks.Cli.CommandLine;

/// <summary>
/// The options every command takes, before or after the command word. A command's own option with the same name
/// (<c>status --remote</c>, <c>init --remote</c>) shadows the global one after that command's word.
/// </summary>
internal sealed class GlobalOptions
{
    public Option<string[]> Directory { get; } = DataCommand.ValueOption("-C", "dir", "run as if dotnet data had been started in <dir> (repeatable: each is relative to the one before)", []);

    public Option<string[]> Remote { get; } = DataCommand.ValueOption("--remote", "url", "use this remote instead of the configured one (a folder, s3://bucket/prefix, ...)", []);

    public Option<string[]> CacheDir { get; } = DataCommand.ValueOption("--cache-dir", "dir", "use this machine cache folder instead of the configured one", []);

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "say more, including the exception behind an error", Arity = ArgumentArity.Zero };

    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "print less: no per-file lines and no progress", Arity = ArgumentArity.Zero };

    public Option<bool> Help { get; } = new("--help", "-h") { Description = "show help for dotnet data or for the command", Arity = ArgumentArity.Zero };

    /// <summary>Root only: the version is the tool's, not a command's.</summary>
    public Option<bool> Version { get; } = new("--version") { Description = "print the version of dotnet data", Arity = ArgumentArity.Zero };

    public IEnumerable<Option> Recursive => [Directory, Remote, CacheDir, Verbose, Quiet, Help];

    public void AddTo(RootCommand root)
    {
        foreach (var option in Recursive)
        {
            option.Recursive = true;
            root.Options.Add(option);
        }

        root.Options.Add(Version);
    }
}
