using System.Globalization;
using System.Net;
using System.Text.Json;
using LogWarden.Collect.LokiPush;
using LogWarden.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogWarden.Tests.Collect.LokiPush;

/// <summary>
/// A real Kestrel on 127.0.0.1 (a port the system chooses) with <see cref="LokiPushEndpoint.MapLokiPush(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, LokiPushReceiver)"/>,
/// writing to a <see cref="CollectingSink"/>, as the daemon hosts it. It also answers Loki's
/// <c>GET /loki/api/v1/query_range</c> over what it stored (selectors with '=' only, forward, [start, end)):
/// a stand-in for a real Loki, which Debian does not package, to test <see cref="LokiQuerySource"/> against.
/// </summary>
internal sealed class LokiPushServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LokiPushServer(WebApplication app, LokiPushReceiver receiver, CollectingSink sink, Uri baseAddress)
    {
        _app = app;
        Receiver = receiver;
        Sink = sink;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public LokiPushReceiver Receiver { get; }

    public LokiPushStats Stats => Receiver.Stats;

    public CollectingSink Sink { get; }

    /// <summary>e.g. http://127.0.0.1:41234 (what Loki clients call their host).</summary>
    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <param name="agents">Limits for pushes from LogWarden agents, whose high-water marks live in the sink's checkpoints; null: no agent handling.</param>
    public static async Task<LokiPushServer> StartAsync(LokiPushOptions? options = null, int sinkCapacity = 16, AgentPushOptions? agents = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var sink = new CollectingSink(sinkCapacity);
        var receiver = new LokiPushReceiver(sink, options) { Agents = agents is null ? null : new AgentPushGate(sink.Checkpoints, agents, TimeProvider.System) };
        app.MapLokiPush(receiver);
        LokiPushServer? server = null;
        app.MapGet("/loki/api/v1/query_range", context => server!.QueryRangeAsync(context));
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new LokiPushServer(app, receiver, sink, new Uri(address));
        return server;
    }

    /// <summary>While true, query_range answers 500, as a Loki in trouble does.</summary>
    public bool FailQueries { get; set; }

    /// <summary>query_range requests answered so far.</summary>
    public int Queries => Volatile.Read(ref _queries);

    private int _queries;

    private async Task QueryRangeAsync(HttpContext context)
    {
        Interlocked.Increment(ref _queries);
        var query = context.Request.Query;
        var selector = new List<KeyValuePair<string, string>>();
        if (FailQueries)
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("internal error");
            return;
        }

        if (!LogQlLabels.TryParse(query["query"].ToString(), selector, out string? error))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("parse error: " + error);
            return;
        }

        long start = long.Parse(query["start"].ToString(), CultureInfo.InvariantCulture);
        long end = long.Parse(query["end"].ToString(), CultureInfo.InvariantCulture);
        int limit = int.Parse(query["limit"].ToString(), CultureInfo.InvariantCulture);
        Assert.Equal("forward", query["direction"].ToString());
        var hits = Sink.Records
            .Select(r => (Nanoseconds: (r.Record.Timestamp!.Value - DateTimeOffset.UnixEpoch).Ticks * 100, r.Labels, r.Record.Raw))
            .Where(h => h.Nanoseconds >= start && h.Nanoseconds < end && selector.All(m => h.Labels[m.Key] == m.Value))
            .OrderBy(h => h.Nanoseconds) // stable: lines at one time keep the order they were pushed in
            .Take(limit);
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", "success");
        json.WriteStartObject("data");
        json.WriteString("resultType", "streams");
        json.WriteStartArray("result");
        foreach (var stream in hits.GroupBy(h => h.Labels))
        {
            json.WriteStartObject();
            json.WriteStartObject("stream");
            foreach (var (name, value) in stream.Key.Pairs)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.WriteStartArray("values");
            foreach (var hit in stream)
            {
                json.WriteStartArray();
                json.WriteStringValue(hit.Nanoseconds.ToString(CultureInfo.InvariantCulture));
                json.WriteStringValue(hit.Raw);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartObject("stats");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>POSTs <paramref name="body"/> to the push path with the given headers.</summary>
    public async Task<(HttpStatusCode Status, string Text)> PushAsync(byte[] body, string? contentType, string? contentEncoding = null)
    {
        using var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        if (contentEncoding is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Encoding", contentEncoding);
        }

        using var response = await Client.PostAsync(LokiPushReceiver.Path, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Sink.DisposeAsync();
    }
}
