using System.Diagnostics;
using DataTasks.Cli.CommandLine;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.CommandLine;

/// <summary>Tab completion from the command declarations, through the hidden __complete command and a real bash.</summary>
[TestClass]
public sealed class CompletionTests
{
    [TestMethod]
    [DataRow("", "add,annotate,check,checkout,completion,config,describe,diff,fetch,find,gc,help,init,install,lineage,log,merge-driver,pull,push,rm,run,snapshot,status,tree,uninstall,unprotect,verify")]
    [DataRow("st", "status")]
    [DataRow("status --j", "--json")]
    [DataRow("status --re", "--remote")]
    [DataRow("pull --no", "--no-cache")]
    [DataRow("completion ", "bash,pwsh,zsh")]
    [DataRow("config ", "get,list,set,unset")]
    [DataRow("config --show", "--show-origin")]
    [DataRow("help merge", "merge-driver")]
    [DataRow("-C . st", "status")]
    [DataRow("lineage data/a.bin --format ", "dot,json,mermaid,text")]
    public void Complete_OffersWhatMayComeNext(string line, string expected)
    {
        var items = ShellCompletion.Complete(CommandCatalog.Create(), line, line.Length);

        Assert.AreEqual(expected, string.Join(",", items.Order(StringComparer.Ordinal)));
    }

    [TestMethod]
    [DataRow("status ")]
    [DataRow("pull data/")]
    [DataRow("add --all ")]
    public void Complete_AtAPathPosition_OffersNothing_SoTheShellCompletesFiles(string line)
    {
        var items = ShellCompletion.Complete(CommandCatalog.Create(), line, line.Length);

        Assert.AreEqual(0, items.Count, string.Join(",", items));
    }

    [TestMethod]
    public void Complete_NeverOffersHiddenCommands()
    {
        var items = ShellCompletion.Complete(CommandCatalog.Create(), "h", 1);

        CollectionAssert.AreEqual(new[] { "help" }, items.ToArray());
    }

    [TestMethod]
    public async Task CompleteCommand_PrintsOneItemALine()
    {
        var result = await CliRunner.RunInProcessAsync(["__complete", "--position", "10", "--", "status --j"], Path.GetTempPath());

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("--json\n", result.Stdout);
    }

    [TestMethod]
    [DataRow("bash", "complete -o default -F _dotnet_data_complete dotnet-data dotnet")]
    [DataRow("zsh", "compdef _dotnet_data_complete dotnet-data dotnet")]
    [DataRow("pwsh", "Register-ArgumentCompleter -Native -CommandName dotnet, dotnet-data")]
    public async Task CompletionCommand_PrintsTheShellsScript(string shell, string registration)
    {
        var result = await CliRunner.RunInProcessAsync(["completion", shell], Path.GetTempPath());

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Stdout, registration);
        StringAssert.Contains(result.Stdout, "__complete --position");
    }

    /// <summary>The bash script in a real bash, completing through the real tool, as "dotnet-data" and as "dotnet data".</summary>
    [TestMethod]
    [DataRow("dotnet-data st", "status")]
    [DataRow("dotnet data st", "status")]
    [DataRow("dotnet  data  status --j", "--json")]
    [DataRow("dotnet data completion z", "zsh")]
    [DataRow("dotnet-data -C . pu", "pull push")]
    public async Task BashScript_CompletesThroughTheTool(string line, string expected)
    {
        var script = (await CliRunner.RunInProcessAsync(["completion", "bash"], Path.GetTempPath())).Stdout;
        var (host, tool) = (CliRunner.DotnetHost, CliRunner.ToolDll);
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var program = $$"""
            dotnet-data() { command '{{host}}' '{{tool}}' "$@"; }
            dotnet() { if [ "$1" = data ]; then shift; dotnet-data "$@"; else command dotnet "$@"; fi; }
            {{script}}
            COMP_LINE='{{line}}'
            COMP_POINT=${#COMP_LINE}
            COMP_WORDS=({{string.Join(' ', words.Select(w => $"'{w}'"))}})
            COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            _dotnet_data_complete
            echo "${COMPREPLY[*]}"
            """;
        Assert.AreEqual(expected, await RunShellAsync("bash", ["--norc", "--noprofile", "-c", program]));
    }

    /// <summary>
    /// The zsh script in a real zsh. compadd, _files and compdef only work inside zsh's completion system, which
    /// needs a terminal; stand-ins record what the script hands them, which is what the script decides.
    /// </summary>
    [TestMethod]
    [DataRow("dotnet-data st", "compadd status")]
    [DataRow("dotnet data status --j", "compadd --json")]
    [DataRow("dotnet data pull data/", "_files")]
    public async Task ZshScript_CompletesThroughTheTool(string line, string expected)
    {
        var script = (await CliRunner.RunInProcessAsync(["completion", "zsh"], Path.GetTempPath())).Stdout;
        var (host, tool) = (CliRunner.DotnetHost, CliRunner.ToolDll);
        var program = $$"""
            compdef() { }
            compadd() { if [[ $1 == -a ]]; then shift; print -r -- "compadd ${(P)1}"; fi; }
            _files() { print -r -- _files; }
            dotnet-data() { command '{{host}}' '{{tool}}' "$@"; }
            dotnet() { if [[ $1 == data ]]; then shift; dotnet-data "$@"; else command dotnet "$@"; fi; }
            {{script}}
            BUFFER='{{line}}'
            CURSOR=${#BUFFER}
            _dotnet_data_complete
            """;

        Assert.AreEqual(expected, await RunShellAsync("zsh", ["-f", "-c", program]));
    }

    private static async Task<string> RunShellAsync(string shell, string[] args)
    {
        var psi = new ProcessStartInfo(shell, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(CliRunner.ProcessTimeout);

        Assert.AreEqual(0, process.ExitCode, await stderr);
        return (await stdout).Trim();
    }
}
