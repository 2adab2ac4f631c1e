using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LogWarden.Config;

namespace LogWarden.Alert.Notifiers;

/// <summary>
/// Telegram's Bot API: POST {api}/bot{token}/sendMessage with parse_mode HTML. Only &lt;, &gt; and &amp;
/// need escaping in that mode (and quotes inside attributes); a message is at most 4,096 characters, so a
/// long one is cut between whole lines, tags kept balanced. A 429 carries parameters.retry_after, which is
/// honoured. Telegram has no idempotency key: a repeat after a crash shows twice.
/// </summary>
internal sealed class TelegramNotifier(AlertChannelConfig config, HttpClient http) : INotifier
{
    /// <summary>Telegram's limit on a message's text.</summary>
    public const int MaxLength = 4096;

    private readonly Uri _endpoint = new((config.Url ?? "https://api.telegram.org").TrimEnd('/') + "/bot" + config.Token + "/sendMessage");

    public string Channel => config.Name;

    public async Task SendAsync(AlertMessage message, string idempotencyKey, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["chat_id"] = config.ChatId,
            ["text"] = Html(message),
            ["parse_mode"] = "HTML",
            ["link_preview_options"] = new JsonObject { ["is_disabled"] = true },
            ["disable_notification"] = message.IsResolved,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = HttpDelivery.Json(body) };
        string answer;
        try
        {
            answer = await HttpDelivery.SendAsync(http, request, Channel, cancellationToken).ConfigureAwait(false);
        }
        catch (NotifierException e) when (e.InnerException is null)
        {
            throw Explain(e);
        }
        if (HttpDelivery.ParseOrNull(answer) is not JsonObject { } ok || ok["ok"]?.GetValue<bool>() != true)
        {
            throw new NotifierException($"{Channel}: Telegram did not answer ok ({AlertText.Truncate(answer, 200)})");
        }
    }

    /// <summary>Telegram's error body says more than its status: the description and parameters.retry_after.</summary>
    private NotifierException Explain(NotifierException e)
    {
        string text = e.Message;
        int brace = text.IndexOf('{', StringComparison.Ordinal);
        if (brace < 0 || HttpDelivery.ParseOrNull(text[brace..]) is not JsonObject error)
        {
            return e;
        }
        TimeSpan? retryAfter = HttpDelivery.Seconds(error["parameters"]?["retry_after"]) ?? e.RetryAfter;
        string description = error["description"]?.GetValue<string>() ?? "";
        int code = error["error_code"]?.GetValue<int>() ?? 0;
        NotifierFailure failure = code == (int)HttpStatusCode.BadRequest && !description.Contains("chat not found", StringComparison.OrdinalIgnoreCase)
            ? NotifierFailure.Rejected
            : NotifierFailure.Transient;
        return new NotifierException($"{Channel}: Telegram error {code}: {description}", failure, retryAfter);
    }

    /// <summary>The message in Telegram's HTML, at most <see cref="MaxLength"/> characters.</summary>
    internal static string Html(AlertMessage m)
    {
        var html = new TelegramHtml(MaxLength);
        if (m.Report is { } report)
        {
            html.Line($"📊 <b>{Escape(report.Subject)}</b>");
            foreach (string line in report.Text.TrimEnd().Split('\n').Skip(1)) // its first line is the subject
            {
                html.Line(Escape(line));
            }
            html.Line("");
            html.Line($"<a href=\"{Escape(m.Link)}\">Open the dashboard</a>");
            return html.ToString();
        }
        string icon = m.IsResolved ? "✅" : m.IsCritical ? "🔴" : "🟠";
        html.Line($"{icon} <b>{Escape(AlertText.Headline(m))}</b>");
        html.Line("");
        foreach ((string label, string value) in AlertText.Facts(m))
        {
            html.Line($"<b>{Escape(label)}:</b> {Escape(value)}");
        }
        IReadOnlyList<string> findings = AlertText.FindingLines(m);
        if (findings.Count > 0)
        {
            html.Line("");
            html.Line("<b>What happened</b>");
            foreach (string line in findings)
            {
                html.Line("• " + Escape(line));
            }
        }
        IReadOnlyList<string> explanation = AlertText.ExplanationLines(m);
        if (explanation.Count > 0)
        {
            html.Line("");
            html.Line("<b>Explanation</b>");
            foreach (string line in explanation)
            {
                html.Line(Escape(line));
            }
        }
        html.Line("");
        html.Line($"<a href=\"{Escape(m.Link)}\">Open incident #{m.IncidentId}</a>");
        return html.ToString();
    }

    /// <summary>Telegram's HTML mode: &amp;, &lt;, &gt; and the double quote as entities.</summary>
    internal static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal);

    /// <summary>
    /// Lines of balanced HTML added while they fit. The limit counts characters after entities are
    /// parsed, so counting the raw HTML is conservative. The link is kept: when lines must go, the last
    /// line is reserved and the cut says so.
    /// </summary>
    private sealed class TelegramHtml(int max)
    {
        private const string Cut = "…(cut: message too long)";
        private readonly List<string> _lines = [];

        public void Line(string line) => _lines.Add(line);

        public override string ToString()
        {
            string all = string.Join('\n', _lines);
            if (all.Length <= max)
            {
                return all;
            }
            string last = _lines[^1];
            var text = new StringBuilder();
            int budget = max - last.Length - Cut.Length - 2;
            foreach (string line in _lines.Take(_lines.Count - 1))
            {
                if (text.Length + line.Length + 1 > budget)
                {
                    break;
                }
                text.Append(line).Append('\n');
            }
            if (text.Length == 0)
            {
                // Even the headline is too long: plain escaped text, cut outside any entity.
                string plain = _lines[0];
                int end = Math.Min(plain.Length, Math.Max(0, budget));
                int amp = plain.LastIndexOf('&', Math.Max(0, end - 1));
                if (amp >= 0 && plain.IndexOf(';', amp) >= end)
                {
                    end = amp;
                }
                text.Append(StripTags(plain[..end])).Append('\n');
            }
            return text.Append(Cut).Append('\n').Append(last).ToString();
        }

        private static string StripTags(string html)
        {
            string text = html.Replace("<b>", "", StringComparison.Ordinal).Replace("</b>", "", StringComparison.Ordinal);
            int partial = text.IndexOf('<', StringComparison.Ordinal);
            return partial < 0 ? text : text[..partial];
        }
    }
}
