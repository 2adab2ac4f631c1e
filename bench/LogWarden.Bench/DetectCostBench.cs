using System.Globalization;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Detect.Security;
using LogWarden.Mine;
using LogWarden.Parse;

namespace LogWarden.Bench;

/// <summary>
/// `detect-cost [LINES]`: what detection costs per line, without reading, decoding or mining in the
/// measurement. The web-server mix of `analyze-speed` (<see cref="AnalyzeSpeedBench.WriteServerLogs"/>) is
/// read, merged by time and mined once up front; then the recogniser alone, the engine without detectors,
/// the engine with each detector alone and with all of them run over the records in memory (a fresh
/// engine, detectors and incident tracker each time; best of 3 by CPU time). Prints ns and bytes
/// allocated per line, and the recogniser's shape-cache misses by log file, the lines it analyses afresh.
/// Run it pinned: <c>taskset -c 1 dotnet bench/LogWarden.Bench/bin/Release/net10.0/LogWarden.Bench.dll detect-cost [LINES [STAGE [FILE]]]</c>;
/// FILE (a name ending, such as <c>access.log</c>) keeps one log file's records: what one kind of line costs.
/// </summary>
public static class DetectCostBench
{
    public static int Run(string[] args)
    {
        int lines = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300_000;
        string? only = args.Length > 1 ? args[1] : null; // a word of a stage's name: run that stage alone (for a profiler)
        string dir = Directory.CreateTempSubdirectory("logwarden-detect-cost-").FullName;
        try
        {
            AnalyzeSpeedBench.WriteServerLogs(dir, lines);
            var miner = new TemplateMiner();
            var records = new List<(MergedRecord Merged, int Template)>(lines);
            char[] scratch = new char[256];
            foreach (MergedRecord merged in new TimeMergedReader(LogInput.Enumerate([dir]).Files).Read())
            {
                // Mined from the message's characters as the daemon does (IngestPipeline), not its string: a string made
                // here for all records up front is cold by the time a detector reads it, a cost the daemon does not have.
                records.Add((merged, miner.Add(merged.Record.MessageChars(ref scratch), merged.Record.Timestamp, merged.Record.Level)));
            }
            if (args.Length > 2)
            {
                // A third argument keeps the records of the log files whose name ends with it (`access.log`): one kind of line's cost.
                records.RemoveAll(r => r.Merged.Labels["path"]?.EndsWith(args[2], StringComparison.Ordinal) != true);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{records.Count:N0} records read and mined, {miner.TemplateCount:N0} templates"));

            if (only is null)
            {
                ShapeCacheMisses(records);
            }

            if (only is "shapes")
            {
                foreach (int entries in new[] { 4_096, 16_384, 65_536 })
                {
                    var sized = new SecurityEventRecognizer(shapeCacheEntries: entries);
                    records.ForEach(r => sized.Recognize(r.Merged.Record));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  shape cache of {entries:N0}: {sized.ShapeCacheCounts.Misses:N0} misses of {sized.ShapeCacheCounts.Lookups:N0} lookups"));
                }
                return 0;
            }

            if (only is "byfile")
            {
                CostByFile(records, miner);
                return 0;
            }

            if (only is null or "anchors")
            {
                AnchorScans(records);
                if (only is not null)
                {
                    return 0;
                }
            }

            string[] names = [.. DetectorCatalog.Create().Names];
            var stages = new List<(string Name, Action Run)>
            {
                ("recogniser alone", () => Recognize(records)),
                ("engine + tracker, no detectors", () => Detect(records, miner, new DetectorSet())),
            };
            stages.AddRange(names.Select(n => ($"engine + tracker + {n} alone", (Action)(() =>
                Detect(records, miner, DetectorCatalog.Create(new DetectOptions { Disabled = [.. names.Where(o => o != n)] }))))));
            stages.Add(("engine + tracker + every detector", () => Detect(records, miner, DetectorCatalog.Create())));
            foreach (var (name, run) in stages.Where(s => only is null || s.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
            {
                run(); // warm-up: JIT, regexes compiled
                var best = Enumerable.Range(0, 3).Select(_ => AnalyzeSpeedBench.Time(() =>
                {
                    run();
                    return records.Count;
                })).MinBy(m => m.Cpu);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: {best.Cpu * 1e9 / best.Lines:N0} ns/line CPU ({best.Wall * 1e9 / best.Lines:N0} wall), {best.AllocatedPerLine:N0} B allocated/line"));
            }
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void ShapeCacheMisses(List<(MergedRecord Merged, int Template)> records)
    {
        var recognizer = new SecurityEventRecognizer();
        var keys = SecurityDefinitions.Default.NumericKeys;
        Console.WriteLine("  keys whose numbers stay in a shape: " + (keys is null ? "all (key masking off)" : string.Join(", ", keys.Order(StringComparer.Ordinal))));
        var byFile = new SortedDictionary<string, (long Lines, long Misses, long Bytes)>(StringComparer.Ordinal);
        var examples = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (merged, _) in records)
        {
            long before = recognizer.ShapeCacheCounts.Misses;
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            recognizer.Recognize(merged.Record);
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            string file = merged.Labels["path"] ?? "?";
            file = file[(file.LastIndexOf('/') + 1)..];
            var (count, misses, bytes) = byFile.GetValueOrDefault(file);
            byFile[file] = (count + 1, misses + recognizer.ShapeCacheCounts.Misses - before, bytes + allocated);
            if (recognizer.ShapeCacheCounts.Misses > before && count > 10_000 && (examples.TryGetValue(file, out var list) ? list : examples[file] = []) is { Count: < 3 } few)
            {
                few.Add(merged.Record.Raw);
            }
        }
        foreach (var (file, (count, misses, bytes)) in byFile)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  shape cache misses, {file}: {misses:N0} of {count:N0} lines ({100.0 * misses / count:F1} %); recogniser allocates {bytes / count:N0} B/line"));
            foreach (string line in examples.GetValueOrDefault(file) ?? [])
            {
                Console.WriteLine("    e.g. " + line);
            }
        }
    }

    /// <summary>
    /// How often the rules' keyword scan of a message comes from the recogniser's scan of the line's shape
    /// (<see cref="SecurityEventRecognizer.ShareMessageKeywords"/>) rather than a scan of its own, and which of the
    /// rules' anchors a shape can hide (scanned on every line).
    /// </summary>
    private static void AnchorScans(List<(MergedRecord Merged, int Template)> records)
    {
        var scanner = LogWarden.Detect.Rules.RuleSet.BuiltIn.Scanner;
        var recognizer = new SecurityEventRecognizer();
        recognizer.ShareMessageKeywords(scanner);
        long shared = 0;
        foreach (var (merged, _) in records)
        {
            recognizer.Recognize(merged.Record);
            shared += recognizer.MessageAnchors is null ? 0 : 1;
        }

        var sensitive = scanner.Anchors.OfType<string>().Where(a => !AnchorScanner.SurvivesShape(a)).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  rules' keywords from the recogniser's shape cache: {shared:N0} of {records.Count:N0} lines ({100.0 * shared / records.Count:F1} %); {scanner.Count} anchors, {sensitive.Count} a shape can hide: {string.Join(", ", sensitive)}"));
    }

    /// <summary>
    /// `detect-cost LINES byfile`: every detector of the catalog over the records (after a warm-up pass), each line's
    /// time split into the engine's own work with the recogniser and each detector's Observe, summed by log file
    /// (two clock reads a detector a line: a rough split, not the stages' exact cost).
    /// </summary>
    private static void CostByFile(List<(MergedRecord Merged, int Template)> records, TemplateMiner miner)
    {
        var files = new Dictionary<string, int>(StringComparer.Ordinal);
        int[] fileOf = [.. records.Select(r =>
        {
            string file = r.Merged.Labels["path"] ?? "?";
            file = file[(file.LastIndexOf('/') + 1)..];
            return files.TryGetValue(file, out int i) ? i : files[file] = files.Count;
        })];
        for (int pass = 0; pass < 3; pass++)
        {
            var detectors = DetectorCatalog.Create();
            var timed = detectors.LogDetectors.Select(d => new TimedDetector(d, files.Count)).ToArray();
            var recognizer = new SecurityEventRecognizer();
            if (detectors.LogDetectors.OfType<LogWarden.Detect.IMessageKeywordDetector>().FirstOrDefault() is { } keywords)
            {
                recognizer.ShareMessageKeywords(keywords.MessageKeywords);
            }
            var tracker = new IncidentTracker(new IncidentTrackerOptions());
            var engine = new DetectionEngine(miner, tracker, timed, detectors.MetricDetectors, recognizer);
            engine.AddClockListener(tracker);
            var total = new long[files.Count];
            var lines = new long[files.Count];
            for (int i = 0; i < records.Count; i++)
            {
                var (merged, template) = records[i];
                int file = fileOf[i];
                foreach (var t in timed)
                {
                    t.File = file;
                }
                long started = System.Diagnostics.Stopwatch.GetTimestamp();
                engine.Observe(merged.Record, merged.Labels, template, merged.OrderTime);
                total[file] += System.Diagnostics.Stopwatch.GetTimestamp() - started;
                lines[file]++;
            }
            if (pass < 2)
            {
                continue; // warm-up: JIT, regexes compiled, automata built
            }
            double ns = 1e9 / System.Diagnostics.Stopwatch.Frequency;
            Console.WriteLine("file: lines, ns/line all (engine + recogniser, " + string.Join(", ", timed.Select(t => t.Name)) + "), share of all detection");
            long all = total.Sum();
            foreach (var (file, f) in files.OrderBy(kv => kv.Value))
            {
                long detectorsTime = timed.Sum(t => t.Ticks[f]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {file}: {lines[f]:N0}, {total[f] * ns / lines[f]:N0} ({(total[f] - detectorsTime) * ns / lines[f]:N0}, {string.Join(", ", timed.Select(t => (t.Ticks[f] * ns / lines[f]).ToString("N0", CultureInfo.InvariantCulture)))}), {100.0 * total[f] / all:F1} %"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  all: {records.Count:N0}, {all * ns / records.Count:N0} ns/line"));
        }
    }

    private sealed class TimedDetector(ILogDetector inner, int files) : ILogDetector
    {
        public readonly long[] Ticks = new long[files];
        public int File;

        public string Name => inner.Name;

        public void Observe(LogObservation line, IFindingSink sink)
        {
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            inner.Observe(line, sink);
            Ticks[File] += System.Diagnostics.Stopwatch.GetTimestamp() - started;
        }

        public void Advance(DateTimeOffset now, IFindingSink sink) => inner.Advance(now, sink);
    }

    private static void Recognize(List<(MergedRecord Merged, int Template)> records)
    {
        var recognizer = new SecurityEventRecognizer();
        foreach (var (merged, _) in records)
        {
            recognizer.Recognize(merged.Record);
        }
    }

    private static void Detect(List<(MergedRecord Merged, int Template)> records, TemplateMiner miner, DetectorSet detectors)
    {
        var tracker = new IncidentTracker(new IncidentTrackerOptions());
        var engine = detectors.CreateEngine(miner, tracker);
        engine.AddClockListener(tracker);
        foreach (var (merged, template) in records)
        {
            engine.Observe(merged.Record, merged.Labels, template, merged.OrderTime);
        }
    }
}
