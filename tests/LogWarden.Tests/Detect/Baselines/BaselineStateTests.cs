using System.Text;
using LogWarden.Collect;
using LogWarden.Detect;
using LogWarden.Detect.Baselines;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Tests.Support;
using Xunit.Abstractions;
using static LogWarden.Tests.Detect.Baselines.ServerLogStream;

namespace LogWarden.Tests.Detect.Baselines;

/// <summary>Learning survives restarts, memory stays bounded, and no input breaks the detector.</summary>
public sealed class BaselineStateTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Tuesday = Monday.AddDays(1);

    [Fact]
    public void Learning_saved_and_restored_still_knows_the_templates_and_the_cron_rhythm()
    {
        DateTimeOffset restart = Tuesday.AddHours(12);
        DateTimeOffset stop = Tuesday.AddHours(14).AddMinutes(2);
        var lines = BaselineHarness.Background(2).Where(l => !(l.Source == Syslog && l.Time >= stop && l.Record.Message.Contains("debian-sa1", StringComparison.Ordinal))).ToList();
        var before = new BaselineHarness().Run(lines.Where(l => l.Time < restart), restart);
        byte[] state = before.Detector.SaveState();

        var restored = new BaselineDetector(null, before.Miner); // the daemon restores the miner from the store
        restored.LoadState(state);
        var after = new BaselineHarness(detector: restored, miner: before.Miner).Run(lines.Where(l => l.Time >= restart), Tuesday.AddHours(15));

        output.WriteLine($"state {state.Length} bytes, {before.Detector.Tracked} tracked before, {restored.Tracked} restored");
        output.WriteLine(after.Describe());
        Assert.Equal(before.Detector.Tracked, restored.Tracked);
        Assert.Empty(after.Of(BaselineKinds.NewTemplate)); // nothing it knew is new after the restart
        Assert.Empty(after.Of(BaselineKinds.SourceSilent));
        Finding missed = Assert.Single(after.Alerts.Where(f => f.Kind == BaselineKinds.PeriodicMissed).Take(1));
        Assert.InRange(missed.Timestamp, Tuesday.AddHours(14).AddMinutes(5).AddSeconds(31), Tuesday.AddHours(14).AddMinutes(5).AddSeconds(45));
        Assert.All(after.Alerts, f => Assert.Equal(BaselineKinds.PeriodicMissed, f.Kind));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json at all")]
    [InlineData("{\"version\":99,\"sources\":[]}")]
    [InlineData("{\"version\":1,\"sources\":[null,{\"key\":null},{\"key\":\"a\",\"templates\":[null,{\"id\":-5,\"counts\":{\"peak\":\"NaN\"}}],\"gaps\":{\"longestGap\":[1,2]}}]}")]
    [InlineData("{\"version\":1,\"sources\":[{\"key\":\"x\",\"volume\":{\"rate\":{\"meanPerHour\":-1,\"hours\":3,\"slotMeans\":[1],\"slotSamples\":\"AA==\"}}}]}")]
    public void Missing_or_garbled_state_starts_learning_afresh(string json)
    {
        var detector = new BaselineDetector();
        detector.LoadState(Encoding.UTF8.GetBytes(json));
        var harness = new BaselineHarness(detector: detector);

        harness.Run(BaselineHarness.Background(2).Where(l => l.Time < Monday.AddHours(3)), Monday.AddHours(3));

        Assert.True(detector.Tracked > 0);
        Assert.Empty(harness.Findings);
    }

    [Fact]
    public void Caps_evict_the_least_recently_seen_templates_and_sources_and_count_them()
    {
        var miner = new TemplateMiner();
        var detector = new BaselineDetector(new BaselineOptions { MaxTemplates = 16, MaxSources = 3, LearningPeriod = TimeSpan.FromHours(1) }, miner);
        var sink = new ListSink();
        var engine = new DetectionEngine(miner, sink, [detector]);
        var labels = new StreamLabels(("host", Host), ("path", App));
        void Feed(DateTimeOffset time, string message, StreamLabels? on = null)
        {
            var record = new LogRecord { Raw = message, Message = message, Timestamp = time, Program = "shop" };
            engine.Observe(record, on ?? labels, miner.Add(message, time));
        }

        for (int s = 0; s < 10; s++)
        {
            Feed(Monday.AddMinutes(s), "hello from source", new StreamLabels(("host", Host), ("path", $"/var/log/s{s}.log")));
        }
        // 200 kinds of line in 20 minutes (different lengths, so the miner keeps them apart).
        for (int i = 1; i <= 200; i++)
        {
            Feed(Monday.AddMinutes(10).AddSeconds(i * 6), "step " + string.Join(' ', Enumerable.Repeat("done", (i % 120) + 1)) + (i > 120 ? " twice" : ""));
        }
        long evicted = detector.Evicted;
        // After learning: an evicted kind of line coming back is not new; a kind never seen anywhere is.
        Feed(Monday.AddHours(2), "step " + string.Join(' ', Enumerable.Repeat("done", 6)));
        Feed(Monday.AddHours(2).AddSeconds(1), "entirely different line never seen");
        engine.AdvanceTo(Monday.AddHours(2).AddMinutes(2));

        output.WriteLine($"tracked {detector.Tracked}, evicted {detector.Evicted}");
        output.WriteLine(string.Join('\n', sink.Findings.Select(f => f.Title)));
        Assert.True(detector.TemplateCount <= 16);
        Assert.True(detector.SourceCount <= 3);
        Assert.True(evicted >= 190);
        var novel = Assert.Single(sink.Findings);
        Assert.Equal(BaselineKinds.NewTemplate, novel.Kind);
        Assert.Contains("entirely different", novel.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_times_and_lines_do_not_break_the_detector()
    {
        var miner = new TemplateMiner();
        var detector = new BaselineDetector(new BaselineOptions { LearningPeriod = TimeSpan.Zero }, miner);
        var engine = new DetectionEngine(miner, new ListSink(), [detector]);
        var labels = new StreamLabels(("path", "/var/log/odd.log"));
        DateTimeOffset?[] times =
        [
            Monday, DateTimeOffset.UnixEpoch, Monday.AddYears(-20), null, Monday.AddSeconds(-1), new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Monday.AddDays(400), new DateTimeOffset(9999, 12, 31, 23, 59, 0, TimeSpan.Zero), DateTimeOffset.MaxValue, Monday,
        ];
        string huge = new('x', 200_000);
        string[] messages = ["", " ", huge, "error: " + huge, "\0\0\0", "failed \uFFFD\uFFFD", "<*> <*> <*>", "ok"];
        int n = 0;
        foreach (DateTimeOffset? time in times)
        {
            foreach (string message in messages)
            {
                var record = new LogRecord { Raw = message, Message = message, Timestamp = time, Level = (Severity)(n++ % 10) };
                engine.Observe(record, labels, miner.Add(message, time, record.Level));
            }
        }
        engine.AdvanceTo(DateTimeOffset.MaxValue);

        byte[] state = detector.SaveState();
        var restored = new BaselineDetector(null, miner);
        restored.LoadState(state);
        Assert.Equal(detector.Tracked, restored.Tracked);
    }

    [Fact]
    public void Observing_known_lines_allocates_nothing()
    {
        var harness = new BaselineHarness();
        var lines = BaselineHarness.Background(2);
        DateTimeOffset split = Tuesday.AddHours(12);
        harness.Run(lines.Where(l => l.Time < split), split);
        var recognizer = new LogWarden.Detect.Security.SecurityEventRecognizer();
        var observations = lines.Where(l => l.Time >= split).Take(10_000).Select(l => new LogObservation
        {
            Record = l.Record,
            Labels = harness.LabelsOf(l.Source),
            Time = l.Record.Timestamp ?? l.Time,
            Template = harness.Miner.Resolve(harness.Miner.Add(l.Record.Message, l.Record.Timestamp, l.Record.Level)),
            Security = recognizer.Recognize(l.Record),
        }).ToArray();
        var sink = new ListSink();
        BaselineDetector detector = harness.Detector;
        detector.Observe(observations[0], sink); // first use of each path

        long before = GC.GetAllocatedBytesForCurrentThread();
        DetectorReplay.Replay(detector, observations, sink);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        output.WriteLine($"{allocated} bytes over {observations.Length} lines ({observations[^1].Time - observations[0].Time} of log time), {sink.Findings.Count} findings");
        Assert.Empty(sink.Findings);
        Assert.True(allocated < observations.Length / 10, $"{allocated} bytes allocated for {observations.Length} lines");
    }
}
