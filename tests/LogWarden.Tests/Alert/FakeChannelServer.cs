using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LogWarden.Tests.Alert;

/// <summary>One request a fake vendor endpoint received, as sent on the wire.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At)
{
    /// <summary>The status the fake answered with.</summary>
    public int Status { get; init; }

    public bool Accepted => Status is >= 200 and < 300;

    public JsonNode Json => JsonNode.Parse(Body)!;
}

/// <summary>What the fake answers: status, body, content type and extra headers.</summary>
public sealed record FakeAnswer(int Status, string Body = "", string ContentType = "application/json", IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// An in-process Kestrel server on 127.0.0.1 standing in for a vendor's HTTP API (Telegram, Slack, Discord,
/// DingTalk, ntfy, Gotify, a webhook receiver). It records every request exactly as received and answers
/// with what <see cref="Answer"/> returns, so a test can play the vendor's documented success and error
/// responses (429 with Retry-After, 5xx while "down").
/// </summary>
public sealed class FakeChannelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();

    private FakeChannelServer(WebApplication app) => _app = app;

    public Func<ReceivedRequest, FakeAnswer> Answer { get; set; } = _ => new FakeAnswer(200, "{}");

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    public static async Task<FakeChannelServer> StartAsync(Func<ReceivedRequest, FakeAnswer>? answer = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var server = new FakeChannelServer(app);
        if (answer is not null)
        {
            server.Answer = answer;
        }
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Urls.First().TrimEnd('/');
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        string body = await reader.ReadToEndAsync();
        var request = new ReceivedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body,
            DateTimeOffset.UtcNow);
        FakeAnswer answer = Answer(request);
        _received.Enqueue(request with { Status = answer.Status });
        context.Response.StatusCode = answer.Status;
        foreach ((string name, string value) in answer.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }
        if (answer.Body.Length > 0)
        {
            context.Response.ContentType = answer.ContentType;
            await context.Response.WriteAsync(answer.Body);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
