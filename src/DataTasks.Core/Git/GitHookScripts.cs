namespace DataTasks.Core.Git;

/// <summary>
/// The text of the scripts <see cref="GitHookInstaller"/> writes. Each finds the tool the way a user installs it (a
/// global tool on PATH, else a local tool in the repository's .config/dotnet-tools.json) and, where there is none,
/// says so in one line and stays out of git's way, so a teammate without DataTasks can still check out and push.
/// </summary>
internal static class GitHookScripts
{
    /// <summary>The line that marks a file as DataTasks' own, so install updates it and uninstall removes it.</summary>
    public const string Marker = "# DataTasks hook: installed by 'dotnet data install'";

    /// <summary>The suffix of a hook that was there before install and that DataTasks' hook runs first.</summary>
    public const string ChainedSuffix = ".pre-datatasks";

    private const string FindTool = """
        datatasks() {
          if command -v dotnet-data >/dev/null 2>&1; then
            dotnet-data "$@"
            return $?
          fi
          top=$(git rev-parse --show-toplevel 2>/dev/null)
          if command -v dotnet >/dev/null 2>&1 && [ -f "$top/.config/dotnet-tools.json" ] && grep -q '"dotnet-data"' "$top/.config/dotnet-tools.json"; then
            (cd "$top" && dotnet tool run dotnet-data "$@")
            return $?
          fi
          echo "DataTasks: 'dotnet data' is not installed, so the $hook_name hook did nothing (dotnet tool install --global DataTasks.Cli)" >&2
          return 0
        }
        """;

    /// <summary>A hook that runs the chained hook first (with the same arguments and standard input), then DataTasks.</summary>
    public static string Hook(string name, string repositoryFolder) => $$"""
        #!/bin/sh
        {{Marker}}; 'dotnet data uninstall' removes it.
        # A hook that was here before lives on as {{name}}{{ChainedSuffix}} and runs first; its exit status is kept.
        hook_name={{name}}
        {{FindTool}}
        input=$(mktemp "${TMPDIR:-/tmp}/datatasks-hook.XXXXXX") || exit 1
        trap 'rm -f "$input"' EXIT
        cat > "$input"
        chained="$(dirname "$0")/{{name}}{{ChainedSuffix}}"
        if [ -x "$chained" ]; then
          "$chained" "$@" < "$input" || exit $?
        fi
        datatasks -C {{ShellQuote(repositoryFolder)}} hook {{name}} "$@" < "$input"
        """ + "\n";

    /// <summary>git's merge driver for artifacts.json; without the tool it falls back to git's own text merge.</summary>
    public static string MergeDriver() => $$"""
        #!/bin/sh
        {{Marker}}; git runs it as the datatasks merge driver with %O %A %B %P.
        hook_name=merge-driver
        if command -v dotnet-data >/dev/null 2>&1; then
          exec dotnet-data merge-driver "$@"
        fi
        top=$(git rev-parse --show-toplevel 2>/dev/null)
        if command -v dotnet >/dev/null 2>&1 && [ -f "$top/.config/dotnet-tools.json" ] && grep -q '"dotnet-data"' "$top/.config/dotnet-tools.json"; then
          exec dotnet tool run dotnet-data merge-driver "$@"
        fi
        echo "DataTasks: 'dotnet data' is not installed, so $4 is merged as text (dotnet tool install --global DataTasks.Cli)" >&2
        exec git merge-file -L ours -L base -L theirs "$2" "$1" "$3"
        """ + "\n";

    /// <summary>Quotes a word for sh: single quotes, with each single quote closed, escaped and reopened.</summary>
    public static string ShellQuote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
