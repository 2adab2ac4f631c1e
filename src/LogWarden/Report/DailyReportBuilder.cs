using LogWarden.Collect.HostMetrics;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Detect.Metrics;
using LogWarden.Mine;
using LogWarden.Store;

namespace LogWarden.Report;

/// <summary>
/// Gathers a period's report from the store: incidents opened, resolved and still open by severity with
/// resolution times, templates first seen in the period and the noisiest ones active in it, attack
/// sources (addresses named by security incidents), CPU, memory, load and disk curves, and a disk-full
/// forecast per mount from the period's trend of available bytes.
/// </summary>
internal sealed class DailyReportBuilder(IIncidentStore incidents, ILogStore? logs, IMetricStore? metrics, int top = 10)
{
    private const int MaxCurvePoints = 288;

    /// <summary>Incident kinds whose addresses are attackers (brute forces, scans, probes, floods).</summary>
    internal static bool IsAttack(string kind) =>
        kind.Contains("brute-force", StringComparison.Ordinal) || kind.StartsWith("web-", StringComparison.Ordinal)
        || kind is "failed-logins" or "user-enumeration" or "invalid-user" or "auth-failure" or "login-after-failures"
            or "firewall-drop-surge" or "bad-request" or "rate-limited" or "http-auth-brute-force";

    public DailyReport Build(DateTimeOffset from, DateTimeOffset to, string? host = null)
    {
        List<IncidentRecord> all = [.. incidents.ListIncidents(new IncidentQuery { Limit = 100_000 })
            .Where(i => i.OpenedAt < to && (i.ClosedAt is null || i.ClosedAt >= from) && (host is null || i.Host is null || i.Host == host))];
        var severities = new List<SeverityRow>();
        foreach (FindingSeverity severity in (FindingSeverity[])[FindingSeverity.Critical, FindingSeverity.Warning, FindingSeverity.Info])
        {
            var of = all.Where(i => i.Severity == severity).ToList();
            var resolved = of.Where(i => i.ClosedAt is { } c && c >= from && c < to).ToList();
            var durations = resolved.Select(i => i.ClosedAt!.Value - i.OpenedAt).Order().ToList();
            severities.Add(new SeverityRow(
                severity,
                of.Count(i => i.OpenedAt >= from),
                resolved.Count,
                of.Count(i => i.ClosedAt is null || i.ClosedAt >= to),
                durations.Count == 0 ? null : durations[durations.Count / 2],
                durations.Count == 0 ? null : durations[^1]));
        }

        var attackers = all.Where(i => IsAttack(i.Kind) && i.Entities.ContainsKey(EntityNames.Ip))
            .SelectMany(i => i.Entities[EntityNames.Ip].Select(ip => (Ip: ip, Incident: i)))
            .GroupBy(x => x.Ip, StringComparer.Ordinal)
            .Select(g => new AttackSource(
                g.Key,
                g.Count(),
                g.Sum(x => x.Incident.Lines),
                [.. g.Select(x => x.Incident.Kind).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                g.Max(x => x.Incident.Severity)))
            .OrderByDescending(a => a.Severity).ThenByDescending(a => a.Lines).ThenBy(a => a.Ip, StringComparer.Ordinal)
            .Take(top)
            .ToList();

        IReadOnlyList<TemplateState> templates = LoadTemplates();
        var live = templates.Where(t => t.MergedInto == 0).ToList();
        var fresh = live.Where(t => t.FirstSeen is { } f && f >= from && f < to).ToList();

        (IReadOnlyList<ResourceCurve> curves, IReadOnlyList<DiskForecast> forecasts) = Resources(from, to, host);
        return new DailyReport
        {
            From = from,
            To = to,
            Host = host,
            Severities = severities,
            IncidentCount = all.Count,
            Incidents = [.. all.OrderByDescending(i => i.Severity).ThenByDescending(i => i.Lines).Take(top)],
            NewTemplates = [.. fresh.OrderByDescending(t => t.Level).ThenByDescending(t => t.Count).Take(top).Select(Row)],
            NewTemplateCount = fresh.Count,
            NoisyTemplates = [.. live.Where(t => t.LastSeen is { } l && l >= from).OrderByDescending(t => t.Count).Take(top).Select(Row)],
            AttackSources = attackers,
            Curves = curves,
            DiskForecasts = forecasts,
        };
    }

    private IReadOnlyList<TemplateState> LoadTemplates()
    {
        try
        {
            return logs?.LoadTemplates() ?? [];
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return [];
        }
    }

    private static TemplateRow Row(TemplateState t) =>
        new(t.Id, t.Tokens.Length == 0 ? t.Example : string.Join(' ', t.Tokens), t.Count, t.FirstSeen, t.Level.ToString().ToLowerInvariant());

    private (IReadOnlyList<ResourceCurve>, IReadOnlyList<DiskForecast>) Resources(DateTimeOffset from, DateTimeOffset to, string? host)
    {
        if (metrics is null)
        {
            return ([], []);
        }
        var curves = new List<ResourceCurve>();
        var idle = Read(HostMetricNames.CpuPercent, from, to, host, new LabelMatcher("state", "idle"));
        if (idle.Count > 0)
        {
            curves.Add(new ResourceCurve("CPU in use", "%", Downsample(idle[0].Points.Select(p => (p.Timestamp, 100 - p.Value)), from, to)));
        }
        if (Read(HostMetricNames.MemoryUsedPercent, from, to, host) is { Count: > 0 } memory)
        {
            curves.Add(new ResourceCurve("Memory in use", "%", Downsample(memory[0].Points.Select(p => (p.Timestamp, p.Value)), from, to)));
        }
        if (Read(HostMetricNames.Load1, from, to, host) is { Count: > 0 } load)
        {
            curves.Add(new ResourceCurve("Load (1 min)", "", Downsample(load[0].Points.Select(p => (p.Timestamp, p.Value)), from, to)));
        }
        var forecasts = new List<DiskForecast>();
        var available = Read(HostMetricNames.FilesystemAvailableBytes, from, to, host).ToDictionary(s => s.Labels["mount"] ?? "", StringComparer.Ordinal);
        foreach (MetricSeries used in Read(HostMetricNames.FilesystemUsedPercent, from, to, host).OrderBy(s => s.Labels["mount"], StringComparer.Ordinal).Take(4))
        {
            string mount = used.Labels["mount"] ?? "?";
            curves.Add(new ResourceCurve("Disk " + mount, "%", Downsample(used.Points.Select(p => (p.Timestamp, p.Value)), from, to)));
            if (available.TryGetValue(mount, out MetricSeries? free) && free.Points.Count > 0)
            {
                var buckets = Downsample(free.Points.Select(p => (p.Timestamp, p.Value)), from, to);
                long firstBucket = buckets.Count == 0 ? 0 : buckets[0].Time.ToUnixTimeSeconds() / 60;
                var fitPoints = buckets.Select(b => (b.Time.ToUnixTimeSeconds() / 60 - firstBucket, b.Value)).ToArray();
                LinearFit fit = LinearFit.Of(fitPoints, 60);
                forecasts.Add(new DiskForecast(mount, used.Points[^1].Value, free.Points[^1].Value, fit.IsEmpty ? null : fit.TimeToZero));
            }
        }
        return (curves, forecasts);
    }

    private IReadOnlyList<MetricSeries> Read(string name, DateTimeOffset from, DateTimeOffset to, string? host, params LabelMatcher[] labels)
    {
        try
        {
            return metrics!.ReadMetrics(new MetricQuery { Name = name, Host = host, Labels = labels, From = from, To = to });
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return [];
        }
    }

    /// <summary>Means per bucket, at most <see cref="MaxCurvePoints"/> buckets over the period (5 min for a day).</summary>
    private static List<(DateTimeOffset Time, double Value)> Downsample(IEnumerable<(DateTimeOffset Time, double Value)> points, DateTimeOffset from, DateTimeOffset to)
    {
        double bucket = Math.Max(60, (to - from).TotalSeconds / MaxCurvePoints);
        return [.. points.Where(p => double.IsFinite(p.Value))
            .GroupBy(p => (long)((p.Time - from).TotalSeconds / bucket))
            .OrderBy(g => g.Key)
            .Select(g => (from.AddSeconds((g.Key + 0.5) * bucket), g.Average(p => p.Value)))];
    }
}
