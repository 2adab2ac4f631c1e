using LogWarden.Collect;
using LogWarden.Detect;
using LogWarden.Detect.Scenarios;
using LogWarden.Mine;
using LogWarden.Parse;

namespace LogWarden.Tests.Detect.Scenarios;

/// <summary>
/// Runs log lines, as a file or stream holds them, through the decoders (the first format that reads each),
/// the miner and a <see cref="DetectionEngine"/> with one <see cref="ScenarioDetector"/>, and keeps every
/// finding with the 1-based number of the line on which it was raised (0: raised by time advancing).
/// </summary>
internal sealed class ScenarioHarness
{
    private readonly TemplateMiner _miner = new();
    private readonly DetectionEngine _engine;
    private readonly Sink _sink = new();
    private readonly DecodeContext _context;

    public ScenarioHarness(ScenarioOptions? options = null, ScenarioCatalog? catalog = null, DateTimeOffset? reference = null)
    {
        Detector = new ScenarioDetector(options, catalog);
        _engine = new DetectionEngine(_miner, _sink, [Detector]);
        _context = new DecodeContext("test", reference ?? new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc);
    }

    public ScenarioDetector Detector { get; }

    /// <summary>Every finding raised, with the line it was raised on.</summary>
    public IReadOnlyList<(Finding Finding, long Line)> Raised => _sink.Raised;

    public IEnumerable<Finding> Findings => _sink.Raised.Select(r => r.Finding);

    /// <summary>Findings that alert (warning or critical).</summary>
    public IEnumerable<Finding> Alerts => Findings.Where(f => f.Severity >= FindingSeverity.Warning);

    public long Lines => _engine.Lines;

    /// <param name="host">The stream's host label; null for a stream without one (an access log read as a file).</param>
    public void Feed(IEnumerable<string> lines, string path = "/var/log/auth.log", string? host = "web")
    {
        var labels = host is null ? new StreamLabels(("path", path)) : new StreamLabels(("host", host), ("path", path));
        foreach (string line in lines)
        {
            Observe(line, labels);
        }

        _sink.Line = 0;
    }

    /// <summary>Each line into every one of <paramref name="paths"/> in turn, as rsyslog writes a mail line to mail.log and to syslog.</summary>
    public void FeedCopies(IEnumerable<string> lines, params string[] paths)
    {
        var streams = paths.Select(p => new StreamLabels(("host", "web"), ("path", p))).ToArray();
        foreach (string line in lines)
        {
            foreach (var labels in streams)
            {
                Observe(line, labels);
            }
        }

        _sink.Line = 0;
    }

    private void Observe(string line, StreamLabels labels)
    {
        var record = FormatDetector.DecodeWithAnyFormat(line, _context);
        _sink.Line = _engine.Lines + 1;
        _engine.Observe(record, labels, _miner.Add(record.Message));
    }

    public void Feed(params string[] lines) => Feed((IEnumerable<string>)lines);

    /// <summary>A file as `analyze` reads it: its format detected from its first lines, records decoded in order.</summary>
    public void FeedFile(string path, string host = "web")
    {
        var labels = new StreamLabels(("host", host), ("path", path));
        var decoder = new LogFileDecoder(path, new LogFileOptions { Multiline = MultilineOptions.LinePerRecord });
        foreach (var record in decoder.ReadRecords())
        {
            _sink.Line = _engine.Lines + 1;
            _engine.Observe(record, labels, _miner.Add(record.Message));
        }

        _sink.Line = 0;
    }

    /// <summary>Moves log time on (as the daemon's clock does when no line arrives).</summary>
    public void AdvanceTo(DateTimeOffset time)
    {
        _sink.Line = 0;
        for (var t = _engine.Now == DateTimeOffset.MinValue ? time : _engine.Now; t < time; t = t.AddSeconds(1))
        {
            _engine.AdvanceTo(t);
        }

        _engine.AdvanceTo(time);
    }

    private sealed class Sink : IFindingSink
    {
        public List<(Finding Finding, long Line)> Raised { get; } = [];

        public long Line { get; set; }

        public void Raise(Finding finding) => Raised.Add((finding, Line));
    }
}
