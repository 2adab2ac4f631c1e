using System.CommandLine;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using LogWarden.Cli;
using LogWarden.Detect;
using LogWarden.Tests.Detect.Incidents;
using LogWarden.Tests.Parse;

namespace LogWarden.Tests.Cli;

public sealed class AnalyzeCommandTests : IDisposable
{
    // rsyslog's lines carry no year nor zone: the year comes from the file's last write, the zone is local.
    private static readonly DateTime Written = new(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc);

    private readonly TempDirectory _dir = new();
    private FailureCountingDetector _detector = new();

    public void Dispose() => _dir.Dispose();

    private static DateTimeOffset Local(int hour, int minute, int second)
    {
        var wall = new DateTime(2026, 11, 25, hour, minute, second, DateTimeKind.Unspecified);
        return new DateTimeOffset(wall, TimeZoneInfo.Local.GetUtcOffset(wall));
    }

    private string Write(string relative, string text, bool gzip = false)
    {
        string path = System.IO.Path.Combine(_dir.Path, "var", "log", relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        if (gzip)
        {
            using var file = File.Create(path);
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }
        File.SetLastWriteTimeUtc(path, Written);
        return path;
    }

    /// <summary>A small copy of a server's /var/log: rotated auth logs (one gzipped), nginx access, a JSON app log.</summary>
    private string ServerLogs()
    {
        Write("auth.log.2.gz", "Nov 25 09:58:00 web1 sshd[90]: Failed password for root from 192.0.2.200 port 4001 ssh2\n", gzip: true);
        Write("auth.log.1", "Nov 25 09:59:00 web1 sshd[91]: Failed password for root from 192.0.2.200 port 4002 ssh2\n");
        Write("auth.log", """
            Nov 25 10:00:01 web1 sshd[101]: Failed password for root from 203.0.113.7 port 50001 ssh2
            Nov 25 10:00:05 web1 sshd[102]: Failed password for admin from 203.0.113.7 port 50002 ssh2
            Nov 25 10:00:09 web1 sshd[103]: Failed password for oracle from 203.0.113.7 port 50003 ssh2
            Nov 25 10:00:20 web1 sshd[92]: Failed password for root from 192.0.2.200 port 4003 ssh2
            Nov 25 10:00:30 web1 sshd[104]: Failed password for test from 203.0.113.7 port 50004 ssh2
            Nov 25 10:02:00 web1 sshd[110]: Accepted publickey for alice from 198.51.100.4 port 50100 ssh2: ED25519 SHA256:x

            """);
        Write("nginx/access.log", $"""
            192.0.2.10 - - [{Nginx(10, 0, 0)}] "GET / HTTP/1.1" 200 512 "-" "Mozilla/5.0"
            192.0.2.10 - - [{Nginx(10, 0, 3)}] "GET /app.js HTTP/1.1" 200 2048 "-" "Mozilla/5.0"
            192.0.2.10 - - [{Nginx(10, 0, 7)}] "GET /api/items HTTP/1.1" 200 128 "-" "Mozilla/5.0"

            """);
        Write("app/app.log.1.gz", $$"""
            {"time":"{{Iso(10, 0, 2)}}","level":"info","msg":"request served","path":"/"}
            {"time":"{{Iso(10, 0, 8)}}","level":"error","msg":"upstream timed out","path":"/api/items"}

            """, gzip: true);
        return System.IO.Path.Combine(_dir.Path, "var", "log");
    }

    /// <summary>nginx's $time_local: <c>25/Nov/2026:10:00:00 +0000</c>.</summary>
    private static string Nginx(int h, int m, int s)
    {
        DateTimeOffset t = Local(h, m, s);
        return t.ToString("dd/MMM/yyyy:HH:mm:ss ", System.Globalization.CultureInfo.InvariantCulture)
            + (t.Offset < TimeSpan.Zero ? "-" : "+") + t.Offset.Duration().ToString("hhmm", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Iso(int h, int m, int s) => Local(h, m, s).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

    private (int Exit, string Out, string Err) Analyze(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        _detector = new FailureCountingDetector(); // each run learns afresh, as each `logwarden analyze` does
        var root = new RootCommand { AnalyzeCommand.Create(stdout, stderr, options => new DetectorSet(options.Disabled).Add(_detector)) };
        ParseResult parsed = root.Parse(["analyze", .. args]);
        Assert.Empty(parsed.Errors);
        int exit = parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static List<JsonElement> JsonLines(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    [Fact]
    public void Json_lines_carry_the_specified_fields_at_the_log_time_of_the_line_that_raised_each_finding()
    {
        var (exit, output, errors) = Analyze("--json", ServerLogs());

        Assert.True(exit == 0, errors);
        List<JsonElement> findings = JsonLines(output);
        Assert.Equal(2, findings.Count); // re-raises of a key are not printed again
        JsonElement first = findings[0];
        Assert.Equal(Local(10, 0, 9), first.GetProperty("ts").GetDateTimeOffset());
        Assert.Equal("warning", first.GetProperty("severity").GetString());
        Assert.Equal("test-brute-force", first.GetProperty("kind").GetString());
        Assert.Equal("3 authentication failures from 203.0.113.7", first.GetProperty("title").GetString());
        Assert.Equal("203.0.113.7", first.GetProperty("entities").GetProperty("ip").GetString());
        Assert.Equal("web1", first.GetProperty("entities").GetProperty("host").GetString());
        Assert.Equal(Local(10, 0, 1), first.GetProperty("first_seen").GetDateTimeOffset());
        Assert.Equal(Local(10, 0, 9), first.GetProperty("last_seen").GetDateTimeOffset());
        Assert.Equal(3, first.GetProperty("count").GetInt64());
        Assert.Equal(1, first.GetProperty("incident").GetInt64());
        JsonElement evidence = first.GetProperty("evidence");
        Assert.Equal(3, evidence.GetProperty("templates")[0].GetProperty("count").GetInt64());
        Assert.Contains("Failed password for", evidence.GetProperty("templates")[0].GetProperty("template").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Nov 25 10:00:01 web1 sshd[101]", evidence.GetProperty("samples")[0].GetString(), StringComparison.Ordinal);

        // The third failure of 192.0.2.200 is in auth.log; the first two in its rotated generations.
        JsonElement rotated = findings[1];
        Assert.Equal(Local(10, 0, 20), rotated.GetProperty("ts").GetDateTimeOffset());
        Assert.Equal(Local(9, 58, 0), rotated.GetProperty("first_seen").GetDateTimeOffset());
        Assert.Equal(2, rotated.GetProperty("incident").GetInt64());

        Assert.Contains("13 lines in 5 file(s)", errors, StringComparison.Ordinal);
        Assert.Contains("lines/s", errors, StringComparison.Ordinal);
        Assert.Contains("findings: 0 critical, 2 warning, 0 info; 2 incident(s)", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_of_every_file_are_replayed_merged_by_time_and_rotated_generations_share_their_logs_stream()
    {
        var (exit, _, errors) = Analyze("--json", ServerLogs());

        Assert.True(exit == 0, errors);
        List<DateTimeOffset> times = [.. _detector.Observed.Select(o => o.Time)];
        Assert.Equal(times.Order(), times);
        Assert.Equal(13, times.Count);
        string[] firstSources = [.. _detector.Observed.Take(7).Select(o => o.Labels)];
        Assert.Contains(firstSources, l => l.Contains("access.log", StringComparison.Ordinal));
        Assert.Contains(firstSources, l => l.Contains("app.log", StringComparison.Ordinal));
        Assert.Contains(firstSources, l => l.Contains("auth.log", StringComparison.Ordinal));
        string authPath = System.IO.Path.Combine(_dir.Path, "var", "log", "auth.log");
        Assert.Equal(8, _detector.Observed.Count(o => o.Labels.Contains($"path=\"{authPath}\"", StringComparison.Ordinal)));
        Assert.Equal(2, _detector.Observed.Count(o => o.Labels.Contains("filename=\"app.log\"", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("--learn", "2m25s")] // from the first line, 09:58:00 in auth.log.2.gz
    [InlineData("--learn-until", "10:00:25")]
    public void Findings_raised_while_learning_are_not_reported(string option, string value)
    {
        if (option == "--learn-until")
        {
            value = Local(10, 0, 25).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }
        var (exit, output, errors) = Analyze("--json", option, value, ServerLogs());

        Assert.True(exit == 0, errors);
        // Raised while learning: 203.0.113.7 at 10:00:09, 192.0.2.200 at 10:00:20. The attack of
        // 203.0.113.7 goes on after the learning: its next raise (10:00:30) is reported.
        JsonElement reported = Assert.Single(JsonLines(output));
        Assert.Equal("203.0.113.7", reported.GetProperty("entities").GetProperty("ip").GetString());
        Assert.Equal(Local(10, 0, 30), reported.GetProperty("ts").GetDateTimeOffset());
        Assert.Equal(4, reported.GetProperty("count").GetInt64());
        Assert.Contains("(2 finding(s) raised while learning, not reported)", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_json_a_report_shows_each_alert_with_entities_counts_times_and_evidence()
    {
        var (exit, output, errors) = Analyze(ServerLogs());

        Assert.True(exit == 0, errors);
        Assert.StartsWith("2 incident(s): 0 critical, 2 warning, 0 info", output, StringComparison.Ordinal);
        Assert.Contains("ALERTS", output, StringComparison.Ordinal);
        Assert.Contains("#1  WARNING  open  test-brute-force", output, StringComparison.Ordinal);
        Assert.Contains("4 authentication failures from 203.0.113.7", output, StringComparison.Ordinal);
        Assert.Contains("host=web1  ip=203.0.113.7", output, StringComparison.Ordinal);
        Assert.Contains("| Nov 25 10:00:01 web1 sshd[101]: Failed password for root from 203.0.113.7", output, StringComparison.Ordinal);
        Assert.Contains("1 finding(s), 4 line(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_data_directory_incidents_are_stored_and_noise_marked_there_quiets_the_next_run()
    {
        string logs = ServerLogs();
        string data = System.IO.Path.Combine(_dir.Path, "data");
        var (exit, _, errors) = Analyze("--json", "--data", data, logs);
        Assert.True(exit == 0, errors);

        var (listed, table, _) = CliRunner.Run("incidents", "--data", data);
        Assert.Equal(0, listed);
        Assert.Contains("4 authentication failures from 203.0.113.7", table, StringComparison.Ordinal);
        Assert.Equal(0, CliRunner.Run("incidents", "noise", "1", "--data", data).Exit);

        var (again, output, errors2) = Analyze("--json", "--data", data, logs);
        Assert.True(again == 0, errors2);
        List<JsonElement> findings = JsonLines(output);
        JsonElement quiet = findings.Single(f => f.GetProperty("entities").GetProperty("ip").GetString() == "203.0.113.7");
        Assert.Equal("info", quiet.GetProperty("severity").GetString());
        Assert.True(quiet.GetProperty("downgraded").GetBoolean());
        Assert.Equal(3, quiet.GetProperty("incident").GetInt64()); // ids continue after the stored ones
        Assert.Equal("warning", findings.Single(f => f.GetProperty("entities").GetProperty("ip").GetString() == "192.0.2.200").GetProperty("severity").GetString());
    }

    [Fact]
    public void Hostile_input_is_read_skipped_or_counted_and_never_stops_the_replay()
    {
        string logs = ServerLogs();
        var random = new Random(5);
        byte[] garbage = new byte[64 * 1024];
        random.NextBytes(garbage);
        File.WriteAllBytes(System.IO.Path.Combine(logs, "core.dump"), garbage);
        File.WriteAllBytes(System.IO.Path.Combine(logs, "broken.log"), [.. "Nov 25 10:00:40 web1 app: caf\xc3"u8, 0xC3, 0x28, 0, 0, .. "\n"u8,
            .. Encoding.UTF8.GetBytes("Nov 25 10:00:41 web1 app: " + new string('x', 3 << 20) + "\n"), .. "{\"time\": 12, \"msg\": [1,2\n"u8]);
        Write("empty.log", "");

        var (exit, output, errors) = Analyze("--json", logs);

        Assert.True(exit == 0, errors);
        Assert.Equal(2, JsonLines(output).Count);
        Assert.Contains("over-long line(s) truncated", errors, StringComparison.Ordinal);
        Assert.Contains("16 lines in 6 file(s)", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--learn", "5x")]
    [InlineData("--learn-until", "yesterday-ish")]
    [InlineData("--format", "no-such-format")]
    public void Bad_options_are_usage_errors(string option, string value)
    {
        var (exit, _, errors) = CliRunner.Run("analyze", option, value, _dir.Path);
        Assert.Equal(2, exit);
        Assert.Contains(option, errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Learn_and_learn_until_exclude_each_other_and_a_path_is_required()
    {
        Assert.Equal(2, CliRunner.Run("analyze", "--learn", "1h", "--learn-until", "2026-11-25", _dir.Path).Exit);
        Assert.Equal(2, CliRunner.Run("analyze").Exit);
    }

    [Fact]
    public void A_missing_path_is_reported_and_fails_after_reading_the_rest()
    {
        string logs = ServerLogs();
        var (exit, output, errors) = Analyze("--json", logs, System.IO.Path.Combine(_dir.Path, "nope.log"));
        Assert.Equal(1, exit);
        Assert.Contains("nope.log: no such file or directory", errors, StringComparison.Ordinal);
        Assert.Equal(2, JsonLines(output).Count);
    }
}

public sealed class AnalyzeJournalTests : IDisposable
{
    private readonly LogWarden.Tests.Collect.Journal.JournalFixture _journal = new();
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _journal.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("export")]
    [InlineData("json")]
    public void Journal_exports_replay_as_one_stream_per_unit_with_the_entries_time(string format)
    {
        var failures = Enumerable.Range(0, 3).Select(i =>
            LogWarden.Tests.Collect.Journal.ExportEntry.At(1_700_000_000 + i, $"Failed password for root from 203.0.113.9 port {50_000 + i} ssh2")
                .Add("SYSLOG_IDENTIFIER", "sshd").Add("_PID", "77").Add("_SYSTEMD_UNIT", "ssh.service"));
        _journal.Append([.. failures, LogWarden.Tests.Collect.Journal.ExportEntry.At(1_700_000_005, "Started cleanup.").Add("_SYSTEMD_UNIT", "systemd-tmpfiles-clean.service")]);
        _dir.Write("journal." + format, JournalExportReaderTests.Journalctl(_journal.Directory, format));
        var detector = new FailureCountingDetector();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var root = new RootCommand { AnalyzeCommand.Create(stdout, stderr, _ => new DetectorSet().Add(detector)) };

        int exit = root.Parse(["analyze", "--json", _dir.Path]).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });

        Assert.True(exit == 0, stderr.ToString());
        Assert.Equal(
            ["{host=\"web1\",job=\"journal\",unit=\"ssh.service\"}", "{host=\"web1\",job=\"journal\",unit=\"ssh.service\"}", "{host=\"web1\",job=\"journal\",unit=\"ssh.service\"}", "{host=\"web1\",job=\"journal\",unit=\"systemd-tmpfiles-clean.service\"}"],
            detector.Observed.Select(o => o.Labels));
        using var finding = JsonDocument.Parse(stdout.ToString().Trim());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_002), finding.RootElement.GetProperty("ts").GetDateTimeOffset());
        Assert.Equal("203.0.113.9", finding.RootElement.GetProperty("entities").GetProperty("ip").GetString());
    }
}

public sealed class AnalyzeWithTheCatalogTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_daemons_detectors_find_a_brute_force_and_an_oom_kill_in_a_log_copy_and_stay_quiet_about_cron()
    {
        string[] users = ["root", "admin", "oracle", "test", "ubuntu", "git", "postgres", "user"];
        var auth = new StringBuilder();
        for (int i = 0; i < 600; i++)
        {
            auth.Append(System.Globalization.CultureInfo.InvariantCulture, $"Nov 25 09:{i * 6 / 60:00}:{i * 6 % 60:00} web1 CRON[{1000 + i}]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)\n");
        }
        for (int i = 0; i < 120; i++)
        {
            auth.Append(System.Globalization.CultureInfo.InvariantCulture, $"Nov 25 10:00:{i / 2:00} web1 sshd[{5000 + i}]: Failed password for {(i % 3 == 0 ? "" : "invalid user ")}{users[i % 8]} from 203.0.113.50 port {40000 + i} ssh2\n");
        }
        string authLog = _dir.Write("log/auth.log", auth.ToString());
        string kernLog = _dir.Write("log/kern.log", """
            Nov 25 10:05:00 web1 kernel: [812345.678901] Out of memory: Killed process 812 (java) total-vm:8123456kB, anon-rss:3456789kB, file-rss:0kB, shmem-rss:0kB, UID:1001 pgtables:12345kB oom_score_adj:0
            Nov 25 10:05:01 web1 systemd[1]: app.service: A process of this unit has been killed by the OOM killer.

            """);
        foreach (string file in new[] { authLog, kernLog })
        {
            File.SetLastWriteTimeUtc(file, new DateTime(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc));
        }

        var (exit, output, errors) = CliRunner.Run("analyze", "--json", System.IO.Path.Combine(_dir.Path, "log"));

        Assert.True(exit == 0, errors);
        List<JsonElement> findings = [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
        static string? Entity(JsonElement f, string name) => f.GetProperty("entities").TryGetProperty(name, out JsonElement v) ? v.GetString() : null;
        JsonElement bruteForce = findings.First(f => Entity(f, "ip") == "203.0.113.50");
        Assert.Contains(bruteForce.GetProperty("severity").GetString(), new[] { "warning", "critical" });
        Assert.True(bruteForce.GetProperty("ts").GetDateTimeOffset() - bruteForce.GetProperty("first_seen").GetDateTimeOffset() <= TimeSpan.FromSeconds(60));
        JsonElement oom = findings.First(f => Entity(f, "process") == "java");
        Assert.Equal("critical", oom.GetProperty("severity").GetString());
        Assert.Equal("app.service", Entity(oom, "unit"));
        Assert.DoesNotContain(findings, f => f.GetProperty("severity").GetString() != "info" && f.GetProperty("title").GetString()!.Contains("CRON", StringComparison.OrdinalIgnoreCase));
        Assert.NotEqual(bruteForce.GetProperty("incident").GetInt64(), oom.GetProperty("incident").GetInt64());
    }
}
