using LogWarden.Collect;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Explain;
using LogWarden.Tests.Parse;

namespace LogWarden.Tests.Report;

/// <summary>A store holding a day of incidents and host metrics (disk filling, memory rising), for the report's tests.</summary>
internal sealed class ReportStoreFixture : IDisposable
{
    public static readonly DateTimeOffset DayEnd = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    public ReportStoreFixture()
    {
        Store = EmbeddedStore.Open(Directory.Path, new EmbeddedStoreOptions { MinFreeBytes = 0, MinFreeFraction = 0 });
        DateTimeOffset start = DayEnd.AddHours(-24);
        IncidentRecord Shift(IncidentRecord r, TimeSpan at, TimeSpan? closedAfter) => r with
        {
            FirstSeen = start + at,
            LastSeen = start + at + TimeSpan.FromMinutes(12),
            OpenedAt = start + at,
            UpdatedAt = start + at + TimeSpan.FromMinutes(12),
            Status = closedAfter is null ? IncidentStatus.Open : IncidentStatus.Resolved,
            ClosedAt = closedAfter is { } c ? start + at + c : null,
        };
        Store.SaveIncidents(
        [
            Shift(SampleIncidents.SshBruteForce(id: 1), TimeSpan.FromHours(2), TimeSpan.FromMinutes(40)),
            Shift(SampleIncidents.Make("web-scan", "Web scan from 198.51.100.9", new Dictionary<string, string> { ["ip"] = "198.51.100.9" }, id: 2, lines: 900), TimeSpan.FromHours(5), TimeSpan.FromMinutes(50)),
            Shift(SampleIncidents.Make("ssh-brute-force", "SSH brute force from 203.0.113.7 again", new Dictionary<string, string> { ["ip"] = "203.0.113.7", ["user"] = "root" }, id: 3, lines: 100), TimeSpan.FromHours(9), TimeSpan.FromHours(2)),
            Shift(SampleIncidents.Make("oom-kill", "OOM kill of java", new Dictionary<string, string> { ["process"] = "java" }, severity: FindingSeverity.Critical, id: 4, lines: 3), TimeSpan.FromHours(20), null),
            Shift(SampleIncidents.Make("new-template", "New template <script>alert(1)</script> | pipe", new Dictionary<string, string> { ["source"] = "app" }, severity: FindingSeverity.Info, id: 5, lines: 7), TimeSpan.FromHours(21), null),
            // Two days ago and long closed: not in the report.
            Shift(SampleIncidents.Make("unit-failed", "Old failure", new Dictionary<string, string> { ["unit"] = "x.service" }, id: 6), TimeSpan.FromHours(-48), TimeSpan.FromHours(1)),
        ]);
        var samples = new List<MetricSample>();
        var root = new StreamLabels(("mount", "/"));
        for (int minute = 0; minute < 24 * 60; minute += 5)
        {
            DateTimeOffset t = start.AddMinutes(minute);
            double hours = minute / 60.0;
            samples.Add(new MetricSample(t, "web1", "cpu_percent", new StreamLabels(("state", "idle")), 80 - 30 * Math.Sin(hours / 24 * Math.PI)));
            samples.Add(new MetricSample(t, "web1", "memory_used_percent", StreamLabels.Empty, 40 + hours));
            samples.Add(new MetricSample(t, "web1", "load1", StreamLabels.Empty, 0.5 + hours / 10));
            // 1 GiB a day less space: 20 GiB left at the start, 19 at the end → full in about 19 days.
            samples.Add(new MetricSample(t, "web1", "filesystem_available_bytes", root, (20.0 - hours / 24) * (1L << 30)));
            samples.Add(new MetricSample(t, "web1", "filesystem_used_percent", root, 80 + hours / 24));
        }
        Store.AppendMetrics(samples);
    }

    public TempDirectory Directory { get; } = new();

    public EmbeddedStore Store { get; }

    public void Dispose()
    {
        Store.Dispose();
        Directory.Dispose();
    }
}
