using LogWarden.Detect;
using LogWarden.Detect.Incidents;

namespace LogWarden.Tests.Detect.Incidents;

/// <summary>Findings as detectors raise them, and a listener that records what the tracker tells.</summary>
internal static class TestFindings
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static Finding Make(
        string kind,
        FindingSeverity severity,
        DateTimeOffset at,
        long count = 1,
        DateTimeOffset? firstSeen = null,
        string? title = null,
        Evidence? evidence = null,
        params (string Name, string Value)[] entities) => new()
        {
            Timestamp = at,
            Severity = severity,
            Kind = kind,
            Title = title ?? $"{kind} about {string.Join(", ", entities.Select(e => e.Value))}",
            Entities = entities.ToDictionary(e => e.Name, e => e.Value),
            FirstSeen = firstSeen ?? at,
            LastSeen = at,
            Count = count,
            Evidence = evidence ?? Evidence.None,
            Detector = "test",
        };

    public static Finding BruteForce(string ip, DateTimeOffset at, long failures = 20, FindingSeverity severity = FindingSeverity.Warning, string host = "web1") =>
        Make("ssh-brute-force", severity, at, failures, at.AddMinutes(-2), $"SSH brute force from {ip}: {failures} failures",
            new Evidence
            {
                Templates = [new TemplateEvidence(7, "Failed password for <*> from <*> port <*> ssh2", failures)],
                Samples = [$"Nov 25 12:00:00 {host} sshd[42]: Failed password for root from {ip} port 50122 ssh2"],
            },
            (EntityNames.Ip, ip), (EntityNames.Host, host));

    public static Finding OomKill(DateTimeOffset at, string host = "web1") =>
        Make("oom-kill", FindingSeverity.Critical, at, 1, null, "OOM killer killed java (pid 812) of app.service on " + host,
            new Evidence { Samples = [$"Nov 25 12:00:00 {host} kernel: Out of memory: Killed process 812 (java)"] },
            (EntityNames.Process, "java"), (EntityNames.Unit, "app.service"), (EntityNames.Host, host));

    public static Finding MemoryThreshold(DateTimeOffset at, string host = "web1") =>
        Make("metric-threshold", FindingSeverity.Warning, at, 6, at.AddMinutes(-1), $"Memory at 97% on {host} for 1 min",
            new Evidence
            {
                Metric = "memory_used_percent",
                MetricWindow = [new MetricPoint(at.AddSeconds(-20), 95), new MetricPoint(at.AddSeconds(-10), 96.5), new MetricPoint(at, 97.2)],
                Measurements = new Dictionary<string, double> { ["threshold"] = 90, ["observed"] = 97.2 },
            },
            (EntityNames.Metric, "memory_used_percent"), (EntityNames.Host, host));
}

internal sealed class EventLog : IIncidentListener
{
    public List<(IncidentEventKind Kind, long Incident, DateTimeOffset At, Finding? Finding, IncidentChanges Changes)> Events { get; } = [];

    public IEnumerable<(IncidentEventKind Kind, long Incident, DateTimeOffset At, Finding? Finding, IncidentChanges Changes)> Of(IncidentEventKind kind) =>
        Events.Where(e => e.Kind == kind);

    public void OnIncidentEvent(in IncidentEvent e) => Events.Add((e.Kind, e.Incident.Id, e.At, e.Finding, e.Changes));
}
