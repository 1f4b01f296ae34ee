using System.Diagnostics;
using System.Text;
using System.Text.Json;
using DataTasks.Core.Storage;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Storage;

/// <summary>
/// Issue 15: the holder record in a lock file (pid, host, start time, heartbeat) and how a waiter that gets the OS lock
/// judges a record left behind: a dead pid on this host or a stale heartbeat from another host is taken over (DT1020),
/// a live holder is waited for, an unreadable record never crashes.
/// </summary>
[TestClass]
public sealed class LockRecordTests
{
    [TestMethod]
    public void HeldLock_RecordIsJsonWithPidHostStartAndHeartbeat_PaddedToOneFixedSize()
    {
        using var dir = new TempDir();
        var path = dir.Combine("a.lock");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var held = FileLock.TryAcquire(path)!;

        var bytes = ReadShared(path);
        Assert.AreEqual(LockHolder.RecordBytes, bytes.Length, "every record has one size, so a rewrite never shortens the file under a reader");
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(bytes).Trim());
        Assert.AreEqual(Environment.ProcessId, doc.RootElement.GetProperty("pid").GetInt32());
        Assert.AreEqual(Environment.MachineName, doc.RootElement.GetProperty("host").GetString());
        var started = DateTimeOffset.Parse(doc.RootElement.GetProperty("started").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.IsTrue(started >= before && started <= DateTimeOffset.UtcNow.AddSeconds(1), started.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual(doc.RootElement.GetProperty("started").GetString(), doc.RootElement.GetProperty("heartbeat").GetString());
    }

    [TestMethod]
    public async Task HeldLock_RefreshesItsHeartbeat_AndStopsWhenReleased()
    {
        using var dir = new TempDir();
        var path = dir.Combine("a.lock");
        var held = FileLock.TryAcquire(path, TimeSpan.FromMilliseconds(100))!;
        var first = LockHolder.TryRead(path)!;

        var deadline = Stopwatch.StartNew();
        LockHolder? later = first;
        while (later!.Heartbeat == first.Heartbeat && deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50);
            later = LockHolder.TryRead(path) ?? later;
        }

        Assert.IsTrue(later.Heartbeat > first.Heartbeat, "the heartbeat never moved");
        Assert.AreEqual(first.Started, later.Started, "the start time is the lock's, not the beat's");
        held.Dispose();
        await Task.Delay(300);
        Assert.AreEqual(0, new FileInfo(path).Length, "a heartbeat after the release wrote the record back");
    }

    [TestMethod]
    public void LockLeftByADeadPidOnThisHost_IsTakenOverWithDT1020()
    {
        using var dir = new TempDir();
        var path = dir.Combine("a.lock");
        var pid = DeadPid();
        var now = DateTimeOffset.UtcNow;
        File.WriteAllBytes(path, new LockHolder(pid, Environment.MachineName, now.AddMinutes(-5), now.AddMinutes(-5)).ToRecord());

        var notices = Capture(() => FileLock.TryAcquire(path), out var held);

        Assert.IsNotNull(held, "a lock whose holder is dead was not taken over");
        held.Dispose();
        var notice = notices.Single();
        Assert.AreEqual(ErrorCodes.StaleLockTakenOver, notice.Code);
        Assert.AreEqual($"took over a stale lock held by pid {pid} on host {Environment.MachineName} (pid {pid} is not running) ({path})", notice.Message);
    }

    [TestMethod]
    public void LockOfALivePidOnThisHost_IsNotTakenOver_EvenWithAnOldHeartbeat()
    {
        using var dir = new TempDir();
        var path = dir.Combine("a.lock");
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            // The OS lock is free (no one opened the file), as on a file system that ignores flock: the record decides.
            var now = DateTimeOffset.UtcNow.AddSeconds(1);
            File.WriteAllBytes(path, new LockHolder(sleeper.Id, Environment.MachineName, now, now.AddHours(-1)).ToRecord());

            var notices = Capture(() => FileLock.TryAcquire(path), out var held);

            Assert.IsNull(held, "took the lock of a live holder");
            Assert.IsEmpty(notices);
            Assert.AreEqual(sleeper.Id, LockHolder.TryRead(path)!.ProcessId, "the live holder's record was overwritten");
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }

        using var after = FileLock.TryAcquire(path);
        Assert.IsNotNull(after, "still refused once the holder died");
    }

    [TestMethod]
    public void LockOfALivePidStartedAfterTheLock_IsAReusedPid_AndTakenOver()
    {
        using var dir = new TempDir();
        var path = dir.Combine("a.lock");
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            var longAgo = DateTimeOffset.UtcNow.AddHours(-1);
            File.WriteAllBytes(path, new LockHolder(sleeper.Id, Environment.MachineName, longAgo, longAgo).ToRecord());

            Capture(() => FileLock.TryAcquire(path), out var held);

            Assert.IsNotNull(held, "a pid that now names a younger process is not the holder");
            held.Dispose();
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }

    [TestMethod]
    [DataRow(5, false, DisplayName = "fresh heartbeat: live holder, wait")]
    [DataRow(60, true, DisplayName = "heartbeat older than the stale age: taken over")]
    public void LockOfAnotherHost_IsJudgedByItsHeartbeat(int heartbeatAgeSeconds, bool takenOver)
    {
        using var dir = new TempDir();
        var path = dir.Combine("a.lock");
        var now = DateTimeOffset.UtcNow;

        // Pid 1 runs here; on the other host it is only a number, so only the heartbeat can count.
        File.WriteAllBytes(path, new LockHolder(1, "other-host.example", now.AddMinutes(-10), now.AddSeconds(-heartbeatAgeSeconds)).ToRecord());

        var notices = Capture(() => FileLock.TryAcquire(path), out var held);

        Assert.AreEqual(takenOver, held is not null);
        if (takenOver)
        {
            Assert.IsTrue(held!.MayBeShared, "a take-over on a heartbeat's word may still share the lock with a slow holder");
            held.Dispose();
            StringAssert.Contains(notices.Single().Message, "pid 1 on host other-host.example (its last heartbeat is 60 s old)");
        }
        else
        {
            Assert.IsEmpty(notices);
        }
    }

    [TestMethod]
    [DataRow("garbage \u0001\u0002", DisplayName = "binary garbage")]
    [DataRow("{\"pid\": 12", DisplayName = "a torn record")]
    [DataRow("1234 somehost\n", DisplayName = "the old pid-host format")]
    [DataRow("{\"pid\": -3, \"host\": \"h\", \"started\": \"x\", \"heartbeat\": \"y\"}", DisplayName = "nonsense values")]
    public void CorruptLockFile_IsTreatedAsStale_NotACrash(string content)
    {
        using var dir = new TempDir();
        var path = dir.Combine("a.lock");
        File.WriteAllText(path, content + new string('x', 2000));

        var notices = Capture(() => FileLock.TryAcquire(path), out var held);

        Assert.IsNotNull(held);
        Assert.AreEqual(Environment.ProcessId, LockHolder.TryRead(path)!.ProcessId, "the taker's own record replaced the garbage");
        held.Dispose();
        Assert.AreEqual(ErrorCodes.StaleLockTakenOver, notices.Single().Code);
        StringAssert.Contains(notices.Single().Message, "its holder record is unreadable");
    }

    [TestMethod]
    public void LockHeldThroughTheOsLock_IsNeverTakenOver_WhateverItsRecordSays()
    {
        using var dir = new TempDir();
        var path = dir.Combine("a.lock");
        using var held = FileLock.TryAcquire(path)!;

        // Even a record that would be stale does not matter while the OS lock is held.
        Assert.IsNull(FileLock.TryAcquire(path));
    }

    private static List<DataTasksException> Capture(Func<FileLock?> acquire, out FileLock? held)
    {
        var notices = new List<DataTasksException>();
        using (RunningNotices.Listen(notices.Add))
        {
            held = acquire();
        }

        return notices;
    }

    /// <summary>The pid of a process that has exited (and been reaped).</summary>
    private static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }

    /// <summary>
    /// The bytes of a held lock file, read by cat: .NET takes a shared flock on every open, which the holder's exclusive
    /// one refuses.
    /// </summary>
    private static byte[] ReadShared(string path)
    {
        using var cat = Process.Start(new ProcessStartInfo("cat", path) { UseShellExecute = false, RedirectStandardOutput = true })!;
        using var ms = new MemoryStream();
        cat.StandardOutput.BaseStream.CopyTo(ms);
        cat.WaitForExit();
        return ms.ToArray();
    }
}
