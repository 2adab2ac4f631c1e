using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LogWarden.Config;
using LogWarden.Daemon;
using LogWarden.Tests.Alert;
using LogWarden.Tests.Collect.LokiPush;
using LogWarden.Tests.Parse;
using LogWarden.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace LogWarden.Tests.Web.Metrics;

/// <summary>
/// /metrics of a whole daemon after real ingest through every kind of source it runs here (a tailed file, Loki
/// pushes, an upstream Loki followed through query_range), real detection of a line that raises an incident,
/// the alert going to a live channel and to a dead one, and host metrics sampled every second: the families
/// exist with their labels and their values are what was done.
/// </summary>
public sealed class DaemonMetricsTests : IDisposable
{
    private const int FileLines = 400;
    private const int PushedLines = 37;
    private const int UpstreamLines = 25;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Per_source_pipeline_store_detection_alert_and_host_families_count_what_the_daemon_did()
    {
        await using FakeChannelServer live = await FakeChannelServer.StartAsync(_ => new FakeAnswer(200, "{}"));
        await using LokiPushServer upstream = await LokiPushServer.StartAsync();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var upstreamEntries = Enumerable.Range(0, UpstreamLines).Select(i => new PushEntry(now.AddSeconds(-60 + i), $"upstream order {i} paid")).ToList();
        Assert.Equal(HttpStatusCode.NoContent, (await upstream.PushAsync(LokiPushBodies.ProtobufSnappy([new PushStream([new("job", "shop")], upstreamEntries)]), "application/x-protobuf")).Status);

        string logs = Path.Combine(_dir.Path, "logs");
        Directory.CreateDirectory(logs);
        string log = Path.Combine(logs, "auth.log");
        await File.WriteAllTextAsync(log, "");
        int port = FreePort();
        int deadPort = FreePort(); // nothing listens there: every attempt is refused
        string data = Path.Combine(_dir.Path, "data");
        LogWardenConfig config = ConfigLoader.Parse($$"""
            listen: 127.0.0.1:{{port}}
            host: testhost
            sources:
              discover: false
              files:
                - paths: ["{{logs}}/*.log"]
              journal: {enabled: false}
              docker: {enabled: false}
              host_metrics: {enabled: true, interval: 1s}
              loki_query:
                url: {{upstream.BaseAddress}}
                query: '{job="shop"}'
                poll_interval: 200ms
                delay: 0s
                initial_lookback: 1h
            {{TestStoreLocation.YamlFor(data)}}
            alerts:
              channels:
                - {name: live, type: webhook, url: "{{live.BaseUrl}}/hook"}
                - {name: dead, type: webhook, url: "http://127.0.0.1:{{deadPort}}/hook"}
            """, "metrics.yaml");
        WebApplication app = DaemonHost.Build(config, data, new IPEndPoint(IPAddress.Loopback, port));
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

            // A tailed file: routine cron lines and one refused sudo (an incident, so an alert to both channels).
            var text = new StringBuilder();
            for (int i = 0; i < FileLines - 1; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:MMM dd HH:mm:ss} web CRON[{1000 + i}]: (root) CMD (run-parts /etc/cron.hourly)\n");
            }
            text.Append(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:MMM dd HH:mm:ss} web sudo:    mallory : user NOT in sudoers ; TTY=pts/0 ; PWD=/home/mallory ; USER=root ; COMMAND=/bin/bash\n");
            await File.AppendAllTextAsync(log, text.ToString());

            // Loki pushes: one good (37 lines), one that is not JSON (400), one of a type the endpoint does not read (415).
            var pushed = Enumerable.Range(0, PushedLines).Select(i => new PushEntry(DateTimeOffset.UtcNow, $"pushed payment {i} ok")).ToList();
            using (HttpResponseMessage ok = await http.PostAsync("/loki/api/v1/push", new ByteArrayContent(LokiPushBodies.Json([new PushStream([new("job", "pushed")], pushed)])) { Headers = { { "Content-Type", "application/json" } } }))
            {
                Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
            }
            using (HttpResponseMessage bad = await http.PostAsync("/loki/api/v1/push", new StringContent("{\"streams\": [", Encoding.UTF8, "application/json")))
            {
                Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            }
            using (HttpResponseMessage unsupported = await http.PostAsync("/loki/api/v1/push", new StringContent("<push/>", Encoding.UTF8, "application/xml")))
            {
                Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
            }

            Scrape metrics = new([]);
            await Eventually.TrueAsync(async () =>
            {
                metrics = await Scrape.GetAsync(http);
                return metrics.Value("logwarden_source_lines_total", ("source", "file")) == FileLines
                    && metrics.Value("logwarden_source_lines_total", ("source", "loki-query")) == UpstreamLines
                    && metrics.Value("logwarden_ingested_lines_total") == FileLines + PushedLines + UpstreamLines
                    && metrics.Value("logwarden_alert_deliveries_total", ("channel", "live"), ("result", "delivered")) == 1
                    && metrics.Value("logwarden_alert_deliveries_total", ("channel", "dead"), ("result", "failed")) >= 1
                    && metrics.Value("logwarden_store_lines") == FileLines + PushedLines + UpstreamLines
                    && metrics.Has("logwarden_host_memory_used_percent")
                    // Detection runs after each durable write and the tracker saves incidents on its next tick,
                    // and the store-backed values are at most 5 s old: all of these come true a moment later.
                    && metrics.Value("logwarden_detection_lines_total") == FileLines + PushedLines + UpstreamLines
                    && metrics.Sum("logwarden_incidents", ("status", "open")) >= 1;
            }, "the daemon's counters to reach what was written", TimeSpan.FromSeconds(60));

            // Per source: lines read, what was dropped and what failed, each labelled with its source.
            Assert.Equal(PushedLines, metrics.Value("logwarden_source_lines_total", ("source", "loki-push")));
            Assert.Equal(0, metrics.Value("logwarden_source_dropped_lines_total", ("source", "file"), ("reason", "invalid_utf8")));
            Assert.Equal(0, metrics.Value("logwarden_source_dropped_lines_total", ("source", "loki-push"), ("reason", "truncated")));
            Assert.Equal(0, metrics.Value("logwarden_source_errors_total", ("source", "file"), ("reason", "read")));
            Assert.Equal(1, metrics.Value("logwarden_source_errors_total", ("source", "loki-push"), ("reason", "bad_request")));
            Assert.Equal(1, metrics.Value("logwarden_source_errors_total", ("source", "loki-push"), ("reason", "unsupported")));
            Assert.Equal(0, metrics.Value("logwarden_source_errors_total", ("source", "loki-push"), ("reason", "too_large")));
            Assert.Equal(0, metrics.Value("logwarden_source_errors_total", ("source", "loki-query"), ("reason", "query")));
            Assert.Equal("counter", metrics.Type("logwarden_source_errors_total"));

            // The pipeline: written in transactions (group commit may have joined the sources' batches), none
            // failed, the queue drained, its capacity said.
            Assert.True(metrics.Value("logwarden_store_appends_total") >= 1, $"appends {metrics.Value("logwarden_store_appends_total")}");
            Assert.Equal(0, metrics.Value("logwarden_store_append_failures_total"));
            Assert.Equal(0, metrics.Value("logwarden_ingest_queue_batches"));
            Assert.True(metrics.Value("logwarden_ingest_queue_capacity_batches") > 0, "no queue capacity");

            // The store: its bytes on disk as the data directory holds them (within the 5 s the value may be old).
            Assert.True(metrics.Value("logwarden_store_bytes") > 4096, $"store bytes {metrics.Value("logwarden_store_bytes")}");
            Assert.Equal(3, metrics.Value("logwarden_store_streams")); // the file, the pushed and the followed stream

            // Detection looked at every line (host metrics samples are not lines; waited for above), spent measurable
            // time and failed never; the refused sudo is an open incident (waited for above).
            Assert.True(metrics.Value("logwarden_detection_batches_total") >= 1, $"detection batches {metrics.Value("logwarden_detection_batches_total")}");
            Assert.True(metrics.Value("logwarden_detection_seconds_total") > 0, $"detection seconds {metrics.Value("logwarden_detection_seconds_total")}");
            Assert.Equal(0, metrics.Value("logwarden_detection_failures_total"));

            // Host metrics of this machine, labelled with the configured host.
            double memory = metrics.Value("logwarden_host_memory_used_percent", ("host", "testhost"))!.Value;
            Assert.InRange(memory, 0.1, 100);
            Assert.True(metrics.Has("logwarden_host_load1"), "no logwarden_host_load1");

            // Alert deliveries per channel: the live one delivered once and never failed; the dead one never delivered.
            Assert.Equal(0, metrics.Value("logwarden_alert_deliveries_total", ("channel", "live"), ("result", "failed")));
            Assert.Equal(0, metrics.Value("logwarden_alert_deliveries_total", ("channel", "dead"), ("result", "delivered")));
            Assert.Single(live.Received);

            // The upstream Loki goes away: the follower's failed queries are counted as its errors.
            await upstream.DisposeAsync();
            await Eventually.TrueAsync(async () =>
            {
                metrics = await Scrape.GetAsync(http);
                return metrics.Value("logwarden_source_errors_total", ("source", "loki-query"), ("reason", "query")) >= 1;
            }, "the follower's failed queries counted", TimeSpan.FromSeconds(60));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One /metrics answer in Prometheus' text format, read line by line (name, labels, value; TYPE comments).</summary>
internal sealed class Scrape(List<(string Name, Dictionary<string, string> Labels, double Value)> samples, Dictionary<string, string>? types = null)
{
    private readonly Dictionary<string, string> _types = types ?? [];

    public static async Task<Scrape> GetAsync(HttpClient http)
    {
        string text = await http.GetStringAsync("/metrics");
        var samples = new List<(string, Dictionary<string, string>, double)>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n'))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ');
                types[parts[2]] = parts[3];
                continue;
            }
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            int brace = line.IndexOf('{', StringComparison.Ordinal);
            int space = line.LastIndexOf(' ');
            string name = brace >= 0 ? line[..brace] : line[..space];
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (brace >= 0)
            {
                string inner = line[(brace + 1)..line.LastIndexOf('}')];
                foreach (string pair in inner.Split("\",", StringSplitOptions.RemoveEmptyEntries))
                {
                    int eq = pair.IndexOf('=', StringComparison.Ordinal);
                    labels[pair[..eq]] = pair[(eq + 1)..].Trim('"');
                }
            }
            samples.Add((name, labels, double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture)));
        }
        return new Scrape(samples, types);
    }

    /// <summary>The value of the one sample of <paramref name="name"/> with exactly these labels (and no others), or null.</summary>
    public double? Value(string name, params (string Name, string Value)[] labels) =>
        samples.Where(s => s.Name == name && s.Labels.Count == labels.Length && labels.All(l => s.Labels.GetValueOrDefault(l.Name) == l.Value))
            .Select(s => (double?)s.Value).SingleOrDefault();

    /// <summary>The sum over the samples of <paramref name="name"/> having these labels (others may differ).</summary>
    public double Sum(string name, params (string Name, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Name) == l.Value)).Sum(s => s.Value);

    public bool Has(string name) => samples.Any(s => s.Name == name);

    public string? Type(string name) => _types.GetValueOrDefault(name);
}
