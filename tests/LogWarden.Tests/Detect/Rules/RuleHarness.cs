using System.Globalization;
using LogWarden.Collect;
using LogWarden.Config;
using LogWarden.Detect;
using LogWarden.Detect.Rules;
using LogWarden.Mine;
using LogWarden.Parse;

namespace LogWarden.Tests.Detect.Rules;

/// <summary>
/// Drives a <see cref="RuleDetector"/> the way the daemon does: raw log lines decoded by the first format
/// that reads them, mined, recognised as security events and observed by a <see cref="DetectionEngine"/>
/// in log time; every finding raised is kept in <see cref="Findings"/>.
/// </summary>
internal sealed class RuleHarness : IFindingSink
{
    /// <summary>Syslog lines carry no year: they are read as 2024 (the reference time is the end of that year).</summary>
    private static readonly DecodeContext Context = new("test", new DateTimeOffset(2024, 12, 31, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc);

    private readonly TemplateMiner _miner = new();
    private readonly StreamLabels _labels;

    public RuleHarness(RuleSet? rules = null, RuleDetectorOptions? options = null, string source = "/var/log/syslog")
    {
        Detector = new RuleDetector(rules, options);
        Engine = new DetectionEngine(_miner, this, [Detector]);
        _labels = new StreamLabels(("job", "file"), ("path", source));
    }

    public RuleDetector Detector { get; }

    public DetectionEngine Engine { get; }

    public List<Finding> Findings { get; } = [];

    public IEnumerable<Finding> Alerts => Findings.Where(f => f.Severity >= FindingSeverity.Warning);

    public void Raise(Finding finding) => Findings.Add(finding);

    public RuleHarness Feed(params string[] lines)
    {
        foreach (string line in lines)
        {
            LogRecord record = FormatDetector.DecodeWithAnyFormat(line, Context);
            Engine.Observe(record, _labels, _miner.Add(record.Message, record.Timestamp, record.Level));
        }

        return this;
    }

    /// <summary>Moves log time on (as the daemon's clock does when no line comes).</summary>
    public RuleHarness AdvanceTo(DateTimeOffset time)
    {
        for (var t = Engine.Now.AddSeconds(1); t < time; t = t.AddSeconds(1))
        {
            Engine.AdvanceTo(t);
        }

        Engine.AdvanceTo(time);
        return this;
    }

    public RuleHarness AdvanceBy(TimeSpan span) => AdvanceTo(Engine.Now + span);

    /// <summary>The time a syslog timestamp such as "Nov 25 12:00:00" stands for in these tests.</summary>
    public static DateTimeOffset At(string syslogTime) =>
        new(DateTime.ParseExact("2024 " + string.Join(' ', syslogTime.Split(' ', StringSplitOptions.RemoveEmptyEntries)), "yyyy MMM d HH:mm:ss", CultureInfo.InvariantCulture), TimeSpan.Zero);

    /// <summary>A syslog line at <paramref name="time"/> from host "web".</summary>
    public static string Syslog(DateTimeOffset time, string program, string message) =>
        $"{time.ToString("MMM", CultureInfo.InvariantCulture)} {time.Day,2} {time:HH:mm:ss} web {program}: {message}";

    /// <summary>A rule set of the built-in packs plus user packs given as YAML texts (file names pack0.yaml…).</summary>
    public static RuleSet WithPacks(bool builtIn, params string[] yamls)
    {
        var errors = new List<ConfigError>();
        var packs = builtIn ? RuleSet.ReadBuiltInPacks(errors) : [];
        for (int i = 0; i < yamls.Length; i++)
        {
            packs.Add(RulePackReader.Read(yamls[i], $"pack{i}.yaml", $"pack{i}", errors));
        }

        var set = RuleSet.FromPacks(packs, errors);
        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }

        return set;
    }
}
