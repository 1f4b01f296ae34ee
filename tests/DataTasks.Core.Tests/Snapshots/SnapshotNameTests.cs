using DataTasks.Core.Snapshots;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Snapshots;

/// <summary>Issue 16: git itself (check-ref-format) decides which snapshot names and prefixes make a tag.</summary>
[TestClass]
public sealed class SnapshotNameTests
{
    private static readonly string Folder = Path.GetTempPath();

    [TestMethod]
    [DataRow("v1")]
    [DataRow("2026-q4/baseline")]
    [DataRow("model_v1.2")]
    [DataRow("ünïcode")]
    public async Task NamesGitAccepts_Pass(string name) =>
        await SnapshotName.ValidateAsync(Folder, SnapshotPrefix.Default, name, CancellationToken.None);

    [TestMethod]
    [DataRow("")]
    [DataRow("-x")]
    [DataRow("has space")]
    [DataRow("a..b")]
    [DataRow("a~1")]
    [DataRow("a^")]
    [DataRow("a:b")]
    [DataRow("star*")]
    [DataRow("ends.lock")]
    [DataRow("ends/")]
    [DataRow("line\nbreak")]
    [DataRow("nul\0byte")]
    public async Task NamesGitRefuses_AreDT0530(string name) =>
        await TestData.ThrowsCodeAsync(ErrorCodes.SnapshotNameInvalid, () => SnapshotName.ValidateAsync(Folder, SnapshotPrefix.Default, name, CancellationToken.None));

    [TestMethod]
    [DataRow("a..b/")]
    [DataRow("snap:")]
    [DataRow("x/.lock/")]
    public async Task APrefixGitRefuses_IsDT0535_WhateverTheName(string prefix) =>
        await TestData.ThrowsCodeAsync(ErrorCodes.SnapshotPrefixInvalid, () => SnapshotName.ValidateAsync(Folder, prefix, "v1", CancellationToken.None));

    [TestMethod]
    public async Task APrefixWithoutASlash_Works() =>
        await SnapshotName.ValidateAsync(Folder, "snapshot-", "v1", CancellationToken.None);
}
