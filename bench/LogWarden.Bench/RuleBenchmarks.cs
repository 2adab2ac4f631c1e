using BenchmarkDotNet.Attributes;
using LogWarden.Collect;
using LogWarden.Detect;
using LogWarden.Detect.Rules;
using LogWarden.Detect.Security;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Bench;

/// <summary>
/// The rule detector's per-line cost with all built-in packs, under BenchmarkDotNet with
/// <see cref="MemoryDiagnoserAttribute"/>: lines no rule matches (the common case, which must not allocate),
/// a mix of a web server's logs and LogHub-2k, and lines that do match; beside it, what the keyword scan
/// alone costs and what running every rule's regex on every line would cost (the approach the scan avoids).
/// Lines are decoded, mined and recognised beforehand (not timed).
/// Run: dotnet run -c Release --project bench/LogWarden.Bench -- --filter '*RuleBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class RuleBenchmarks
{
    private const int Lines = 20_000;
    private const int MatchingLines = 2_000;

    private LogObservation[] _nonMatching = [];
    private LogObservation[] _mixed = [];
    private LogObservation[] _matching = [];
    private RuleDetector _detector = null!;
    private RulePattern[] _patterns = [];
    private readonly NullSink _sink = new();
    private bool[] _found = [];

    [GlobalSetup]
    public void Setup()
    {
        var rules = RuleSet.BuiltIn;
        var miner = new TemplateMiner();
        var context = new DecodeContext("bench", new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc);
        var all = new List<LogObservation>();
        var synthetic = new SyntheticLogs(3);
        for (int i = 0; i < Lines; i++)
        {
            all.Add(Observe(FormatDetector.DecodeWithAnyFormat(synthetic.Next().Text, context), miner));
        }

        foreach (string name in SharedData.LogHubDatasets)
        {
            var decoder = new LogFileDecoder(Path.Combine(SharedData.Root(), "loghub2k", name, $"{name}_2k.log"));
            all.AddRange(decoder.ReadRecords().Select(r => Observe(r, miner)));
        }

        var probe = new RuleDetector(rules);
        _nonMatching = [.. all.Where(o => probe.Match(o).Count == 0).Take(Lines)];
        var shuffle = new Random(1);
        _mixed = [.. all.OrderBy(_ => shuffle.Next()).Take(Lines)];
        var examples = rules.Rules.SelectMany(r => r.Examples.Where(e => e.Fires))
            .Select(e => Observe(FormatDetector.DecodeWithAnyFormat(e.Line, context), miner)).Where(o => probe.Match(o).Count > 0).ToList();
        _matching = [.. Enumerable.Range(0, MatchingLines).Select(i => examples[i % examples.Count])];
        _detector = new RuleDetector(rules);
        _patterns = [.. rules.Rules.Select(r => r.Match.Regex).OfType<RulePattern>()];
        _found = new bool[rules.Scanner.Count];
        Console.WriteLine($"// {all.Count:N0} lines decoded; {_nonMatching.Length:N0} match no rule; {examples.Count} matching examples; {rules.Scanner.Count} keywords");
    }

    private static LogObservation Observe(LogRecord record, TemplateMiner miner) => new()
    {
        Record = record,
        Labels = StreamLabels.Empty,
        Time = record.Timestamp ?? DateTimeOffset.UnixEpoch,
        Template = miner.Resolve(miner.Add(record.Message, record.Timestamp, record.Level)),
        Security = new SecurityEventRecognizer().Recognize(record),
    };

    [Benchmark(OperationsPerInvoke = Lines)]
    public void NonMatchingLine()
    {
        foreach (var line in _nonMatching)
        {
            _detector.Observe(line, _sink);
        }
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public void MixedLine()
    {
        foreach (var line in _mixed)
        {
            _detector.Observe(line, _sink);
        }
    }

    [Benchmark(OperationsPerInvoke = MatchingLines)]
    public void MatchingLine()
    {
        foreach (var line in _matching)
        {
            _detector.Observe(line, _sink);
        }
    }

    /// <summary>Lower bound: the one keyword scan every line goes through.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public int KeywordScanOnly()
    {
        int hits = 0;
        var scanner = _detector.Rules.Scanner;
        foreach (var line in _nonMatching)
        {
            Array.Clear(_found);
            string message = line.Record.Message;
            hits += scanner.Scan(message.AsSpan(0, Math.Min(message.Length, RulePattern.MaxMatchedChars)), _found) ? 1 : 0;
        }

        return hits;
    }

    /// <summary>Peer: every rule's regex on every line, the way a naive rule engine would (no keyword scan).</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public int EveryRegexOnEveryLine()
    {
        int hits = 0;
        foreach (var line in _nonMatching)
        {
            foreach (var pattern in _patterns)
            {
                hits += pattern.IsMatch(line.Record.Message, out _) ? 1 : 0;
            }
        }

        return hits;
    }

    private sealed class NullSink : IFindingSink
    {
        public void Raise(Finding finding)
        {
        }
    }
}
