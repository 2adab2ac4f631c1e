using System.Text.Json.Nodes;
using LogWarden.Config;

namespace LogWarden.Alert.Notifiers;

/// <summary>
/// A Discord webhook: POST {"content", "embeds", "allowed_mentions"} (Discord answers 204, or 200 with
/// ?wait=true); 429 carries Retry-After and a JSON retry_after in seconds. Embed limits: title 256,
/// description 4,096, field value 1,024, 25 fields, 6,000 characters in all. allowed_mentions is empty so
/// that "@everyone" in a log line pings nobody.
/// </summary>
internal sealed class DiscordNotifier(AlertChannelConfig config, HttpClient http) : INotifier
{
    private const int MaxTitle = 256;
    private const int MaxDescription = 4096;
    private const int MaxFieldValue = 1024;
    private const int MaxFields = 25;

    private readonly Uri _url = new(config.Url!);

    public string Channel => config.Name;

    public async Task SendAsync(AlertMessage message, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = HttpDelivery.Json(Payload(message)) };
        try
        {
            await HttpDelivery.SendAsync(http, request, Channel, cancellationToken).ConfigureAwait(false);
        }
        catch (NotifierException e) when (e.RetryAfter is null && e.Message.Contains("retry_after", StringComparison.Ordinal))
        {
            int brace = e.Message.IndexOf('{', StringComparison.Ordinal);
            TimeSpan? wait = brace < 0 ? null : HttpDelivery.Seconds(HttpDelivery.ParseOrNull(e.Message[brace..])?["retry_after"]);
            throw new NotifierException(e.Message, e.Failure, wait);
        }
    }

    internal static JsonObject Payload(AlertMessage m)
    {
        if (m.Report is { } report)
        {
            // Discord's Markdown has no tables: the text report in a code block (a ``` inside it would end the block).
            string text = report.Text.Replace("```", "'''", StringComparison.Ordinal);
            return new JsonObject
            {
                ["content"] = AlertText.Truncate(AlertText.EscapeMarkdown(report.Subject), 2000),
                ["embeds"] = new JsonArray(new JsonObject
                {
                    ["title"] = AlertText.Truncate(report.Subject, MaxTitle),
                    ["url"] = m.Link,
                    ["description"] = "```\n" + string.Concat(AlertText.Pieces(text, MaxDescription - 8, 1)) + "\n```",
                }),
                ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
            };
        }
        var fields = new JsonArray();
        foreach ((string label, string value) in AlertText.Facts(m).Take(MaxFields))
        {
            fields.Add((JsonNode)new JsonObject { ["name"] = label, ["value"] = AlertText.Truncate(value, MaxFieldValue), ["inline"] = value.Length < 40 });
        }
        var description = new List<string>();
        IReadOnlyList<string> findings = AlertText.FindingLines(m);
        if (findings.Count > 0)
        {
            description.Add("**What happened**");
            description.AddRange(findings.Select(f => "• " + AlertText.EscapeMarkdown(f)));
        }
        IReadOnlyList<string> explanation = AlertText.ExplanationLines(m);
        if (explanation.Count > 0)
        {
            description.Add("");
            description.Add("**Explanation**");
            description.AddRange(explanation.Select(AlertText.EscapeMarkdown));
        }
        int color = m.IsResolved ? 0x2EB67D : m.IsCritical ? 0xE01E5A : 0xECB22E;
        var embed = new JsonObject
        {
            ["title"] = AlertText.Truncate(AlertText.Headline(m), MaxTitle),
            ["url"] = m.Link,
            ["color"] = color,
            ["timestamp"] = (m.IsResolved ? m.ClosedAt ?? m.LastSeen : m.LastSeen).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["fields"] = fields,
        };
        if (description.Count > 0)
        {
            embed["description"] = AlertText.Truncate(string.Join('\n', description), MaxDescription - 1000);
        }
        return new JsonObject
        {
            ["content"] = AlertText.Truncate(AlertText.EscapeMarkdown(AlertText.Headline(m)), 2000),
            ["embeds"] = new JsonArray(embed),
            ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
        };
    }
}
