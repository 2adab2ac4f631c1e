using System.Runtime.InteropServices;
using LogWarden.Collect;
using LogWarden.Collect.HostMetrics;

namespace LogWarden.Detect.Metrics;

/// <summary>
/// Host-metric anomalies: classic sustained thresholds (CPU, memory, disk and inodes per mount, swap, load per
/// core) with hysteresis, deviations from each series' learned hour-of-week baseline, and trend forecasts (a
/// disk full within a day, memory growing steadily in one process or the host). Findings carry the series'
/// recent curve as evidence and name the host, the metric, the mount or device, and the process that dominates
/// when CPU or memory is high, so that an OOM kill from the logs and the memory curve meet in one incident.
/// <para>
/// Each sample costs a dictionary look-up and a few comparisons per series; the per-minute and per-5-minute
/// work (baselines, fits) runs when a bucket closes. Nothing is allocated per sample once the series are known,
/// except findings. Memory is bounded by <see cref="MetricDetectorOptions.MaxSeries"/>,
/// <see cref="MetricDetectorOptions.MaxProcesses"/> and <see cref="MetricDetectorOptions.MaxHosts"/>. One
/// thread at a time (the engine's).
/// </para>
/// </summary>
internal sealed partial class MetricDetector : IMetricDetector, IPersistentDetector, IBoundedDetector, IMetricWindowSource
{
    public const string DetectorName = "metrics";

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ProcessStaleAfter = TimeSpan.FromMinutes(30);

    private readonly MetricDetectorOptions _options;
    private readonly Dictionary<SeriesKey, SeriesState> _series = [];
    private readonly Dictionary<(string Host, string Id), SeriesState> _byId = [];
    private readonly Dictionary<string, HostState> _hosts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Host, int Pid), ProcessTrend> _processes = [];
    private readonly Dictionary<string, InodeCounts> _inodes = new(StringComparer.Ordinal);
    private readonly (long Bucket, double Mean)[] _scratch;
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;
    private long _evicted;
    private int _noVictimBelow;

    public MetricDetector(MetricDetectorOptions? options = null)
    {
        _options = options ?? new MetricDetectorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxSeries, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxHosts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxProcesses, 0);
        int trendBuckets = (int)(_options.TrendWindow.TotalSeconds / SeriesState.TrendBucketSeconds);
        _scratch = new (long, double)[Math.Max(Math.Max(_options.RecentMinutes, trendBuckets), 64) + 2];
    }

    public string Name => DetectorName;

    public MetricDetectorOptions Options => _options;

    /// <summary>Series and followed processes.</summary>
    public long Tracked => _series.Count + _processes.Count;

    /// <summary>Series and processes dropped to stay under the caps, plus new series refused while full (once per sample each).</summary>
    public long Evicted => _evicted;

    /// <summary>Samples ignored: no older than the host's previous one, or without a host list of metrics.</summary>
    public long SkippedSamples { get; private set; }

    public long Samples { get; private set; }

    public void Observe(HostMetricsSample sample, IFindingSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (sample?.Metrics is null || sample.Host is null)
        {
            SkippedSamples++;
            return;
        }
        DateTimeOffset time = sample.Timestamp;
        HostState? host = HostFor(sample.Host);
        if (host is null || time <= host.LastSample)
        {
            SkippedSamples++;
            return;
        }
        host.LastSample = time;
        host.TopByCpu = sample.TopByCpu ?? [];
        host.TopByMemory = sample.TopByMemory ?? [];
        Samples++;

        IReadOnlyList<HostMetric> metrics = sample.Metrics;
        ReadHostScalars(host, metrics, out double idle, out double load1, out double swapUsed, out double swapTotal);
        FollowProcesses(host, time, sink); // before the host's memory: a leaking process is named before the host's growth is judged
        for (int i = 0; i < metrics.Count; i++)
        {
            HostMetric metric = metrics[i];
            if (metric.Name is null || metric.Labels is null || !double.IsFinite(metric.Value))
            {
                continue;
            }
            Feed(host, metric.Name, metric.Labels, metric.Value, time, sink);
        }
        FeedDerived(host, time, idle, load1, swapUsed, swapTotal, sink);
        if (time - _lastSweep >= SweepInterval)
        {
            _lastSweep = time;
            Sweep();
        }
    }

    /// <summary>
    /// The 1-minute averages of <paramref name="series"/> (as <see cref="MetricCatalog.SeriesId"/> names it, e.g.
    /// <c>memory_used_percent</c> or <c>filesystem_used_percent{mount="/var"}</c>) from
    /// <paramref name="from"/> to <paramref name="to"/>, at most <paramref name="maxPoints"/> (neighbouring minutes
    /// are averaged when the range is longer); falls back to the 5-minute trend points for older ranges of
    /// fitted series. Of <paramref name="host"/>, or of the first host that has the series. Empty when unknown.
    /// </summary>
    public IReadOnlyList<MetricPoint> MetricWindow(string series, DateTimeOffset from, DateTimeOffset to, string? host = null, int maxPoints = 60)
    {
        ArgumentNullException.ThrowIfNull(series);
        SeriesState? state = null;
        if (host is not null)
        {
            _byId.TryGetValue((host, series), out state);
        }
        else
        {
            foreach (HostState h in _hosts.Values)
            {
                if (_byId.TryGetValue((h.Name, series), out state))
                {
                    break;
                }
            }
        }
        if (state is null || to < from)
        {
            return [];
        }
        BucketRing ring = state.Minutes;
        if (state.Trend is { } trend && ring.BucketOf(from.ToUnixTimeSeconds()) < ring.OldestKept && trend.OpenBucket != long.MinValue)
        {
            ring = trend;
        }
        return Window(ring, from, to, Math.Max(maxPoints, 1));
    }

    /// <summary>The series known for a host (their ids), for callers that look for a curve to attach.</summary>
    public IReadOnlyList<string> SeriesOf(string host)
    {
        var ids = new List<string>();
        foreach (SeriesState state in _series.Values)
        {
            if (state.Host.Name == host)
            {
                ids.Add(state.Id);
            }
        }
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    private List<MetricPoint> Window(BucketRing ring, DateTimeOffset from, DateTimeOffset to, int maxPoints)
    {
        long first = ring.BucketOf(from.ToUnixTimeSeconds());
        long last = ring.BucketOf(to.ToUnixTimeSeconds());
        if (last - first + 1 > _scratch.Length)
        {
            first = last - _scratch.Length + 1;
        }
        int n = ring.Copy(first, last, _scratch);
        int per = (n + maxPoints - 1) / maxPoints;
        var points = new List<MetricPoint>(Math.Min(n, maxPoints));
        for (int i = 0; i < n; i += Math.Max(per, 1))
        {
            int end = Math.Min(i + Math.Max(per, 1), n);
            double sum = 0;
            for (int j = i; j < end; j++)
            {
                sum += _scratch[j].Mean;
            }
            points.Add(new MetricPoint(DateTimeOffset.FromUnixTimeSeconds(_scratch[i].Bucket * ring.BucketSeconds), sum / (end - i)));
        }
        return points;
    }

    private static void ReadHostScalars(HostState host, IReadOnlyList<HostMetric> metrics, out double idle, out double load1, out double swapUsed, out double swapTotal)
    {
        idle = load1 = swapUsed = swapTotal = double.NaN;
        for (int i = 0; i < metrics.Count; i++)
        {
            HostMetric metric = metrics[i];
            if (metric.Name is null || !double.IsFinite(metric.Value))
            {
                continue;
            }
            switch (metric.Name)
            {
                case HostMetricNames.CpuPercent when metric.Labels is not null && MetricCatalog.Label(metric.Labels, "state") == "idle":
                    idle = metric.Value;
                    break;
                case HostMetricNames.CpuCount: host.CpuCount = metric.Value; break;
                case HostMetricNames.Load1: load1 = metric.Value; break;
                case HostMetricNames.MemoryTotalBytes: host.MemoryTotal = metric.Value; break;
                case HostMetricNames.MemoryAvailableBytes: host.MemoryAvailable = metric.Value; break;
                case HostMetricNames.SwapUsedBytes: swapUsed = metric.Value; break;
                case HostMetricNames.SwapTotalBytes: swapTotal = metric.Value; break;
                default: break;
            }
        }
    }

    private void FeedDerived(HostState host, DateTimeOffset time, double idle, double load1, double swapUsed, double swapTotal, IFindingSink sink)
    {
        if (!double.IsNaN(idle))
        {
            host.CpuUsedPercent = Math.Clamp(100 - idle, 0, 100);
            Feed(host, MetricCatalog.CpuUsedPercent, StreamLabels.Empty, host.CpuUsedPercent, time, sink);
        }
        if (!double.IsNaN(load1) && host.CpuCount >= 1)
        {
            Feed(host, MetricCatalog.LoadPerCore, StreamLabels.Empty, load1 / host.CpuCount, time, sink);
        }
        if (swapTotal > 0 && swapUsed >= 0)
        {
            Feed(host, MetricCatalog.SwapUsedPercent, StreamLabels.Empty, Math.Min(swapUsed * 100 / swapTotal, 100), time, sink);
        }
        if (_inodes.Count > 0)
        {
            foreach ((string _, InodeCounts counts) in _inodes)
            {
                if (counts.Total > 0 && counts.Free >= 0 && counts.Labels is not null)
                {
                    Feed(host, MetricCatalog.FilesystemInodesUsedPercent, counts.Labels, Math.Clamp((counts.Total - counts.Free) * 100 / counts.Total, 0, 100), time, sink);
                }
            }
            _inodes.Clear();
        }
    }

    private void Feed(HostState host, string name, StreamLabels labels, double value, DateTimeOffset time, IFindingSink sink)
    {
        if (name == HostMetricNames.FilesystemInodes || name == HostMetricNames.FilesystemInodesFree)
        {
            ref InodeCounts counts = ref CollectionsMarshal.GetValueRefOrAddDefault(_inodes, labels.Key, out bool exists);
            if (!exists)
            {
                counts = new InodeCounts { Total = double.NaN, Free = double.NaN };
            }
            counts.Labels = labels;
            if (name == HostMetricNames.FilesystemInodes)
            {
                counts.Total = value;
            }
            else
            {
                counts.Free = value;
            }
            return;
        }
        SeriesState? series = SeriesFor(host, name, labels, time);
        if (series is null)
        {
            return;
        }
        bool gapped = series.LastSeen != DateTimeOffset.MinValue && time - series.LastSeen > _options.MaxSampleGap;
        series.LastSeen = time;
        if (series.FirstSeen == DateTimeOffset.MinValue)
        {
            series.FirstSeen = time;
        }
        long seconds = time.ToUnixTimeSeconds();
        bool closed = series.Minutes.Add(seconds, value, out long minute, out double mean, out bool late);
        if (late)
        {
            return;
        }
        // The threshold first: when both trip on one sample, the threshold's finding is the one raised.
        if (series.Profile.Threshold != ThresholdKind.None)
        {
            EvaluateThreshold(series, time, value, gapped, sink);
        }
        if (closed)
        {
            OnMinuteClosed(series, minute, mean, time, sink);
        }
    }

    private void OnMinuteClosed(SeriesState series, long minute, double mean, DateTimeOffset now, IFindingSink sink)
    {
        if (series.Baseline is not null)
        {
            EvaluateDeviation(series, minute, mean, now, sink);
        }
        if (series.Trend is { } trend)
        {
            if (trend.Add(minute * 60, mean, out _, out _, out _))
            {
                OnTrendClosed(series, now, sink);
            }
            if (series.Profile.Trend == TrendRole.DiskAvailable)
            {
                EvaluateDiskForecast(series, now, sink);
            }
            else if (series.Profile.Trend == TrendRole.MemoryUsed)
            {
                EvaluateRecentMemoryGrowth(series, now, sink);
            }
        }
    }

    private void OnTrendClosed(SeriesState series, DateTimeOffset now, IFindingSink sink)
    {
        switch (series.Profile.Trend)
        {
            case TrendRole.DiskAvailable:
                series.LongFit = LinearFit.Of(series.Trend!, series.Trend!.LastClosed - series.Trend.Capacity + 1, _scratch);
                break;
            case TrendRole.MemoryUsed:
                EvaluateHostMemoryGrowth(series, now, sink);
                break;
            default:
                break;
        }
    }

    private HostState? HostFor(string name)
    {
        if (_hosts.TryGetValue(name, out HostState? host))
        {
            return host;
        }
        if (_hosts.Count >= _options.MaxHosts)
        {
            HostState? oldest = null;
            foreach (HostState candidate in _hosts.Values)
            {
                if (oldest is null || candidate.LastSample < oldest.LastSample)
                {
                    oldest = candidate;
                }
            }
            RemoveHost(oldest!);
        }
        host = new HostState(name);
        _hosts[name] = host;
        return host;
    }

    private SeriesState? SeriesFor(HostState host, string name, StreamLabels labels, DateTimeOffset time)
    {
        var key = new SeriesKey(host.Name, name, labels.Key);
        if (_series.TryGetValue(key, out SeriesState? series))
        {
            return series;
        }
        SeriesProfile profile = MetricCatalog.Describe(name, labels);
        if (_series.Count >= _options.MaxSeries && !MakeRoom(SeriesState.AdmissionOf(profile), time))
        {
            _evicted++;
            return null;
        }
        series = new SeriesState(host, name, labels, profile, _options);
        _series[key] = series;
        _byId[(host.Name, series.Id)] = series;
        host.Series++;
        return series;
    }

    /// <summary>
    /// Frees one place: a stale series if any (swept at most once a minute), else the least recently seen series
    /// of a lower admission than the newcomer's. A scan that finds none is remembered until a series leaves, so
    /// that a flood of refused newcomers costs a look-up each, not a scan each.
    /// </summary>
    private bool MakeRoom(int admission, DateTimeOffset time)
    {
        if (time - _lastSweep >= SweepInterval)
        {
            _lastSweep = time;
            Sweep();
            if (_series.Count < _options.MaxSeries)
            {
                return true;
            }
        }
        if (admission == 0 || admission <= _noVictimBelow)
        {
            return false;
        }
        SeriesState? victim = null;
        foreach (SeriesState candidate in _series.Values)
        {
            if (candidate.Admission < admission && (victim is null || candidate.Admission < victim.Admission
                || (candidate.Admission == victim.Admission && candidate.LastSeen < victim.LastSeen)))
            {
                victim = candidate;
            }
        }
        if (victim is null)
        {
            _noVictimBelow = admission;
            return false;
        }
        RemoveSeries(victim);
        _evicted++;
        return true;
    }

    /// <summary>Drops series not seen for <see cref="MetricDetectorOptions.StaleAfter"/> while their host reports, and processes no longer in a top list.</summary>
    private void Sweep()
    {
        List<SeriesState>? stale = null;
        foreach (SeriesState series in _series.Values)
        {
            if (series.Host.LastSample - series.LastSeen > _options.StaleAfter)
            {
                (stale ??= []).Add(series);
            }
        }
        if (stale is not null)
        {
            foreach (SeriesState series in stale)
            {
                RemoveSeries(series);
                _evicted++;
            }
        }
        List<(string, int)>? gone = null;
        foreach ((var key, ProcessTrend process) in _processes)
        {
            if (!_hosts.TryGetValue(process.Host, out HostState? host) || host.LastSample - process.LastSeen > ProcessStaleAfter)
            {
                (gone ??= []).Add(key);
            }
        }
        if (gone is not null)
        {
            foreach (var key in gone)
            {
                _processes.Remove(key);
                _evicted++;
            }
        }
    }

    private void RemoveSeries(SeriesState series)
    {
        _noVictimBelow = 0;
        _series.Remove(new SeriesKey(series.Host.Name, series.Name, series.Labels.Key));
        _byId.Remove((series.Host.Name, series.Id));
        series.Host.Series--;
    }

    private void RemoveHost(HostState host)
    {
        var doomed = new List<SeriesState>();
        foreach (SeriesState series in _series.Values)
        {
            if (ReferenceEquals(series.Host, host))
            {
                doomed.Add(series);
            }
        }
        foreach (SeriesState series in doomed)
        {
            RemoveSeries(series);
            _evicted++;
        }
        var processes = new List<(string, int)>();
        foreach ((var key, ProcessTrend process) in _processes)
        {
            if (process.Host == host.Name)
            {
                processes.Add(key);
            }
        }
        foreach (var key in processes)
        {
            _processes.Remove(key);
            _evicted++;
        }
        _hosts.Remove(host.Name);
        _evicted++;
    }

    private struct InodeCounts
    {
        public double Total;
        public double Free;
        public StreamLabels? Labels;
    }
}
