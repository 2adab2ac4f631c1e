using System.Globalization;
using System.Text;
using System.Text.Json;
using LogWarden.Collect.HostMetrics;
using LogWarden.Detect.Metrics;
using LogWarden.Tests.Cli;
using LogWarden.Tests.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Detect.Metrics;

/// <summary>`logwarden analyze` replays the host metrics beside the logs: metrics files in the tree, in log time.</summary>
public sealed class MetricsReplayTests : IDisposable
{
    private static readonly DateTimeOffset Ten = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A syslog from 10:00 to 10:20 (a line every 20 s), and host metrics every 10 s from 09:50 to 11:00 with memory at 95 % from 10:05.</summary>
    private string Tree(string? garbage = null)
    {
        string logs = Path.Combine(_dir.Path, "var", "log");
        Directory.CreateDirectory(logs);
        var syslog = new StringBuilder();
        for (DateTimeOffset t = Ten; t <= Ten.AddMinutes(20); t = t.AddSeconds(20))
        {
            syslog.Append(CultureInfo.InvariantCulture, $"{t:yyyy-MM-ddTHH:mm:ss.ffffffzzz} web1 app[4242]: request served in {(int)(t - Ten).TotalSeconds % 97 + 3} ms\n");
        }
        File.WriteAllText(Path.Combine(logs, "syslog"), syslog.ToString());

        var host = new SyntheticHostMetrics("web1") { MemoryUsedPercent = t => t >= Ten.AddMinutes(5) ? 95 : 40 };
        using (FileStream file = File.Create(Path.Combine(logs, "web1.metrics.jsonl")))
        {
            if (garbage is not null)
            {
                file.Write(Encoding.UTF8.GetBytes(garbage + "\n"));
            }
            foreach (HostMetricsSample sample in host.Samples(Ten.AddMinutes(-10), Ten.AddHours(1), TimeSpan.FromSeconds(10)))
            {
                MetricsFileWriter.Write(file, sample);
            }
        }
        return logs;
    }

    [Fact]
    public void Analyze_replays_a_metrics_file_beside_the_logs_and_raises_its_findings_in_log_time()
    {
        var (exit, output, errors) = CliRunner.Run("analyze", "--json", Tree());

        Assert.True(exit == 0, errors);
        var findings = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        JsonElement memory = Assert.Single(findings, f => f.GetProperty("kind").GetString() == MetricFindingKinds.MemoryHigh);
        Assert.Equal("web1", memory.GetProperty("entities").GetProperty("host").GetString());
        Assert.InRange(memory.GetProperty("ts").GetDateTimeOffset(), Ten.AddMinutes(6), Ten.AddMinutes(8)); // memory over 90 % for 2 minutes
        Assert.NotEqual("info", memory.GetProperty("severity").GetString());
        // 10 s samples from 09:50 up to the logs' end (10:20) and the 15 s the replay runs on: none after, or every log source would look silent.
        Assert.Contains("182 host-metric sample(s) replayed", errors, StringComparison.Ordinal); // 09:50:00 … 10:20:10
        Assert.Contains("61 lines in 1 file(s)", errors, StringComparison.Ordinal); // the metrics file is not read as a log
    }

    [Fact]
    public void A_metrics_line_that_is_no_sample_is_skipped_and_reported()
    {
        var (exit, _, errors) = CliRunner.Run("analyze", "--json", Tree(garbage: "{\"ts\": \"not a time\", \"host\": 7}"));

        Assert.True(exit == 0, errors);
        Assert.Contains("web1.metrics.jsonl: 1 line(s) that are no metrics sample", errors, StringComparison.Ordinal);
    }
}
