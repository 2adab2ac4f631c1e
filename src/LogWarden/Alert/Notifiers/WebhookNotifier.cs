using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LogWarden.Config;

namespace LogWarden.Alert.Notifiers;

/// <summary>
/// A generic JSON webhook (documented in Alert/README.md): POST
/// <c>{"version":1,"delivery_id","sent_at","text","alert":{…the alert message…}}</c> with headers
/// <c>Idempotency-Key</c> (the same on every attempt of one notification: receivers drop repeats),
/// <c>X-LogWarden-Timestamp</c> (unix seconds) and, when a secret is set,
/// <c>X-LogWarden-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." + body))</c>: the receiver
/// recomputes it over the raw body and rejects old timestamps, so a captured request cannot be replayed later.
/// </summary>
internal sealed class WebhookNotifier(AlertChannelConfig config, HttpClient http, TimeProvider time) : INotifier
{
    public const string SignatureHeader = "X-LogWarden-Signature";
    public const string TimestampHeader = "X-LogWarden-Timestamp";
    public const string IdempotencyHeader = "Idempotency-Key";

    private readonly Uri _url = new(config.Url!);

    public string Channel => config.Name;

    public async Task SendAsync(AlertMessage message, string idempotencyKey, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        var payload = new JsonObject
        {
            ["version"] = 1,
            ["delivery_id"] = idempotencyKey,
            ["sent_at"] = now.ToString("O", CultureInfo.InvariantCulture),
            ["text"] = AlertText.Plain(message),
            ["alert"] = JsonNode.Parse(message.ToJson()),
        };
        string body = payload.ToJsonString();
        string timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation(IdempotencyHeader, idempotencyKey);
        request.Headers.TryAddWithoutValidation(TimestampHeader, timestamp);
        if (!string.IsNullOrEmpty(config.Secret))
        {
            request.Headers.TryAddWithoutValidation(SignatureHeader, Signature(config.Secret, timestamp, body));
        }
        foreach ((string name, string value) in config.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        await HttpDelivery.SendAsync(http, request, Channel, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>"sha256=" + lowercase hex of HMAC-SHA256(secret, timestamp + "." + body), over the body's UTF-8 bytes.</summary>
    public static string Signature(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));
}
