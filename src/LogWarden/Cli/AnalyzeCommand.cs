using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LogWarden.Config;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Detect.Metrics;
using LogWarden.Parse;
using LogWarden.Store;

namespace LogWarden.Cli;

/// <summary>
/// `logwarden analyze PATH... [--learn-until TIME | --learn DURATION] [--json] [--data DIR]`: replays
/// files and directories (recursively, rotated generations and .gz included, like a copy of a server's
/// /var/log) merged by time through the daemon's detectors and incident tracker, in log time. Files named
/// <c>*.metrics.jsonl</c> among them (and, with --data, the host metrics the daemon stored there) are host
/// metrics, replayed in the same timeline. With `--json`, one object per finding as it is raised; else a
/// report of the incidents at the end.
/// </summary>
internal static class AnalyzeCommand
{
    private const int MaxReportedIncidents = 100_000;

    /// <param name="catalog">Builds the detectors (default: <see cref="DetectorCatalog.Create"/>, the daemon's set).</param>
    public static Command Create(TextWriter stdout, TextWriter stderr, Func<DetectOptions, DetectorSet>? catalog = null)
    {
        catalog ??= DetectorCatalog.Create;
        var paths = new Argument<string[]>("path") { Description = "Files, directories (recursive) or .gz files; '-' for standard input.", Arity = ArgumentArity.OneOrMore };
        paths.Validators.Add(OptionLikeArguments.Reject);
        var learnUntil = new Option<string?>("--learn-until") { Description = "Report nothing raised before this log time (ISO-8601, e.g. 2026-11-24T00:00:00Z): the detectors learn." };
        var learn = new Option<string?>("--learn") { Description = "Learn for this long of log time from the first line (e.g. 2d, 12h) before reporting." };
        var json = new Option<bool>("--json") { Description = "One JSON object per finding as it is raised (JSON Lines): ts, severity, kind, title, entities, first_seen, last_seen, count, incident, evidence." };
        var format = new Option<string?>("--format", "-f") { Description = "Decoder name or LogPAI format string for every file (default: detected per file)." };
        var host = new Option<string?>("--host") { Description = "The host label of the files' streams (default: none; lines that name their host keep it)." };
        var without = new Option<string[]>("--without") { Description = "Leave out the detector with this name; repeatable." };
        var data = new Option<string?>("--data", "-d") { Description = "Also store the incidents in this data directory (and honour the noise marked there)." };
        var config = ConfigCommand.ConfigOption();
        var command = new Command("analyze", "Replay log files through the detectors in log time and report the incidents.")
        {
            paths, learnUntil, learn, json, format, host, without, data, config,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(learnUntil) is not null && result.GetValue(learn) is not null)
            {
                result.AddError("--learn-until and --learn exclude each other");
            }
            if (result.GetValue(learnUntil) is { } until && !TryParseTime(until, out _))
            {
                result.AddError($"--learn-until: '{until}' is not a time (ISO-8601, e.g. 2026-11-24T00:00:00Z or 2026-11-24)");
            }
            if (result.GetValue(learn) is { } duration && !(ConfigLoader.TryParseDuration(duration, out TimeSpan span) && span > TimeSpan.Zero))
            {
                result.AddError($"--learn: '{duration}' is not a duration (e.g. 30m, 12h, 2d)");
            }
            if (result.GetValue(format) is { } f)
            {
                try
                {
                    FormatDetector.FromName(f);
                }
                catch (ArgumentException e)
                {
                    result.AddError("--format: " + (e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal)));
                }
            }
        });
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new LogAnalysisOptions
            {
                Input = new MergedInputOptions { File = new LogFileOptions { Format = parse.GetValue(format) }, Host = parse.GetValue(host) },
                LearnUntil = parse.GetValue(learnUntil) is { } u && TryParseTime(u, out DateTimeOffset until) ? until : null,
                LearnFor = parse.GetValue(learn) is { } l && ConfigLoader.TryParseDuration(l, out TimeSpan span) ? span : null,
            };
            // The configuration's detect: section, as the daemon runs it; the command line overrides it.
            LogWardenConfig? loaded = StoreOptions.LoadConfig(parse, config, stderr, out bool ok);
            if (!ok)
            {
                return Task.FromResult(LogWardenCli.Failure);
            }
            loaded ??= new LogWardenConfig();
            DetectOptions detect;
            try
            {
                detect = loaded.Detect.ToOptions();
            }
            catch (ConfigException e)
            {
                e.WriteErrors(stderr);
                return Task.FromResult(LogWardenCli.Failure);
            }
            detect = detect with
            {
                Disabled = [.. detect.Disabled, .. parse.GetValue(without) ?? []],
                // The baselines learn what the replay learns: until the given time, or the first DURATION of it.
                Baselines = detect.Baselines with
                {
                    LearnUntil = options.LearnUntil,
                    LearningPeriod = options.LearnFor ?? detect.Baselines.LearningPeriod,
                    LearnFromFirstLine = options.LearnFor is not null,
                },
            };
            IIncidentStore? incidents = null;
            ILogStore? store = null;
            if (parse.GetValue(data) is { } dir)
            {
                store = StoreOptions.Open(dir, loaded, stderr);
                incidents = store as IIncidentStore;
                if (store is null || incidents is null)
                {
                    store?.Dispose();
                    return Task.FromResult(LogWardenCli.Failure);
                }
            }
            using (store)
            {
                return Task.FromResult(Run(parse.GetValue(paths)!, options, catalog(detect), parse.GetValue(json), incidents, store as IMetricStore, stdout, stderr, cancellationToken));
            }
        });
        return command;
    }

    internal static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    private static int Run(string[] paths, LogAnalysisOptions options, DetectorSet detectors, bool json, IIncidentStore? store, IMetricStore? metricStore,
        TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        LogInputListing listing = LogInput.Enumerate(paths);
        bool failed = false;
        foreach (SkippedInput skipped in listing.Skipped.Where(s => s.IsError))
        {
            stderr.WriteLine($"logwarden analyze: {skipped.Path}: {skipped.Reason}");
            failed = true;
        }
        using var metrics = new MetricsReplay();
        failed |= !OpenMetrics(listing.Files, metrics, stderr);
        if (metricStore is not null)
        {
            metrics.AddStore(metricStore);
        }
        List<string> logFiles = [.. listing.Files.Where(f => !MetricsFileReader.IsMetricsFile(f))];

        var analysis = new LogAnalysis(options, detectors);
        var findings = new FindingCounter();
        var report = new IncidentCollector();
        analysis.Tracker.AddListener(findings);
        analysis.Tracker.AddListener(report);
        if (json)
        {
            analysis.Tracker.AddListener(new FindingJsonWriter(stdout));
        }
        IncidentRecorder? recorder = null;
        if (store is not null)
        {
            analysis.Tracker.ContinueIdsAfter(store.HighestIncidentId());
            analysis.Tracker.LearnNoise(store.LoadNoiseFingerprints());
            recorder = new IncidentRecorder();
            analysis.Tracker.AddListener(recorder);
        }

        using var progress = ProgressReporter.ForConsole(stderr, listing.Files);
        LogAnalysisSummary summary;
        try
        {
            summary = analysis.Run(logFiles, done =>
            {
                if (done.Stats is { } stats)
                {
                    TemplatesCommand.Report(stats, done.Path, stderr, "analyze");
                }
                else if (done.Error is { } error)
                {
                    stderr.WriteLine($"logwarden analyze: {done.Path}: {error}");
                }
                failed |= done.Error is not null;
                progress?.FileDone(done.Path);
                if (recorder is not null && recorder.Pending >= 256)
                {
                    recorder.Flush(store!);
                }
            }, metrics, cancellationToken);
            recorder?.Flush(store!);
        }
        catch (StoreFullException e)
        {
            stderr.WriteLine("logwarden analyze: " + e.Message);
            return LogWardenCli.Failure;
        }
        progress?.Finish();
        foreach ((string path, long lines, long skippedMetrics, string? error) in metrics.Problems())
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"logwarden analyze: {path}: {lines:N0} line(s) that are no metrics sample and {skippedMetrics:N0} metric(s) without a number skipped{(error is null ? "" : " (first: " + error + ")")}"));
        }

        if (!json)
        {
            report.Write(stdout);
        }
        stdout.Flush();
        WriteSummary(stderr, summary, findings, analysis.Tracker.Stats);
        return failed ? LogWardenCli.Failure : LogWardenCli.Ok;
    }

    /// <summary>Opens the metrics files among <paramref name="files"/>; false when one cannot be read (reported).</summary>
    private static bool OpenMetrics(IReadOnlyList<string> files, MetricsReplay metrics, TextWriter stderr)
    {
        bool ok = true;
        foreach (string path in files)
        {
            if (!MetricsFileReader.IsMetricsFile(path))
            {
                continue;
            }
            try
            {
                metrics.AddFile(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"logwarden analyze: {path}: {e.Message}");
                ok = false;
            }
        }
        return ok;
    }

    private static void WriteSummary(TextWriter stderr, LogAnalysisSummary summary, FindingCounter findings, IncidentTrackerStats stats)
    {
        var c = CultureInfo.InvariantCulture;
        double seconds = Math.Max(summary.Elapsed.TotalSeconds, 0.001);
        stderr.WriteLine(string.Create(c,
            $"logwarden analyze: {summary.Lines:N0} lines in {summary.Files:N0} file(s), {seconds:F2} s, {summary.Lines / seconds:N0} lines/s"));
        if (summary.MetricSamples > 0)
        {
            stderr.WriteLine(string.Create(c, $"logwarden analyze: {summary.MetricSamples:N0} host-metric sample(s) replayed"));
        }
        if (summary.First is { } first && summary.Last is { } last)
        {
            stderr.WriteLine($"logwarden analyze: log time {IncidentText.Time(first)} → {IncidentText.Time(last)} UTC");
        }
        if (summary.LearnedUntil is { } until && until != DateTimeOffset.MaxValue)
        {
            stderr.WriteLine(string.Create(c, $"logwarden analyze: learnt until {IncidentText.Time(until)} UTC ({summary.SuppressedWhileLearning:N0} finding(s) raised while learning, not reported)"));
        }
        stderr.WriteLine(string.Create(c,
            $"logwarden analyze: findings: {findings.Critical:N0} critical, {findings.Warning:N0} warning, {findings.Info:N0} info; {stats.Opened:N0} incident(s), {stats.Open:N0} still open"));
    }

    /// <summary>Findings reported, by severity.</summary>
    private sealed class FindingCounter : IIncidentListener
    {
        public long Critical { get; private set; }

        public long Warning { get; private set; }

        public long Info { get; private set; }

        public void OnIncidentEvent(in IncidentEvent e)
        {
            if (e.Kind != IncidentEventKind.FindingRaised || e.Finding is null)
            {
                return;
            }
            switch (e.Finding.Severity)
            {
                case FindingSeverity.Critical: Critical++; break;
                case FindingSeverity.Warning: Warning++; break;
                default: Info++; break;
            }
        }
    }

    /// <summary>One JSON line per finding raised, written as it happens.</summary>
    private sealed class FindingJsonWriter(TextWriter stdout) : IIncidentListener
    {
        public void OnIncidentEvent(in IncidentEvent e)
        {
            if (e.Kind != IncidentEventKind.FindingRaised || e.Finding is not { } finding)
            {
                return;
            }
            string fingerprint = IncidentFingerprint.Of(finding.Key);
            stdout.WriteLine(JsonSerializer.Serialize(IncidentJson.Line(finding, e.Incident, fingerprint, (e.Changes & IncidentChanges.Downgraded) != 0),
                IncidentJson.Output.FindingLine));
        }
    }

    /// <summary>Every incident of the run (up to a bound), for the report at the end.</summary>
    private sealed class IncidentCollector : IIncidentListener
    {
        private readonly List<Incident> _incidents = [];
        private long _beyond;

        public void OnIncidentEvent(in IncidentEvent e)
        {
            if (e.Kind != IncidentEventKind.IncidentOpened)
            {
                return;
            }
            if (_incidents.Count < MaxReportedIncidents)
            {
                _incidents.Add(e.Incident);
            }
            else
            {
                _beyond++;
            }
        }

        /// <summary>Alerts (warning, critical) in full, most severe first; info incidents one line each.</summary>
        public void Write(TextWriter stdout)
        {
            var c = CultureInfo.InvariantCulture;
            List<IncidentRecord> records = [.. _incidents.Select(i => i.ToRecord())];
            List<IncidentRecord> alerts = [.. records.Where(r => r.Severity > FindingSeverity.Info)
                .OrderByDescending(r => r.Severity).ThenBy(r => r.FirstSeen).ThenBy(r => r.Id)];
            List<IncidentRecord> info = [.. records.Where(r => r.Severity == FindingSeverity.Info).OrderBy(r => r.FirstSeen).ThenBy(r => r.Id)];
            stdout.WriteLine(string.Create(c,
                $"{records.Count + _beyond:N0} incident(s): {alerts.Count(r => r.Severity == FindingSeverity.Critical):N0} critical, {alerts.Count(r => r.Severity == FindingSeverity.Warning):N0} warning, {info.Count:N0} info"));
            if (alerts.Count > 0)
            {
                stdout.WriteLine();
                stdout.WriteLine("ALERTS");
                foreach (IncidentRecord alert in alerts)
                {
                    stdout.WriteLine();
                    IncidentText.WriteDetail(stdout, alert);
                }
            }
            if (info.Count > 0)
            {
                const int shown = 50;
                stdout.WriteLine();
                stdout.WriteLine("RECORDED (info, not notified)");
                IncidentText.WriteTableHeader(stdout);
                foreach (IncidentRecord record in info.Take(shown))
                {
                    IncidentText.WriteTableRow(stdout, record);
                }
                if (info.Count > shown)
                {
                    stdout.WriteLine(string.Create(c, $"… and {info.Count - shown:N0} more (--json lists every finding)"));
                }
            }
        }
    }
}
