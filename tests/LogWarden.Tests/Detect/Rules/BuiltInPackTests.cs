using LogWarden.Collect;
using LogWarden.Detect;
using LogWarden.Detect.Rules;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Detect.Rules;

public sealed class BuiltInPackTests
{
    [Fact]
    public void Built_in_packs_load_without_errors_and_cover_every_issue_area()
    {
        var kinds = RuleSet.BuiltIn.Rules.Select(r => r.Kind).ToHashSet();

        Assert.Superset(
            new HashSet<string>
            {
                "oom-kill", "process-crash", "unit-failed", "unit-restart-loop", "disk-full", "io-error", "filesystem-error",
                "kernel-panic", "kernel-oops", "hung-task", "soft-lockup", "tls-certificate-expired", "new-account",
                "privilege-escalation", "login-after-failures", "database-error", "database-connections", "firewall-drop-surge",
            },
            kinds);
    }

    [Fact]
    public void Every_built_in_example_matches_as_stated()
    {
        var problems = RuleExamples.Check(RuleSet.BuiltIn);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>
    /// LogHub-2k holds ordinary logs of ten systems (no OOM kills, full disks, failing units…): the built-in
    /// packs must raise no alert on any of them. What they match (rule conditions alone): one successful
    /// SSH login in OpenSSH-2k, which the login-after-failures rule then rightly lets pass (no failures
    /// from that address).
    /// </summary>
    [Theory]
    [InlineData("Apache", 0)]
    [InlineData("BGL", 0)]
    [InlineData("HDFS", 0)]
    [InlineData("HPC", 0)]
    [InlineData("Hadoop", 0)]
    [InlineData("HealthApp", 0)]
    [InlineData("Linux", 0)]
    [InlineData("OpenSSH", 1)]
    [InlineData("Spark", 0)]
    [InlineData("Zookeeper", 0)]
    public void LogHub_samples_raise_no_alert(string dataset, int expectedMatches)
    {
        var miner = new TemplateMiner();
        var sink = new List<Finding>();
        var detector = new RuleDetector();
        var engine = new DetectionEngine(miner, new ListSink(sink), [detector]);
        var labels = new StreamLabels(("job", "file"), ("path", dataset));
        var decoder = new LogFileDecoder(Path.Combine(SharedData.Root(), "loghub2k", dataset, $"{dataset}_2k.log"));
        var recognizer = new LogWarden.Detect.Security.SecurityEventRecognizer();
        int matches = 0;
        foreach (LogRecord record in decoder.ReadRecords())
        {
            int template = miner.Add(record.Message, record.Timestamp, record.Level);
            var line = new LogObservation
            {
                Record = record,
                Labels = labels,
                Time = record.Timestamp ?? DateTimeOffset.UnixEpoch,
                Template = miner.Resolve(template),
                Security = recognizer.Recognize(record),
            };
            matches += detector.Match(line).Count;
            engine.Observe(record, labels, template);
        }

        engine.AdvanceTo(engine.Now.AddHours(1));

        Assert.Equal(expectedMatches, matches);
        Assert.Empty(sink);
    }

    private sealed class ListSink(List<Finding> findings) : IFindingSink
    {
        public void Raise(Finding finding) => findings.Add(finding);
    }
}
