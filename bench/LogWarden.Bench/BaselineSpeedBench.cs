using System.Diagnostics;
using System.Globalization;
using LogWarden.Collect;
using LogWarden.Detect;
using LogWarden.Detect.Baselines;
using LogWarden.Detect.Security;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Bench;

/// <summary>
/// `baseline-speed [LINES]`: lines/s of <see cref="BaselineDetector.Observe"/> (with its Advance once per
/// second of log time) on one thread, over the second half of LINES (default 600,000) lines of the
/// synthetic web-server mix, the detector having learned the first half; bytes allocated per line. Peer in
/// the same run: <see cref="TemplateMiner.Add"/> over the same messages with every template known. Best
/// of five runs (the machine is shared; the best run is the least disturbed).
/// </summary>
public static class BaselineSpeedBench
{
    public static int Run(string[] args)
    {
        int lines = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 600_000;
        LogObservation[] observations = SyntheticObservations(lines, out TemplateMiner miner);
        int half = lines / 2;
        var options = new BaselineOptions { LearningPeriod = observations[half].Time - observations[0].Time, MinRateHistory = TimeSpan.FromMinutes(30) };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{lines:N0} lines of the synthetic mix ({observations[^1].Time - observations[0].Time:hh\\:mm} of log time, {miner.TemplateCount} templates); learn on the first half, measure the second"));

        double bestDetector = 0, bestMiner = 0;
        long bytesPerLine = long.MaxValue;
        int findings = 0;
        for (int run = 0; run < 5; run++)
        {
            var sink = new CountingSink();
            var detector = new BaselineDetector(options, miner);
            DetectorReplay.Replay(detector, observations.AsSpan(0, half), sink);
            sink.Count = 0;
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            DetectorReplay.Replay(detector, observations.AsSpan(half), sink);
            double seconds = clock.Elapsed.TotalSeconds;
            bytesPerLine = Math.Min(bytesPerLine, (GC.GetAllocatedBytesForCurrentThread() - allocated) / (lines - half));
            bestDetector = Math.Max(bestDetector, (lines - half) / seconds);
            findings = sink.Count;

            clock.Restart();
            int last = 0;
            for (int i = half; i < lines; i++)
            {
                last += miner.Add(observations[i].Record.Message);
            }
            bestMiner = Math.Max(bestMiner, (lines - half) / clock.Elapsed.TotalSeconds);
            GC.KeepAlive(last);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BaselineDetector.Observe + Advance: {bestDetector:N0} lines/s ({1e9 / bestDetector:F0} ns/line), {bytesPerLine} bytes/line, {findings} findings"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peer TemplateMiner.Add (known templates): {bestMiner:N0} lines/s ({1e9 / bestMiner:F0} ns/line)"));
        return 0;
    }

    /// <summary>The synthetic web-server mix (six sources), decoded, mined and recognised as the engine would; the miner that knows its templates.</summary>
    internal static LogObservation[] SyntheticObservations(int lines, out TemplateMiner miner)
    {
        var logs = new SyntheticLogs(3);
        StreamLabels[] labels = [.. SyntheticLogs.Files.Select(f => new StreamLabels(("host", "web1"), ("path", f)))];
        var context = new DecodeContext("bench", new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc);
        miner = new TemplateMiner();
        var recognizer = new SecurityEventRecognizer();
        var observations = new LogObservation[lines];
        for (int i = 0; i < lines; i++)
        {
            var (time, file, text) = logs.Next();
            LogRecord record = FormatDetector.DecodeWithAnyFormat(text, context);
            int id = miner.Add(record.Message, record.Timestamp, record.Level);
            observations[i] = new LogObservation
            {
                Record = record,
                Labels = labels[file],
                Time = record.Timestamp ?? time,
                Template = miner.Resolve(id),
                Security = recognizer.Recognize(record),
            };
        }
        return observations;
    }

    private sealed class CountingSink : IFindingSink
    {
        public int Count;

        public void Raise(Finding finding) => Count++;
    }
}
