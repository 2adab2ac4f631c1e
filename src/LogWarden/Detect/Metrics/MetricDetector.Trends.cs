using LogWarden.Collect;
using LogWarden.Collect.HostMetrics;

namespace LogWarden.Detect.Metrics;

internal sealed partial class MetricDetector
{
    private const int TrendCalmMinutes = 30;
    private const int LeakCalmChecks = 3;

    /// <summary>Minutes a straight run must have ended before the routine learns it (<see cref="MediumRun"/>).</summary>
    private const int RunSettleMinutes = 10;

    private static readonly double SteepestRunDecayPerMinute = Math.Pow(0.5, 1.0 / (3 * 24 * 60));

    /// <summary>
    /// The last <see cref="MetricDetectorOptions.MediumTrendWindow"/>'s straight run in the direction the series is watched
    /// for (<paramref name="sign"/>: -1 for a disk's available bytes falling, +1 for used memory rising) when it is news:
    /// steeper than twice the routine's steepest (<see cref="SeriesState.SteepestRun"/>, learned from the runs that ended
    /// without a finding of their own) after a day of watching, and still running in the last minutes (<paramref name="fast"/>).
    /// Empty otherwise.
    /// </summary>
    private LinearFit MediumRun(SeriesState series, DateTimeOffset now, LinearFit fast, int sign)
    {
        BucketRing minutes = series.Minutes;
        int buckets = Math.Max((int)(_options.MediumTrendWindow.TotalSeconds / 60), 3);
        LinearFit medium = LinearFit.Of(minutes, minutes.LastClosed - buckets + 1, _scratch);
        bool straightRun = !medium.IsEmpty && medium.SpanSeconds >= 0.8 * (buckets - 1) * 60
            && medium.R2 >= _options.FastTrendMinR2 && sign * medium.SlopePerSecond > 0 && RunsThroughout(minutes, buckets, medium, sign);
        series.SteepestRun *= SteepestRunDecayPerMinute;
        if (!straightRun)
        {
            // A run ended: what it reached is routine from now on, unless it was raised (then it was news, not routine).
            // Ended for some minutes: a run that begins flickers in and out of straightness (flat, then steep, then one
            // noisy minute) and must not become its own routine before it could be raised.
            if (series.PendingRun > 0 && ++series.RunQuietMinutes >= RunSettleMinutes)
            {
                series.SteepestRun = Math.Max(series.SteepestRun, series.PendingRun);
                series.PendingRun = 0;
                series.RunQuietMinutes = 0;
            }
            return default;
        }
        series.RunQuietMinutes = 0;
        series.PendingRun = series.Forecast is { Active: true } ? 0 : Math.Max(series.PendingRun, sign * medium.SlopePerSecond);
        return now - series.FirstSeen >= TimeSpan.FromDays(1) && sign * medium.SlopePerSecond > 2 * series.SteepestRun
            && !fast.IsEmpty && sign * fast.SlopePerSecond > 0
            ? medium
            : default;
    }

    /// <summary>
    /// Whether the last <paramref name="buckets"/> minutes run all along: their first and last quarters each move (in the
    /// direction of <paramref name="sign"/>) at half the pace of the whole (<paramref name="whole"/>) or more. A fill that
    /// began twenty minutes ago fits the window's line well enough (flat, then steep), but it has not run for the half hour
    /// yet; one that stopped is not running now.
    /// </summary>
    private bool RunsThroughout(BucketRing minutes, int buckets, LinearFit whole, int sign)
    {
        int quarter = Math.Max(buckets / 4, 3);
        int n = minutes.Copy(minutes.LastClosed - buckets + 1, minutes.LastClosed - buckets + quarter, _scratch);
        LinearFit first = LinearFit.Of(_scratch.AsSpan(0, n), minutes.BucketSeconds);
        LinearFit last = LinearFit.Of(minutes, minutes.LastClosed - quarter + 1, _scratch);
        double pace = sign * whole.SlopePerSecond;
        return !first.IsEmpty && !last.IsEmpty && sign * first.SlopePerSecond >= pace / 2 && sign * last.SlopePerSecond >= pace / 2;
    }

    /// <summary>The fit of a series' last <see cref="MetricDetectorOptions.FastTrendWindow"/> of minutes, when the window is (nearly) covered.</summary>
    private LinearFit FastFit(SeriesState series)
    {
        BucketRing minutes = series.Minutes;
        int fastBuckets = Math.Max((int)(_options.FastTrendWindow.TotalSeconds / 60), 3);
        LinearFit fast = LinearFit.Of(minutes, minutes.LastClosed - fastBuckets + 1, _scratch);
        // Minutes missing from a half-empty window make a line of two points.
        return !fast.IsEmpty && fast.SpanSeconds >= 0.8 * (fastBuckets - 1) * 60 ? fast : default;
    }

    /// <summary>
    /// Every closed minute of a file system's available bytes: critical when the last half hour's straight fall
    /// reaches zero within <see cref="MetricDetectorOptions.DiskFullCriticalHorizon"/>; a warning (or critical)
    /// when the fit over the last hours (refreshed every 5 minutes, good R²) reaches zero within
    /// <see cref="MetricDetectorOptions.DiskFullWarningHorizon"/>. The pace is the slower of the long and the
    /// recent one, so a fill that has stopped is not forecast on from its past.
    /// </summary>
    private void EvaluateDiskForecast(SeriesState series, DateTimeOffset now, IFindingSink sink)
    {
        BucketRing minutes = series.Minutes;
        LinearFit fast = FastFit(series);
        bool fastUsable = !fast.IsEmpty;
        double available = minutes[minutes.LastClosed];
        FindingSeverity? severity = null;
        TimeSpan timeToFull = TimeSpan.MaxValue;
        double pace = 0;
        if (fastUsable && fast.R2 >= _options.FastTrendMinR2 && fast.TimeToZero is { } fastFull && fastFull < _options.DiskFullCriticalHorizon)
        {
            severity = FindingSeverity.Critical;
            timeToFull = fastFull;
            pace = fast.SlopePerSecond;
        }
        LinearFit slow = series.LongFit;
        if (!slow.IsEmpty && slow.SpanSeconds >= _options.TrendMinSpan.TotalSeconds && slow.R2 >= _options.TrendMinR2 && slow.SlopePerSecond < 0 && available > 0)
        {
            double slope = fastUsable ? Math.Max(slow.SlopePerSecond, fast.SlopePerSecond) : slow.SlopePerSecond;
            if (slope < 0)
            {
                var full = TimeSpan.FromSeconds(Math.Min(available / -slope, TimeSpan.MaxValue.TotalSeconds / 2));
                if (full < _options.DiskFullWarningHorizon && full < timeToFull)
                {
                    timeToFull = full;
                    pace = slope;
                    severity = full < _options.DiskFullCriticalHorizon ? FindingSeverity.Critical : severity ?? FindingSeverity.Warning;
                }
            }
        }

        LinearFit medium = MediumRun(series, now, fast, sign: -1);
        if (!medium.IsEmpty && medium.TimeToZero is { } mediumFull && mediumFull < timeToFull
            && mediumFull < _options.DiskFullWarningHorizon / 2)
        {
            double slope = Math.Max(medium.SlopePerSecond, fast.SlopePerSecond);
            timeToFull = TimeSpan.FromSeconds(Math.Min(available / -slope, TimeSpan.MaxValue.TotalSeconds / 2));
            pace = slope;
            severity = timeToFull < _options.DiskFullCriticalHorizon ? FindingSeverity.Critical : severity ?? FindingSeverity.Warning;
        }

        Episode? episode = series.Forecast;
        if (severity is not { } level)
        {
            if (episode is { Active: true } && ++episode.Calm >= TrendCalmMinutes)
            {
                episode.End();
            }
            return;
        }
        episode = series.Forecast ??= new Episode();
        if (!episode.Active)
        {
            episode.Begin(now, available);
            episode.Pending = false;
            episode.Active = true;
        }
        else
        {
            episode.Calm = 0;
            episode.Count++;
            episode.Worst = Math.Min(episode.Worst, available);
        }
        episode.Severity = level;
        if (!episode.Due(now, _options.TrendReraise))
        {
            return;
        }
        string title = "Disk " + series.EntityValue + MetricText.OnHost(series.Host.Name) + " full in ~" + MetricText.Duration(timeToFull)
            + " at " + MetricText.Bytes(-pace * 3600) + "/h (" + MetricText.Bytes(available) + " available)";
        var measurements = new Dictionary<string, double>
        {
            ["available_bytes"] = available,
            ["forecast_seconds_to_full"] = timeToFull.TotalSeconds,
            ["bytes_per_hour"] = -pace * 3600,
            ["r2"] = level == FindingSeverity.Critical && fastUsable && fast.SlopePerSecond == pace ? fast.R2 : slow.R2,
        };
        bool recent = fastUsable && fast.SlopePerSecond == pace;
        IReadOnlyList<MetricPoint> window = recent ? Recent(series, now) : Window(series.Trend!, now - _options.TrendWindow, now, 60);
        sink.Raise(BuildFinding(series, episode, MetricFindingKinds.DiskFillForecast, title, now, window, measurements, null));
        episode.MarkRaised(now);
    }

    /// <summary>Follows the resident size of each process in the host's top-memory list; judges its growth every 5 minutes.</summary>
    private void FollowProcesses(HostState host, DateTimeOffset time, IFindingSink sink)
    {
        if (_options.MaxProcesses == 0)
        {
            return;
        }
        IReadOnlyList<TopProcess> top = host.TopByMemory;
        long seconds = time.ToUnixTimeSeconds();
        for (int i = 0; i < top.Count; i++)
        {
            if (top[i] is not { Command: not null } process)
            {
                continue;
            }
            var key = (host.Name, process.Pid);
            if (!_processes.TryGetValue(key, out ProcessTrend? trend) || trend.Command != process.Command)
            {
                if (trend is null && _processes.Count >= _options.MaxProcesses)
                {
                    EvictOldestProcess();
                }
                trend = new ProcessTrend(host.Name, process.Pid, process.Command, Math.Max((int)(_options.TrendWindow.TotalSeconds / SeriesState.TrendBucketSeconds), 2));
                _processes[key] = trend;
            }
            trend.LastSeen = time;
            if (trend.Resident.Add(seconds, process.ResidentBytes, out _, out _, out _))
            {
                EvaluateProcessLeak(host, trend, time, sink);
            }
        }
    }

    private void EvictOldestProcess()
    {
        ProcessTrend? oldest = null;
        foreach (ProcessTrend candidate in _processes.Values)
        {
            if (oldest is null || candidate.LastSeen < oldest.LastSeen)
            {
                oldest = candidate;
            }
        }
        if (oldest is not null)
        {
            _processes.Remove((oldest.Host, oldest.Pid));
            _evicted++;
        }
    }

    /// <summary>The 5-minute means <see cref="MetricDetectorOptions.LeakWindow"/> holds.</summary>
    private int LeakBuckets => Math.Max((int)(_options.LeakWindow.TotalSeconds / SeriesState.TrendBucketSeconds), 3);

    /// <summary>The least growth a leak must add: <see cref="MetricDetectorOptions.LeakMinGrowthBytes"/>, or its share of the host's memory when larger.</summary>
    private double LeakMinGrowth(double memoryTotal) =>
        Math.Max(_options.LeakMinGrowthBytes, double.IsNaN(memoryTotal) ? 0 : _options.LeakMinGrowthOfTotal * memoryTotal);

    /// <summary>Steady growth: a straight (R²), mostly rising line over hours that adds more than the minimum.</summary>
    private bool IsSteadyGrowth(BucketRing ring, double memoryTotal, out LinearFit fit)
    {
        int buckets = LeakBuckets;
        fit = LinearFit.Of(ring, ring.LastClosed - buckets + 1, _scratch);
        if (fit.IsEmpty || fit.SpanSeconds < 0.9 * (buckets - 1) * SeriesState.TrendBucketSeconds || fit.R2 < _options.LeakMinR2
            || fit.RisingShare < _options.LeakMinRisingSteps || fit.SlopePerSecond <= 0)
        {
            return false;
        }
        return fit.SlopePerSecond * fit.SpanSeconds >= LeakMinGrowth(memoryTotal);
    }

    /// <summary>
    /// Warning when the growth would use up the available memory within the horizon and the host's memory use is
    /// above the peak it usually reaches at this hour: memory that climbs every morning with the traffic climbs
    /// steadily too, and is not a leak. While the baseline is still learning, growth is info.
    /// </summary>
    private FindingSeverity LeakSeverity(HostState host, double slopePerSecond, DateTimeOffset now, out TimeSpan? exhausted)
    {
        exhausted = null;
        if (host.MemoryAvailable >= 0 && slopePerSecond > 0)
        {
            exhausted = TimeSpan.FromSeconds(Math.Min(host.MemoryAvailable / slopePerSecond, TimeSpan.MaxValue.TotalSeconds / 2));
            if (exhausted < _options.LeakWarningHorizon && MemoryAboveUsual(host, now) == true)
            {
                return FindingSeverity.Warning;
            }
        }
        return FindingSeverity.Info;
    }

    /// <summary>Whether the host's memory use is above its usual peak for this hour; null while that is not learnt.</summary>
    private bool? MemoryAboveUsual(HostState host, DateTimeOffset now)
    {
        if (!_series.TryGetValue(new SeriesKey(host.Name, HostMetricNames.MemoryUsedPercent, StreamLabels.Empty.Key), out SeriesState? memory)
            || memory.Baseline is not { } baseline)
        {
            return null;
        }
        BaselineView view = baseline.Judge(now.ToUnixTimeSeconds() / 60, _options.MinHistoryDays);
        double current = memory.Minutes[memory.Minutes.LastClosed];
        // Above the usual peak by half the series' deviation floor: noise around the peak is not "above".
        return view.Ready && !double.IsNaN(current) ? current > view.Envelope + (0.5 * memory.Profile.DeviationFloor) : null;
    }

    private void EvaluateProcessLeak(HostState host, ProcessTrend trend, DateTimeOffset now, IFindingSink sink)
    {
        if (!IsSteadyGrowth(trend.Resident, host.MemoryTotal, out LinearFit fit))
        {
            // A leak the host's growth pinned on this process lasts as long as that growth.
            if (trend.Leak is { Active: true } calm && HostMemoryGrowth(host) is not { Active: true } && ++calm.Calm >= LeakCalmChecks)
            {
                calm.End();
            }
            return;
        }
        RaiseProcessLeak(host, trend, fit, now, sink);
    }

    private Episode? HostMemoryGrowth(HostState host) =>
        _series.TryGetValue(new SeriesKey(host.Name, HostMetricNames.MemoryUsedBytes, StreamLabels.Empty.Key), out SeriesState? memory) ? memory.Forecast : null;

    /// <summary>A leak of <paramref name="trend"/>'s process, its numbers from <paramref name="fit"/> (its own, or the host's when the host's growth found it).</summary>
    private void RaiseProcessLeak(HostState host, ProcessTrend trend, LinearFit fit, DateTimeOffset now, IFindingSink sink)
    {
        Episode episode = trend.Leak ??= new Episode();
        double resident = trend.Resident[trend.Resident.LastClosed];
        if (double.IsNaN(resident))
        {
            resident = trend.Resident.OpenMean;
        }
        if (!episode.Active)
        {
            episode.Begin(now - TimeSpan.FromSeconds(fit.SpanSeconds), resident);
            episode.Pending = false;
            episode.Active = true;
            episode.Process = trend.Command;
            episode.ProcessId = trend.Pid;
        }
        else
        {
            episode.Calm = 0;
            episode.Count++;
            episode.Worst = Math.Max(episode.Worst, resident);
        }
        episode.Severity = LeakSeverity(host, fit.SlopePerSecond, now, out TimeSpan? exhausted);
        if (!episode.Due(now, _options.TrendReraise))
        {
            return;
        }
        string title = trend.Command + " (pid " + trend.Pid + ")" + MetricText.OnHost(host.Name) + " grew "
            + MetricText.Bytes(fit.SlopePerSecond * fit.SpanSeconds) + " in " + MetricText.Duration(TimeSpan.FromSeconds(fit.SpanSeconds))
            + " (" + MetricText.Bytes(fit.SlopePerSecond * 3600) + "/h, now " + MetricText.Bytes(resident) + ")"
            + (exhausted is { } t ? "; memory used up in ~" + MetricText.Duration(t) : "");
        var entities = new Dictionary<string, string>(3, StringComparer.Ordinal) { [EntityNames.Process] = trend.Command };
        if (host.Name.Length > 0)
        {
            entities[EntityNames.Host] = host.Name;
        }
        var measurements = LeakMeasurements(fit, resident, exhausted);
        measurements["pid"] = trend.Pid;
        string metric = "process_resident_bytes{process=\"" + trend.Command + "\"}";
        sink.Raise(new Finding
        {
            Timestamp = now,
            Severity = episode.Severity,
            Kind = MetricFindingKinds.MemoryLeak,
            Title = title,
            Entities = entities,
            FirstSeen = episode.FirstSeen,
            LastSeen = now,
            Count = episode.Count,
            Detector = DetectorName,
            Evidence = new Evidence { Metric = metric, MetricWindow = Window(trend.Resident, now - _options.TrendWindow, now, 60), Measurements = measurements },
        });
        episode.MarkRaised(now);
    }

    /// <summary>
    /// The host's used memory growing steadily (every 5 minutes, over <see cref="MetricDetectorOptions.LeakWindow"/>): a leak
    /// of the process that grows most when one accounts for at least half of it (the same finding as that process's own),
    /// else memory growth of the host. An episode a recent rise opened (<see cref="EvaluateRecentMemoryGrowth"/>) stays open
    /// while that rise holds.
    /// </summary>
    private void EvaluateHostMemoryGrowth(SeriesState series, DateTimeOffset now, IFindingSink sink)
    {
        HostState host = series.Host;
        Episode? episode = series.Forecast;
        if (!IsSteadyGrowth(series.Trend!, host.MemoryTotal, out LinearFit fit) || MemoryAboveUsual(host, now) == false)
        {
            // Not growing, or the daily climb: used memory grows for hours every morning and that is not a leak.
            if (episode is { Active: true } && now - series.RecentRise > TimeSpan.FromSeconds(SeriesState.TrendBucketSeconds) && ++episode.Calm >= LeakCalmChecks)
            {
                episode.End();
            }
            return;
        }
        RaiseHostMemoryGrowth(series, fit, LeakBuckets, recent: false, now, sink);
    }

    /// <summary>
    /// Every closed minute of the host's used memory: a rise that began recently is raised from its last half hour, as a
    /// disk fill is (<see cref="MediumRun"/>: straight, rising all along, more than twice as steep as the host's routine
    /// rises, after a day of watching), when it adds at least the leak minimum, the host is above its usual peak for the
    /// hour and the rise would use up the available memory within <see cref="MetricDetectorOptions.LeakWarningHorizon"/>.
    /// A java heap leaking a gigabyte an hour is told half an hour in, not after the hours the steady-growth fit needs;
    /// a cache warming up after a deploy climbs back to the usual, not above it.
    /// </summary>
    private void EvaluateRecentMemoryGrowth(SeriesState series, DateTimeOffset now, IFindingSink sink)
    {
        HostState host = series.Host;
        LinearFit medium = MediumRun(series, now, FastFit(series), sign: 1);
        if (medium.IsEmpty || host.MemoryAvailable < 0)
        {
            return;
        }
        if (medium.SlopePerSecond * medium.SpanSeconds < LeakMinGrowth(host.MemoryTotal) || host.MemoryAvailable / medium.SlopePerSecond >= _options.LeakWarningHorizon.TotalSeconds || MemoryAboveUsual(host, now) != true)
        {
            return;
        }
        series.RecentRise = now;
        RaiseHostMemoryGrowth(series, medium, Math.Max((int)(_options.MediumTrendWindow.TotalSeconds / SeriesState.TrendBucketSeconds), 2), recent: true, now, sink);
    }

    /// <summary>
    /// Raises the host's memory growth fitted by <paramref name="fit"/>, or the leak of the process that grows most over the
    /// last <paramref name="buckets"/> 5-minute means when it accounts for at least half of it. A process whose leak is
    /// raised already says it: a <paramref name="recent"/> rise updates that finding (its own path waits for hours of growth).
    /// </summary>
    private void RaiseHostMemoryGrowth(SeriesState series, LinearFit fit, int buckets, bool recent, DateTimeOffset now, IFindingSink sink)
    {
        HostState host = series.Host;
        Episode episode = series.Forecast ??= new Episode();
        double used = series.Trend![series.Trend.LastClosed];
        if (double.IsNaN(used))
        {
            used = series.Minutes[series.Minutes.LastClosed];
        }
        if (!episode.Active)
        {
            episode.Begin(now - TimeSpan.FromSeconds(fit.SpanSeconds), used);
            episode.Pending = false;
            episode.Active = true;
        }
        else
        {
            episode.Calm = 0;
            episode.Count++;
            episode.Worst = Math.Max(episode.Worst, used);
        }
        ProcessTrend? culprit = null;
        LinearFit culpritFit = default;
        foreach (ProcessTrend trend in _processes.Values)
        {
            if (trend.Host != host.Name)
            {
                continue;
            }
            LinearFit own = LinearFit.Of(trend.Resident, trend.Resident.LastClosed - buckets + 1, _scratch);
            if (trend.Leak is { Active: true })
            {
                if (recent && !own.IsEmpty)
                {
                    RaiseProcessLeak(host, trend, own with { SlopePerSecond = fit.SlopePerSecond, SpanSeconds = fit.SpanSeconds }, now, sink);
                }
                return; // that process's finding says it
            }
            if (!own.IsEmpty && own.SlopePerSecond >= 0.5 * fit.SlopePerSecond && own.SlopePerSecond > culpritFit.SlopePerSecond)
            {
                culprit = trend;
                culpritFit = own;
            }
        }
        if (culprit is not null)
        {
            RaiseProcessLeak(host, culprit, culpritFit with { SlopePerSecond = fit.SlopePerSecond, SpanSeconds = fit.SpanSeconds }, now, sink);
            return;
        }
        episode.Severity = LeakSeverity(host, fit.SlopePerSecond, now, out TimeSpan? exhausted);
        if (!episode.Due(now, _options.TrendReraise))
        {
            return;
        }
        string title = "Memory use" + MetricText.OnHost(host.Name) + " grew " + MetricText.Bytes(fit.SlopePerSecond * fit.SpanSeconds)
            + " in " + MetricText.Duration(TimeSpan.FromSeconds(fit.SpanSeconds)) + ", steadily (" + MetricText.Bytes(fit.SlopePerSecond * 3600) + "/h)"
            + (exhausted is { } t ? "; memory used up in ~" + MetricText.Duration(t) : "");
        var measurements = LeakMeasurements(fit, used, exhausted);
        sink.Raise(BuildFinding(series, episode, MetricFindingKinds.MemoryGrowth, title, now, Window(series.Trend, now - _options.TrendWindow, now, 60), measurements, null));
        episode.MarkRaised(now);
    }

    private static Dictionary<string, double> LeakMeasurements(LinearFit fit, double current, TimeSpan? exhausted)
    {
        var measurements = new Dictionary<string, double>
        {
            ["bytes_per_hour"] = fit.SlopePerSecond * 3600,
            ["growth_bytes"] = fit.SlopePerSecond * fit.SpanSeconds,
            ["window_seconds"] = fit.SpanSeconds,
            ["r2"] = fit.R2,
            ["rising_share"] = fit.RisingShare,
            ["observed"] = current,
        };
        if (exhausted is { } t)
        {
            measurements["seconds_to_exhaustion"] = t.TotalSeconds;
        }
        return measurements;
    }
}
