using System.Diagnostics;
using LogWarden.Collect;
using LogWarden.Collect.Files;
using LogWarden.Parse;

namespace LogWarden.Tests.Collect.Files;

public sealed class FileSourceTests
{
    [Fact]
    public async Task Appended_lines_are_read_as_they_are_written_with_the_stream_labels()
    {
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "*.log")]) with
        {
            Labels = new Dictionary<string, string> { ["env"] = "test", ["path"] = "ignored" },
        });
        var first = LogWriter.Lines("app", 0, 3);
        string app = await harness.StartWithLinesAsync("app.log", first);

        var more = LogWriter.Lines("app", 3, 2);
        LogWriter.Append(app, more);
        await harness.WaitForRecordsAsync(5);

        Assert.Equal([.. first, .. more], harness.Store.Lines);
        var labels = harness.Store.Records[0].Labels;
        Assert.Equal("file", labels["job"]);
        Assert.Equal(app, labels["path"]);
        Assert.Equal("app.log", labels["filename"]);
        Assert.Equal("testhost", labels["host"]);
        Assert.Equal("test", labels["env"]);
        Assert.Equal([1L, 2, 3, 4, 5], harness.Store.Records.Select(r => r.Record.LineNumber));
        Assert.All(harness.Store.Records, r => Assert.Equal(app, r.Record.Source));
    }

    [Fact]
    public async Task A_line_is_read_only_once_its_newline_is_written()
    {
        await using var harness = new FileSourceHarness();
        string app = harness.PathOf("app.log");
        File.WriteAllText(app, "first line\nsecond li");
        harness.Start();
        await harness.WaitForRecordsAsync(1);
        // The partial line was there when "first line" was read; it must not come out cut in two.
        File.AppendAllText(app, "ne, finished\nthird line\n");
        await harness.WaitForRecordsAsync(3);

        Assert.Equal(["first line", "second line, finished", "third line"], harness.Store.Lines);
    }

    [Fact]
    public async Task Multiline_records_are_joined_and_the_last_one_is_flushed_when_idle()
    {
        await using var harness = new FileSourceHarness();
        string app = harness.PathOf("app.log");
        string[] trace =
        [
            "2024-05-01 10:00:00,000 ERROR [main] Failed to handle request",
            "java.lang.IllegalStateException: boom",
            "\tat com.example.Handler.handle(Handler.java:42)",
            "\tat com.example.Server.run(Server.java:7)",
        ];
        LogWriter.Append(app, ["2024-05-01 09:59:59,000 INFO [main] Starting", .. trace]);
        harness.Start();
        await harness.WaitForRecordsAsync(2); // the trace has no successor: only the idle timeout completes it

        Assert.Equal(["2024-05-01 09:59:59,000 INFO [main] Starting", string.Join('\n', trace)], harness.Store.Lines);
        Assert.Equal(Severity.Error, harness.Store.Records[1].Record.Level);
        long fileLength = new FileInfo(app).Length;
        await harness.WaitUntilAsync(() => harness.Store.FileCheckpoints().Values.Single().Offset == fileLength, "the checkpoint past the flushed record");
    }

    [Fact]
    public async Task The_last_line_of_a_one_line_per_record_file_is_not_held_for_the_multiline_window()
    {
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "*.log")]) with
        {
            MultilineFlushAfter = TimeSpan.FromHours(1), // a file with continuation lines would hold its last record this long
            SingleLineFlushAfter = TimeSpan.FromMilliseconds(50),
        });
        string auth = harness.PathOf("auth.log");
        LogWriter.Append(auth, ["Mar  3 10:00:01 web1 sshd[311]: Failed password for root from 203.0.113.7 port 5122 ssh2"]);
        harness.Start();

        await harness.WaitForRecordsAsync(1); // an hour's wait would time this out
        Assert.Equal(["Mar  3 10:00:01 web1 sshd[311]: Failed password for root from 203.0.113.7 port 5122 ssh2"], harness.Store.Lines);
    }

    [Fact]
    public async Task A_file_that_has_had_continuation_lines_keeps_waiting_for_them_after_its_last_line()
    {
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "*.log")]) with
        {
            MultilineFlushAfter = TimeSpan.FromHours(1),
            SingleLineFlushAfter = TimeSpan.FromMilliseconds(50),
        });
        string app = harness.PathOf("app.log");
        string other = harness.PathOf("other.log");
        LogWriter.Append(app, ["2024-05-01 10:00:00,000 ERROR [main] first failure", "\tat a.B.c(B.java:1)", "2024-05-01 10:00:01,000 ERROR [main] second failure"]);
        harness.Start();
        await harness.WaitForRecordsAsync(1); // the first record, completed by the second

        // A one-line file written afterwards is flushed after the short wait; the stack-trace file's open record is not.
        LogWriter.Append(other, ["2024-05-01 10:00:02,000 INFO [main] unrelated"]);
        await harness.WaitUntilAsync(() => harness.Store.Lines.Contains("2024-05-01 10:00:02,000 INFO [main] unrelated"), "the one-line file's record");
        LogWriter.Append(app, ["\tat a.B.d(B.java:2)", "2024-05-01 10:00:03,000 INFO [main] recovered"]);
        await harness.WaitUntilAsync(() => harness.Store.Lines.Count == 3, "the second failure, completed by the next record");

        Assert.Contains("2024-05-01 10:00:01,000 ERROR [main] second failure\n\tat a.B.d(B.java:2)", harness.Store.Lines);
    }

    [Fact]
    public async Task Checkpoint_of_an_open_multiline_record_is_its_first_line_and_a_restart_reads_it_once()
    {
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "*.log")]) with
        {
            MultilineFlushAfter = TimeSpan.FromHours(1), // only the next record completes one
            SingleLineFlushAfter = TimeSpan.FromHours(1),
        });
        string app = harness.PathOf("app.log");
        string first = "2024-05-01 10:00:00,000 ERROR [main] first failure\n\tat a.B.c(B.java:1)\n";
        string second = "2024-05-01 10:00:01,000 ERROR [main] second failure\n\tat a.B.d(B.java:2)\n";
        File.WriteAllText(app, first + second);
        harness.Start();
        await harness.WaitForRecordsAsync(1);
        await harness.WaitUntilAsync(() => harness.Store.FileCheckpoints().Count == 1, "a checkpoint");

        var checkpoint = harness.Store.FileCheckpoints().Values.Single();
        Assert.Equal(first.Length, checkpoint.Offset); // the open record's first line, not the end of what was read
        Assert.Equal(2, checkpoint.Line);

        await harness.RestartAsync();
        File.AppendAllText(app, "2024-05-01 10:00:02,000 INFO [main] recovered\n");
        await harness.WaitForRecordsAsync(2);
        await harness.StopAsync();

        Assert.Equal([first.TrimEnd('\n'), second.TrimEnd('\n')], harness.Store.Lines);
        Assert.Equal([1L, 3], harness.Store.Records.Select(r => r.Record.LineNumber));
    }

    [Fact]
    public async Task Format_is_detected_per_file_and_kept_across_a_restart()
    {
        await using var harness = new FileSourceHarness();
        string syslog = harness.PathOf("auth.log");
        string json = harness.PathOf("app.log");
        LogWriter.Append(syslog, ["Mar  3 10:00:01 web1 sshd[311]: Accepted publickey for root from 10.0.0.2 port 5122 ssh2"]);
        LogWriter.Append(json, ["{\"level\":\"warn\",\"msg\":\"disk almost full\",\"time\":\"2024-03-03T10:00:00Z\"}"]);
        harness.Start();
        await harness.WaitForRecordsAsync(2);
        await harness.RestartAsync();
        // Alone, this line would be detected as plain text; the checkpoint keeps the file's format.
        LogWriter.Append(json, ["{\"level\":\"error\",\"msg\":\"disk full\"}"]);
        await harness.WaitForRecordsAsync(3);

        var records = harness.Store.Records.ToDictionary(r => r.Record.Raw, r => r.Record);
        Assert.Equal("sshd", records.Single(r => r.Key.Contains("sshd", StringComparison.Ordinal)).Value.Program);
        Assert.Equal("disk almost full", records.Single(r => r.Key.Contains("almost", StringComparison.Ordinal)).Value.Message);
        var afterRestart = records.Single(r => r.Key.Contains("\"disk full", StringComparison.Ordinal)).Value;
        Assert.Equal("disk full", afterRestart.Message);
        Assert.Equal(Severity.Error, afterRestart.Level);
        Assert.Contains(harness.Store.FileCheckpoints().Values, c => c.Format == "json");
        Assert.Contains(harness.Store.FileCheckpoints().Values, c => c.Format == "syslog");
    }

    private const string IisHeader = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";

    private static string IisLine(int second, string client) =>
        $"2024-05-02 08:12:{second:00} 192.0.2.230 GET /owa/ - 443 - {client} Mozilla/5.0 - 200 0 0 12";

    [Fact]
    public async Task A_w3c_log_resumed_after_a_restart_reads_its_lines_by_the_header_written_before_the_checkpoint()
    {
        await using var harness = new FileSourceHarness();
        string log = harness.PathOf("u_ex240502.log");
        LogWriter.Append(log, ["#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0", IisHeader, IisLine(1, "203.0.113.1")]);
        harness.Start();
        await harness.WaitForRecordsAsync(4);
        await harness.RestartAsync();
        LogWriter.Append(log, [IisLine(2, "203.0.113.2")]);
        await harness.WaitForRecordsAsync(5);

        var resumed = harness.Store.Records.Single(r => r.Record.Raw.Contains("203.0.113.2", StringComparison.Ordinal)).Record;
        Assert.True(resumed.Columnar);
        Assert.Contains(resumed.Fields, f => f is { Key: "c-ip", Value: "203.0.113.2" });
        Assert.Contains(harness.Store.FileCheckpoints().Values, c => c.Format == "w3c");
        Assert.Equal(5, harness.Store.Records.Count); // the header lines read again are not records again
    }

    /// <summary>The system clock moved on by <see cref="Shift"/>: a decode context's hour passes at once, timers run as ever.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Shift { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Shift;
    }

    [Fact]
    public async Task A_w3c_logs_columns_outlive_the_hourly_renewal_of_its_decode_context()
    {
        var clock = new ShiftedClock();
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "*.log")]) with { TimeProvider = clock });
        string log = harness.PathOf("u_ex240502.log");
        LogWriter.Append(log, ["#Version: 1.0", IisHeader, IisLine(1, "203.0.113.1")]);
        harness.Start();
        await harness.WaitForRecordsAsync(3);
        clock.Shift = TimeSpan.FromHours(2); // the file idles past the context's lifetime
        await Task.Delay(200);
        LogWriter.Append(log, [IisLine(2, "203.0.113.2")]);
        await harness.WaitForRecordsAsync(4);

        var later = harness.Store.Records.Single(r => r.Record.Raw.Contains("203.0.113.2", StringComparison.Ordinal)).Record;
        Assert.Contains(later.Fields, f => f is { Key: "c-ip", Value: "203.0.113.2" });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task Stopping_after_any_batch_and_restarting_loses_and_repeats_no_line(int batchesPerRun)
    {
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "*.log")]) with
        {
            MaxBatchRecords = 17,
        });
        var expected = new List<string>();
        for (int file = 0; file < 3; file++)
        {
            var lines = LogWriter.Lines($"f{file}", 0, 150);
            LogWriter.Append(harness.PathOf($"f{file}.log"), lines);
            expected.AddRange(lines);
        }

        // Each run accepts a few batches, then refuses the next one by stopping: a daemon killed mid-stream.
        int accepted = 0;
        var runStopped = new TaskCompletionSource();
        harness.Store.BeforeAccept = (batch, token) =>
        {
            if (++accepted % (batchesPerRun + 1) == 0)
            {
                harness.CancelRun();
                runStopped.TrySetResult();
                token.ThrowIfCancellationRequested();
            }

            return ValueTask.CompletedTask;
        };
        for (int run = 0; run < 200 && harness.Store.Records.Count < expected.Count; run++)
        {
            runStopped = new TaskCompletionSource();
            harness.Start();
            await Task.WhenAny(runStopped.Task, harness.WaitUntilAsync(() => harness.Store.Records.Count >= expected.Count, "all lines"));
            await harness.StopAsync();
        }

        LineAssert.EachOnce(expected, harness.Store.Lines, string.Join('\n', harness.Logger.Entries.TakeLast(30).Select(e => e.Message)));
    }

    [Fact]
    public async Task Following_a_log_never_stops_a_dotnet_program_from_opening_it_exclusively()
    {
        await using var harness = new FileSourceHarness();
        string app = harness.PathOf("app.log");
        using (var held = new FileStream(app, FileMode.Append, FileAccess.Write, FileShare.None))
        {
            held.Write("written while held exclusively\n"u8);
            held.Flush();
            harness.Start(); // the file is found and read while its writer holds it
            await harness.WaitForRecordsAsync(1);
        }

        // Now we hold the file open; the program restarts and opens its log exclusively again.
        using (var reopened = new FileStream(app, FileMode.Append, FileAccess.Write, FileShare.None))
        {
            reopened.Write("after the program reopened it\n"u8);
        }

        await harness.WaitForRecordsAsync(2);
        Assert.Equal(["written while held exclusively", "after the program reopened it"], harness.Store.Lines);
    }

    [Fact]
    public async Task A_full_sink_stops_reading_so_memory_stays_bounded()
    {
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "*.log")]) with
        {
            MaxBatchRecords = 100,
        });
        LogWriter.Append(harness.PathOf("big.log"), LogWriter.Lines("big", 0, 20_000));
        var gate = new SemaphoreSlim(0);
        harness.Store.BeforeAccept = async (batch, token) =>
        {
            if (batch.Records.Count > 0)
            {
                await gate.WaitAsync(token);
            }
        };
        harness.Start();
        await harness.WaitUntilAsync(() => harness.Source!.Stats.Records >= 100, "the first batch");
        await Task.Delay(200); // give a misbehaving source time to read ahead

        // One batch waits in the sink; the reader may have the next one's lines and one read chunk, no more.
        Assert.InRange(harness.Source!.Stats.Lines, 100, 100 + 100 + 2000);
        gate.Release(10_000);
        await harness.WaitForRecordsAsync(20_000);
        Assert.All(harness.Store.Batches, b => Assert.InRange(b.Records.Count, 0, 100));
    }

    [Fact]
    public async Task A_thousand_files_are_followed_by_one_loop_without_a_thread_each()
    {
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "**", "*.log")]) with
        {
            PollInterval = TimeSpan.FromMilliseconds(50),
        });
        for (int i = 0; i < 1000; i++)
        {
            string dir = harness.PathOf($"d{i % 10}");
            Directory.CreateDirectory(dir);
            LogWriter.Append(Path.Combine(dir, $"f{i}.log"), [$"file {i} says hello"]);
        }

        int threadsBefore = Process.GetCurrentProcess().Threads.Count;
        harness.Start();
        await harness.WaitForRecordsAsync(1000);
        LogWriter.Append(harness.PathOf("d3/f503.log"), ["file 503 again"]);
        await harness.WaitForRecordsAsync(1001);

        Assert.InRange(Process.GetCurrentProcess().Threads.Count - threadsBefore, -100, 50);
        Assert.Equal(1001, harness.Store.Lines.Distinct().Count());
        Assert.Equal(1000, harness.Source!.Stats.FilesOpened);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Unreadable_paths_are_counted_and_logged_and_other_files_are_still_read()
    {
        await using var harness = new FileSourceHarness();
        string dir = harness.Directory.Path;
        File.CreateSymbolicLink(Path.Combine(dir, "loop-a.log"), Path.Combine(dir, "loop-b.log"));
        File.CreateSymbolicLink(Path.Combine(dir, "loop-b.log"), Path.Combine(dir, "loop-a.log"));
        File.CreateSymbolicLink(Path.Combine(dir, "dangling.log"), Path.Combine(dir, "nowhere"));
        Directory.CreateDirectory(Path.Combine(dir, "a-directory.log"));
        MakeFifo(Path.Combine(dir, "pipe.log")); // opening it would block the loop forever
        string secret = harness.PathOf("secret.log");
        LogWriter.Append(secret, ["top secret"]);
        File.SetUnixFileMode(secret, UnixFileMode.None); // unreadable, except to root
        LogWriter.Append(harness.PathOf("good.log"), ["still read"]);
        harness.Start();

        await harness.WaitUntilAsync(() => harness.Store.Lines.Contains("still read"), "the good file");
        await harness.WaitUntilAsync(() => harness.Source!.Stats.Errors >= 2, "errors counted (the symlink loop)");
        LogWriter.Append(harness.PathOf("good.log"), ["and read on"]);
        await harness.WaitUntilAsync(() => harness.Store.Lines.Contains("and read on"), "the good file after the errors");

        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("loop-a.log", StringComparison.Ordinal));
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("pipe.log", StringComparison.Ordinal) && e.Message.Contains("not a regular file", StringComparison.Ordinal));
        bool root = Environment.UserName == "root";
        Assert.Equal(root, harness.Store.Lines.Contains("top secret"));
        if (!root)
        {
            Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("secret.log", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Binary_files_matched_by_a_pattern_are_skipped()
    {
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "*")]));
        var random = new Random(7);
        byte[] wtmp = new byte[4096];
        random.NextBytes(wtmp);
        File.WriteAllBytes(harness.PathOf("wtmp"), wtmp);
        LogWriter.Append(harness.PathOf("messages"), ["plain text"]);
        harness.Start();
        await harness.WaitUntilAsync(() => harness.Source!.Stats.FilesSkipped == 1 && harness.Store.Records.Count == 1, "one file read, one skipped");

        Assert.Equal(["plain text"], harness.Store.Lines);
    }

    [Fact]
    public async Task Directory_events_wake_the_source_long_before_its_poll_interval()
    {
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "*.log")]) with
        {
            PollInterval = TimeSpan.FromHours(1),
            RescanInterval = TimeSpan.FromHours(1),
            WatchDirectories = true,
        });
        LogWriter.Append(harness.PathOf("old.log"), ["there before the start"]);
        harness.Start();
        await harness.WaitForRecordsAsync(1); // the first round is done: now the loop sleeps for an hour unless inotify wakes it
        LogWriter.Append(harness.PathOf("new.log"), ["created after start"]);
        await harness.WaitForRecordsAsync(2);
        LogWriter.Append(harness.PathOf("new.log"), ["appended"]);
        await harness.WaitForRecordsAsync(3);

        Assert.Equal(["there before the start", "created after start", "appended"], harness.Store.Lines);
    }

    [Fact]
    public async Task Two_file_sources_sharing_an_id_leave_each_others_files_and_checkpoints_alone()
    {
        await using var first = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "a*.log")]));
        var secondOptions = FileSourceHarness.Fast([Path.Combine(first.Directory.Path, "b*.log")]);
        LogWriter.Append(first.PathOf("a.log"), ["a1"]);
        LogWriter.Append(first.PathOf("b.log"), ["b1"]);
        for (int run = 0; run < 2; run++)
        {
            using var stopSecond = new CancellationTokenSource();
            var second = new FileSource(secondOptions, new ListLogger());
            var secondRun = Task.Run(() => second.RunAsync(first.Store, first.Store, stopSecond.Token));
            first.Start();
            await first.WaitForRecordsAsync(2 * (run + 1));
            await first.WaitForCheckpointsAsync(2);
            await first.StopAsync();
            await stopSecond.CancelAsync();
            await secondRun;
            if (run == 0)
            {
                LogWriter.Append(first.PathOf("a.log"), ["a2"]);
                LogWriter.Append(first.PathOf("b.log"), ["b2"]);
            }
        }

        Assert.Equal(["a1", "a2", "b1", "b2"], first.Store.Lines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_checkpoint_is_json_keyed_by_device_and_inode_with_offset_and_fingerprint()
    {
        await using var harness = new FileSourceHarness();
        string app = harness.PathOf("app.log");
        LogWriter.Append(app, LogWriter.Lines("app", 0, 40));
        harness.Start();
        await harness.WaitForRecordsAsync(40);
        long length = new FileInfo(app).Length;
        await harness.WaitUntilAsync(() => harness.Store.FileCheckpoints().Values.SingleOrDefault()?.Offset == length, "the checkpoint at the end");

        var identity = FileStatusReader.TryGet(app)!.Value.Identity;
        string json = harness.Store.Get("file", identity.Key)!;
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(app, root.GetProperty("path").GetString());
        Assert.Equal(identity.Device, root.GetProperty("device").GetUInt64());
        Assert.Equal(identity.Inode, root.GetProperty("inode").GetUInt64());
        Assert.Equal(length, root.GetProperty("offset").GetInt64());
        Assert.Equal(40, root.GetProperty("line").GetInt64());
        Assert.Equal(1024, root.GetProperty("fingerprintLength").GetInt32());
        byte[] prefix = File.ReadAllBytes(app)[..1024];
        Assert.Equal(ContentFingerprint.Of(prefix).HashText, root.GetProperty("fingerprint").GetString());
    }

    [Theory]
    [InlineData("Include")]
    [InlineData("PollInterval")]
    [InlineData("FingerprintBytes")]
    [InlineData("Labels")]
    [InlineData("Format")]
    public void Invalid_options_are_rejected_naming_the_setting(string setting)
    {
        var valid = FileSourceHarness.Fast(["/var/log/*.log"]);
        var invalid = setting switch
        {
            "Include" => valid with { Include = [] },
            "PollInterval" => valid with { PollInterval = TimeSpan.Zero },
            "FingerprintBytes" => valid with { FingerprintBytes = 4 },
            "Labels" => valid with { Labels = new Dictionary<string, string> { ["1bad"] = "x" } },
            _ => valid with { Format = "no-such-format" },
        };

        var error = Assert.ThrowsAny<ArgumentException>(() => new FileSource(invalid, new ListLogger()));
        if (setting != "Format")
        {
            Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        }
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
