using LogWarden.Collect;
using LogWarden.Detect;
using LogWarden.Detect.Scenarios;
using LogWarden.Detect.Security;
using LogWarden.Mine;
using LogWarden.Parse;

namespace LogWarden.Tests.Detect.Scenarios;

public sealed class ScenarioBoundsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private sealed class CountingSink : IFindingSink
    {
        public int Count { get; private set; }

        public void Raise(Finding finding) => Count++;
    }

    [Fact]
    public void A_million_distinct_addresses_stay_within_the_caps_and_evictions_are_counted()
    {
        var options = new ScenarioOptions();
        var detector = new ScenarioDetector(options);
        var miner = new TemplateMiner();
        var template = miner.Resolve(miner.Add("Failed password for root from 10.0.0.1 port 22 ssh2"));
        var record = new LogRecord { Raw = "Failed password for root from 10.0.0.1 port 22 ssh2", Message = "m", Program = "sshd", Pid = 1, Host = "web" };
        var labels = new StreamLabels(("host", "web"));
        var sink = new CountingSink();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        long peakBuckets = 0;
        for (int i = 0; i < 1_000_000; i++)
        {
            var time = T0.AddMilliseconds(i);
            string ip = $"{10 + (i >> 24)}.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}";
            detector.Observe(new LogObservation
            {
                Record = record,
                Labels = labels,
                Time = time,
                Template = template,
                Security = new SecurityEvent(SecurityEventKinds.AuthFailure, true, Ip: ip, User: "user" + (i % 5000)),
            }, sink);
            if ((i & 1023) == 0)
            {
                detector.Advance(time, sink);
                peakBuckets = Math.Max(peakBuckets, detector.Buckets);
            }
        }

        long grown = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.InRange(peakBuckets, 1, options.MaxBuckets);
        Assert.True(detector.Buckets <= options.MaxBuckets);
        Assert.True(detector.Evicted > 0);
        Assert.True(detector.Tracked < options.MaxBuckets + options.MaxConnections + (2L * options.MaxServedPaths) + (2L * options.MaxLearnedKeys));
        Assert.True(grown < 200L * 1024 * 1024, $"grew by {grown / (1024 * 1024)} MiB");
        GC.KeepAlive(detector);
    }

    [Fact]
    public void Garbage_lines_and_odd_events_never_throw()
    {
        var harness = new ScenarioHarness();
        var random = new Random(9);
        var lines = new List<string>();
        for (int i = 0; i < 500; i++)
        {
            var chars = new char[random.Next(0, 300)];
            for (int c = 0; c < chars.Length; c++)
            {
                chars[c] = (char)random.Next(1, 0x2FFF);
            }

            lines.Add(new string(chars));
        }

        lines.Add("Nov 25 12:00:01 web sshd[1]: Failed password for  from 203.0.113.7 port 1 ssh2");
        lines.Add("Nov 25 12:00:01 web sshd[1]: Failed password for " + new string('x', 100_000) + " from 203.0.113.7 port 1 ssh2");
        lines.Add("1.2.3.4 - - [25/Nov/2026:12:00:02 +0000] \"GET " + new string('/', 50_000) + " HTTP/1.1\" 404 1 \"-\" \"-\"");
        lines.Add("1.2.3.4 - - [25/Nov/2026:12:00:02 +0000] \"\\x16\\x03\\x01\" 400 1 \"-\" \"-\"");
        lines.Add("Jan  1 00:00:00 web sshd[1]: Failed password for root from 203.0.113.7 port 1 ssh2"); // far back in time
        harness.Feed(lines);
        harness.AdvanceTo(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));

        Assert.True(harness.Lines > 500);
    }
}
