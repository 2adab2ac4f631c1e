using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace LogWarden.Collect.LokiPush;

/// <summary>
/// Puts Loki's push API on the daemon's web host (Kestrel, 127.0.0.1:9740 by default):
/// <code>app.MapLokiPush(sink, options.LokiPush);</code>
/// Pushes need no <see cref="ILogSource"/>: the web host runs them, and each request writes its own batch to the sink.
/// </summary>
internal static class LokiPushEndpoint
{
    /// <summary>Maps <c>POST /loki/api/v1/push</c> to a new <see cref="LokiPushReceiver"/>.</summary>
    public static IEndpointRouteBuilder MapLokiPush(
        this IEndpointRouteBuilder app,
        IIngestSink sink,
        LokiPushOptions? options = null,
        TimeProvider? time = null,
        ILogger<LokiPushReceiver>? logger = null) =>
        app.MapLokiPush(new LokiPushReceiver(sink, options, time, logger));

    /// <summary>Maps <c>POST /loki/api/v1/push</c> to <paramref name="receiver"/> (keep it to read its <see cref="LokiPushReceiver.Stats"/>).</summary>
    public static IEndpointRouteBuilder MapLokiPush(this IEndpointRouteBuilder app, LokiPushReceiver receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        app.MapPost(LokiPushReceiver.Path, receiver.HandleAsync).WithName("loki-push");
        return app;
    }
}
