using System.Globalization;
using System.Text.Json.Nodes;
using LogWarden.Config;

namespace LogWarden.Alert.Notifiers;

/// <summary>
/// Prometheus Alertmanager's API v2: POST {url}/api/v2/alerts with a list of postable alerts (labels,
/// annotations, startsAt, endsAt, generatorURL). An alert's identity is its label set, so the labels are
/// the incident's stable ones (alertname = kind, severity, host, source, incident id); entities and text go
/// in annotations. A firing alert gets endsAt = now + <see cref="Hold"/> (Alertmanager would otherwise
/// resolve it after its resolve_timeout) and is refreshed by every repeat; a resolve posts the same labels
/// with endsAt = the close time. Severity is a label, so a firing or resolve also ends the incident's alert
/// at the other severities (an escalation does not leave the old one firing). Posting is idempotent:
/// Alertmanager merges alerts with equal labels, so a repeat after a crash changes nothing.
/// </summary>
internal sealed class AlertmanagerNotifier(AlertChannelConfig config, HttpClient http, TimeProvider time) : INotifier
{
    /// <summary>How long a firing alert stays firing in Alertmanager without a refresh.</summary>
    public static readonly TimeSpan Hold = TimeSpan.FromHours(24);

    private static readonly string[] Severities = ["warning", "critical"];

    private readonly Uri _url = new(config.Url!.TrimEnd('/') + "/api/v2/alerts");

    public string Channel => config.Name;

    public async Task SendAsync(AlertMessage message, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (message.Report is not null)
        {
            // Alertmanager holds alerts that fire and resolve; a report is neither (report.channels refuses it).
            throw new NotifierException($"{Channel}: Alertmanager takes alerts, not reports", NotifierFailure.Rejected);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = HttpDelivery.Json(Payload(message, time.GetUtcNow())) };
        await HttpDelivery.SendAsync(http, request, Channel, cancellationToken).ConfigureAwait(false);
    }

    internal static JsonArray Payload(AlertMessage m, DateTimeOffset now)
    {
        DateTimeOffset ended = m.IsResolved ? Min(m.ClosedAt ?? now, now) : now;
        var alerts = new JsonArray();
        foreach (string severity in Severities)
        {
            bool firing = !m.IsResolved && severity == m.Severity;
            JsonNode alert = new JsonObject // JsonNode: JsonArray.Add<JsonObject> is reflection-based (not in the AOT build)
            {
                ["labels"] = Labels(m, severity),
                ["annotations"] = Annotations(m),
                ["startsAt"] = Iso(m.OpenedAt),
                ["endsAt"] = Iso(firing ? now + Hold : Max(ended, m.OpenedAt)),
                ["generatorURL"] = m.Link,
            };
            alerts.Add(alert);
        }
        return alerts;
    }

    private static JsonObject Labels(AlertMessage m, string severity)
    {
        var labels = new JsonObject
        {
            ["alertname"] = m.Kind,
            ["severity"] = severity,
            ["incident"] = m.IncidentId.ToString(CultureInfo.InvariantCulture),
            ["fingerprint"] = m.Fingerprint,
            ["job"] = "logwarden",
        };
        if (m.Host is not null)
        {
            labels["host"] = m.Host;
        }
        if (m.Labels.TryGetValue("source", out string? source))
        {
            labels["source"] = source;
        }
        return labels;
    }

    private static JsonObject Annotations(AlertMessage m)
    {
        var annotations = new JsonObject
        {
            ["summary"] = m.Title,
            ["description"] = AlertText.Plain(m),
            ["lines"] = m.Lines.ToString(CultureInfo.InvariantCulture),
            ["first_seen"] = Iso(m.FirstSeen),
            ["last_seen"] = Iso(m.LastSeen),
        };
        foreach ((string name, IReadOnlyList<string> values) in m.Entities)
        {
            annotations["entity_" + name] = string.Join(", ", values);
        }
        if (m.Explanation is { } e)
        {
            annotations["explanation"] = e.Summary;
            annotations["probable_cause"] = e.ProbableCause;
        }
        return annotations;
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
