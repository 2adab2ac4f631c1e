using System.Text;
using System.Text.Json.Nodes;
using LogWarden.Config;

namespace LogWarden.Alert.Notifiers;

/// <summary>
/// A Slack incoming webhook: POST {"text", "blocks"} (mrkdwn, where &amp;, &lt; and &gt; are the only
/// characters to escape); Slack answers 200 "ok", 400 "invalid_payload", 429 with Retry-After. A section's
/// text is at most 3,000 characters and a header's 150.
/// </summary>
internal sealed class SlackNotifier(AlertChannelConfig config, HttpClient http) : INotifier
{
    private const int MaxSection = 3000;
    private const int MaxHeader = 150;

    private readonly Uri _url = new(config.Url!);

    public string Channel => config.Name;

    public async Task SendAsync(AlertMessage message, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = HttpDelivery.Json(Payload(message)) };
        await HttpDelivery.SendAsync(http, request, Channel, cancellationToken).ConfigureAwait(false);
    }

    internal static JsonObject Payload(AlertMessage m)
    {
        if (m.Report is { } report)
        {
            // The report's text tables line up in a code block; Slack allows 50 blocks, of 3,000 characters each.
            var sections = new JsonArray(Header(report.Subject));
            foreach (string piece in AlertText.Pieces(Escape(report.Text), MaxSection - 8, 20))
            {
                sections.Add(Section("```\n" + piece + "\n```"));
            }
            sections.Add(Section($"<{m.Link}|Open the dashboard>"));
            return new JsonObject { ["text"] = Escape(report.Subject), ["blocks"] = sections };
        }
        var facts = new StringBuilder();
        foreach ((string label, string value) in AlertText.Facts(m))
        {
            facts.Append('*').Append(Escape(label)).Append(":* ").Append(Escape(value)).Append('\n');
        }
        var blocks = new JsonArray(Header(AlertText.Headline(m)), Section(facts.ToString()));
        IReadOnlyList<string> findings = AlertText.FindingLines(m);
        if (findings.Count > 0)
        {
            blocks.Add(Section("*What happened*\n" + string.Join('\n', findings.Select(f => "• " + Escape(f)))));
        }
        IReadOnlyList<string> explanation = AlertText.ExplanationLines(m);
        if (explanation.Count > 0)
        {
            blocks.Add(Section("*Explanation*\n" + string.Join('\n', explanation.Select(Escape))));
        }
        blocks.Add(Section($"<{m.Link}|Open incident #{m.IncidentId}>"));
        return new JsonObject
        {
            ["text"] = Escape(AlertText.Headline(m)),
            ["blocks"] = blocks,
        };
    }

    // Blocks are typed JsonNode so that JsonArray.Add takes the node as is: Add<JsonObject> would go through
    // JsonValue's reflection path, which the NativeAOT build cannot have.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "JsonNode picks JsonArray.Add(JsonNode), not the reflection-based Add<T>")]
    private static JsonNode Header(string text) =>
        new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = AlertText.Truncate(text, MaxHeader) } };

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "as Header")]
    private static JsonNode Section(string mrkdwn) =>
        new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = AlertText.Truncate(mrkdwn, MaxSection) } };

    /// <summary>Slack's rule: escape &amp;, &lt; and &gt; (so log text cannot make links or mentions).</summary>
    internal static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
