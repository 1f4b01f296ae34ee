using DataTasks.Core.Storage;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Storage;

[TestClass]
public sealed class FileLockTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [TestMethod]
    public void TryAcquire_CreatesFoldersAndWritesThePidAndHost()
    {
        using var dir = new TempDir();
        var path = dir.Combine("locks/ab/x.lock");

        using (var held = FileLock.TryAcquire(path))
        {
            Assert.IsNotNull(held);
            Assert.AreEqual(path, held.Path);
            var record = LockHolder.TryRead(path);
            Assert.IsNotNull(record, "a held lock names its holder");
            Assert.AreEqual(Environment.ProcessId, record.ProcessId);
            Assert.AreEqual(Environment.MachineName, record.Host);
        }

        Assert.IsTrue(File.Exists(path), "the lock file stays (deleting it would let two holders race on different inodes)");
        Assert.AreEqual(0, new FileInfo(path).Length, "a released lock names no holder");
    }

    [TestMethod]
    public void TryAcquire_HeldLock_ReturnsNullInTheSameProcess_UntilDisposed()
    {
        using var dir = new TempDir();
        var path = dir.Combine("a.lock");

        var first = FileLock.TryAcquire(path);
        Assert.IsNotNull(first);
        try
        {
            Assert.IsNull(FileLock.TryAcquire(path), "same thread");
            Assert.IsNull(Task.Run(() => FileLock.TryAcquire(path)).Result, "another thread");
            Assert.IsNull(FileLock.TryAcquire(path), "a failed attempt must not release the holder's lock");
        }
        finally
        {
            first.Dispose();
        }

        using var second = FileLock.TryAcquire(path);
        Assert.IsNotNull(second, "free again after Dispose");
    }

    [TestMethod]
    public void TryAcquire_DifferentFiles_AreIndependent()
    {
        using var dir = new TempDir();
        using var a = FileLock.TryAcquire(dir.Combine("a.lock"));
        using var b = FileLock.TryAcquire(dir.Combine("b.lock"));
        Assert.IsNotNull(a);
        Assert.IsNotNull(b);
    }

    [TestMethod]
    public async Task AcquireAsync_WaitsUntilTheHolderReleases()
    {
        using var dir = new TempDir();
        var path = dir.Combine("a.lock");
        var first = FileLock.TryAcquire(path)!;

        var waiting = FileLock.AcquireAsync(path, CancellationToken.None);
        await Task.Delay(200);
        Assert.IsFalse(waiting.IsCompleted, "acquired while another holder had the lock");

        first.Dispose();
        using var second = await waiting.WaitAsync(Generous);

        Assert.IsNotNull(second);
        Assert.IsNull(FileLock.TryAcquire(path), "the waiter now holds it");
    }

    [TestMethod]
    public async Task AcquireAsync_FreeLock_ReturnsAtOnce()
    {
        using var dir = new TempDir();
        using var held = await FileLock.AcquireAsync(dir.Combine("a.lock"), CancellationToken.None).WaitAsync(Generous);
        Assert.IsNotNull(held);
    }

    [TestMethod]
    public async Task AcquireAsync_Cancelled_WhileWaiting_Throws()
    {
        using var dir = new TempDir();
        var path = dir.Combine("a.lock");
        using var first = FileLock.TryAcquire(path)!;
        using var cts = new CancellationTokenSource();

        var waiting = FileLock.AcquireAsync(path, cts.Token);
        await Task.Delay(50);
        cts.Cancel();

        await Assert.ThrowsAsync<OperationCanceledException>(() => waiting.WaitAsync(Generous));
        Assert.IsNull(FileLock.TryAcquire(path), "the holder still has it");
    }

    [TestMethod]
    public async Task AcquireAsync_AlreadyCancelledAndHeld_Throws()
    {
        using var dir = new TempDir();
        var path = dir.Combine("a.lock");
        using var first = FileLock.TryAcquire(path)!;

        await Assert.ThrowsAsync<OperationCanceledException>(() => FileLock.AcquireAsync(path, new CancellationToken(canceled: true)).WaitAsync(Generous));
    }

    [TestMethod]
    public async Task AcquireAsync_ManyContenders_HoldItOneAtATime()
    {
        using var dir = new TempDir();
        var path = dir.Combine("a.lock");
        var inside = 0;
        var maxInside = 0;
        var gate = new object();

        var tasks = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            using var held = await FileLock.AcquireAsync(path, CancellationToken.None);
            lock (gate)
            {
                inside++;
                maxInside = Math.Max(maxInside, inside);
            }

            await Task.Delay(20);
            lock (gate)
            {
                inside--;
            }
        }));
        await Task.WhenAll(tasks).WaitAsync(Generous);

        Assert.AreEqual(1, maxInside);
    }

    [TestMethod]
    [DataRow("file", DisplayName = "a folder that is a regular file")]
    [DataRow("device", DisplayName = "a folder under /dev/null")]
    [DataRow("loop", DisplayName = "a loop of symbolic links")]
    public async Task AcquireAsync_LockThatCannotBeCreated_FailsAtOnceWithDT0401NamingThePath(string kind)
    {
        using var dir = new TempDir();
        string folder;
        switch (kind)
        {
            case "file":
                folder = dir.Combine("cache");
                File.WriteAllText(folder, "not a folder");
                break;
            case "device":
                folder = "/dev/null";
                break;
            default:
                folder = dir.Combine("a");
                File.CreateSymbolicLink(folder, dir.Combine("b"));
                File.CreateSymbolicLink(dir.Combine("b"), folder);
                break;
        }

        var path = Path.Join(folder, "locks", "ab", "x.lock");

        // The old code took every IO error for "held by someone" and retried for ever: the bound turns that into a failure.
        var ex = await Assert.ThrowsAsync<DataTasksException>(() => FileLock.AcquireAsync(path, CancellationToken.None).WaitAsync(Generous));
        Assert.AreEqual(ErrorCodes.IoError, ex.Code);
        Assert.Contains(path, ex.Message);
    }

    [TestMethod]
    public async Task AcquireAsync_HeldForOverASecond_ReportsThePidAndHostOfTheHolderOnce()
    {
        using var dir = new TempDir();
        var path = dir.Combine("a.lock");
        var first = FileLock.TryAcquire(path)!;
        var notices = new System.Collections.Concurrent.ConcurrentQueue<DataTasksException>();
        Task<FileLock> waiting;
        using (RunningNotices.Listen(notices.Enqueue))
        {
            waiting = FileLock.AcquireAsync(path, CancellationToken.None);
        }

        var deadline = DateTime.UtcNow + Generous;
        while (notices.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        // Long enough for a second notice, were it repeated.
        await Task.Delay(1500);
        first.Dispose();
        using var second = await waiting.WaitAsync(Generous);

        var notice = notices.Single();
        Assert.AreEqual(ErrorCodes.WaitingForLock, notice.Code);
        Assert.AreEqual($"waiting for a lock held by pid {Environment.ProcessId} on host {Environment.MachineName} ({path})", notice.Message);
    }
}
