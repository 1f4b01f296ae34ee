using System.CommandLine;
using DataTasks.Cli.Commands;

namespace DataTasks.Cli.CommandLine;

/// <summary>
/// Every dotnet data command and option, declared once: parsing, help, completion and the docs test all read this.
/// </summary>
internal sealed class CommandCatalog
{
    private const string JsonDescription = "write one JSON object to standard output instead of text";
    private const string JobsDescription = "transfers at a time (1 to 256, default 8)";
    private const string DryRunDescription = "say what would be done, change nothing";
    private const string DescriptionDescription = "set the entry's description";
    private const string TagDescription = "add a tag: one word, no whitespace (repeatable)";
    private const string InputDescription = "record an entry this one was made from: a path, or namespace:path (repeatable)";
    private const string MetaDescription = "set a metadata field; the value is JSON when it parses as JSON, text otherwise (repeatable)";
    private const string StrictDescription = "refuse an --input that names no entry (otherwise a warning)";

    private CommandCatalog()
    {
        Root = new RootCommand("keep large files out of git: content-addressed, reproducible data for .NET repositories");
        Root.Options.Clear();
        Root.Directives.Clear();
        Global.AddTo(Root);
        foreach (var command in Declare())
        {
            Root.Subcommands.Add(command);
        }

        Find("help")!.Suggest(Commands.Where(c => !c.Hidden).Select(c => c.Name));
    }

    public RootCommand Root { get; }

    public GlobalOptions Global { get; } = new();

    /// <summary>The commands users run, in the order help lists them (hidden ones included, for dispatch).</summary>
    public IEnumerable<DataCommand> Commands => Root.Subcommands.OfType<DataCommand>();

    public static CommandCatalog Create() => new();

    public DataCommand? Find(string name) => Commands.FirstOrDefault(c => c.Name == name);

    private static IEnumerable<DataCommand> Declare()
    {
        yield return new DataCommand("init", "start tracking data in this folder", InitCommand.RunAsync)
        {
            Details = "Creates artifacts.json (and .datatasks/config.json when a remote is given) and installs the git hooks and the artifacts.json merge driver, unless --no-install.",
        }
            .Value("--remote", "url", "record this remote in .datatasks/config.json")
            .Flag("--no-install", "do not install the git hooks and merge driver")
            .Flag("--json", JsonDescription);

        yield return new DataCommand("add", "hash files and record them in artifacts.json (uploads nothing)", AddCommand.RunAsync)
        {
            Usages = ["add <path>... [--json]", "add --all [--json]"],
            Details = "A folder adds every file below it that .datapattern selects and .dataignore does not exclude. 'dotnet data push' uploads what add recorded.",
        }
            .Takes("path", "files or folders to add")
            .Flag("--all", "add every file that .datapattern selects", "-A")
            .Value("--description", "text", DescriptionDescription)
            .Values("--tag", "tag", TagDescription)
            .Values("--input", "entry", InputDescription)
            .Values("--meta", "key=value", MetaDescription)
            .Flag("--strict", StrictDescription)
            .Flag("--json", JsonDescription);

        yield return new DataCommand("rm", "remove entries from artifacts.json", RemoveCommand.RunAsync)
        {
            Details = "Keeps the files unless --delete; --delete refuses to delete content that exists only on disk (not in the cache or on the remote) unless --force.",
        }
            .Takes("path", "entries, or folders of entries, to remove")
            .Flag("--cached", "keep the files in the working tree (the default; git's spelling)")
            .Flag("--delete", "also delete the files from the working tree")
            .Flag("--force", "with --delete: delete even content no cache or remote holds", "-f")
            .Flag("--json", JsonDescription);

        yield return new DataCommand("annotate", "change the description, tags, inputs and metadata of entries", AnnotateCommand.RunAsync)
        {
            Details = "Touches no data file and no storage_key. --clear empties a field (description, tags, inputs, metadata, or all) before the other options apply.",
        }
            .Takes("path", "entries, or folders of entries, to annotate")
            .Value("--description", "text", DescriptionDescription)
            .Values("--tag", "tag", TagDescription)
            .Values("--untag", "tag", "remove a tag (repeatable)")
            .Values("--input", "entry", InputDescription)
            .Values("--meta", "key=value", MetaDescription)
            .Values("--unmeta", "key", "remove a metadata field (repeatable)")
            .Values("--clear", "field", "empty description, tags, inputs, metadata or all (repeatable)")
            .Flag("--strict", StrictDescription)
            .Flag("--json", JsonDescription);

        yield return new DataCommand("describe", "entries with their description, tags, inputs, dependents and metadata", DescribeCommand.RunAsync)
        {
            Details = "Grouped by folder, after a header with totals. Dependents are the entries that list an entry as an input.",
        }
            .Takes("path", "entries, or folders of entries, to describe (default: all)")
            .Values("--tag", "tag", "only entries carrying this tag (repeatable: all of them)")
            .Value("--max-fields", "N", "metadata fields shown per entry (0 to 1000, default 5)")
            .Flag("--json", JsonDescription);

        yield return new DataCommand("find", "search entries by path, description, tag and metadata", FindCommand.RunAsync)
        {
            Details = "The text is a glob over entry paths when it has a wildcard, otherwise a case-insensitive substring of the path. Searches this repository; --extern a namespace of export.json, --all this repository and every namespace.",
        }
            .Takes("glob-or-text", "what the path (or with --desc the description) holds")
            .Flag("--desc", "also match the text against descriptions")
            .Values("--tag", "tag", "only entries carrying this tag (repeatable: all of them)")
            .Values("--meta", "key=value", "only entries whose metadata field has this value; a dotted key reaches into objects, run.name=train (repeatable)")
            .Values("--extern", "namespace", "search this namespace of export.json instead (repeatable)")
            .Flag("--all", "search this repository and every namespace of export.json")
            .Flag("--json", JsonDescription);

        yield return new DataCommand("lineage", "what an entry was made from, and what was made from it", LineageCommand.RunAsync)
        {
            Usages = ["lineage <path> [--up | --down] [--depth <N>] [--format text|dot|mermaid|json] [--json]"],
            Details = "Up: the entry's inputs, recursively; down: the entries listing it as an input, here and in every namespace of export.json. Both by default. An input naming no entry shows as missing, one in a namespace that cannot be read as unresolved; a cycle is marked, never looped.",
        }
            .Takes("path", "the entry to start at")
            .Flag("--up", "only what it was made from")
            .Flag("--down", "only what was made from it")
            .Value("--depth", "N", "at most N levels each way (from 1; default: no limit)")
            .Value("--format", "format", "text (the default), dot (Graphviz), mermaid or json")
            .SuggestValues("--format", Core.Lineage.LineageRequest.FormatNames)
            .Flag("--json", "the same as --format json");

        yield return new DataCommand("status", "synced, added, modified, missing, untracked and deleted files", StatusCommand.RunAsync)
            .Takes("path", "limit the report to these files or folders")
            .Flag("--remote", "also check that the remote has each entry's content")
            .Flag("--json", JsonDescription);

        yield return new DataCommand("push", "upload added and modified files and record their keys", PushCommand.RunAsync)
        {
            Usages = ["push [<path>...] [--dry-run] [--jobs <N>] [--json]", "push --repair <path>... [--json]"],
            Details = "--repair replaces corrupt or missing remote objects from local files that still match their keys.",
        }
            .Takes("path", "push only these files or folders")
            .Flag("--repair", "re-upload the named entries' verified local copies")
            .Flag("--dry-run", DryRunDescription, "-n")
            .Value("--jobs", "N", JobsDescription, "-j")
            .Flag("--json", JsonDescription);

        yield return new DataCommand("pull", "download missing files through the machine cache", PullCommand.RunAsync)
        {
            Details = "Patterns are MSBuild globs from the repository root: '*' stays in one folder, '**' spans folders. A pattern that selects no entry is an error (DT0601).",
        }
            .Takes("path", "pull only these files or folders")
            .Values("--pattern", "glob", "pull the entries this glob selects (repeatable)")
            .Values("--extern", "namespace", "pull a namespace of export.json instead of this repository (repeatable)")
            .Flag("--all", "pull this repository and every namespace of export.json")
            .Flag("--dry-run", DryRunDescription, "-n")
            .Value("--jobs", "N", JobsDescription, "-j")
            .Flag("--no-cache", "write straight into the tree and keep no cached copy")
            .Flag("--json", JsonDescription);

        yield return new DataCommand("verify", "re-hash local files and their cached copies against the manifest", VerifyCommand.RunAsync)
        {
            Usages = ["verify [<path>...] [--json]", "verify --remote [<path>...] [--jobs <N>] [--json]"],
        }
            .Takes("path", "verify only these files or folders")
            .Flag("--remote", "download and hash the remote objects the entries reference instead")
            .Value("--jobs", "N", JobsDescription, "-j")
            .Flag("--json", JsonDescription);

        yield return new DataCommand("tree", "per-folder counts, sizes and status", (c, a) => Task.FromResult(TreeCommand.Run(c, a)))
            .Takes("path", "show only these folders")
            .Flag("--json", JsonDescription);

        yield return new DataCommand("check", "resolver paths in C# sources that no manifest has, and untracked data files", (c, a) => Task.FromResult(CheckCommand.Run(c, a)))
        {
            Details = "Reports dangling paths (no manifest has them), paths that cannot be checked (built at run time), and data files no entry tracks.",
        }
            .Flag("--json", JsonDescription);

        yield return new DataCommand("diff", "added, removed, modified and renamed entries", DiffCommand.RunAsync)
        {
            Usages = ["diff [<rev> | <a>..<b> | <a>...<b>] [--extern <namespace>] [--json]"],
            Details = "Without a revision: the working tree against artifacts.json. <a>...<b> compares <b> with the merge base of <a> and <b>.",
        }
            .Takes("revision", "a revision or range, as git spells them")
            .Value("--extern", "namespace", "diff a namespace of export.json instead of this repository")
            .Flag("--json", JsonDescription);

        yield return new DataCommand("log", "commits that changed artifacts.json, and what they changed", LogCommand.RunAsync)
            .Takes("path", "only commits that changed these entries")
            .Values("--tag", "tag", "only commits changing entries that carry this tag, before or after (repeatable: all of them)")
            .Values("--meta", "key=value", "only commits changing entries whose metadata field has this value, before or after; a dotted key reaches into objects (repeatable)")
            .Flag("--oneline", "one line per commit")
            .Value("--max-count", "N", "show at most N commits", "-n")
            .Flag("--json", JsonDescription);

        yield return new DataCommand("gc", "remote or machine-cache objects nothing needs any more", GcCommand.RunAsync)
        {
            Usages =
            [
                "gc [--prune] [--grace <age>] [--ref <rev>]... [--since <date>] [--json]",
                "gc --cache [--max-age <age>] [--max-size <size>] [--prune] [--json]",
                "gc --cache --verify [--json]",
            ],
            Details = "Without --cache: remote objects no manifest at any commit of any branch or tag references. With --cache: machine-cache objects unused for --max-age (default 30d) or over --max-size. Nothing is deleted without --prune.",
        }
            .Flag("--prune", "delete what is found")
            .Value("--grace", "age", "keep remote objects younger than this (default: the configured grace, else 24h)")
            .Values("--ref", "rev", "also keep what this revision references (repeatable)")
            .Value("--since", "date", "look only at commits since this date")
            .Flag("--cache", "collect the machine cache instead of the remote")
            .Value("--max-age", "age", "with --cache: objects unused for longer than this (e.g. 30d)")
            .Value("--max-size", "size", "with --cache: the oldest objects beyond this total (e.g. 20GB)")
            .Flag("--verify", "with --cache: re-hash every cached object and quarantine corrupt ones")
            .Flag("--json", JsonDescription);

        yield return new DataCommand("checkout", "put a revision's data in the tree; HEAD and artifacts.json stay", CheckoutCommand.RunAsync)
        {
            Usages = ["checkout [<rev>] [<path>...] [--force] [--dry-run] [--jobs <N>] [--json]"],
            Details = "As in git, a first argument that names a commit is the revision and the rest are paths. Local edits stop the checkout unless --force, which first saves each edit in the machine cache and prints its key.",
        }
            .Takes("path", "a revision, then files or folders")
            .Flag("--force", "replace local edits (saved in the machine cache first)", "-f")
            .Flag("--dry-run", DryRunDescription, "-n")
            .Value("--jobs", "N", JobsDescription, "-j")
            .Flag("--json", JsonDescription);

        yield return new DataCommand("unprotect", "turn linked, read-only data files into editable copies", UnprotectCommand.RunAsync)
        {
            Details = "With \"link\": \"hardlink\" or \"symlink\" a pulled file shares the machine cache's read-only object. unprotect replaces it with a private writable copy of the same content, so an edit never reaches the cache; a file that already is an editable copy is left alone, with a note.",
        }
            .Takes("path", "entries, or folders of entries, to make editable")
            .Flag("--json", JsonDescription);

        yield return new DataCommand("fetch", "download objects into the machine cache only", FetchCommand.RunAsync)
        {
            Details = "Without a revision: the working artifacts.json's objects. --all-refs: those of every branch, tag and remote branch.",
        }
            .Takes("rev", "revisions whose manifests to fetch")
            .Flag("--all-refs", "fetch for every branch, tag and remote branch")
            .Value("--jobs", "N", JobsDescription, "-j")
            .Flag("--json", JsonDescription);

        yield return new DataCommand("install", "install the git hooks and the artifacts.json merge driver in this clone", InstallCommand.InstallAsync)
        {
            Details = "The hooks hydrate data after checkout, merge and rebase, and refuse a git push whose data the remote lacks.",
        }
            .Flag("--no-hydrate", "install the hooks without hydrating after checkout, merge and rebase")
            .Flag("--json", JsonDescription);

        yield return new DataCommand("uninstall", "remove the git hooks and merge driver that install added", InstallCommand.UninstallAsync)
            .Flag("--json", JsonDescription);

        yield return new DataCommand("merge-driver", "three-way merge of artifacts.json entries", MergeDriverCommand.RunAsync)
        {
            Usages = ["merge-driver <base> <ours> <theirs> [<path>] [--json]", "merge-driver --resolve [--json]"],
            Details = "git runs the first form as the merge driver install configures. --resolve merges a conflicted artifacts.json from git's index and stages the result.",
        }
            .Takes("file", "git's %O %A %B %P")
            .Flag("--resolve", "merge a conflicted artifacts.json from git's index stages")
            .Flag("--json", JsonDescription);

        yield return new DataCommand("config", "show and change settings, and say which file or variable set each one", ConfigCommand.RunAsync)
        {
            Usages =
            [
                "config list [--show-origin] [--json]",
                "config get <key> [--show-origin] [--json]",
                "config set <key> <value> [--local | --user | --host <glob>] [--json]",
                "config unset <key> [--local | --user | --host <glob>] [--json]",
            ],
            Details = "First match wins: DATATASKS_<NAME> variables, .datatasks/config.local.json, host overrides in .datatasks/config.json, .datatasks/config.json, the user's config.json, defaults. set and unset write .datatasks/config.json unless --local, --user or --host. Keys are dotted (s3.endpoint).",
        }
            .Takes("args", "list, get <key>, set <key> <value> or unset <key>")
            .Suggest(ConfigCommand.Actions)
            .Flag("--show-origin", "say which file, host override or variable set each value")
            .Flag("--local", "write .datatasks/config.local.json (this clone only, never committed)")
            .Flag("--user", "write the user's config.json (every repository of this user)")
            .Value("--host", "glob", "write a host override in .datatasks/config.json, for hosts the glob matches")
            .Flag("--json", JsonDescription);

        yield return new DataCommand("snapshot", "named states of the data, kept as git tags (data/<name>)", SnapshotCommand.RunAsync)
        {
            Usages =
            [
                "snapshot create <name> [-m <message>] [--json]",
                "snapshot list [--json]",
                "snapshot show <name> [--json]",
                "snapshot diff <a> [<b>] [--json]",
                "snapshot restore <name> [<path>...] [--force] [--dry-run] [--jobs <N>] [--json]",
                "snapshot delete <name> [--json]",
            ],
            Details = "create tags HEAD (annotated tag data/<name>, prefix: snapshot.prefix) and refuses while artifacts.json has uncommitted changes or entries never pushed. diff without <b> compares with the working artifacts.json. restore puts the snapshot's data in the tree like checkout: HEAD and artifacts.json stay, and local edits stop it unless --force. delete removes the local tag only.",
        }
            .Takes("args", "create <name>, list, show <name>, diff <a> [<b>], restore <name> [<path>...] or delete <name>")
            .Suggest(SnapshotCommand.Actions)
            .Value("--message", "text", "create: the tag's message (default: the name and entry count)", "-m")
            .Flag("--force", "restore: replace local edits (saved in the machine cache first)", "-f")
            .Flag("--dry-run", "restore: " + DryRunDescription, "-n")
            .Value("--jobs", "N", "restore: " + JobsDescription, "-j")
            .Flag("--json", JsonDescription);

        yield return new DataCommand("run", "run a command, then add the data files it wrote with their inputs", RunCommand.RunAsync)
        {
            Usages = ["run [--name <name>] [--input <entry>]... [--strict] [--json] -- <command> [<arg>...]"],
            Details = "The command inherits the console and its exit code is passed through. When it exits 0, every data file it created or changed (what .datapattern selects, or an existing entry) is added with inputs: the entries it resolved through the DataTasks library plus every --input, and metadata.run: name, command, start, commit. Nothing is pushed. A failed command adds nothing (DT1122); one that cannot start exits 127 (DT1121).",
        }
            .Takes("command", "after '--': the command and its arguments")
            .Value("--name", "name", "the run's name in metadata.run (default: the command's file name without extension)")
            .Values("--input", "entry", InputDescription)
            .Flag("--strict", StrictDescription)
            .Flag("--json", JsonDescription);

        yield return new DataCommand("help", "show help for a command", null)
        {
            Usages = ["help [<command>]"],
        }
            .Takes("command", "the command to describe");

        yield return new DataCommand("completion", "print a tab-completion script for bash, zsh or PowerShell", null)
        {
            Usages = ["completion <bash|zsh|pwsh>"],
            Details = "bash: eval \"$(dotnet data completion bash)\" in ~/.bashrc. zsh: eval \"$(dotnet data completion zsh)\" in ~/.zshrc (after compinit). PowerShell: dotnet data completion pwsh | Out-String | Invoke-Expression in $PROFILE.",
        }
            .Takes("shell", "bash, zsh or pwsh")
            .Suggest(ShellCompletion.Shells);

        // What git's hooks and the completion scripts call: not for people, so not in help.
        yield return new DataCommand("hook", "run a git hook", HookCommand.RunAsync) { Hidden = true }
            .Takes("hook", "the hook and git's arguments");
        yield return new DataCommand(ShellCompletion.CommandName, "complete a command line", null) { Hidden = true }
            .Value("--position", "N", "the cursor's position in the line")
            .Takes("line", "the command line after 'dotnet data'");
    }
}
