using LogWarden.Collect;
using LogWarden.Collect.HostMetrics;
using LogWarden.Daemon;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Store;

namespace LogWarden.Web.Api;

/// <summary>
/// What /api/v1/health and the overview show, computed from cheap aggregates only — the store's block and
/// tail summaries (<see cref="ILogStore.GetStats"/>: one row per 128 Ki-line block, never the lines), the
/// incidents and outbox tables by their indexes, the latest few minutes of host metrics — and kept for
/// <see cref="Lifetime"/>, so that fifty dashboards polling cost the store one refresh every two seconds.
/// The ingest rate is the pipeline's line counter over the time between two refreshes.
/// </summary>
internal sealed class OverviewCache(
    ILogStore store,
    TimeProvider time,
    IEnumerable<ILogSource> sources,
    IngestPipeline? pipeline = null)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);
    public const int MaxActiveIncidents = 200;
    private const int RecentAlertRows = 500;

    private readonly object _gate = new();
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();
    private readonly string[] _sources = [.. sources.Select(s => s.Id)];
    private HealthResponse? _current;
    private long _computedAt;
    private (long Lines, long Timestamp)? _previousCount;

    public HealthResponse Get()
    {
        lock (_gate)
        {
            if (_current is not null && time.GetElapsedTime(_computedAt) < Lifetime)
            {
                return _current;
            }
            _current = Compute();
            _computedAt = time.GetTimestamp();
            return _current;
        }
    }

    private HealthResponse Compute()
    {
        DateTimeOffset now = time.GetUtcNow();
        StoreStats stats = store.GetStats();
        var storeSummary = new StoreSummary(stats.Lines, stats.Streams, stats.Templates, stats.Oldest, stats.Newest, stats.BytesOnDisk);
        return new HealthResponse("ok", now, _startedAt, (now - _startedAt).TotalSeconds, storeSummary, Ingest(), _sources, Incidents(), Alerts(), Hosts(now));
    }

    private IngestSummary Ingest()
    {
        if (pipeline is null)
        {
            return new IngestSummary(0, 0, 0, null, 0);
        }
        long lines = pipeline.Counters.Lines;
        long stamp = time.GetTimestamp();
        double? rate = null;
        if (_previousCount is { } previous && time.GetElapsedTime(previous.Timestamp, stamp).TotalSeconds is > 0 and var seconds)
        {
            rate = (lines - previous.Lines) / seconds;
        }
        _previousCount = (lines, stamp);
        return new IngestSummary(lines, pipeline.Counters.Appends, pipeline.Counters.FailedAppends, rate, pipeline.QueuedBatches);
    }

    private IncidentSummary Incidents()
    {
        if (store is not IIncidentStore incidents)
        {
            return new IncidentSummary(0, 0, 0, 0, []);
        }
        IReadOnlyList<IncidentRecord> active = incidents.ListIncidents(new IncidentQuery
        {
            Statuses = [IncidentStatus.Open, IncidentStatus.Acknowledged],
            Limit = MaxActiveIncidents,
        });
        return new IncidentSummary(
            active.Count(i => i.Status == IncidentStatus.Open),
            active.Count(i => i.Status == IncidentStatus.Acknowledged),
            active.Count(i => i.Severity == FindingSeverity.Critical),
            active.Count(i => i.Severity == FindingSeverity.Warning),
            [.. active.OrderByDescending(i => i.Severity).ThenByDescending(i => i.UpdatedAt).Select(IncidentListItem.From)]);
    }

    private AlertSummary Alerts()
    {
        if (store is not IAlertOutbox outbox)
        {
            return new AlertSummary(0, 0, 0, 0);
        }
        IReadOnlyList<OutboxRow> rows = outbox.ListOutbox(new OutboxQuery { Limit = RecentAlertRows });
        return new AlertSummary(
            rows.Count(r => r.State == OutboxState.Pending),
            rows.Count(r => r.State == OutboxState.Delivered),
            rows.Count(r => r.State == OutboxState.Failed),
            rows.Count);
    }

    /// <summary>The last value of each headline metric per host over the last ten minutes (a handful of rows per series).</summary>
    private List<HostNow> Hosts(DateTimeOffset now)
    {
        if (store is not IMetricStore metrics)
        {
            return [];
        }
        DateTimeOffset from = now - TimeSpan.FromMinutes(10);
        Dictionary<string, double> Latest(string name, Func<MetricSeries, bool>? which = null, bool max = false)
        {
            var result = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (MetricSeries series in metrics.ReadMetrics(new MetricQuery { Name = name, From = from, To = now + TimeSpan.FromMinutes(1) }))
            {
                if (series.Points.Count == 0 || (which is not null && !which(series)))
                {
                    continue;
                }
                double value = series.Points[^1].Value;
                result[series.Host] = result.TryGetValue(series.Host, out double seen) ? (max ? Math.Max(seen, value) : seen + value) : value;
            }
            return result;
        }
        Dictionary<string, double> cpu = Latest(HostMetricNames.CpuPercent, s => s.Labels["state"] is not ("idle" or null));
        Dictionary<string, double> memory = Latest(HostMetricNames.MemoryUsedPercent);
        Dictionary<string, double> load = Latest(HostMetricNames.Load1);
        var disks = new Dictionary<string, (double Percent, string Mount)>(StringComparer.Ordinal);
        foreach (MetricSeries series in metrics.ReadMetrics(new MetricQuery { Name = HostMetricNames.FilesystemUsedPercent, From = from, To = now + TimeSpan.FromMinutes(1) }))
        {
            if (series.Points.Count > 0 && (!disks.TryGetValue(series.Host, out var seen) || series.Points[^1].Value > seen.Percent))
            {
                disks[series.Host] = (series.Points[^1].Value, series.Labels["mount"] ?? "?");
            }
        }
        var hosts = new SortedSet<string>(cpu.Keys.Concat(memory.Keys).Concat(load.Keys).Concat(disks.Keys), StringComparer.Ordinal);
        return [.. hosts.Select(h => new HostNow(
            h,
            cpu.TryGetValue(h, out double c) ? Math.Min(100, c) : null,
            memory.TryGetValue(h, out double m) ? m : null,
            load.TryGetValue(h, out double l) ? l : null,
            disks.TryGetValue(h, out var d) ? d.Percent : null,
            disks.TryGetValue(h, out var dm) ? dm.Mount : null))];
    }
}
