using LogWarden.Collect;
using LogWarden.Detect;
using LogWarden.Detect.Baselines;
using LogWarden.Detect.Incidents;
using LogWarden.Detect.Rules;
using LogWarden.Detect.Scenarios;
using LogWarden.Mine;
using LogWarden.Parse;

namespace LogWarden.Tests.Detect;

/// <summary>
/// The whole engine (every detector of the catalog, the miner, the incident tracker) under a flood of
/// distinct addresses, users, paths, templates and sources: every map stays at its cap and what was pushed
/// out is counted. The caps are set small so that the flood overruns each of them many times over.
/// </summary>
public sealed class EngineBoundsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly DetectOptions SmallCaps = new()
    {
        Baselines = new BaselineOptions { MaxSources = 50, MaxTemplates = 2_000, LearningPeriod = TimeSpan.FromMinutes(10) },
        Scenarios = new ScenarioOptions { MaxBuckets = 2_000, MaxConnections = 1_024, MaxServedPaths = 1_024, MaxLearnedKeys = 256, MaxAccountAddresses = 1_024 },
        RuleOptions = new RuleDetectorOptions { MaxEpisodes = 500, MaxCounters = 1_000, MaxLearnedValues = 500, MaxPending = 100 },
    };

    [Fact]
    public void A_flood_of_distinct_addresses_templates_and_sources_keeps_every_detector_at_its_caps()
    {
        const int lines = 100_000;
        DetectorSet detectors = DetectorCatalog.Create(SmallCaps);
        var miner = new TemplateMiner(new MinerOptions { MaxTemplates = 5_000 });
        var trackerOptions = new IncidentTrackerOptions { MaxOpenIncidents = 200 };
        var tracker = new IncidentTracker(trackerOptions);
        DetectionEngine engine = detectors.CreateEngine(miner, tracker);
        engine.AddClockListener(tracker);
        var context = new DecodeContext("flood", T0.AddDays(1), TimeZoneInfo.Utc);
        var auth = new StreamLabels(("host", "web1"), ("path", "/var/log/auth.log"));
        var access = new StreamLabels(("host", "web1"), ("path", "/var/log/nginx/access.log"));
        var kern = new StreamLabels(("host", "web1"), ("path", "/var/log/kern.log"));
        long before = GC.GetTotalMemory(forceFullCollection: true);
        long peakTracked = 0;

        for (int i = 0; i < lines; i++)
        {
            DateTimeOffset time = T0.AddMilliseconds(20L * i);
            string ip = Address(i);
            (string line, StreamLabels labels) = (i % 5) switch
            {
                0 => ($"{Iso(time)} web1 sshd[{1000 + (i % 30_000)}]: Failed password for invalid user {Word(i)} from {ip} port {1024 + (i % 60_000)} ssh2", auth),
                1 => ($"{ip} - - [{time:dd/MMM/yyyy:HH:mm:ss} +0000] \"GET /{Word(i)}/.env HTTP/1.1\" 404 153 \"-\" \"Mozilla/5.0\"", access),
                2 => ($"{Iso(time)} web1 kernel: [UFW BLOCK] IN=eth0 OUT= SRC={ip} DST=198.51.100.1 LEN=60 PROTO=TCP SPT={1024 + (i % 60_000)} DPT=22 SYN", kern),
                // A template never seen before on a source never seen before, on every such line.
                3 => ($"{Iso(time)} web1 app[7]: error: {Word(i)} {Word(i + 1)} {Word(i + 2)} failed", new StreamLabels(("host", "web1"), ("path", $"/srv/app{i}/app.log"))),
                _ => ($"{Iso(time)} host{i} sudo[{i % 30_000}]: {Word(i)} : TTY=pts/0 ; PWD=/home ; USER=root ; COMMAND=/bin/{Word(i)}", auth),
            };
            LogRecord record = FormatDetector.DecodeWithAnyFormat(line, context);
            engine.Observe(record, labels, miner.Add(record.Message, record.Timestamp, record.Level));
            if ((i & 4095) == 0)
            {
                peakTracked = Math.Max(peakTracked, detectors.Bounded.Sum(d => d.Tracked));
            }
        }

        long grown = GC.GetTotalMemory(forceFullCollection: true) - before;
        var bounded = detectors.Bounded.ToDictionary(d => d.Name);
        AtMost(bounded[BaselineDetector.DetectorName].Tracked, SmallCaps.Baselines.MaxSources + SmallCaps.Baselines.MaxTemplates);
        ScenarioOptions s = SmallCaps.Scenarios;
        AtMost(bounded[ScenarioFindings.DetectorName].Tracked, s.MaxBuckets + s.MaxConnections + (2L * s.MaxServedPaths) + (2L * s.MaxLearnedKeys) + (3L * s.MaxAccountAddresses));
        RuleDetectorOptions r = SmallCaps.RuleOptions;
        AtMost(bounded[RuleDetector.DetectorName].Tracked, (3L * r.MaxCounters) + r.MaxEpisodes + r.MaxLearnedValues + (2L * r.MaxPending));
        // Every family was overrun and says how much it pushed out.
        Assert.All([BaselineDetector.DetectorName, ScenarioFindings.DetectorName, RuleDetector.DetectorName],
            name => Assert.True(bounded[name].Evicted > 0, $"{name} evicted nothing"));
        Assert.InRange(miner.TemplateCount, 1, 5_000);
        Assert.InRange(tracker.OpenIncidents.Count, 1, trackerOptions.MaxOpenIncidents);
        Assert.True(peakTracked < 20_000, $"peak tracked {peakTracked}");
        Assert.True(grown < 150L * 1024 * 1024, $"grew by {grown / (1024 * 1024)} MiB");
        Assert.Equal(lines, engine.Lines);
    }

    private static void AtMost(long tracked, long cap) => Assert.True(tracked <= cap, $"tracked {tracked} over the cap {cap}");

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A distinct address for every i (of 16.7 million).</summary>
    private static string Address(int i) => $"{11 + (i >> 24)}.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}";

    /// <summary>A distinct word of letters for every i, so the miner sees a new token, not a number.</summary>
    private static string Word(int i)
    {
        Span<char> letters = stackalloc char[8];
        int n = 0;
        do
        {
            letters[n++] = (char)('a' + (i % 26));
            i /= 26;
        }
        while (i > 0);
        return "w" + new string(letters[..n]);
    }
}
