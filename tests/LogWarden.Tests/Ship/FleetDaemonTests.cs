using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using LogWarden.Collect.LokiPush;
using LogWarden.Config;
using LogWarden.Daemon;
using LogWarden.Ship;
using LogWarden.Store;
using LogWarden.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace LogWarden.Tests.Ship;

/// <summary>An agent daemon and a central daemon in-process on loopback, each with its own store: delivery and the central's security.</summary>
public sealed class FleetDaemonTests : IDisposable
{
    private const string AgentToken = "agent-web1-7f3a9c";
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("logwarden-fleet-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Sha256(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private const string NoDiscovery = """
        sources:
          discover: false
          journal: {enabled: false}
          docker: {enabled: false}
          host_metrics: {enabled: false}
        """;

    private async Task<WebApplication> StartCentralAsync(int port, string extra = "", TestStoreLocation? store = null)
    {
        var config = ConfigLoader.Parse($"listen: 127.0.0.1:{port}\nhost: central\n{NoDiscovery}\n{extra}\n{store?.Yaml}", "central.yaml");
        var app = DaemonHost.Build(config, Path.Combine(_dir, "central"), new IPEndPoint(IPAddress.Loopback, port));
        await app.StartAsync();
        return app;
    }

    private async Task<WebApplication> StartAgentAsync(int port, int centralPort)
    {
        var config = ConfigLoader.Parse($$"""
            listen: 127.0.0.1:{{port}}
            host: web1
            sources:
              discover: false
              files:
                - paths: ["{{_dir}}/logs/*.log"]
              journal: {enabled: false}
              docker: {enabled: false}
              host_metrics: {enabled: false}
            ship:
              - name: central
                url: http://127.0.0.1:{{centralPort}}/loki/api/v1/push
                labels: {fleet: test}
                batch_lines: 500
                max_backoff: 1s
                backfill: true
            """, "agent.yaml");
        var app = DaemonHost.Build(config, Path.Combine(_dir, "agent"), new IPEndPoint(IPAddress.Loopback, port));
        await app.StartAsync();
        return app;
    }

    private List<SearchHit> Stored(string daemon, string host = "web1", TestStoreLocation? location = null)
    {
        if (location is { Kind: StoreKindUnderTest.Postgres })
        {
            using ILogStore central = location.Open(readOnly: true);
            return [.. central.Search(new SearchQuery { Labels = [new LabelMatcher("host", host)], Limit = 1_000_000, NewestFirst = false })];
        }
        if (!Directory.Exists(Path.Combine(_dir, daemon)))
        {
            return [];
        }
        using ILogStore store = StoreFactory.Open(Path.Combine(_dir, daemon), new StoreConfig(), readOnly: true);
        return [.. store.Search(new SearchQuery { Labels = [new LabelMatcher("host", host)], Limit = 1_000_000, NewestFirst = false })];
    }

    private static async Task StopAsync(WebApplication app)
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    [Theory]
    [InlineData(StoreKindUnderTest.Embedded)]
    [InlineData(StoreKindUnderTest.Postgres)]
    public async Task Every_line_of_a_followed_file_reaches_the_central_exactly_once_across_a_central_outage(StoreKindUnderTest centralStore)
    {
        using var location = new TestStoreLocation(centralStore);
        const int Lines = 6000;
        Directory.CreateDirectory(Path.Combine(_dir, "logs"));
        string log = Path.Combine(_dir, "logs", "app.log");
        int centralPort = LokiPushClientTests.FreePort();
        int agentPort = LokiPushClientTests.FreePort();
        WebApplication central = await StartCentralAsync(centralPort, store: location);
        WebApplication agent = await StartAgentAsync(agentPort, centralPort);
        using var writing = new CancellationTokenSource();
        Task writer = Task.Run(async () =>
        {
            for (int i = 0; i < Lines; i += 100)
            {
                await File.AppendAllTextAsync(log, string.Concat(Enumerable.Range(i, 100).Select(n => $"2026-11-26T03:00:00Z order {n} shipped to warehouse {n % 7}\n")));
                await Task.Delay(5);
            }
        });
        try
        {
            await Eventually.TrueAsync(() => Stored("central", location: location).Count >= 1000, "a first part at the central", TimeSpan.FromSeconds(60));
            await StopAsync(central); // mid-stream: pushes in flight are cut off or answered, as the shutdown falls
            await writer;
            await Eventually.TrueAsync(() => Stored("agent").Count == Lines, "every line in the agent's store", TimeSpan.FromSeconds(60));
            central = await StartCentralAsync(centralPort, store: location);
            await Eventually.TrueAsync(() => Stored("central", location: location).Count >= Lines, "every line at the central", TimeSpan.FromSeconds(60));
            ShipStats stats = Assert.Single(((ShipService)agent.Services.GetService(typeof(ShipService))!).Shippers).Stats;
            await Eventually.TrueAsync(() => stats.Lines >= Lines - 1000, "the agent's count of acknowledged lines");
        }
        finally
        {
            await StopAsync(agent);
            await StopAsync(central);
        }

        List<SearchHit> received = Stored("central", location: location);
        Assert.Equal(Enumerable.Range(0, Lines).Select(n => $"2026-11-26T03:00:00Z order {n} shipped to warehouse {n % 7}"), received.Select(h => h.Line).Order(StringComparer.Ordinal).OrderBy(l => int.Parse(l.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(received, h => Assert.Equal("test", h.Labels["fleet"]));
    }

    [Theory]
    [InlineData(StoreKindUnderTest.Embedded)]
    [InlineData(StoreKindUnderTest.Postgres)]
    public async Task A_push_replayed_after_the_central_restarted_is_not_stored_again(StoreKindUnderTest centralStore)
    {
        using var location = new TestStoreLocation(centralStore);
        int port = LokiPushClientTests.FreePort();
        byte[] body = LokiPushEncoder.Encode([new ShipStream("{host=\"web1\"}", [.. Enumerable.Range(1, 20).Select(i => new ShipEntry(T0, $"replayed line {i}", i))])], withSequence: true);
        var options = new LokiPushClientOptions { Url = new Uri($"http://127.0.0.1:{port}{LokiPushReceiver.Path}"), Headers = new Dictionary<string, string> { [LokiPushReceiver.AgentHeader] = "web1/0123" } };

        WebApplication central = await StartCentralAsync(port, store: location);
        using (var client = new LokiPushClient(options))
        {
            Assert.True((await client.PushAsync(body, CancellationToken.None)).Accepted);
        }
        await StopAsync(central);
        central = await StartCentralAsync(port, store: location);
        using (var client = new LokiPushClient(options))
        {
            Assert.True((await client.PushAsync(body, CancellationToken.None)).Accepted);
        }
        await StopAsync(central);

        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"replayed line {i}"), Stored("central", location: location).Select(h => h.Line));
    }

    [Theory]
    [InlineData(StoreKindUnderTest.Embedded)]
    [InlineData(StoreKindUnderTest.Postgres)]
    public async Task Two_hosts_pushed_to_the_central_are_listed_and_searched_apart_through_the_Loki_and_REST_APIs(StoreKindUnderTest centralStore)
    {
        using var location = new TestStoreLocation(centralStore);
        int port = LokiPushClientTests.FreePort();
        WebApplication central = await StartCentralAsync(port, store: location);
        try
        {
            Assert.Equal(HttpStatusCode.NoContent, (await PushAsync(port, "web1", 7, token: null)).Status);
            Assert.Equal(HttpStatusCode.NoContent, (await PushAsync(port, "web2", 4, token: null)).Status);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            string start = Uri.EscapeDataString(T0.AddHours(-1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            string end = Uri.EscapeDataString(T0.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            using JsonDocument labels = JsonDocument.Parse(await http.GetStringAsync($"/loki/api/v1/labels?start={start}&end={end}"));
            Assert.Contains("host", labels.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
            using JsonDocument hosts = JsonDocument.Parse(await http.GetStringAsync($"/loki/api/v1/label/host/values?start={start}&end={end}"));
            Assert.Equal(["web1", "web2"], hosts.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
            using JsonDocument web2 = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/search?label=host=web2&from={start}&to={end}&limit=100"));
            List<string?> lines = [.. web2.RootElement.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("line").GetString())];
            Assert.Equal(Enumerable.Range(0, 4).Select(i => $"from web2 {i}").Order(StringComparer.Ordinal), lines.Order(StringComparer.Ordinal));
        }
        finally
        {
            await StopAsync(central);
        }
        Assert.Equal(7, Stored("central", "web1", location).Count);
    }

    private static string FleetSection(int maxLinesPerSecond = 100_000) => $$"""
        fleet:
          max_lines_per_second: {{maxLinesPerSecond}}
          burst_seconds: 1
          agents:
            - {host: web1, token_sha256: {{Sha256(AgentToken)}}}
        """;

    private static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> PushAsync(int port, string host, int lines, string? token = AgentToken, string? agentHeader = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}{LokiPushReceiver.Path}")
        {
            Content = new ByteArrayContent(LokiPushEncoder.Encode([new ShipStream($"{{host=\"{host}\"}}", [.. Enumerable.Range(0, lines).Select(i => new ShipEntry(T0, $"from {host} {i}", 0))])], withSequence: false)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (agentHeader is not null)
        {
            request.Headers.Add(LokiPushReceiver.AgentHeader, agentHeader);
        }
        HttpResponseMessage response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public async Task An_agent_token_pushes_its_own_host_only_and_reads_nothing()
    {
        int port = LokiPushClientTests.FreePort();
        WebApplication central = await StartCentralAsync(port, FleetSection());
        try
        {
            Assert.Equal(HttpStatusCode.NoContent, (await PushAsync(port, "web1", 5)).Status);

            var foreign = await PushAsync(port, "db1", 5);
            Assert.Equal(HttpStatusCode.Forbidden, foreign.Status);
            Assert.Contains("host=\"web1\"", foreign.Body, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, (await PushAsync(port, "web1", 5, agentHeader: "db1/abc")).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await PushAsync(port, "web1", 5, token: null)).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await PushAsync(port, "web1", 5, token: "not-a-token")).Status);

            using var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AgentToken);
            foreach (string path in new[] { "/loki/api/v1/query_range?query=%7Bhost%3D%22web1%22%7D", "/loki/api/v1/labels", "/api/v1/incidents", "/", "/metrics" })
            {
                using HttpResponseMessage read = await http.GetAsync($"http://127.0.0.1:{port}{path}");
                Assert.True(read.StatusCode == HttpStatusCode.Forbidden, $"GET {path} with an agent token answered {read.StatusCode}");
            }
        }
        finally
        {
            await StopAsync(central);
        }

        Assert.Equal(5, Stored("central").Count);
        Assert.Empty(Stored("central", "db1"));
    }

    [Fact]
    public async Task An_agent_over_its_rate_is_answered_429_and_nothing_of_that_push_is_stored()
    {
        int port = LokiPushClientTests.FreePort();
        WebApplication central = await StartCentralAsync(port, FleetSection(maxLinesPerSecond: 10));
        try
        {
            Assert.Equal(HttpStatusCode.NoContent, (await PushAsync(port, "web1", 30)).Status); // the bucket held 10: this push empties it
            var (status, _, response) = await PushAsync(port, "web1", 30);
            using (response)
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, status);
                Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            }
        }
        finally
        {
            await StopAsync(central);
        }

        Assert.Equal(30, Stored("central").Count);
    }
}
