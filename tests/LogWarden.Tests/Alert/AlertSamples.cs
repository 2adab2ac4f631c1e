using LogWarden.Alert;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Explain;

namespace LogWarden.Tests.Alert;

/// <summary>Incidents and messages for the alert tests, and an explainer of the test's own.</summary>
internal static class AlertSamples
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    public static IncidentRecord Incident(
        long id,
        FindingSeverity severity = FindingSeverity.Warning,
        string kind = "ssh-brute-force",
        string title = "SSH brute force from 203.0.113.9",
        string host = "web-1",
        IncidentStatus status = IncidentStatus.Open,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? entities = null)
    {
        var finding = new IncidentFindingRecord(
            kind + ":" + id, "f" + id.ToString("x15", System.Globalization.CultureInfo.InvariantCulture), kind, title, severity, "scenarios",
            new Dictionary<string, string> { ["ip"] = "203.0.113.9" },
            T0, T0.AddMinutes(3), 42, T0, T0.AddMinutes(3), 3, Evidence.None);
        return new IncidentRecord
        {
            Id = id,
            Fingerprint = "fp" + id.ToString("x14", System.Globalization.CultureInfo.InvariantCulture),
            Kind = kind,
            Title = title,
            Status = status,
            Severity = severity,
            Host = host,
            FirstSeen = T0,
            LastSeen = T0.AddMinutes(3),
            OpenedAt = T0,
            UpdatedAt = T0.AddMinutes(3),
            ClosedAt = status is IncidentStatus.Resolved ? T0.AddMinutes(40) : null,
            Lines = 42,
            FindingCount = 1,
            Raises = 3,
            Entities = entities ?? new Dictionary<string, IReadOnlyList<string>> { ["ip"] = ["203.0.113.9"], ["user"] = ["root", "admin"] },
            Findings = [finding],
        };
    }

    public static AlertMessage Message(long id = 7, string notice = AlertNotice.Firing, FindingSeverity severity = FindingSeverity.Warning, string title = "SSH brute force from 203.0.113.9", bool explained = true) =>
        AlertMessage.From(
            Incident(id, severity, title: title, status: notice == AlertNotice.Resolved ? IncidentStatus.Resolved : IncidentStatus.Open),
            notice,
            "https://logwarden.example.com/incidents/" + id,
            explained ? TestExplainer.Explanation : null);
}

/// <summary>An explainer of the test's own (the real ones live in Explain/, built by another branch).</summary>
internal sealed class TestExplainer : IIncidentExplainer
{
    public static readonly IncidentExplanation Explanation = new()
    {
        Summary = "Someone is guessing passwords for root over SSH.",
        ProbableCause = "An internet scanner running a password list.",
        Steps = ["Ban 203.0.113.9", "Disable password logins in sshd_config"],
        Confidence = 0.8,
        Origin = ExplanationOrigin.Deterministic,
    };

    public int Calls { get; private set; }

    public ValueTask<IncidentExplanation> ExplainAsync(IncidentRecord incident, CancellationToken cancellationToken)
    {
        Calls++;
        return ValueTask.FromResult(Explanation);
    }
}
