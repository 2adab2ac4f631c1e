using LogWarden.Detect;
using LogWarden.Detect.Incidents;

namespace LogWarden.Tests.Explain;

/// <summary>Incidents as the tracker would snapshot them, for the explainers' and the report's tests.</summary>
internal static class SampleIncidents
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    public static IncidentRecord Make(
        string kind,
        string title,
        IReadOnlyDictionary<string, string> entities,
        IReadOnlyList<string>? samples = null,
        IReadOnlyList<TemplateEvidence>? templates = null,
        FindingSeverity severity = FindingSeverity.Warning,
        long id = 1,
        string? metric = null,
        IReadOnlyList<MetricPoint>? window = null,
        long lines = 312,
        IncidentStatus status = IncidentStatus.Open,
        TimeSpan? age = null)
    {
        DateTimeOffset first = Start + (age ?? TimeSpan.Zero);
        var evidence = new Evidence
        {
            Samples = samples ?? [],
            Templates = templates ?? [],
            Metric = metric,
            MetricWindow = window ?? [],
            Measurements = new Dictionary<string, double> { ["observed"] = lines, ["baseline"] = 2.5 },
        };
        string key = kind + "{" + string.Join(',', entities.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + "=" + e.Value)) + "}";
        var finding = new IncidentFindingRecord(
            key, IncidentFingerprint.Of(key), kind, title, severity, "scenarios", entities,
            first, first.AddMinutes(12), lines, first.AddMinutes(1), first.AddMinutes(12), 3, evidence);
        return new IncidentRecord
        {
            Id = id,
            Fingerprint = finding.Fingerprint,
            Kind = kind,
            Title = title,
            Status = status,
            Severity = severity,
            Host = entities.TryGetValue("host", out string? host) ? host : "web1",
            FirstSeen = first,
            LastSeen = first.AddMinutes(12),
            OpenedAt = first.AddMinutes(1),
            UpdatedAt = first.AddMinutes(12),
            ClosedAt = status == IncidentStatus.Resolved ? first.AddMinutes(45) : null,
            Lines = lines,
            FindingCount = 1,
            Raises = 3,
            Entities = entities.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)[e.Value]),
            Evidence = evidence,
            Findings = [finding],
        };
    }

    public static IncidentRecord SshBruteForce(IReadOnlyList<string>? samples = null, long id = 1) => Make(
        "ssh-brute-force",
        "SSH brute force from 203.0.113.7 (312 failures, 41 users)",
        new Dictionary<string, string> { ["ip"] = "203.0.113.7", ["unit"] = "ssh.service", ["host"] = "web1" },
        samples ??
        [
            "Nov 24 09:00:01 web1 sshd[1201]: Failed password for invalid user admin from 203.0.113.7 port 51122 ssh2",
            "Nov 24 09:00:03 web1 sshd[1203]: Failed password for root from 203.0.113.7 port 51130 ssh2",
        ],
        [new TemplateEvidence(17, "Failed password for invalid user <*> from <*> port <*> ssh2", 280), new TemplateEvidence(18, "Failed password for root from <*> port <*> ssh2", 32)],
        id: id);
}
