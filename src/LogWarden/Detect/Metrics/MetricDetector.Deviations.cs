namespace LogWarden.Detect.Metrics;

internal sealed partial class MetricDetector
{
    /// <summary>
    /// One closed minute against the series' baseline for its hour. A minute deviates when it is
    /// <see cref="MetricDetectorOptions.DeviationSigmas"/> above the hour's mean, above the peak the hour
    /// usually reaches, and more than the series' absolute floor above the mean; a run of
    /// <see cref="MetricDetectorOptions.DeviationMinutes"/> such minutes is an info finding, and on important
    /// series a run of large ones (twice the usual peak, <see cref="MetricDetectorOptions.LargeDeviationSigmas"/>)
    /// a warning. Then the minute is learnt.
    /// </summary>
    private void EvaluateDeviation(SeriesState series, long minute, double value, DateTimeOffset now, IFindingSink sink)
    {
        SeasonalBaseline baseline = series.Baseline!;
        BaselineView view = baseline.Judge(minute, _options.MinHistoryDays);
        bool deviating = false, large = false;
        if (view.Ready)
        {
            SeriesProfile profile = series.Profile;
            double sigma = Math.Max(view.Sigma, Math.Max(0.02 * Math.Abs(view.Mean), 1e-9));
            double excess = value - view.Mean;
            double envelope = Math.Max(view.Envelope, view.Mean);
            deviating = excess >= _options.DeviationSigmas * sigma
                && excess >= profile.DeviationFloor
                && value > envelope + (_options.PeakMargin * Math.Abs(envelope))
                && (envelope <= 0 || value >= profile.MinRatio * envelope);
            large = deviating
                && profile.Baseline == BaselineRole.Important
                && excess >= _options.LargeDeviationSigmas * sigma
                && excess >= profile.LargeDeviationFloor
                && value >= _options.LargeDeviationFactor * Math.Max(envelope, 0);
        }
        series.DeviatingMinutes = deviating ? series.DeviatingMinutes + 1 : 0;
        series.LargeMinutes = large ? series.LargeMinutes + 1 : 0;

        Episode? episode = series.Deviation;
        if (episode is { Active: true })
        {
            if (deviating)
            {
                episode.Calm = 0;
                episode.Count++;
                episode.Worst = Math.Max(episode.Worst, value);
                episode.LastHeld = now;
            }
            else if (++episode.Calm >= _options.DeviationClearMinutes)
            {
                episode.End();
            }
        }
        else if (series.DeviatingMinutes >= _options.DeviationMinutes)
        {
            episode = series.Deviation ??= new Episode();
            episode.Begin(DateTimeOffset.FromUnixTimeSeconds((minute - series.DeviatingMinutes + 1) * 60), value);
            episode.Pending = false;
            episode.Active = true;
            episode.Count = series.DeviatingMinutes;
            (episode.Process, episode.ProcessId) = DominantProcess(series.Host, series.Profile.Process);
        }

        if (episode is { Active: true } && deviating)
        {
            if (series.LargeMinutes >= _options.LargeDeviationMinutes)
            {
                episode.Severity = FindingSeverity.Warning;
            }
            // A raised threshold on the same series already says it (CPU at 98 % is both); the tracker needs one finding, not two.
            bool saidByThreshold = series.Threshold is { Active: true, Raised: true };
            if (!saidByThreshold && episode.Due(now, _options.DeviationReraise))
            {
                RaiseDeviation(series, episode, value, view, now, sink);
                episode.MarkRaised(now);
            }
        }
        baseline.Learn(minute, value, countsTowardsPeak: episode is not { Active: true, Severity: >= FindingSeverity.Warning });
    }

    private void RaiseDeviation(SeriesState series, Episode episode, double value, BaselineView view, DateTimeOffset now, IFindingSink sink)
    {
        HostState host = series.Host;
        string title = MetricText.Capitalised(MetricText.Describe(series)) + " at " + MetricText.Value(series.Name, value)
            + MetricText.OnHost(host.Name) + " for " + MetricText.Duration(now - episode.FirstSeen)
            + "; usual at this hour " + MetricText.Value(series.Name, view.Mean)
            + " (peak " + MetricText.Value(series.Name, view.Envelope) + ")" + ProcessClause(host, episode);
        var measurements = new Dictionary<string, double>
        {
            ["observed"] = value,
            ["worst"] = episode.Worst,
            ["baseline_mean"] = view.Mean,
            ["baseline_sigma"] = view.Sigma,
            ["baseline_peak"] = view.Envelope,
            ["minutes"] = episode.Count,
        };
        if (episode.Process is not null)
        {
            measurements["pid"] = episode.ProcessId;
        }
        sink.Raise(BuildFinding(series, episode, MetricFindingKinds.Deviation, title, now, Recent(series, now), measurements, episode.Process));
    }
}
