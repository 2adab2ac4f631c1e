using System.Collections.Concurrent;
using System.Net;
using LogWarden.Collect.LokiPush;
using LogWarden.Ship;
using LogWarden.Tests.Collect.LokiPush;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogWarden.Tests.Ship;

/// <summary>The push client against our own receiver on a real Kestrel, and against a server that answers as told.</summary>
public sealed class LokiPushClientTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);

    private static byte[] Body(int lines, string host = "web1", long firstSequence = 1) =>
        LokiPushEncoder.Encode([new ShipStream($"{{host=\"{host}\", job=\"app\"}}", [.. Enumerable.Range(0, lines).Select(i => new ShipEntry(T0.AddMilliseconds(i), $"payment {i} failed", firstSequence + i))])], withSequence: true);

    [Fact]
    public async Task A_push_is_stored_by_our_receiver_and_acknowledged()
    {
        await using var server = await LokiPushServer.StartAsync();
        using var client = new LokiPushClient(new LokiPushClientOptions { Url = new Uri(server.BaseAddress, LokiPushReceiver.Path) });

        PushResult result = await client.PushAsync(Body(100), CancellationToken.None);

        Assert.True(result.Accepted);
        Assert.Equal(204, result.StatusCode);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"payment {i} failed"), server.Sink.Records.Select(r => r.Record.Raw));
        Assert.Equal(T0.AddMilliseconds(99), server.Sink.Records[^1].Record.Timestamp);
        Assert.Equal("web1", server.Sink.Records[0].Labels["host"]);
    }

    [Fact]
    public async Task A_push_sent_again_by_the_same_agent_is_stored_once()
    {
        await using var server = await LokiPushServer.StartAsync(agents: new AgentPushOptions());
        var headers = new Dictionary<string, string> { [LokiPushReceiver.AgentHeader] = "web1/abc" };
        using var client = new LokiPushClient(new LokiPushClientOptions { Url = new Uri(server.BaseAddress, LokiPushReceiver.Path), Headers = headers });

        Assert.True((await client.PushAsync(Body(50), CancellationToken.None)).Accepted);
        Assert.True((await client.PushAsync(Body(50), CancellationToken.None)).Accepted); // its answer was lost, say
        Assert.True((await client.PushAsync(Body(80), CancellationToken.None)).Accepted); // overlaps: 30 new lines

        Assert.Equal(Enumerable.Range(0, 80).Select(i => $"payment {i} failed"), server.Sink.Records.Select(r => r.Record.Raw));
        Assert.Equal(100, server.Receiver.Agents!.Stats.Duplicates);
        Assert.Equal("80", server.Sink.Checkpoints.Get(AgentPushGate.CheckpointSource, "web1/abc"));
    }

    [Fact]
    public async Task Server_errors_and_429_are_retried_until_accepted()
    {
        int calls = 0;
        await using var server = await ScriptedServer.StartAsync(_ => Interlocked.Increment(ref calls) switch
        {
            1 => (503, "store busy"),
            2 => (429, "slow down"),
            _ => (204, ""),
        });
        using var client = new LokiPushClient(new LokiPushClientOptions { Url = server.Url, MinBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(50) });

        PushResult result = await client.PushAsync(Body(3), CancellationToken.None);

        Assert.True(result.Accepted);
        Assert.Equal(3, calls);
        Assert.Equal(2, client.Stats.Retries);
    }

    [Fact]
    public async Task A_4xx_other_than_429_is_not_retried_and_its_reason_is_returned_with_credentials_sent()
    {
        await using var server = await ScriptedServer.StartAsync(_ => (400, "bad label set '{host=}': expected a quoted value"));
        using var client = new LokiPushClient(new LokiPushClientOptions { Url = server.Url, BearerToken = "s3cret", MinBackoff = TimeSpan.FromMilliseconds(10) });

        PushResult result = await client.PushAsync(Body(3), CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("bad label set '{host=}': expected a quoted value", result.Reason);
        Assert.Equal(["Bearer s3cret"], server.Authorizations);
        Assert.Equal(1, client.Stats.Rejected);
        Assert.Equal(0, client.Stats.Retries);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_until_the_server_is_there()
    {
        int port = FreePort();
        using var client = new LokiPushClient(new LokiPushClientOptions { Url = new Uri($"http://127.0.0.1:{port}/loki/api/v1/push"), MinBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(100) });

        Task<PushResult> push = client.PushAsync(Body(3), CancellationToken.None);
        await Support.Eventually.TrueAsync(() => client.Stats.Retries >= 2, "two failed connection attempts");
        await using var server = await ScriptedServer.StartAsync(_ => (204, ""), port);

        Assert.True((await push.WaitAsync(TimeSpan.FromSeconds(30))).Accepted);
    }

    [Fact]
    public void Backoff_doubles_with_jitter_up_to_its_cap_and_honours_retry_after()
    {
        using var client = new LokiPushClient(new LokiPushClientOptions { Url = new Uri("http://127.0.0.1:1/"), MinBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(30) });

        for (int i = 0; i < 100; i++)
        {
            Assert.InRange(client.Backoff(0, null), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
            Assert.InRange(client.Backoff(3, null), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8));
            Assert.InRange(client.Backoff(40, null), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30));
        }
        Assert.Equal(TimeSpan.FromSeconds(20), client.Backoff(0, TimeSpan.FromSeconds(20)));
        Assert.Equal(TimeSpan.FromSeconds(30), client.Backoff(0, TimeSpan.FromHours(1)));
    }

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A Kestrel on 127.0.0.1 whose push endpoint answers what the script says, recording the Authorization headers.</summary>
    private sealed class ScriptedServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private ScriptedServer(WebApplication app, Uri url)
        {
            _app = app;
            Url = url;
        }

        public Uri Url { get; }

        public ConcurrentQueue<string> Authorizations { get; } = new();

        public static async Task<ScriptedServer> StartAsync(Func<HttpContext, (int Status, string Body)> script, int port = 0)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
            WebApplication app = builder.Build();
            ScriptedServer? server = null;
            app.MapPost(LokiPushReceiver.Path, async context =>
            {
                server!.Authorizations.Enqueue(context.Request.Headers.Authorization.ToString());
                var (status, body) = script(context);
                context.Response.StatusCode = status;
                if (body.Length > 0)
                {
                    await context.Response.WriteAsync(body);
                }
            });
            await app.StartAsync();
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server = new ScriptedServer(app, new Uri(new Uri(address), LokiPushReceiver.Path));
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
