using System.Text.Json;
using System.Text.Json.Serialization;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Explain;
using LogWarden.Report;

namespace LogWarden.Alert;

/// <summary>Why a notification is sent.</summary>
internal static class AlertNotice
{
    /// <summary>An incident worth telling opened (or an info incident became an alert).</summary>
    public const string Firing = "firing";

    /// <summary>A notified incident became more severe.</summary>
    public const string Escalated = "escalated";

    /// <summary>Still open after the repeat interval.</summary>
    public const string Repeat = "repeat";

    public const string Resolved = "resolved";

    /// <summary>The daily report (no incident: <see cref="AlertMessage.Report"/> carries it).</summary>
    public const string Report = "report";

    /// <summary>What the responder did about an incident (a playbook's `notify` step: Respond/OutboxResponseNotifier).</summary>
    public const string Response = "response";
}

/// <summary>One finding of an incident as a message lists it.</summary>
internal sealed record AlertFinding(string Title, string Severity, long Count);

/// <summary>The explanation as a message shows it (a copy of <see cref="IncidentExplanation"/>, so stored payloads outlive changes to that type).</summary>
internal sealed record AlertExplanation(string Summary, string ProbableCause, IReadOnlyList<string> Steps, double Confidence, string Origin, string? SuggestedSeverity);

/// <summary>
/// Everything a notifier needs to tell one incident's news, channel-independent: stored as the outbox
/// entry's payload (JSON) and rendered by each notifier at send time. Times of the incident are log time.
/// </summary>
internal sealed record AlertMessage
{
    public required string Notice { get; init; }

    public required long IncidentId { get; init; }

    public required string Fingerprint { get; init; }

    public required string Kind { get; init; }

    public required string Title { get; init; }

    /// <summary>info, warning or critical.</summary>
    public required string Severity { get; init; }

    /// <summary>open, acknowledged, resolved or noise (a report's is "report").</summary>
    public required string Status { get; init; }

    public string? Host { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Entities { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The labels routes and silences match on (severity, kind, host, source, detector, entities).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public long Lines { get; init; }

    public int FindingCount { get; init; }

    public long Raises { get; init; }

    public IReadOnlyList<AlertFinding> Findings { get; init; } = [];

    public required DateTimeOffset FirstSeen { get; init; }

    public required DateTimeOffset LastSeen { get; init; }

    public required DateTimeOffset OpenedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public AlertExplanation? Explanation { get; init; }

    /// <summary>The incident in the dashboard.</summary>
    public required string Link { get; init; }

    /// <summary>
    /// The daily report, when this message is one (<see cref="AlertNotice.Report"/>; no incident): every
    /// notifier sends it in its own form (e-mail as HTML with the charts inline, chat as text or Markdown).
    /// </summary>
    public RenderedReport? Report { get; init; }

    public bool IsResolved => Notice == AlertNotice.Resolved;

    public bool IsCritical => Severity == "critical";

    /// <summary>At most this many findings are listed (the rest are counted).</summary>
    public const int MaxFindings = 5;

    public static AlertMessage From(IncidentRecord incident, string notice, string link, IncidentExplanation? explanation)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var findings = incident.Findings
            .OrderByDescending(f => f.Severity)
            .ThenByDescending(f => f.Count)
            .Take(MaxFindings)
            .Select(f => new AlertFinding(f.Title, IncidentNames.Of(f.Severity), f.Count))
            .ToList();
        return new AlertMessage
        {
            Notice = notice,
            IncidentId = incident.Id,
            Fingerprint = incident.Fingerprint,
            Kind = incident.Kind,
            Title = incident.Title,
            Severity = IncidentNames.Of(incident.Severity),
            Status = notice == AlertNotice.Resolved && incident.IsActive ? "resolved" : IncidentNames.Of(incident.Status),
            Host = incident.Host,
            Entities = incident.Entities,
            Labels = AlertLabels.Of(incident),
            Lines = incident.Lines,
            FindingCount = incident.FindingCount,
            Raises = incident.Raises,
            Findings = findings,
            FirstSeen = incident.FirstSeen,
            LastSeen = incident.LastSeen,
            OpenedAt = incident.OpenedAt,
            ClosedAt = incident.ClosedAt,
            Explanation = explanation is null ? null : new AlertExplanation(
                explanation.Summary,
                explanation.ProbableCause,
                explanation.Steps,
                explanation.Confidence,
                explanation.Origin == ExplanationOrigin.Llm ? "llm" : "rules",
                explanation.SuggestedSeverity is { } s ? IncidentNames.Of(s) : null),
            Link = link,
        };
    }

    /// <summary>The daily report as a notification; <paramref name="link"/> is the dashboard.</summary>
    public static AlertMessage FromReport(RenderedReport report, DateTimeOffset from, DateTimeOffset to, string link)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new AlertMessage
        {
            Notice = AlertNotice.Report,
            IncidentId = 0,
            Fingerprint = AlertNotice.Report,
            Kind = "daily-report",
            Title = report.Subject,
            Severity = "info",
            Status = AlertNotice.Report,
            FirstSeen = from,
            LastSeen = to,
            OpenedAt = to,
            Link = link,
            Report = report,
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, AlertJsonContext.Default.AlertMessage);

    /// <exception cref="JsonException">Not an alert message.</exception>
    public static AlertMessage FromJson(string json) =>
        JsonSerializer.Deserialize(json, AlertJsonContext.Default.AlertMessage) ?? throw new JsonException("empty alert payload");
}

/// <summary>The labels of an incident that routes and silences match: Prometheus-style names.</summary>
internal static class AlertLabels
{
    /// <summary>Entity names tried, in order, for the <c>source</c> label (where the lines came from).</summary>
    private static readonly string[] SourceEntities = ["unit", "container", "job", "path", "process"];

    public static Dictionary<string, string> Of(IncidentRecord incident)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["alertname"] = incident.Kind,
            ["kind"] = incident.Kind,
            ["severity"] = IncidentNames.Of(incident.Severity),
            ["fingerprint"] = incident.Fingerprint,
        };
        if (incident.Host is { } host)
        {
            labels["host"] = host;
        }
        if (incident.Findings.Count > 0)
        {
            labels["detector"] = incident.Findings[0].Detector;
        }
        foreach ((string name, IReadOnlyList<string> values) in incident.Entities)
        {
            if (values.Count > 0 && Collect.StreamLabels.IsValidName(name) && !labels.ContainsKey(name))
            {
                labels[name] = values[0];
            }
        }
        foreach (string name in SourceEntities)
        {
            if (incident.Entities.TryGetValue(name, out IReadOnlyList<string>? values) && values.Count > 0)
            {
                labels["source"] = values[0];
                break;
            }
        }
        if (!labels.ContainsKey("source") && labels.TryGetValue("detector", out string? detector))
        {
            labels["source"] = detector;
        }
        return labels;
    }

    public static FindingSeverity Severity(AlertMessage message) => IncidentNames.ParseSeverity(message.Severity);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AlertMessage))]
internal sealed partial class AlertJsonContext : JsonSerializerContext;
