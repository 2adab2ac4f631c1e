using System.Net;
using LogWarden.Collect.LokiPush;
using LogWarden.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogWarden.Tests.Collect.LokiPush;

/// <summary>
/// A real Kestrel on 127.0.0.1 (a port the system chooses) with <see cref="LokiPushEndpoint.MapLokiPush(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, LokiPushReceiver)"/>,
/// writing to a <see cref="CollectingSink"/>, as the daemon hosts it.
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

    public static async Task<LokiPushServer> StartAsync(LokiPushOptions? options = null, int sinkCapacity = 16)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var sink = new CollectingSink(sinkCapacity);
        var receiver = new LokiPushReceiver(sink, options);
        app.MapLokiPush(receiver);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LokiPushServer(app, receiver, sink, new Uri(address));
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
