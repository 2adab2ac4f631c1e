using System.IO.Compression;
using System.Reflection;
using System.Text;
using LogWarden.Collect;
using LogWarden.Collect.HostMetrics;
using LogWarden.Detect.Metrics;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Detect.Metrics;

public sealed class MetricsFileTests
{
    private static readonly DateTimeOffset T0 = MetricReplay.Monday.AddHours(9);

    private static string Write(IEnumerable<HostMetricsSample> samples)
    {
        using var stream = new MemoryStream();
        foreach (HostMetricsSample sample in samples)
        {
            MetricsFileWriter.Write(stream, sample);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void Samples_written_as_json_lines_read_back_the_same_from_plain_and_gzip_files()
    {
        var host = new SyntheticHostMetrics { TopByCpu = _ => [new TopProcess(7, "stress", "stress --cpu 1", 99.5, 1 << 20)] };
        List<HostMetricsSample> samples = [.. host.Samples(T0, T0.AddMinutes(5))];
        string text = Write(samples);
        using var dir = new TempDirectory();
        string plain = dir.Write("web1.metrics.jsonl", text);
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }
        string zipped = dir.Write("web1.metrics.jsonl.gz", compressed.ToArray());

        foreach (string path in new[] { plain, zipped })
        {
            Assert.True(MetricsFileReader.IsMetricsFile(path));
            var reader = new MetricsFileReader();
            List<HostMetricsSample> read = [.. reader.Read(path)];
            Assert.Equal(samples.Count, read.Count);
            Assert.Equal(0, reader.SkippedLines);
            for (int i = 0; i < samples.Count; i++)
            {
                Assert.Equal(samples[i].Timestamp, read[i].Timestamp);
                Assert.Equal("web1", read[i].Host);
                Assert.Equal(samples[i].Metrics.Select(m => (m.Name, m.Labels.Key, m.Value)), read[i].Metrics.Select(m => (m.Name, m.Labels.Key, m.Value)));
                Assert.Equal(samples[i].TopByCpu, read[i].TopByCpu);
                Assert.Equal(samples[i].TopByMemory, read[i].TopByMemory);
            }
        }
        Assert.False(MetricsFileReader.IsMetricsFile("/var/log/syslog"));
        Assert.Contains("\"labels\":{\"state\":\"idle\"}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_lines_are_skipped_and_counted_with_the_first_reason()
    {
        string good = Write([new SyntheticHostMetrics().Sample(T0)]).TrimEnd('\n');
        string text = string.Join('\n',
            "not json at all",
            good,
            "{\"ts\":\"yesterday\",\"host\":\"web1\",\"metrics\":[]}",
            "{\"ts\":1764000000,\"metrics\":[]}",
            "{\"ts\":1764000000.5,\"host\":\"web1\",\"metrics\":[{\"name\":\"load1\",\"value\":\"high\"},{\"value\":1},{\"name\":\"x\",\"labels\":{\"bad name\":\"v\"},\"value\":1},{\"name\":\"load1\",\"value\":0.5}]}",
            "",
            "[1,2]",
            "\u0001\u0002\u00ff\u00fe garbage",
            "{\"ts\":\"2026-11-23T09:00:10Z\",\"host\":\"web1\",\"metrics\":[{\"name\":\"load1\",\"labels\":null,\"value\":1e400}]}");
        var reader = new MetricsFileReader();

        List<HostMetricsSample> read = [.. reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)))];

        Assert.Equal(3, read.Count);
        Assert.Equal(5, reader.SkippedLines);
        Assert.Equal(4, reader.SkippedMetrics);
        Assert.StartsWith("line 1: not JSON", reader.FirstError, StringComparison.Ordinal);
        HostMetric load = Assert.Single(read[1].Metrics);
        Assert.Equal(0.5, load.Value);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_500), read[1].Timestamp);
        Assert.Empty(read[2].Metrics);
    }

    [Fact]
    public void Metrics_the_daemon_stored_replay_as_samples_in_time_order()
    {
        using var dir = new TempDirectory();
        using var store = EmbeddedStore.Open(dir.Path, new EmbeddedStoreOptions());
        var web = new SyntheticHostMetrics("web1");
        var db = new SyntheticHostMetrics("db1");
        List<HostMetricsSample> written = [.. web.Samples(T0, T0.AddMinutes(3)), .. db.Samples(T0.AddSeconds(5), T0.AddMinutes(3))];
        foreach (HostMetricsSample sample in written)
        {
            store.AppendMetrics([.. sample.Metrics.Select(m => new MetricSample(sample.Timestamp, sample.Host, m.Name, m.Labels, m.Value))]);
        }

        List<HostMetricsSample> read = [.. StoredMetricsReader.Read(store, T0, T0.AddMinutes(3), chunk: TimeSpan.FromMinutes(1))];

        Assert.Equal(written.Count, read.Count);
        Assert.Equal(read.OrderBy(s => s.Timestamp).Select(s => s.Timestamp), read.Select(s => s.Timestamp));
        HostMetricsSample first = read[0];
        HostMetricsSample original = written[0];
        Assert.Equal("web1", first.Host);
        Assert.Equal(
            original.Metrics.Select(m => (m.Name, m.Labels.Key, m.Value)).OrderBy(m => m.Name + m.Key),
            first.Metrics.Select(m => (m.Name, m.Labels.Key, m.Value)).OrderBy(m => m.Name + m.Key));
        Assert.All(read.Where(s => s.Host == "db1"), s => Assert.Equal(5, s.Timestamp.Second % 10));
        Assert.Equal(18, StoredMetricsReader.Read(store, T0, T0.AddMinutes(3), host: "db1").Count());
    }

    [Fact]
    public void The_stored_metrics_reader_knows_every_name_the_collector_writes()
    {
        IEnumerable<string> names = typeof(HostMetricNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

        Assert.Equal(names.Order(), StoredMetricsReader.Names.Order());
    }
}
