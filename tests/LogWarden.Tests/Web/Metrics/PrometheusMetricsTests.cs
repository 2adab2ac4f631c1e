using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Web.Metrics;

/// <summary>/metrics as Prometheus sees it: a real Prometheus (Debian's) scrapes the daemon and is asked through its own API.</summary>
public sealed class PrometheusMetricsTests
{
    [Fact]
    public async Task Metrics_expose_LogWardens_health_in_the_Prometheus_text_format()
    {
        await using var daemon = await WebTestDaemon.StartAsync();
        using var http = new HttpClient();
        using HttpResponseMessage response = await http.GetAsync(daemon.BaseUrl + "/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        string text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE logwarden_ingested_lines_total counter", text, StringComparison.Ordinal);
        Assert.Contains("logwarden_ingest_queue_capacity_batches 16", text, StringComparison.Ordinal);
        Assert.Contains($"logwarden_store_lines {WebTestDaemon.Lines().Count}", text, StringComparison.Ordinal);
        Assert.Contains("logwarden_store_streams 3", text, StringComparison.Ordinal);
        Assert.Contains("logwarden_incidents{status=\"open\",severity=\"critical\"}", text, StringComparison.Ordinal);
        Assert.Contains("process_cpu_seconds_total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_Prometheus_scrapes_the_daemon_and_answers_queries_about_it()
    {
        await using var daemon = await WebTestDaemon.StartAsync();
        using (var push = new HttpClient())
        {
            long ns = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
            using HttpResponseMessage pushed = await push.PostAsync(daemon.BaseUrl + "/loki/api/v1/push", new StringContent(
                $$"""{"streams":[{"stream":{"job":"pushed"},"values":[["{{ns}}","one"],["{{ns + 1}}","two"],["{{ns + 2}}","three"]]}]}""",
                System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.NoContent, pushed.StatusCode);
        }
        string dir = Directory.CreateTempSubdirectory("logwarden-prometheus-").FullName;
        int port = WebTestDaemon.FreePort();
        await File.WriteAllTextAsync(Path.Combine(dir, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: logwarden
                static_configs:
                  - targets: ["127.0.0.1:{daemon.Port}"]
            """);
        var start = new ProcessStartInfo("prometheus")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            ArgumentList =
            {
                $"--config.file={Path.Combine(dir, "prometheus.yml")}",
                $"--storage.tsdb.path={Path.Combine(dir, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
                "--storage.tsdb.retention.time=1h",
            },
        };
        using Process prometheus = Process.Start(start)!;
        prometheus.BeginErrorReadLine();
        prometheus.BeginOutputReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            double? stored = null;
            await Eventually.TrueAsync(() =>
            {
                stored = Query(http, "logwarden_store_lines").Result;
                return stored is not null;
            }, "Prometheus to have scraped logwarden_store_lines", TimeSpan.FromSeconds(60));
            Assert.Equal(WebTestDaemon.Lines().Count + 3, stored);
            Assert.Equal(1, await Query(http, "up{job=\"logwarden\"}"));
            // A per-source counter as Prometheus stores it (the push endpoint is source "loki-push").
            Assert.Equal(3, await Query(http, "logwarden_source_lines_total{job=\"logwarden\",source=\"loki-push\"}"));
            Assert.Equal(0, await Query(http, "sum(logwarden_incidents{status=\"open\"})"));
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The single value Prometheus' /api/v1/query gives for <paramref name="expression"/>, or null while it has none.</summary>
    private static async Task<double?> Query(HttpClient http, string expression)
    {
        try
        {
            string body = await http.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(expression));
            JsonElement result = JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("result");
            return result.GetArrayLength() == 0 ? null : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }
}
