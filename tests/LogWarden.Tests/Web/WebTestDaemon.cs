using System.Net;
using System.Net.Sockets;
using LogWarden.Collect;
using LogWarden.Config;
using LogWarden.Daemon;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace LogWarden.Tests.Web;

/// <summary>
/// The whole daemon on a free loopback port with a store filled beforehand with known lines (three
/// streams, one line a second from <see cref="Start"/>), for tests of the HTTP server, the Loki API and /metrics.
/// </summary>
internal sealed class WebTestDaemon : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    public static readonly StreamLabels AppWeb1 = new(("job", "app"), ("host", "web1"));
    public static readonly StreamLabels AppWeb2 = new(("job", "app"), ("host", "web2"));
    public static readonly StreamLabels NginxWeb1 = new(("job", "nginx"), ("host", "web1"));

    private readonly string _dir;

    private WebTestDaemon(string dir, WebApplication app, int port, string scheme)
    {
        _dir = dir;
        App = app;
        Port = port;
        BaseUrl = $"{scheme}://127.0.0.1:{port}";
    }

    public WebApplication App { get; }

    public int Port { get; }

    public string BaseUrl { get; }

    public string DataDirectory => Path.Combine(_dir, "data");

    /// <summary>
    /// 600 lines over ten minutes from <see cref="Start"/>: every second a line of app@web1 ("GET /api/users/N 200",
    /// every 10th "payment N failed: card declined"), every 2nd second app@web2 ("GET /api/orders/N 200"),
    /// every 3rd second nginx@web1 ("10.0.0.N - - GET /index.html 200").
    /// </summary>
    public static List<(DateTimeOffset Time, StreamLabels Labels, string Line)> Lines()
    {
        var lines = new List<(DateTimeOffset, StreamLabels, string)>();
        for (int s = 0; s < 600; s++)
        {
            DateTimeOffset t = Start.AddSeconds(s);
            lines.Add((t, AppWeb1, s % 10 == 0 ? $"payment {s} failed: card declined" : $"GET /api/users/{s} 200"));
            if (s % 2 == 0)
            {
                lines.Add((t, AppWeb2, $"GET /api/orders/{s} 200"));
            }
            if (s % 3 == 0)
            {
                lines.Add((t, NginxWeb1, $"10.0.0.{s % 250} - - GET /index.html 200"));
            }
        }
        return lines;
    }

    public static async Task<WebTestDaemon> StartAsync(string web = "", string listen = "127.0.0.1", IEnumerable<(DateTimeOffset Time, StreamLabels Labels, string Line)>? lines = null, string scheme = "http")
    {
        string dir = Directory.CreateTempSubdirectory("logwarden-web-").FullName;
        string data = Path.Combine(dir, "data");
        Fill(data, lines ?? Lines());
        int port = FreePort();
        LogWardenConfig config = ConfigLoader.Parse($$"""
            listen: {{listen}}:{{port}}
            host: testhost
            sources:
              discover: false
              journal: {enabled: false}
              docker: {enabled: false}
              host_metrics: {enabled: false}
            {{TestStoreLocation.YamlFor(data)}}
            {{web}}
            """, "test.yaml");
        WebApplication app = DaemonHost.Build(config, data, new IPEndPoint(IPAddress.Parse(listen), port));
        await app.StartAsync();
        return new WebTestDaemon(dir, app, port, scheme);
    }

    private static void Fill(string data, IEnumerable<(DateTimeOffset Time, StreamLabels Labels, string Line)> lines)
    {
        using ILogStore store = StoreFactory.Open(data, TestStoreLocation.ConfigFor(data));
        var miner = new TemplateMiner();
        var stored = new List<StoredLine>();
        foreach ((DateTimeOffset time, StreamLabels labels, string line) in lines)
        {
            Severity level = line.Contains("failed", StringComparison.Ordinal) ? Severity.Error : Severity.Info;
            stored.Add(new StoredLine(time, labels, line, miner.Add(line, time, level), level));
        }
        var templates = new List<TemplateState>();
        miner.CollectChanges(templates);
        store.Append(stored, templates, []);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
