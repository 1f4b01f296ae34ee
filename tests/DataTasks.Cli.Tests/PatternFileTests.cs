using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>How status and add apply .datapattern and .dataignore, end to end.</summary>
[TestClass]
public sealed class PatternFileTests
{
    [TestMethod]
    public async Task Status_WithManyStarPattern_FinishesInPolynomialTime()
    {
        // An exponential matcher never finishes this (git 2.55 takes 17 ms); 20 s leaves room for a loaded machine.
        using var repo = await TempRepo.CreateAsync();
        repo.WriteText(".datapattern", "*a*a*a*a*a*a\n");
        string name = new string('a', 200) + "b";
        repo.WriteRandom("data/" + name, 10, 1);
        repo.WriteRandom("data/" + new string('a', 6), 10, 2);

        using var tool = repo.StartProcess(["status"]);
        var status = await tool.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.AreEqual(0, status.ExitCode, status.ToString());
        CollectionAssert.AreEqual(new[] { "untracked data/aaaaaa" }, status.OutLines.Select(l => l.Split(" (")[0]).ToArray(), status.ToString());
    }

    [TestMethod]
    [DataRow("*\n")]
    [DataRow("**\n")]
    [DataRow(".*\n*.json\n.datatasks/\n")]
    public async Task DataTasksOwnFiles_AreNeverUntracked_WhateverThePatternSays(string pattern)
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteText(".datapattern", pattern);
        repo.WriteText(".dataignore", "# nothing ignored\n");
        repo.WriteRandom("data/a.bin", 10, 1);
        repo.WriteRandom(".hidden.json", 10, 2);

        string[] own = [".datapattern", ".dataignore", "artifacts.json", ".datatasks/config.json"];
        var status = await repo.RunOkAsync("status");
        var listed = status.OutLines.Select(l => l.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries)[1].Split(" (")[0]).ToArray();
        CollectionAssert.Contains(listed, ".hidden.json", status.ToString());
        Assert.IsFalse(listed.Intersect(own).Any(), status.ToString());

        await repo.RunOkAsync("add", "--all");
        await repo.RunOkAsync("add", ".");
        var entries = repo.Entries.Select(e => e.Key).ToArray();
        CollectionAssert.Contains(entries, ".hidden.json");
        Assert.IsFalse(entries.Intersect(own).Any(), string.Join(", ", entries));
    }

    [TestMethod]
    public async Task PatternFiles_FollowTheClonesCoreIgnoreCase()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteText(".datapattern", "*.BIN\n");
        repo.WriteText(".dataignore", "DATA/SKIP/\n");
        repo.WriteRandom("data/a.bin", 10, 1);
        repo.WriteRandom("data/skip/b.bin", 10, 2);

        var sensitive = await repo.RunOkAsync("status");
        Assert.IsFalse(sensitive.Stdout.Contains("untracked", StringComparison.Ordinal), sensitive.ToString());

        // What git init writes on a case-insensitive file system (Windows, macOS).
        GitRunner.Run(repo.Root, "config", "core.ignorecase", "true");
        var insensitive = await repo.RunOkAsync("status");
        CollectionAssert.AreEqual(new[] { "untracked data/a.bin" }, insensitive.OutLines.Select(l => l.Split(" (")[0]).ToArray(), insensitive.ToString());

        await repo.RunOkAsync("add", "--all");
        CollectionAssert.AreEqual(new[] { "data/a.bin" }, repo.Entries.Select(e => e.Key).ToArray());
    }
}
