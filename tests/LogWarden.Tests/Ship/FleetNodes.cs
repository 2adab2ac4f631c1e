using System.Net;
using System.Text.Json;
using LogWarden.Config;
using LogWarden.Daemon;
using Microsoft.AspNetCore.Builder;

namespace LogWarden.Tests.Ship;

/// <summary>
/// A central daemon and agent daemons in-process on loopback, each with its own data directory under one
/// temporary directory; agents follow <c>DIR/HOST/logs/*.log</c> and ship to the central. Stops what it started.
/// </summary>
internal sealed class FleetNodes : IAsyncDisposable
{
    private readonly Dictionary<string, WebApplication> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _ports = new(StringComparer.Ordinal);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public FleetNodes(string directory)
    {
        Directory = directory;
        CentralPort = LokiPushClientTests.FreePort();
    }

    public string Directory { get; }

    public int CentralPort { get; }

    public const string NoSources = """
        sources:
          discover: false
          journal: {enabled: false}
          docker: {enabled: false}
          host_metrics: {enabled: false}
        """;

    public async Task StartCentralAsync(string extra = "")
    {
        var config = ConfigLoader.Parse($"listen: 127.0.0.1:{CentralPort}\nhost: central\n{NoSources}\n{extra}", "central.yaml");
        await StartAsync("central", config, CentralPort);
    }

    /// <summary>An agent named <paramref name="host"/> shipping its files (and its metrics every second) to the central.</summary>
    public async Task StartAgentAsync(string host, bool hostMetrics = false, string extra = "")
    {
        System.IO.Directory.CreateDirectory(LogDirectory(host));
        int port = _ports.TryGetValue(host, out int known) ? known : LokiPushClientTests.FreePort(); // a restart keeps its port
        var config = ConfigLoader.Parse($$"""
            listen: 127.0.0.1:{{port}}
            host: {{host}}
            sources:
              discover: false
              files:
                - paths: ["{{LogDirectory(host)}}/*.log"]
              journal: {enabled: false}
              docker: {enabled: false}
              host_metrics: {enabled: {{(hostMetrics ? "true" : "false")}}, interval: 1s}
            ship:
              - name: central
                url: http://127.0.0.1:{{CentralPort}}/loki/api/v1/push
                max_backoff: 1s
                backfill: true
                metrics_interval: 1s
            {{extra}}
            """, host + ".yaml");
        await StartAsync(host, config, port);
    }

    public string LogDirectory(string host) => Path.Combine(Directory, host, "logs");

    /// <summary>A running node's services (its DaemonDetection, store, …).</summary>
    public IServiceProvider Services(string name) => _running[name].Services;

    public async Task StopAsync(string name)
    {
        if (_running.Remove(name, out WebApplication? app))
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>GET on the central's REST API (no authentication on loopback), parsed.</summary>
    public async Task<JsonElement> GetAsync(string path)
    {
        using HttpResponseMessage response = await _http.GetAsync($"http://127.0.0.1:{CentralPort}{path}");
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>The central's incidents (any status) with their details: entities and findings.</summary>
    public async Task<List<JsonElement>> IncidentsAsync()
    {
        var details = new List<JsonElement>();
        foreach (JsonElement item in (await GetAsync("/api/v1/incidents?status=open,acknowledged,resolved&limit=500")).GetProperty("items").EnumerateArray())
        {
            details.Add(await GetAsync($"/api/v1/incidents/{item.GetProperty("id").GetInt64()}"));
        }
        return details;
    }

    public static IEnumerable<string> FindingKinds(JsonElement detail) =>
        detail.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("kind").GetString()!);

    public static IEnumerable<string> Entity(JsonElement detail, string name) =>
        detail.GetProperty("entities").TryGetProperty(name, out JsonElement values) ? values.EnumerateArray().Select(v => v.GetString()!) : [];

    private async Task StartAsync(string name, LogWardenConfig config, int port)
    {
        WebApplication app = DaemonHost.Build(config, Path.Combine(Directory, name, "data"), new IPEndPoint(IPAddress.Loopback, port));
        await app.StartAsync();
        _running[name] = app;
        _ports[name] = port;
    }

    public async ValueTask DisposeAsync()
    {
        // Agents first, then the central they ship to.
        foreach (string name in _running.Keys.OrderBy(k => k == "central").ToList())
        {
            await StopAsync(name);
        }
        _http.Dispose();
    }
}
