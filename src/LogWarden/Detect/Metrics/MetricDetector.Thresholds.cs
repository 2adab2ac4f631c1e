using LogWarden.Collect.HostMetrics;

namespace LogWarden.Detect.Metrics;

internal sealed partial class MetricDetector
{
    private ThresholdRule Rule(ThresholdKind kind) => kind switch
    {
        ThresholdKind.Cpu => _options.Cpu,
        ThresholdKind.Memory => _options.Memory,
        ThresholdKind.Disk => _options.Disk,
        ThresholdKind.Inodes => _options.Inodes,
        ThresholdKind.Swap => _options.Swap,
        _ => _options.LoadPerCore,
    };

    /// <summary>
    /// The classic threshold of one sample: a window fills while the value stays above the line (a short dip
    /// inside the hysteresis band is tolerated), then the condition is raised and holds until the value has
    /// stayed below the band for <see cref="MetricDetectorOptions.ClearAfter"/>.
    /// </summary>
    private void EvaluateThreshold(SeriesState series, DateTimeOffset time, double value, bool gapped, IFindingSink sink)
    {
        ThresholdRule rule = Rule(series.Profile.Threshold);
        if (!rule.Enabled)
        {
            return;
        }
        Episode? episode = series.Threshold;
        if (episode is not { Active: true })
        {
            if (value <= rule.Threshold && episode is not { Pending: true })
            {
                return; // the common case: below the line, nothing pending
            }
            episode = series.Threshold ??= new Episode();
            if (gapped)
            {
                episode.Pending = false;
            }
            if (value > rule.Threshold)
            {
                if (!episode.Pending)
                {
                    episode.Begin(time, value);
                }
                else
                {
                    episode.Count++;
                    episode.Worst = Math.Max(episode.Worst, value);
                }
                episode.LastHeld = time;
            }
            else if (value <= rule.Threshold - rule.Hysteresis || time - episode.LastHeld > _options.DipTolerance)
            {
                episode.Pending = false;
            }
            if (!episode.Pending || time - episode.FirstSeen < rule.Window)
            {
                return;
            }
            episode.Pending = false;
            episode.Active = true;
            (episode.Process, episode.ProcessId) = DominantProcess(series.Host, series.Profile.Process);
        }
        else if (value > rule.Threshold - rule.Hysteresis)
        {
            episode.LastHeld = time;
            if (value > rule.Threshold)
            {
                episode.Count++;
            }
            episode.Worst = Math.Max(episode.Worst, value);
        }
        else
        {
            if (time - episode.LastHeld >= _options.ClearAfter)
            {
                episode.End();
            }
            return; // below the band: ending, or a dip; nothing to raise on
        }

        double envelope = double.NaN;
        bool usual = rule.LearnableAsNormal && IsUsualAt(series, time, rule.Threshold, out envelope);
        bool critical = rule.CriticalThreshold is { } line
            && (value >= line || (episode.Severity == FindingSeverity.Critical && value > line - rule.Hysteresis));
        episode.Severity = usual ? FindingSeverity.Info : critical ? FindingSeverity.Critical : FindingSeverity.Warning;
        if (!episode.Due(time, rule.Reraise))
        {
            return;
        }
        RaiseThreshold(series, episode, rule, value, envelope, usual, time, sink);
        episode.MarkRaised(time);
    }

    /// <summary>Whether the learned baseline says values above <paramref name="line"/> are usual around this hour (a nightly job).</summary>
    private bool IsUsualAt(SeriesState series, DateTimeOffset time, double line, out double envelope)
    {
        envelope = double.NaN;
        if (series.Baseline is not { } baseline)
        {
            return false;
        }
        BaselineView view = baseline.Judge(time.ToUnixTimeSeconds() / 60, _options.MinHistoryDays);
        envelope = view.Envelope;
        return view.Ready && view.Envelope > line;
    }

    /// <summary>The process behind a high CPU (the busiest, when it uses at least half of the busy CPU) or memory (the largest, when it holds at least a fifth of the used memory).</summary>
    private static (string? Command, int Pid) DominantProcess(HostState host, ProcessHint hint)
    {
        switch (hint)
        {
            case ProcessHint.Cpu when host.TopByCpu.Count > 0 && host.TopByCpu[0] is { } busiest:
                double cores = host.CpuCount >= 1 ? host.CpuCount : 1;
                double busy = (double.IsNaN(host.CpuUsedPercent) ? 100 : host.CpuUsedPercent) * cores;
                return busiest.CpuPercent > 0 && busiest.CpuPercent >= 0.5 * busy ? (busiest.Command, busiest.Pid) : (null, 0);
            case ProcessHint.Memory when host.TopByMemory.Count > 0 && host.TopByMemory[0] is { } largest:
                double used = host.MemoryTotal - host.MemoryAvailable;
                return !(used > 0) || largest.ResidentBytes >= 0.2 * used ? (largest.Command, largest.Pid) : (null, 0);
            default:
                return (null, 0);
        }
    }

    private void RaiseThreshold(SeriesState series, Episode episode, ThresholdRule rule, double value, double envelope, bool usual, DateTimeOffset now, IFindingSink sink)
    {
        HostState host = series.Host;
        string on = MetricText.OnHost(host.Name);
        string lasting = " for " + MetricText.Duration(now - episode.FirstSeen);
        string process = ProcessClause(host, episode);
        var measurements = new Dictionary<string, double>
        {
            ["threshold"] = rule.Threshold,
            ["observed"] = value,
            ["worst"] = episode.Worst,
            ["window_seconds"] = rule.Window.TotalSeconds,
        };
        if (usual)
        {
            measurements["baseline_peak"] = envelope;
        }
        if (episode.Process is not null)
        {
            measurements["pid"] = episode.ProcessId;
        }
        string kind;
        string title;
        switch (series.Profile.Threshold)
        {
            case ThresholdKind.Cpu:
                kind = MetricFindingKinds.CpuHigh;
                title = "CPU at " + MetricText.Percent(value) + lasting + on + process;
                break;
            case ThresholdKind.Memory:
                kind = MetricFindingKinds.MemoryHigh;
                title = "Memory at " + MetricText.Percent(value) + lasting + on + process;
                break;
            case ThresholdKind.Swap:
                kind = MetricFindingKinds.SwapHigh;
                title = "Swap at " + MetricText.Percent(value) + lasting + on + process;
                break;
            case ThresholdKind.LoadPerCore:
                kind = MetricFindingKinds.LoadHigh;
                double cores = host.CpuCount >= 1 ? host.CpuCount : 1;
                title = "Load " + MetricText.Number(value * cores) + " on " + MetricText.Number(cores) + (cores == 1 ? " core" : " cores")
                    + " (" + MetricText.Number(value) + " per core)" + lasting + on + process;
                break;
            case ThresholdKind.Inodes:
                kind = MetricFindingKinds.InodesFull;
                title = "Inodes of " + series.EntityValue + " " + MetricText.Percent(value) + " used" + on;
                break;
            default:
                kind = MetricFindingKinds.DiskFull;
                double available = LatestOf(host, HostMetricNames.FilesystemAvailableBytes, series);
                title = "Disk " + series.EntityValue + " at " + MetricText.Percent(value) + on
                    + (double.IsNaN(available) ? "" : " (" + MetricText.Bytes(available) + " available)");
                if (!double.IsNaN(available))
                {
                    measurements["available_bytes"] = available;
                }
                break;
        }
        if (usual)
        {
            title += "; usual at this hour";
        }
        sink.Raise(BuildFinding(series, episode, kind, title, now, Recent(series, now), measurements, episode.Process));
    }

    /// <summary>" (java, pid 4242, 2.1 GiB)" or " (ffmpeg, pid 77, 190% of a core)" for the episode's process.</summary>
    private static string ProcessClause(HostState host, Episode episode)
    {
        if (episode.Process is null)
        {
            return "";
        }
        foreach (TopProcess? p in host.TopByMemory)
        {
            if (p is not null && p.Pid == episode.ProcessId)
            {
                return " (" + p.Command + ", pid " + p.Pid + ", " + MetricText.Bytes(p.ResidentBytes) + ")";
            }
        }
        foreach (TopProcess? p in host.TopByCpu)
        {
            if (p is not null && p.Pid == episode.ProcessId)
            {
                return " (" + p.Command + ", pid " + p.Pid + ", " + MetricText.Number(p.CpuPercent) + "% of a core)";
            }
        }
        return " (" + episode.Process + ", pid " + episode.ProcessId + ")";
    }

    /// <summary>The latest 1-minute value of a sibling series (same labels), NaN when unknown.</summary>
    private double LatestOf(HostState host, string name, SeriesState sibling)
    {
        if (!_series.TryGetValue(new SeriesKey(host.Name, name, sibling.Labels.Key), out SeriesState? other))
        {
            return double.NaN;
        }
        double open = other.Minutes.OpenMean;
        return double.IsNaN(open) ? other.Minutes[other.Minutes.LastClosed] : open;
    }

    private List<MetricPoint> Recent(SeriesState series, DateTimeOffset now) =>
        Window(series.Minutes, now - _options.EvidenceWindow, now, 60);

    private static Finding BuildFinding(SeriesState series, Episode episode, string kind, string title, DateTimeOffset now, IReadOnlyList<MetricPoint> window, Dictionary<string, double> measurements, string? process)
    {
        var entities = new Dictionary<string, string>(4, StringComparer.Ordinal);
        if (series.Host.Name.Length > 0)
        {
            entities[EntityNames.Host] = series.Host.Name;
        }
        entities[EntityNames.Metric] = series.Id;
        if (series.Profile.EntityName is { } entity && series.EntityValue is { } value)
        {
            entities[entity] = value;
        }
        if (process is not null)
        {
            entities[EntityNames.Process] = process;
        }
        return new Finding
        {
            Timestamp = now,
            Severity = episode.Severity,
            Kind = kind,
            Title = title,
            Entities = entities,
            FirstSeen = episode.FirstSeen,
            LastSeen = now,
            Count = episode.Count,
            Detector = DetectorName,
            Evidence = new Evidence { Metric = series.Id, MetricWindow = window, Measurements = measurements },
        };
    }
}
