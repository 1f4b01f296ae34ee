using System.Net;
using System.Net.Sockets;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.S3;

/// <summary>
/// Proves the S3 test harness on its own, with no DataTasks S3 code: s3rver starts, answers and stores objects where
/// the tests look for them; the proxy forwards bodies unchanged (Content-Length, chunked, Expect: 100-continue),
/// counts requests and injects exactly the faults it is told to; s3rver restarts on its port with its data.
/// s3rver accepts anonymous (unsigned) requests, which is what these use.
/// </summary>
[TestClass]
public sealed class S3HarnessTests
{
    public TestContext TestContext { get; set; } = null!;

    private static async Task<(TempRepo Dir, S3rverServer Server, S3Proxy Proxy)> StartAsync()
    {
        var dir = TempRepo.CreateBare();
        try
        {
            var server = await S3rverServer.StartAsync(Path.Join(dir.Base, "s3rver-data"));
            return (dir, server, S3Proxy.Start(server.Port));
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    private static async Task StopAsync((TempRepo Dir, S3rverServer Server, S3Proxy Proxy) h)
    {
        await h.Proxy.DisposeAsync();
        await h.Server.DisposeAsync();
        h.Dir.Dispose();
        Assert.IsFalse(Directory.Exists(h.Server.DataDirectory), "the data folder is deleted");
    }

    [TestMethod]
    public async Task S3rver_ListsItsBucket_ThroughTheProxy_AndEveryRequestIsCounted()
    {
        var h = await StartAsync();
        try
        {
            Assert.AreNotEqual(h.Server.Port, h.Proxy.Port);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var listing = await http.GetStringAsync($"{h.Proxy.Endpoint}/", TestContext.CancellationToken);
            StringAssert.Contains(listing, "<ListAllMyBucketsResult");
            StringAssert.Contains(listing, $"<Name>{h.Server.Bucket}</Name>");

            using var missing = new HttpRequestMessage(HttpMethod.Head, $"{h.Proxy.Endpoint}/{h.Server.Bucket}/no/such/key");
            using var missingResponse = await http.SendAsync(missing, TestContext.CancellationToken);
            Assert.AreEqual(HttpStatusCode.NotFound, missingResponse.StatusCode);

            var requests = h.Proxy.Requests;
            Assert.HasCount(2, requests, S3Proxy.Describe(requests));
            Assert.AreEqual(("GET", "/", 200), (requests[0].Method, requests[0].Target, requests[0].Status));
            Assert.AreEqual(("HEAD", 404), (requests[1].Method, requests[1].Status));
            Assert.IsTrue(requests.All(r => r.Fault is null));
            Assert.AreEqual(2, h.Proxy.Mark());
        }
        finally
        {
            await StopAsync(h);
        }
    }

    [TestMethod]
    [DataRow("content-length", DisplayName = "Content-Length body")]
    [DataRow("chunked", DisplayName = "chunked body")]
    [DataRow("expect-100", DisplayName = "Expect: 100-continue")]
    public async Task PutGetHead_ThroughTheProxy_KeepTheBytes_AndS3rverStoresThemWhereTheTestsLook(string mode)
    {
        var h = await StartAsync();
        try
        {
            var bytes = TestBytes.Seeded(3_000_000, 11);
            var key = $"{S3World.Prefix}/{TestHash.Sha256(bytes)}";
            var url = $"{h.Proxy.Endpoint}/{h.Server.Bucket}/{key}";
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            using var put = new HttpRequestMessage(HttpMethod.Put, url);
            put.Content = mode == "chunked" ? new StreamContent(new NonSeekableStream(bytes)) : new ByteArrayContent(bytes);
            if (mode == "chunked")
            {
                put.Headers.TransferEncodingChunked = true;
            }

            if (mode == "expect-100")
            {
                put.Headers.ExpectContinue = true;
            }

            using (var response = await http.SendAsync(put, TestContext.CancellationToken))
            {
                Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.CancellationToken));
            }

            CollectionAssert.AreEqual(new[] { key }, h.Server.ListKeys());
            CollectionAssert.AreEqual(bytes, File.ReadAllBytes(h.Server.ObjectFile(key)), "s3rver stored the bytes unchanged");

            CollectionAssert.AreEqual(bytes, await http.GetByteArrayAsync(url, TestContext.CancellationToken), "GET through the proxy");
            using var head = new HttpRequestMessage(HttpMethod.Head, url);
            using (var response = await http.SendAsync(head, TestContext.CancellationToken))
            {
                Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
                Assert.AreEqual(bytes.Length, response.Content.Headers.ContentLength);
            }

            // The connection is kept alive across requests and the next one still works.
            CollectionAssert.AreEqual(bytes, await http.GetByteArrayAsync(url, TestContext.CancellationToken));
            var methods = h.Proxy.Requests.Select(r => $"{r.Method} {r.Status}").ToArray();
            CollectionAssert.AreEqual(new[] { "PUT 200", "GET 200", "HEAD 200", "GET 200" }, methods, S3Proxy.Describe(h.Proxy.Requests));
            Assert.HasCount(0, h.Proxy.Errors, string.Join('\n', h.Proxy.Errors));
        }
        finally
        {
            await StopAsync(h);
        }
    }

    [TestMethod]
    public async Task FaultPlan_InjectsStatusesDropsCutsAndDelays_OnFirstAttemptsOnly()
    {
        var h = await StartAsync();
        try
        {
            var bytes = TestBytes.Seeded(1_000_000, 12);
            await h.Server.PutObjectAsync("obj/a", bytes);
            await h.Server.PutObjectAsync("obj/b", bytes);
            await h.Server.PutObjectAsync("obj/c", bytes);
            await h.Server.PutObjectAsync("obj/d", bytes);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            string Url(string k) => $"{h.Proxy.Endpoint}/{h.Server.Bucket}/obj/{k}";

            // Every distinct request gets a 503 on its first attempt; the retry passes.
            h.Proxy.Faults = FaultPlan.None.Every(1, null, Fault.ServiceUnavailable);
            using (var first = await http.GetAsync(Url("a"), TestContext.CancellationToken))
            {
                Assert.AreEqual(HttpStatusCode.ServiceUnavailable, first.StatusCode);
                StringAssert.Contains(await first.Content.ReadAsStringAsync(TestContext.CancellationToken), "<Code>SlowDown</Code>");
            }

            CollectionAssert.AreEqual(bytes, await http.GetByteArrayAsync(Url("a"), TestContext.CancellationToken), "the retry passes");
            using (var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, Url("b")), TestContext.CancellationToken))
            {
                Assert.AreEqual(HttpStatusCode.ServiceUnavailable, head.StatusCode, "HEAD gets the injected status too");
            }

            // Every 2nd distinct GET is a 500; HEADs do not count for a GET rule.
            h.Proxy.Faults = FaultPlan.None.Every(2, "GET", Fault.InternalError);
            using (var ok = await http.GetAsync(Url("a"), TestContext.CancellationToken))
            {
                Assert.AreEqual(HttpStatusCode.OK, ok.StatusCode);
            }

            using (var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, Url("c")), TestContext.CancellationToken))
            {
                Assert.AreEqual(HttpStatusCode.OK, head.StatusCode);
            }

            using (var second = await http.GetAsync(Url("b"), TestContext.CancellationToken))
            {
                Assert.AreEqual(HttpStatusCode.InternalServerError, second.StatusCode);
            }

            // A cut-off response: the head and half the body arrive, then the connection closes.
            h.Proxy.Faults = FaultPlan.None.Every(1, "GET", new Fault.CutOff());
            var received = 0L;
            var cut = await Assert.ThrowsAsync<Exception>(async () =>
            {
                using var response = await http.GetAsync(Url("c"), HttpCompletionOption.ResponseHeadersRead, TestContext.CancellationToken);
                Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
                Assert.AreEqual(bytes.Length, response.Content.Headers.ContentLength);
                await using var body = await response.Content.ReadAsStreamAsync(TestContext.CancellationToken);
                var buffer = new byte[81920];
                int n;
                while ((n = await body.ReadAsync(buffer, TestContext.CancellationToken)) > 0)
                {
                    received += n;
                }
            });
            Assert.IsTrue(cut is IOException or HttpRequestException, cut.ToString());
            Assert.AreEqual(bytes.Length / 2, received, "exactly half the body arrived before the connection closed");
            CollectionAssert.AreEqual(bytes, await http.GetByteArrayAsync(Url("c"), TestContext.CancellationToken), "the retry passes");

            // A dropped connection: not one response byte (a raw socket, because SocketsHttpHandler would silently
            // retry a request whose connection fails before any response byte; the AWS SDK gets that retry too).
            h.Proxy.Faults = FaultPlan.None.Every(1, null, new Fault.Drop());
            using (var raw = new TcpClient())
            {
                await raw.ConnectAsync(IPAddress.Loopback, h.Proxy.Port, TestContext.CancellationToken);
                var stream = raw.GetStream();
                await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"GET /{h.Server.Bucket}/obj/d HTTP/1.1\r\nHost: 127.0.0.1:{h.Proxy.Port}\r\n\r\n"), TestContext.CancellationToken);
                var got = 0;
                try
                {
                    got = await stream.ReadAsync(new byte[1024], TestContext.CancellationToken);
                }
                catch (IOException)
                {
                    // reset: also no byte
                }

                Assert.AreEqual(0, got, "a dropped request gets no response byte");
            }

            CollectionAssert.AreEqual(bytes, await http.GetByteArrayAsync(Url("d"), TestContext.CancellationToken), "the retry passes");

            // A slow response still delivers every byte.
            h.Proxy.Faults = FaultPlan.None.Every(1, null, new Fault.Slow(TimeSpan.FromMilliseconds(200)));
            CollectionAssert.AreEqual(bytes, await http.GetByteArrayAsync(Url("a") + "?slow=1", TestContext.CancellationToken));

            var faults = h.Proxy.Requests.Where(r => r.Fault is not null).Select(r => $"{r.Method} {r.Target[(r.Target.LastIndexOf('/') + 1)..]} {r.Status} {r.Fault}").ToArray();
            CollectionAssert.AreEqual(
                new[] { "GET a 503 503 SlowDown", "HEAD b 503 503 SlowDown", "GET b 500 500 InternalError", "GET c 200 cut off", "GET d 0 drop", "GET a?slow=1 200 slow 200ms" },
                faults,
                S3Proxy.Describe(h.Proxy.Requests));
        }
        finally
        {
            await StopAsync(h);
        }
    }

    [TestMethod]
    public void FaultPlan_IsDeterministic_AndNeverFaultsARetryOrTheSamePartOfAnotherUpload()
    {
        var plan = FaultPlan.None.Every(2, "GET", new Fault.CutOff()).Every(3, null, Fault.ServiceUnavailable);
        var decisions = new List<string>();
        foreach (var (method, target) in new[]
                 {
                     ("HEAD", "/b/k1"), ("GET", "/b/k1"), ("GET", "/b/k2"), ("GET", "/b/k2"), ("PUT", "/b/k3?partNumber=1&uploadId=AAA"),
                     ("PUT", "/b/k3?uploadId=BBB&partNumber=1"), ("GET", "/b/k4"), ("GET", "/b/k5"), ("PUT", "/b/k3?partNumber=2&uploadId=BBB"),
                     ("HEAD", "/b/k6"), ("HEAD", "/b/k7"),
                 })
        {
            decisions.Add($"{method} {target}: {plan.Decide(method, target)?.ToString() ?? "-"}");
        }

        CollectionAssert.AreEqual(
            new[]
            {
                "HEAD /b/k1: -",
                "GET /b/k1: -",
                "GET /b/k2: cut off",           // 2nd distinct GET (also the 3rd distinct request: the first rule wins)
                "GET /b/k2: -",                 // a retry
                "PUT /b/k3?partNumber=1&uploadId=AAA: -",
                "PUT /b/k3?uploadId=BBB&partNumber=1: -", // the same part of a restarted upload
                "GET /b/k4: -",
                "GET /b/k5: cut off",           // 4th distinct GET
                "PUT /b/k3?partNumber=2&uploadId=BBB: -",
                "HEAD /b/k6: -",
                "HEAD /b/k7: 503 SlowDown",     // 9th distinct request
            },
            decisions);
    }

    [TestMethod]
    public async Task KilledS3rver_RefusesConnections_AndRestartsOnItsPortWithItsData()
    {
        var h = await StartAsync();
        try
        {
            var bytes = TestBytes.Seeded(100_000, 13);
            await h.Server.PutObjectAsync("kept/object", bytes);
            var port = h.Server.Port;

            await h.Server.KillAsync();
            Assert.IsFalse(h.Server.IsRunning);
            using (var tcp = new TcpClient())
            {
                await Assert.ThrowsAsync<SocketException>(async () => await tcp.ConnectAsync(IPAddress.Loopback, port, TestContext.CancellationToken));
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetByteArrayAsync($"{h.Proxy.Endpoint}/{h.Server.Bucket}/kept/object", TestContext.CancellationToken));
            Assert.IsTrue(h.Proxy.Errors.Any(e => e.Contains("cannot reach s3rver", StringComparison.Ordinal)), string.Join('\n', h.Proxy.Errors));

            await h.Server.RestartAsync();
            Assert.AreEqual(port, h.Server.Port);
            CollectionAssert.AreEqual(bytes, await http.GetByteArrayAsync($"{h.Proxy.Endpoint}/{h.Server.Bucket}/kept/object", TestContext.CancellationToken));
        }
        finally
        {
            await StopAsync(h);
        }
    }

    [TestMethod]
    public void MissingInstall_FailsWithTheInstallCommand_NeverSkips()
    {
        using var dir = TempRepo.CreateBare();
        File.WriteAllText(Path.Join(dir.Root, "package.json"), "{}");
        var ex = Assert.Throws<AssertFailedException>(() => S3Environment.CheckInstalled(dir.Root));
        StringAssert.Contains(ex.Message, "npm ci --prefix tests/s3rver");

        Directory.CreateDirectory(Path.Join(dir.Root, "node_modules", "s3rver"));
        File.WriteAllText(Path.Join(dir.Root, "node_modules", "s3rver", "package.json"), "{\"name\": \"s3rver\", \"version\": \"3.6.0\"}");
        ex = Assert.Throws<AssertFailedException>(() => S3Environment.CheckInstalled(dir.Root));
        StringAssert.Contains(ex.Message, "not s3rver 3.7.1");

        // The real install is there (the test above proves the check can fail; this proves it passes).
        StringAssert.EndsWith(S3Environment.CheckInstalled(S3Environment.S3rverFolder).Replace('\\', '/'), "tests/s3rver");
        Assert.IsTrue(File.Exists(S3Environment.Node));
    }

    /// <summary>A stream with no length, so HttpClient sends it chunked.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : Stream
    {
        private int position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 70_001), bytes.Length - position);
            Array.Copy(bytes, position, buffer, offset, n);
            position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
