using DataTasks.Cli.Tests.GitWorkflow;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.Snapshots;

/// <summary>
/// A real git repository with a folder remote and a committed, pushed model, with an identity in the repository's
/// own git config so the tool's own 'git tag -a' can write tags.
/// </summary>
internal static class SnapshotWorld
{
    public const string Model = "data/models/model.onnx";

    public const string Labels = "data/labels.csv";

    /// <summary>Version 1, committed: the model (5000 bytes) and labels (300 bytes), both pushed.</summary>
    public static async Task<(GitWorld World, byte[] V1)> FirstVersionAsync(TempRepo repo)
    {
        var world = GitWorld.For(repo);
        world.WithoutTool = true;
        world.Git(repo.Root, "config", "user.name", "snapshot tester");
        world.Git(repo.Root, "config", "user.email", "tester@example.com");
        world.Git(repo.Root, "config", "tag.gpgSign", "false");
        repo.WriteRandom(Labels, 300, 9);
        await repo.RunOkAsync("add", Labels);
        var v1 = await world.CommitDataAsync(Model, 5000, 1, "v1");
        return (world, v1);
    }

    /// <summary>Version 2 of the model (6000 bytes), pushed and committed; the labels stay.</summary>
    public static Task<byte[]> CommitV2Async(GitWorld world) => world.CommitDataAsync(Model, 6000, 2, "v2");

    /// <summary>Every tag git has.</summary>
    public static string[] Tags(GitWorld world) =>
        world.Git(world.Repo.Root, "tag", "--list").Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
