using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LogWarden.Alert;
using LogWarden.Alert.Notifiers;
using LogWarden.Config;
using LogWarden.Detect;

namespace LogWarden.Tests.Alert;

/// <summary>
/// Each HTTP notifier against a local fake that checks what the vendor's documentation says a request
/// must look like (path, query, headers, JSON body, escaping, limits, signatures) and answers as the
/// vendor does, errors included.
/// </summary>
public sealed class NotifierWireFormatTests : IAsyncLifetime
{
    private const string HostileTitle = "Login <b>evil</b> & \"quoted\" @everyone <@U123> *bold* [link](http://x)";
    private readonly HttpClient _http = NotifierFactory.CreateHttpClient();
    private FakeChannelServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeChannelServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
    }

    private AlertChannelConfig Channel(string type, string? url = null) => new()
    {
        Name = type + "-test",
        Type = type,
        Url = url ?? _server.BaseUrl,
        Token = "123456:ABC-secret-token",
        ChatId = "-1001234567890",
        Topic = "ops-alerts",
        Secret = "SECtest-signing-secret",
    };

    private async Task<ReceivedRequest> SendAsync(string type, AlertMessage message, string? url = null)
    {
        INotifier notifier = NotifierFactory.Create(Channel(type, url), _http, TimeProvider.System);
        await notifier.SendAsync(message, "logwarden:" + type + ":7:firing", CancellationToken.None);
        return Assert.Single(_server.Received);
    }

    [Fact]
    public async Task Telegram_sends_sendMessage_with_escaped_HTML_and_the_explanation()
    {
        _server.Answer = _ => new FakeAnswer(200, """{"ok":true,"result":{"message_id":1}}""");
        ReceivedRequest request = await SendAsync("telegram", AlertSamples.Message(title: HostileTitle), _server.BaseUrl);

        Assert.Equal("POST", request.Method);
        Assert.Equal("/bot123456:ABC-secret-token/sendMessage", request.Path);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        JsonNode body = request.Json;
        Assert.Equal("-1001234567890", body["chat_id"]!.GetValue<string>());
        Assert.Equal("HTML", body["parse_mode"]!.GetValue<string>());
        string text = body["text"]!.GetValue<string>();
        Assert.Contains("Login &lt;b&gt;evil&lt;/b&gt; &amp; &quot;quoted&quot;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>evil", text, StringComparison.Ordinal);
        Assert.Contains("<b>Severity:</b> warning", text, StringComparison.Ordinal);
        Assert.Contains("Someone is guessing passwords for root over SSH.", text, StringComparison.Ordinal);
        Assert.Contains("1. Ban 203.0.113.9", text, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://logwarden.example.com/incidents/7\">", text, StringComparison.Ordinal);
        Assert.Contains("203.0.113.9", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Telegram_cuts_a_long_message_to_4096_characters_keeping_tags_balanced_and_the_link()
    {
        AlertMessage huge = AlertSamples.Message() with
        {
            Explanation = new AlertExplanation(new string('x', 3000) + "<&>", string.Concat(Enumerable.Repeat("cause & effect ", 300)), ["step"], 0.5, "rules", null),
        };
        string html = TelegramNotifier.Html(huge);

        Assert.True(html.Length <= TelegramNotifier.MaxLength, $"{html.Length} characters");
        Assert.Contains("cut: message too long", html, StringComparison.Ordinal);
        Assert.EndsWith("Open incident #7</a>", html, StringComparison.Ordinal);
        Assert.Equal(CountOf(html, "<b>"), CountOf(html, "</b>"));
        Assert.Equal(CountOf(html, "<a "), CountOf(html, "</a>"));
    }

    [Fact]
    public async Task Telegram_429_reports_the_retry_after_it_was_given()
    {
        _server.Answer = _ => new FakeAnswer(429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 34","parameters":{"retry_after":34}}""");
        INotifier notifier = NotifierFactory.Create(Channel("telegram"), _http, TimeProvider.System);

        var e = await Assert.ThrowsAsync<NotifierException>(() => notifier.SendAsync(AlertSamples.Message(), "k", CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(34), e.RetryAfter);
        Assert.Equal(NotifierFailure.Transient, e.Failure);
        Assert.DoesNotContain("ABC-secret-token", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slack_sends_blocks_with_mrkdwn_escaped_so_log_text_cannot_mention_or_link()
    {
        _server.Answer = _ => new FakeAnswer(200, "ok", "text/plain");
        ReceivedRequest request = await SendAsync("slack", AlertSamples.Message(title: HostileTitle));

        JsonNode body = request.Json;
        Assert.Contains("&lt;@U123&gt;", body["text"]!.GetValue<string>(), StringComparison.Ordinal);
        JsonArray blocks = body["blocks"]!.AsArray();
        Assert.Equal("header", blocks[0]!["type"]!.GetValue<string>());
        Assert.Equal("plain_text", blocks[0]!["text"]!["type"]!.GetValue<string>());
        Assert.True(blocks[0]!["text"]!["text"]!.GetValue<string>().Length <= 150);
        Assert.All(blocks.Skip(1), b => Assert.Equal("mrkdwn", b!["text"]!["type"]!.GetValue<string>()));
        string all = string.Join("\n", blocks.Skip(1).Select(b => b!["text"]!["text"]!.GetValue<string>()));
        Assert.DoesNotContain("<@U123>", all, StringComparison.Ordinal);
        Assert.Contains("<https://logwarden.example.com/incidents/7|Open incident #7>", all, StringComparison.Ordinal);
        Assert.Contains("Probable cause: An internet scanner", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slack_invalid_payload_is_a_rejection_of_the_message()
    {
        _server.Answer = _ => new FakeAnswer(400, "invalid_payload", "text/plain");
        INotifier notifier = NotifierFactory.Create(Channel("slack"), _http, TimeProvider.System);

        var e = await Assert.ThrowsAsync<NotifierException>(() => notifier.SendAsync(AlertSamples.Message(), "k", CancellationToken.None));

        Assert.Equal(NotifierFailure.Rejected, e.Failure);
        Assert.Contains("invalid_payload", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discord_sends_an_embed_with_no_mentions_allowed_and_accepts_204()
    {
        _server.Answer = _ => new FakeAnswer(204);
        ReceivedRequest request = await SendAsync("discord", AlertSamples.Message(severity: FindingSeverity.Critical, title: HostileTitle));

        JsonNode body = request.Json;
        Assert.Empty(body["allowed_mentions"]!["parse"]!.AsArray());
        JsonNode embed = body["embeds"]![0]!;
        Assert.True(embed["title"]!.GetValue<string>().Length <= 256);
        Assert.Equal("https://logwarden.example.com/incidents/7", embed["url"]!.GetValue<string>());
        Assert.Equal(0xE01E5A, embed["color"]!.GetValue<int>());
        Assert.Contains(embed["fields"]!.AsArray(), f => f!["name"]!.GetValue<string>() == "Severity" && f["value"]!.GetValue<string>() == "critical");
        Assert.Contains("\\@everyone", body["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Someone is guessing passwords", embed["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discord_429_reports_the_retry_after_of_its_body()
    {
        _server.Answer = _ => new FakeAnswer(429, """{"message":"You are being rate limited.","retry_after":1.5,"global":false}""");
        INotifier notifier = NotifierFactory.Create(Channel("discord"), _http, TimeProvider.System);

        var e = await Assert.ThrowsAsync<NotifierException>(() => notifier.SendAsync(AlertSamples.Message(), "k", CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(1.5), e.RetryAfter);
    }

    [Fact]
    public async Task DingTalk_signs_timestamp_and_secret_as_its_documentation_says()
    {
        _server.Answer = _ => new FakeAnswer(200, """{"errcode":0,"errmsg":"ok"}""");
        ReceivedRequest request = await SendAsync("dingtalk", AlertSamples.Message());

        Assert.Equal("/robot/send", request.Path);
        Assert.Equal("123456:ABC-secret-token", request.Query["access_token"]);
        long timestamp = long.Parse(request.Query["timestamp"], CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - timestamp, 0, 60_000);
        // The documentation's recipe: HmacSHA256 keyed by the secret over "timestamp\nsecret", Base64, then URL-encoded.
        string secret = "SECtest-signing-secret";
        string expected = Convert.ToBase64String(new HMACSHA256(Encoding.UTF8.GetBytes(secret)).ComputeHash(Encoding.UTF8.GetBytes(timestamp + "\n" + secret)));
        Assert.Equal(expected, request.Query["sign"]); // the server decodes the query; the raw URL carried it encoded
        JsonNode body = request.Json;
        Assert.Equal("markdown", body["msgtype"]!.GetValue<string>());
        Assert.Contains("Open incident #7", body["markdown"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(body["markdown"]!["title"]!.GetValue<string>()));
    }

    [Fact]
    public async Task DingTalk_errcode_in_a_200_answer_is_a_failure()
    {
        _server.Answer = _ => new FakeAnswer(200, """{"errcode":310000,"errmsg":"sign not match"}""");
        INotifier notifier = NotifierFactory.Create(Channel("dingtalk"), _http, TimeProvider.System);

        var e = await Assert.ThrowsAsync<NotifierException>(() => notifier.SendAsync(AlertSamples.Message(), "k", CancellationToken.None));

        Assert.Contains("310000", e.Message, StringComparison.Ordinal);
        Assert.Contains("sign not match", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_body_is_HMAC_signed_over_timestamp_and_body_with_an_idempotency_key()
    {
        _server.Answer = _ => new FakeAnswer(202);
        ReceivedRequest request = await SendAsync("webhook", AlertSamples.Message());

        string timestamp = request.Headers["X-LogWarden-Timestamp"];
        string expected = "sha256=" + Convert.ToHexStringLower(new HMACSHA256(Encoding.UTF8.GetBytes("SECtest-signing-secret")).ComputeHash(Encoding.UTF8.GetBytes(timestamp + "." + request.Body)));
        Assert.Equal(expected, request.Headers["X-LogWarden-Signature"]);
        Assert.Equal("logwarden:webhook:7:firing", request.Headers["Idempotency-Key"]);
        JsonNode body = request.Json;
        Assert.Equal(1, body["version"]!.GetValue<int>());
        Assert.Equal("logwarden:webhook:7:firing", body["delivery_id"]!.GetValue<string>());
        Assert.Equal(7, body["alert"]!["incident_id"]!.GetValue<long>());
        Assert.Equal("warning", body["alert"]!["severity"]!.GetValue<string>());
        Assert.Equal("https://logwarden.example.com/incidents/7", body["alert"]!["link"]!.GetValue<string>());
        Assert.Equal("Someone is guessing passwords for root over SSH.", body["alert"]!["explanation"]!["summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ntfy_publishes_JSON_with_priority_click_and_bearer_token()
    {
        _server.Answer = _ => new FakeAnswer(200, """{"id":"abc","event":"message"}""");
        ReceivedRequest request = await SendAsync("ntfy", AlertSamples.Message(severity: FindingSeverity.Critical));

        Assert.Equal("/", request.Path);
        Assert.Equal("Bearer 123456:ABC-secret-token", request.Headers["Authorization"]);
        JsonNode body = request.Json;
        Assert.Equal("ops-alerts", body["topic"]!.GetValue<string>());
        Assert.Equal(5, body["priority"]!.GetValue<int>());
        Assert.True(body["markdown"]!.GetValue<bool>());
        Assert.Equal("https://logwarden.example.com/incidents/7", body["click"]!.GetValue<string>());
        Assert.Equal("rotating_light", body["tags"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Gotify_posts_message_with_app_token_header_and_markdown_extras()
    {
        _server.Answer = _ => new FakeAnswer(200, """{"id":1,"appid":1}""");
        ReceivedRequest request = await SendAsync("gotify", AlertSamples.Message(notice: AlertNotice.Resolved));

        Assert.Equal("/message", request.Path);
        Assert.Equal("123456:ABC-secret-token", request.Headers["X-Gotify-Key"]);
        JsonNode body = request.Json;
        Assert.Equal(2, body["priority"]!.GetValue<int>());
        Assert.StartsWith("[RESOLVED]", body["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("text/markdown", body["extras"]!["client::display"]!["contentType"]!.GetValue<string>());
        Assert.Equal("https://logwarden.example.com/incidents/7", body["extras"]!["client::notification"]!["click"]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_dead_endpoint_is_a_transient_failure_that_does_not_name_the_token()
    {
        INotifier notifier = NotifierFactory.Create(Channel("telegram", "http://127.0.0.1:1"), _http, TimeProvider.System);

        var e = await Assert.ThrowsAsync<NotifierException>(() => notifier.SendAsync(AlertSamples.Message(), "k", CancellationToken.None));

        Assert.Equal(NotifierFailure.Transient, e.Failure);
        Assert.DoesNotContain("secret-token", e.Message, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
