using BenchmarkDotNet.Attributes;
using LogWarden.Collect;
using LogWarden.Detect;
using LogWarden.Detect.Scenarios;
using LogWarden.Detect.Security;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Bench;

/// <summary>
/// The scenario detector's cost per observation under BenchmarkDotNet with <see cref="MemoryDiagnoserAttribute"/>,
/// over 100,000 lines of <see cref="SyntheticLogs"/> (a small web server's nginx access/error logs, auth.log,
/// syslog, kern.log, mail.log) decoded, mined and recognised beforehand, so that only
/// <see cref="ScenarioDetector.Observe"/> is measured: every line, the lines that are no security event and
/// no access record (most of a server's lines), the security events alone, and access lines that are no
/// event (read for their status); each subset is repeated up to 100,000 observations. The peer is the
/// security recogniser on the same 100,000 lines.
/// Run: dotnet run -c Release --project bench/LogWarden.Bench -- --filter '*ScenarioBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class ScenarioBenchmarks
{
    public const int Lines = 100_000;

    private LogObservation[] _all = [];
    private LogObservation[] _plain = [];
    private LogObservation[] _events = [];
    private LogObservation[] _access = [];
    private LogRecord[] _records = [];
    private readonly NullSink _sink = new();

    private sealed class NullSink : IFindingSink
    {
        public int Raised { get; private set; }

        public void Raise(Finding finding) => Raised++;
    }

    [GlobalSetup]
    public void Setup()
    {
        (_all, _records) = Observations(Lines);
        _plain = [.. _all.Where(o => o.Security is null && o.Record.Fields.Count == 0)];
        _events = [.. _all.Where(o => o.Security is not null)];
        _access = [.. _all.Where(o => o.Security is null && o.Record.Fields.Count > 0)];
    }

    /// <summary><paramref name="count"/> synthetic lines as the engine would hand them to a detector.</summary>
    internal static (LogObservation[] Observations, LogRecord[] Records) Observations(int count)
    {
        var logs = new SyntheticLogs();
        var miner = new TemplateMiner();
        var recognizer = new SecurityEventRecognizer();
        var context = new DecodeContext("bench", new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc);
        var labels = SyntheticLogs.Files.Select(f => new StreamLabels(("host", "web1"), ("path", f))).ToArray();
        var observations = new LogObservation[count];
        var records = new LogRecord[count];
        for (int i = 0; i < count; i++)
        {
            var (time, file, text) = logs.Next();
            var record = FormatDetector.DecodeWithAnyFormat(text, context);
            int id = miner.Add(record.Message);
            records[i] = record;
            observations[i] = new LogObservation
            {
                Record = record,
                Labels = labels[file],
                Time = record.Timestamp ?? time,
                Template = miner.Resolve(id),
                Security = recognizer.Recognize(record),
            };
        }

        return (observations, records);
    }

    /// <summary>A fresh detector over <see cref="Lines"/> observations of <paramref name="observations"/> (repeated when fewer).</summary>
    private int Run(LogObservation[] observations)
    {
        var detector = new ScenarioDetector();
        for (int i = 0; i < Lines; i++)
        {
            detector.Observe(observations[i % observations.Length], _sink);
        }

        return detector.Buckets;
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public int ObserveEveryLine() => Run(_all);

    [Benchmark(OperationsPerInvoke = Lines)]
    public int ObserveLinesWithoutEvents() => Run(_plain);

    [Benchmark(OperationsPerInvoke = Lines)]
    public int ObserveSecurityEvents() => Run(_events);

    [Benchmark(OperationsPerInvoke = Lines)]
    public int ObserveAccessLinesWithoutEvents() => Run(_access);

    /// <summary>Peer: the security recogniser the engine runs on every line before the detectors.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public int RecognizeEveryLine()
    {
        var recognizer = new SecurityEventRecognizer();
        int events = 0;
        foreach (var record in _records)
        {
            events += recognizer.Recognize(record) is null ? 0 : 1;
        }

        return events;
    }
}

/// <summary>
/// `scenario-speed [LINES]`: one pass of a fresh scenario detector over synthetic lines, timed with a
/// stopwatch (quick figures, and a loop to trace), with how many findings and buckets it ends with.
/// </summary>
internal static class ScenarioSpeedBench
{
    public static int Run(string[] args)
    {
        int count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
        var (observations, records) = ScenarioBenchmarks.Observations(count);
        var subsets = new (string Name, LogObservation[] Lines)[]
        {
            ("every line", observations),
            ("no event, no access record", [.. observations.Where(o => o.Security is null && o.Record.Fields.Count == 0)]),
            ("security events", [.. observations.Where(o => o.Security is not null)]),
            ("access lines, no event", [.. observations.Where(o => o.Security is null && o.Record.Fields.Count > 0)]),
        };
        var sink = new Sink();
        for (int round = 0; round < 3; round++)
        {
            foreach (var (name, lines) in subsets)
            {
                var detector = new ScenarioDetector();
                long allocated = GC.GetAllocatedBytesForCurrentThread();
                var watch = System.Diagnostics.Stopwatch.StartNew();
                foreach (var observation in lines)
                {
                    detector.Observe(observation, sink);
                }

                watch.Stop();
                allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
                Console.WriteLine(System.FormattableString.Invariant(
                    $"{name,-28} {lines.Length,9:N0} observations: {watch.Elapsed.TotalMilliseconds * 1e6 / Math.Max(lines.Length, 1),6:0} ns each, {(double)allocated / Math.Max(lines.Length, 1),6:0.0} B each, {detector.Buckets:N0} buckets"));
            }

            var recognizer = new SecurityEventRecognizer();
            var peer = System.Diagnostics.Stopwatch.StartNew();
            foreach (var record in records)
            {
                recognizer.Recognize(record);
            }

            peer.Stop();
            Console.WriteLine(System.FormattableString.Invariant(
                $"{"peer: recogniser, every line",-28} {records.Length,9:N0} lines:        {peer.Elapsed.TotalMilliseconds * 1e6 / records.Length,6:0} ns each"));
        }

        Console.WriteLine(System.FormattableString.Invariant($"findings raised over all rounds: {sink.Raised:N0}"));
        return 0;
    }

    private sealed class Sink : IFindingSink
    {
        public int Raised { get; private set; }

        public void Raise(Finding finding) => Raised++;
    }
}
