using System.Text;
using LogWarden.Collect;
using LogWarden.Collect.Journal;
using LogWarden.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Collect.Journal;

public sealed class JournalSourceTests : IDisposable
{
    private readonly JournalFixture _journal = new();

    public void Dispose() => _journal.Dispose();

    private JournalSourceOptions Import() => new() { Directory = _journal.Directory, Follow = false, Host = "fallback-host" };

    private static ExportEntry SshLogin(long at) => ExportEntry.At(at, "Accepted publickey for deploy from 203.0.113.7 port 51022 ssh2")
        .Add("PRIORITY", "6")
        .Add("SYSLOG_IDENTIFIER", "sshd")
        .Add("_PID", "4242")
        .Add("_SYSTEMD_UNIT", "ssh.service");

    [Fact]
    public async Task Reads_every_entry_with_its_fields_labels_and_the_last_cursor_as_checkpoint()
    {
        _journal.Append(
            SshLogin(1_700_000_000),
            ExportEntry.At(1_700_000_001, "Out of memory: Killed process 812 (java)").Add("PRIORITY", "3").Add("_COMM", "kernel-ish"),
            ExportEntry.At(1_700_000_002, "no unit here", host: "db2").Add("SYSLOG_IDENTIFIER", "cron"));
        var source = new JournalSource(Import());
        var sink = new RecordingIngestSink();

        await source.RunAsync(sink, sink.Checkpoints, CancellationToken.None);

        var records = sink.Records;
        Assert.Equal(3, records.Count);
        var login = records[0].Record;
        Assert.Equal("Accepted publickey for deploy from 203.0.113.7 port 51022 ssh2", login.Message);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), login.Timestamp);
        Assert.Equal(Severity.Info, login.Level);
        Assert.Equal("web1", login.Host);
        Assert.Equal("sshd", login.Program);
        Assert.Equal(4242, login.Pid);
        Assert.Equal("""{host="web1",job="journal",unit="ssh.service"}""", records[0].Labels.Key);

        Assert.Equal(Severity.Error, records[1].Record.Level);
        Assert.Equal("kernel-ish", records[1].Record.Program);
        Assert.Equal("""{host="db2",job="journal"}""", records[2].Labels.Key);
        Assert.Equal("cron", records[2].Record.Program);

        string? cursor = sink.Checkpoints.Get("journal", JournalSource.CursorKey);
        Assert.NotNull(cursor);
        Assert.Equal(JournalEntryMapper.FindCursor(records[2].Record.Raw), cursor);
        Assert.Contains(";i=3;", cursor, StringComparison.Ordinal);
        Assert.Equal(new JournalSourceStats(1, 3, 0, null, null), source.Stats);
    }

    [Fact]
    public async Task Multi_line_message_stays_one_record()
    {
        _journal.Append(ExportEntry.At(1_700_000_000, "Unhandled exception\n   at Worker.Run()\n   at Program.Main()"));
        var sink = new RecordingIngestSink();

        await new JournalSource(Import()).RunAsync(sink, sink.Checkpoints, CancellationToken.None);

        var record = Assert.Single(sink.Records).Record;
        Assert.Equal("Unhandled exception\n   at Worker.Run()\n   at Program.Main()", record.Message);
        Assert.Equal("""{host="web1",job="journal"}""", Assert.Single(sink.Records).Labels.Key);
    }

    [Fact]
    public async Task Binary_message_given_as_a_byte_array_is_decoded_with_replacement_characters()
    {
        byte[] message = [.. "ok "u8, 0x01, 0xFF, .. " caf\u00e9"u8];
        _journal.Append(new ExportEntry()
            .Add("__REALTIME_TIMESTAMP", "1700000000000000")
            .Add("__MONOTONIC_TIMESTAMP", "1")
            .Add("_BOOT_ID", "0123456789abcdef0123456789abcdef")
            .Add("MESSAGE", message));
        var sink = new RecordingIngestSink();

        await new JournalSource(Import()).RunAsync(sink, sink.Checkpoints, CancellationToken.None);

        var record = Assert.Single(sink.Records);
        Assert.Contains("\"MESSAGE\":[111,107,32,1,255,", record.Record.Raw, StringComparison.Ordinal);
        Assert.Equal("ok \u0001\uFFFD café", record.Record.Message);
        Assert.Equal("""{host="fallback-host",job="journal"}""", record.Labels.Key);
    }

    [Fact]
    public async Task Restart_resumes_right_after_the_committed_cursor_with_no_loss_and_no_duplicate()
    {
        _journal.Append(SshLogin(1_700_000_000), SshLogin(1_700_000_001), SshLogin(1_700_000_002));
        var checkpoints = new InMemoryCheckpoints();
        var first = new RecordingIngestSink(checkpoints);
        await new JournalSource(Import()).RunAsync(first, checkpoints, CancellationToken.None);
        Assert.Equal(3, first.Records.Count);

        _journal.Append(ExportEntry.At(1_700_000_003, "fourth"), ExportEntry.At(1_700_000_004, "fifth"));
        var second = new RecordingIngestSink(checkpoints);
        await new JournalSource(Import()).RunAsync(second, checkpoints, CancellationToken.None);

        Assert.Equal(["fourth", "fifth"], second.Records.Select(r => r.Record.Message));
        Assert.Contains(";i=5;", checkpoints.Get("journal", JournalSource.CursorKey), StringComparison.Ordinal);

        var third = new RecordingIngestSink(checkpoints);
        await new JournalSource(Import()).RunAsync(third, checkpoints, CancellationToken.None);
        Assert.Empty(third.Records);
    }

    [Fact]
    public async Task Resume_reaches_entries_of_a_journal_file_added_later()
    {
        _journal.Append(ExportEntry.At(1_700_000_000, "old file"));
        var checkpoints = new InMemoryCheckpoints();
        await new JournalSource(Import()).RunAsync(new RecordingIngestSink(checkpoints), checkpoints, CancellationToken.None);

        _journal.AppendTo("second.journal", ExportEntry.At(1_700_000_100, "new file, later entry"));
        var sink = new RecordingIngestSink(checkpoints);
        await new JournalSource(Import()).RunAsync(sink, checkpoints, CancellationToken.None);

        Assert.Equal(["new file, later entry"], sink.Records.Select(r => r.Record.Message));
    }

    [Fact]
    public async Task Following_delivers_entries_appended_while_running_and_stops_on_cancel()
    {
        _journal.Append(ExportEntry.At(1_700_000_000, "before"));
        var checkpoints = new InMemoryCheckpoints();
        await new JournalSource(Import()).RunAsync(new RecordingIngestSink(checkpoints), checkpoints, CancellationToken.None);

        var sink = new RecordingIngestSink(checkpoints);
        var source = new JournalSource(Import() with { Follow = true });
        using var stop = new CancellationTokenSource();
        var running = source.RunAsync(sink, checkpoints, stop.Token);

        _journal.Append(ExportEntry.At(1_700_000_001, "live one"), ExportEntry.At(1_700_000_002, "live two"));
        await sink.WaitForRecordsAsync(2);
        _journal.Append(ExportEntry.At(1_700_000_003, "live three"));
        await sink.WaitForRecordsAsync(3);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["live one", "live two", "live three"], sink.Records.Select(r => r.Record.Message));
        Assert.Equal(1, source.Stats.Starts);
        Assert.Contains(";i=4;", checkpoints.Get("journal", JournalSource.CursorKey), StringComparison.Ordinal);
    }

    [Fact]
    public async Task First_run_starts_at_since_when_no_cursor_was_committed()
    {
        _journal.Append(ExportEntry.At(1_700_000_000, "too old"), ExportEntry.At(1_700_000_010, "recent"));
        var sink = new RecordingIngestSink();

        await new JournalSource(Import() with { Since = "@1700000005" }).RunAsync(sink, sink.Checkpoints, CancellationToken.None);

        Assert.Equal(["recent"], sink.Records.Select(r => r.Record.Message));
    }

    [Fact]
    public async Task Following_after_a_reboot_resumes_with_the_earlier_boots_entries_after_the_cursor()
    {
        // journalctl 251+ turns --follow into "this boot only" (with --directory: the journal's latest boot), so a
        // resume after a reboot would skip what the earlier boot logged after the checkpoint: its shutdown, or
        // the minutes before a crash. The same filter hides everything from a service whose /proc shows another
        // boot id than journald's (a systemd-nspawn container under the unit's ProtectKernelTunables=).
        const string earlierBoot = "0123456789abcdef0123456789abcdef";
        const string currentBoot = "fedcba9876543210fedcba9876543210";
        _journal.Append(
            ExportEntry.At(1_700_000_000, "checkpointed", bootId: earlierBoot),
            ExportEntry.At(1_700_000_001, "logged before the reboot", bootId: earlierBoot),
            ExportEntry.At(1_700_000_100, "logged after the reboot", bootId: currentBoot));
        var first = new RecordingIngestSink();
        await new JournalSource(Import()).RunAsync(first, first.Checkpoints, CancellationToken.None);
        var sink = new RecordingIngestSink();
        string cursor = JournalEntryMapper.FindCursor(first.Records[0].Record.Raw)!;
        sink.Checkpoints.Commit([new Checkpoint("journal", JournalSource.CursorKey, cursor)]);
        using var stop = new CancellationTokenSource();
        var running = new JournalSource(Import() with { Follow = true }).RunAsync(sink, sink.Checkpoints, stop.Token);

        await sink.WaitForRecordsAsync(2);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["logged before the reboot", "logged after the reboot"], sink.Records.Select(r => r.Record.Message));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Journalctl_that_exits_non_zero_is_started_again_and_resumes_after_the_last_cursor()
    {
        // A journalctl that dies after printing what it has: the real one without --follow, then exit 3.
        string wrapper = Path.Combine(_journal.TempPath, "dying-journalctl");
        File.WriteAllText(wrapper, """
            #!/bin/sh
            for a in "$@"; do [ "$a" = "--follow" ] || set -- "$@" "$a"; shift; done
            journalctl "$@"
            echo "journalctl: simulated crash" >&2
            exit 3
            """.Replace("\r", "", StringComparison.Ordinal));
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _journal.Append(ExportEntry.At(1_700_000_000, "one"), ExportEntry.At(1_700_000_001, "two"));
        var options = Import() with
        {
            Follow = true,
            Since = "@0",
            JournalctlPath = wrapper,
            RestartDelay = TimeSpan.FromMilliseconds(10),
            MaxRestartDelay = TimeSpan.FromMilliseconds(50),
        };
        var source = new JournalSource(options);
        var sink = new RecordingIngestSink();
        using var stop = new CancellationTokenSource();
        var running = source.RunAsync(sink, sink.Checkpoints, stop.Token);

        await sink.WaitForRecordsAsync(2);
        _journal.Append(ExportEntry.At(1_700_000_002, "three"));
        await sink.WaitForRecordsAsync(3);
        long startsSoFar = source.Stats.Starts;
        while (source.Stats.Starts < startsSoFar + 2)
        {
            await Task.Delay(10);
        }

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["one", "two", "three"], sink.Records.Select(r => r.Record.Message));
        Assert.StartsWith("journalctl exited with code 3: journalctl: simulated crash", source.Stats.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_that_journalctl_fails_records_its_error_and_returns()
    {
        var source = new JournalSource(Import() with { Directory = Path.Combine(_journal.TempPath, "no-such-dir") });
        var sink = new RecordingIngestSink();

        await source.RunAsync(sink, sink.Checkpoints, CancellationToken.None);

        Assert.Empty(sink.Records);
        Assert.Equal(1, source.Stats.Starts);
        Assert.Matches("^journalctl exited with code 1: .*no-such-dir", source.Stats.LastError);
    }

    [Fact]
    public async Task Missing_journalctl_is_reported_once_and_the_source_stops()
    {
        var source = new JournalSource(Import() with { Follow = true, JournalctlPath = Path.Combine(_journal.TempPath, "no-journalctl") });
        var sink = new RecordingIngestSink();

        await source.RunAsync(sink, sink.Checkpoints, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, source.Stats.Starts);
        Assert.Contains("no-journalctl could not be started", source.Stats.Unavailable, StringComparison.Ordinal);
        Assert.Empty(sink.Batches);
    }

    [Fact]
    public async Task Stored_value_that_is_not_a_cursor_is_ignored_instead_of_failing_every_start()
    {
        _journal.Append(ExportEntry.At(1_700_000_000, "one"));
        var checkpoints = new InMemoryCheckpoints();
        checkpoints.Commit([new Checkpoint("journal", JournalSource.CursorKey, "garbage\"--follow")]);
        var sink = new RecordingIngestSink(checkpoints);

        await new JournalSource(Import()).RunAsync(sink, checkpoints, CancellationToken.None);

        Assert.Equal(["one"], sink.Records.Select(r => r.Record.Message));
    }

    [Fact]
    public async Task Slow_sink_gets_bounded_batches_each_checkpointing_its_own_last_entry()
    {
        _journal.Append([.. Enumerable.Range(0, 20).Select(i => ExportEntry.At(1_700_000_000 + i, $"entry {i}"))]);
        var sink = new RecordingIngestSink { BeforeWrite = async (_, ct) => await Task.Delay(5, ct) };

        await new JournalSource(Import() with { BatchSize = 3 }).RunAsync(sink, sink.Checkpoints, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"entry {i}"), sink.Records.Select(r => r.Record.Message));
        Assert.All(sink.Batches, b => Assert.InRange(b.Records.Count, 1, 3));
        Assert.All(sink.Batches, b => Assert.Equal(JournalEntryMapper.FindCursor(b.Records[^1].Record.Raw), Assert.Single(b.Checkpoints).Value));
    }

    [Fact]
    public async Task Batch_the_sink_refuses_is_read_again_by_the_next_run()
    {
        _journal.Append(ExportEntry.At(1_700_000_000, "one"), ExportEntry.At(1_700_000_001, "two"));
        int writes = 0;
        var sink = new RecordingIngestSink
        {
            BeforeWrite = (_, _) => Interlocked.Increment(ref writes) == 1 ? throw new IOException("disk full") : ValueTask.CompletedTask,
        };
        var source = new JournalSource(Import() with { Follow = true, Since = "@0", RestartDelay = TimeSpan.FromMilliseconds(10) });
        using var stop = new CancellationTokenSource();
        var running = source.RunAsync(sink, sink.Checkpoints, stop.Token);

        await sink.WaitForRecordsAsync(2);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["one", "two"], sink.Records.Select(r => r.Record.Message));
        Assert.Equal(2, source.Stats.Starts);
        Assert.Equal("reading the journal failed: disk full", source.Stats.LastError);
    }

    [Fact]
    public async Task Entry_longer_than_the_line_limit_is_kept_as_plain_text_and_counted()
    {
        _journal.Append(ExportEntry.At(1_700_000_000, "short"), ExportEntry.At(1_700_000_001, new string('x', 5000)), ExportEntry.At(1_700_000_002, "after"));
        var source = new JournalSource(Import() with { MaxLineBytes = 2048 });
        var sink = new RecordingIngestSink();

        await source.RunAsync(sink, sink.Checkpoints, CancellationToken.None);

        Assert.Equal(3, sink.Records.Count);
        var cut = sink.Records[1].Record;
        Assert.True(cut.Truncated);
        Assert.Contains("…[truncated", cut.Message, StringComparison.Ordinal);
        Assert.Equal("after", sink.Records[2].Record.Message);
        Assert.Equal(1, source.Stats.UndecodableLines);
    }
}

public sealed class JournalctlArgumentsTests
{
    [Fact]
    public void Cursor_wins_over_since_and_reads_every_entry_after_it()
    {
        var arguments = JournalctlArguments.Build(new JournalSourceOptions { Since = "-1h", Units = ["ssh.service", "nginx.service"], CurrentBootOnly = true }, "s=ab;i=5");

        Assert.Contains("--after-cursor=s=ab;i=5", arguments);
        Assert.Contains("--lines=all", arguments);
        Assert.DoesNotContain(arguments, a => a.StartsWith("--since", StringComparison.Ordinal));
        Assert.Contains("--unit=ssh.service", arguments);
        Assert.Contains("--unit=nginx.service", arguments);
        Assert.Contains("--boot", arguments);
        Assert.Contains("--follow", arguments);
    }

    [Fact]
    public void Following_with_no_cursor_and_no_since_starts_at_the_end()
    {
        var arguments = JournalctlArguments.Build(new JournalSourceOptions(), afterCursor: null);

        Assert.Contains("--lines=0", arguments);
        Assert.Contains("--output=json", arguments);
        Assert.Contains(arguments, a => a.StartsWith("--output-fields=MESSAGE,", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("s=7ee897505e60440c98b5d70be447246c;i=3;b=0123456789abcdef0123456789abcdef;m=bb8;t=60a24183cc480;x=39b6470729c073cd", true)]
    [InlineData("", false)]
    [InlineData("i=3 --since=today", false)]
    [InlineData("hello", false)]
    public void Cursor_shape_is_checked_before_it_is_handed_to_journalctl(string cursor, bool valid) =>
        Assert.Equal(valid, JournalctlArguments.IsValidCursor(cursor));
}
