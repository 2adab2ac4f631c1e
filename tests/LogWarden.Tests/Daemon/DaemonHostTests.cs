using System.Net;
using System.Net.Sockets;
using System.Text;
using LogWarden.Config;
using LogWarden.Daemon;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Store;
using LogWarden.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace LogWarden.Tests.Daemon;

/// <summary>The whole daemon in-process: configuration → sources → pipeline → store, and a clean stop.</summary>
public sealed class DaemonHostTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("logwarden-daemon-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private LogWardenConfig Config(int port) => ConfigLoader.Parse($$"""
        listen: 127.0.0.1:{{port}}
        host: testhost
        sources:
          discover: false
          files:
            - paths: ["{{_dir}}/logs/*.log"]
          journal: {enabled: false}
          docker: {enabled: false}
          host_metrics: {enabled: false}
        {{TestStoreLocation.YamlFor(Path.Combine(_dir, "data"))}}
        """, "test.yaml");

    private async Task<WebApplication> StartAsync(int port)
    {
        var app = DaemonHost.Build(Config(port), Path.Combine(_dir, "data"), new IPEndPoint(IPAddress.Loopback, port));
        await app.StartAsync();
        return app;
    }

    private List<SearchHit> Stored(string text)
    {
        using ILogStore store = StoreFactory.Open(Path.Combine(_dir, "data"), TestStoreLocation.ConfigFor(Path.Combine(_dir, "data")), readOnly: true);
        return store.Search(new SearchQuery { Text = text, Limit = 100_000 }).ToList();
    }

    [Fact]
    public async Task Files_and_pushes_are_stored_and_a_restart_resumes_without_duplicates()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "logs"));
        string log = Path.Combine(_dir, "logs", "auth.log");
        var first = Enumerable.Range(0, 500).Select(i => $"Nov 25 10:00:{i % 60:00} web1 sshd[{i}]: Failed password for root from 203.0.113.{i % 250} port {40000 + i} ssh2\n");
        await File.WriteAllTextAsync(log, string.Concat(first));
        int port = FreePort();

        WebApplication app = await StartAsync(port);
        using (var http = new HttpClient())
        {
            string body = $$"""{"streams":[{"stream":{"job":"app","env":"test"},"values":[["{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000}}","payment 42 failed"]]}]}""";
            using var response = await http.PostAsync($"http://127.0.0.1:{port}/loki/api/v1/push", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Equal("ready\n", await http.GetStringAsync($"http://127.0.0.1:{port}/ready"));
        }
        await Eventually.TrueAsync(() => Stored("Failed password").Count == 500, "500 file lines stored");
        await app.StopAsync();
        await app.DisposeAsync();

        var pushed = Assert.Single(Stored("payment"));
        Assert.Equal("test", pushed.Labels["env"]);
        Assert.Equal("testhost", Stored("Failed password")[0].Labels["host"]);

        // More lines while the daemon is down, then a restart: only the new lines are added.
        await File.AppendAllTextAsync(log, string.Concat(Enumerable.Range(0, 100).Select(i => $"Nov 25 11:00:00 web1 sshd[9]: Accepted publickey for deploy from 198.51.100.{i} port 22 ssh2\n")));
        app = await StartAsync(port);
        await Eventually.TrueAsync(() => Stored("Accepted publickey").Count == 100, "100 new lines stored");
        await app.StopAsync();
        await app.DisposeAsync();
        Assert.Equal(500, Stored("Failed password").Count);
        Assert.Equal(100, Stored("Accepted publickey").Count);
    }

    [Fact]
    public async Task Detection_runs_in_the_daemon_and_stores_incidents_and_learnt_state()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "logs"));
        string log = Path.Combine(_dir, "logs", "kern.log");
        string now = DateTimeOffset.UtcNow.ToString("MMM dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture).Replace(" 0", "  ", StringComparison.Ordinal);
        await File.WriteAllTextAsync(log,
            $"{now} web1 kernel: [123456.789012] Out of memory: Killed process 4242 (java) total-vm:8123456kB, anon-rss:3456789kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:9000kB oom_score_adj:0\n");
        int port = FreePort();

        WebApplication app = await StartAsync(port);
        await Eventually.TrueAsync(() => Incidents().Any(i => i.Severity >= FindingSeverity.Warning), "an incident for the OOM kill stored");
        await app.StopAsync();
        await app.DisposeAsync();

        IncidentRecord incident = Assert.Single(Incidents(), i => i.Severity >= FindingSeverity.Warning);
        Assert.Contains("java", incident.Title, StringComparison.Ordinal);
        using ILogStore store = StoreFactory.Open(Path.Combine(_dir, "data"), TestStoreLocation.ConfigFor(Path.Combine(_dir, "data")), readOnly: true);
        IReadOnlyDictionary<string, byte[]> states = ((IDetectorStateStore)store).LoadDetectorStates();
        Assert.Contains("baseline", states.Keys, StringComparer.Ordinal);
    }

    [Fact]
    public async Task An_incident_open_at_shutdown_goes_on_after_a_restart_instead_of_opening_again()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "logs"));
        string log = Path.Combine(_dir, "logs", "kern.log");
        string OomLine(int pid)
        {
            string now = DateTimeOffset.UtcNow.ToString("MMM dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture).Replace(" 0", "  ", StringComparison.Ordinal);
            return $"{now} web1 kernel: [123456.789012] Out of memory: Killed process {pid} (java) total-vm:8123456kB, anon-rss:3456789kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:9000kB oom_score_adj:0\n";
        }
        await File.WriteAllTextAsync(log, OomLine(4242));
        int port = FreePort();
        WebApplication app = await StartAsync(port);
        await Eventually.TrueAsync(() => Incidents().Any(i => i.Severity >= FindingSeverity.Warning), "an incident for the first OOM kill stored");
        await app.StopAsync();
        await app.DisposeAsync();
        IncidentRecord before = Assert.Single(Incidents(), i => i.Severity >= FindingSeverity.Warning);

        app = await StartAsync(port);
        await File.AppendAllTextAsync(log, OomLine(4343));
        await Eventually.TrueAsync(() => Incidents().Any(i => i.Id == before.Id && i.Raises > before.Raises), "the open incident updated by the second OOM kill");
        await app.StopAsync();
        await app.DisposeAsync();

        IncidentRecord after = Assert.Single(Incidents(), i => i.Severity >= FindingSeverity.Warning);
        Assert.Equal(before.Id, after.Id);
        Assert.Equal(IncidentStatus.Open, after.Status);
        Assert.True(after.Raises > before.Raises, $"the second kill raised into it ({before.Raises} → {after.Raises})");
        Assert.Equal(before.OpenedAt, after.OpenedAt);
    }

    private List<IncidentRecord> Incidents()
    {
        using ILogStore store = StoreFactory.Open(Path.Combine(_dir, "data"), TestStoreLocation.ConfigFor(Path.Combine(_dir, "data")), readOnly: true);
        return [.. ((IIncidentStore)store).ListIncidents(new IncidentQuery())];
    }
}
