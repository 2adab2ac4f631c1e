using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogWarden.Tests.Support;

/// <summary>One chat-completions request as the fake server received it: the exact bytes, and the headers that matter.</summary>
internal sealed record RecordedChatRequest(byte[] Body, string? Authorization, string? ContentType)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public JsonNode Json => JsonNode.Parse(Body)!;

    /// <summary>The content of the message with this role (system, user).</summary>
    public string Message(string role) =>
        Json["messages"]!.AsArray().First(m => (string?)m!["role"] == role)!["content"] switch
        {
            JsonValue v => (string)v!,
            JsonArray parts => string.Concat(parts.Select(p => (string?)p!["text"])),
            _ => "",
        };
}

/// <summary>What the fake answers to one request.</summary>
internal abstract record FakeChatReply
{
    /// <summary>A chat.completion whose assistant message content is <paramref name="Content"/>, with this usage.</summary>
    public sealed record Completion(string Content, int PromptTokens = 900, int CompletionTokens = 150, TimeSpan Delay = default) : FakeChatReply;

    /// <summary>An error in OpenAI's error object format ({"error": {message, type, param, code}}).</summary>
    public sealed record Error(int Status, string Type, string Code, string Message) : FakeChatReply;

    /// <summary>HTTP 200 with a body that is not JSON at all.</summary>
    public sealed record BrokenBody(string Body) : FakeChatReply;
}

/// <summary>
/// An OpenAI-compatible chat completions server on 127.0.0.1 (Kestrel, in-process) speaking the wire
/// format of OpenAI's API reference: <c>POST {base}/chat/completions</c> with a bearer key, answering a
/// <c>chat.completion</c> object (id, object, created, model, choices[{index, message{role, content,
/// refusal}, logprobs, finish_reason}], usage{prompt_tokens, completion_tokens, total_tokens}) or an
/// error object with the HTTP status. It records every request's bytes, so tests check exactly what left
/// the machine; <see cref="Reply"/> decides each answer (errors, slow answers, malformed JSON).
/// </summary>
internal sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedChatRequest> _requests = new();

    private FakeOpenAiServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The base URL a client is configured with, e.g. http://127.0.0.1:41234/v1.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Chooses the reply to each request (by its index from 0); default: a valid explanation.</summary>
    public Func<int, RecordedChatRequest, FakeChatReply> Reply { get; set; } = (_, _) => new FakeChatReply.Completion(ValidAnswer);

    public IReadOnlyList<RecordedChatRequest> Requests => [.. _requests];

    public const string Model = "fake-gpt";

    /// <summary>An API key the fake refuses (401 invalid_api_key).</summary>
    public const string RejectedKey = "sk-rejected";

    public static string ValidAnswer { get; } = """
        {"summary":"Someone at 203.0.113.7 is guessing SSH passwords.","probable_cause":"An automated brute-force run.","severity_suggestion":"warning","steps":["Block 203.0.113.7","Check for successful logins"],"confidence":0.8}
        """.Trim();

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeOpenAiServer? server = null;
        app.MapPost("/v1/chat/completions", context => server!.CompleteAsync(context));
        // The model list, as OpenAI's GET /v1/models; a key of RejectedKey is refused as an invalid one is.
        app.MapGet("/v1/models", context =>
        {
            if (context.Request.Headers.Authorization == "Bearer " + RejectedKey)
            {
                return WriteErrorAsync(context, new FakeChatReply.Error(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided."));
            }
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync($$"""{"object":"list","data":[{"id":"{{Model}}","object":"model","created":1700000000,"owned_by":"fake"}]}""", context.RequestAborted);
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeOpenAiServer(app, new Uri(address.TrimEnd('/') + "/v1"));
        return server;
    }

    private async Task CompleteAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var request = new RecordedChatRequest(buffer.ToArray(), context.Request.Headers.Authorization, context.Request.ContentType);
        int index;
        lock (_requests)
        {
            index = _requests.Count;
            _requests.Enqueue(request);
        }
        string model;
        try
        {
            model = (string?)request.Json["model"] ?? "";
            if (request.Json["messages"] is not JsonArray { Count: > 0 })
            {
                await WriteErrorAsync(context, new FakeChatReply.Error(400, "invalid_request_error", "missing_messages", "'messages' is required"));
                return;
            }
        }
        catch (JsonException)
        {
            await WriteErrorAsync(context, new FakeChatReply.Error(400, "invalid_request_error", "invalid_json", "We could not parse the JSON body of your request."));
            return;
        }
        switch (Reply(index, request))
        {
            case FakeChatReply.Completion completion:
                if (completion.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(completion.Delay, context.RequestAborted);
                }
                var body = new JsonObject
                {
                    ["id"] = "chatcmpl-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["object"] = "chat.completion",
                    ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                    ["model"] = model,
                    ["choices"] = new JsonArray(new JsonObject
                    {
                        ["index"] = 0,
                        ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = completion.Content, ["refusal"] = null },
                        ["logprobs"] = null,
                        ["finish_reason"] = "stop",
                    }),
                    ["usage"] = new JsonObject
                    {
                        ["prompt_tokens"] = completion.PromptTokens,
                        ["completion_tokens"] = completion.CompletionTokens,
                        ["total_tokens"] = completion.PromptTokens + completion.CompletionTokens,
                    },
                    ["system_fingerprint"] = "fp_fake",
                };
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
                return;
            case FakeChatReply.Error error:
                await WriteErrorAsync(context, error);
                return;
            case FakeChatReply.BrokenBody broken:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(broken.Body, context.RequestAborted);
                return;
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, FakeChatReply.Error error)
    {
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json";
        var body = new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = error.Message, ["type"] = error.Type, ["param"] = null, ["code"] = error.Code },
        };
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
