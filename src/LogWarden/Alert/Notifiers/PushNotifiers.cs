using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using LogWarden.Config;

namespace LogWarden.Alert.Notifiers;

/// <summary>
/// ntfy: JSON publishing, POST {server} with {"topic","title","message","priority","tags","click",
/// "markdown":true}; an access token goes in Authorization: Bearer. Priorities: critical 5 (max), warning
/// 4, resolved 2.
/// </summary>
internal sealed class NtfyNotifier(AlertChannelConfig config, HttpClient http) : INotifier
{
    private readonly Uri _url = new((config.Url ?? "https://ntfy.sh").TrimEnd('/') + "/");

    public string Channel => config.Name;

    public async Task SendAsync(AlertMessage message, string idempotencyKey, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["topic"] = config.Topic,
            ["title"] = AlertText.Truncate(AlertText.Headline(message), 250),
            ["message"] = AlertText.Markdown(message, withHeadline: false),
            ["priority"] = message.Report is not null ? 3 : message.IsResolved ? 2 : message.IsCritical ? 5 : 4,
            ["tags"] = new JsonArray(message.Report is not null ? "bar_chart" : message.IsResolved ? "white_check_mark" : message.IsCritical ? "rotating_light" : "warning"),
            ["click"] = message.Link,
            ["markdown"] = true,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = HttpDelivery.Json(body) };
        if (!string.IsNullOrEmpty(config.Token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", config.Token);
        }
        await HttpDelivery.SendAsync(http, request, Channel, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// Gotify: POST {server}/message with the application token in X-Gotify-Key and
/// {"title","message","priority","extras"}: client::display contentType text/markdown, and
/// client::notification click.url to open the incident. Priorities (0–10): critical 8, warning 5, resolved 2.
/// </summary>
internal sealed class GotifyNotifier(AlertChannelConfig config, HttpClient http) : INotifier
{
    private readonly Uri _url = new(config.Url!.TrimEnd('/') + "/message");

    public string Channel => config.Name;

    public async Task SendAsync(AlertMessage message, string idempotencyKey, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["title"] = AlertText.Headline(message),
            ["message"] = AlertText.Markdown(message, withHeadline: false),
            ["priority"] = message.Report is not null || message.IsResolved ? 2 : message.IsCritical ? 8 : 5,
            ["extras"] = new JsonObject
            {
                ["client::display"] = new JsonObject { ["contentType"] = "text/markdown" },
                ["client::notification"] = new JsonObject { ["click"] = new JsonObject { ["url"] = message.Link } },
            },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = HttpDelivery.Json(body) };
        request.Headers.TryAddWithoutValidation("X-Gotify-Key", config.Token);
        await HttpDelivery.SendAsync(http, request, Channel, cancellationToken).ConfigureAwait(false);
    }
}
