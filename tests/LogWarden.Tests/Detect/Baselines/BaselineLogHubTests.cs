using LogWarden.Collect;
using LogWarden.Detect;
using LogWarden.Detect.Baselines;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Tests.Support;
using Xunit.Abstractions;

namespace LogWarden.Tests.Detect.Baselines;

/// <summary>
/// The baselines over real logs they were not built on: the ten LogHub-2k samples (2,000 lines each,
/// spanning 30 seconds to months), decoded and mined as `analyze` would, each as one source.
/// </summary>
public sealed class BaselineLogHubTests(ITestOutputHelper output)
{
    [Fact]
    public void The_LogHub_samples_run_through_the_baselines_without_error_and_raise_few_warnings()
    {
        var warned = new HashSet<string>(StringComparer.Ordinal);
        int findings = 0;
        long lines = 0;
        foreach (string name in SharedData.LogHubDatasets)
        {
            string path = Path.Combine(SharedData.Root(), "loghub2k", name, $"{name}_2k.log");
            var miner = new TemplateMiner();
            var detector = new BaselineDetector(null, miner);
            var sink = new ListSink();
            var engine = new DetectionEngine(miner, sink, [detector]);
            var labels = new StreamLabels(("host", "loghub"), ("path", path));
            foreach (LogRecord record in new LogFileDecoder(path).ReadRecords())
            {
                engine.Observe(record, labels, miner.Add(record.Message, record.Timestamp, record.Level));
                lines++;
            }
            engine.AdvanceTo(engine.Now.AddMinutes(30)); // the daemon's clock runs on after the last line

            var alerts = sink.Findings.Where(f => f.Severity >= FindingSeverity.Warning).ToList();
            foreach (Finding alert in alerts)
            {
                warned.Add($"{alert.Kind} {alert.Entities.GetValueOrDefault(EntityNames.Source)} {alert.Entities.GetValueOrDefault(EntityNames.Template)}");
            }
            findings += sink.Findings.Count;
            output.WriteLine($"{name}: {sink.Findings.Count} findings, {alerts.Count} warnings; {detector.TemplateCount} templates");
            foreach (Finding f in sink.Findings.Where(f => f.Severity > FindingSeverity.Info || f.Kind != "x").Take(400))
            {
                output.WriteLine($"  {f.Timestamp:yyyy-MM-dd HH:mm:ss} {f.Severity} {f.Kind} {f.Title}");
            }
            Assert.All(sink.Findings, f => Assert.Equal(path, f.Entities[EntityNames.Source]));
            Assert.NotEmpty(detector.SaveState());
        }
        output.WriteLine($"total: {lines} lines, {findings} findings, {warned.Count} distinct warnings");
        Assert.Equal(20_000, lines);

        // The samples are mostly routine: few distinct alerts (a finding raised again as it grows counts once). Since
        // Blue Gene's and HPC's lines carry their log time, their bursts of never-seen FATAL/ERROR templates warn, among
        // them the sample's labelled alert of BGL (KERNSTOR: 30 "data storage interrupt" lines in minutes).
        Assert.True(warned.Count <= 8, $"{warned.Count} distinct warnings over ten LogHub samples: {string.Join("; ", warned)}");
        Assert.Contains(warned, w => w.StartsWith("new-error-template ", StringComparison.Ordinal) && w.Contains("BGL_2k.log", StringComparison.Ordinal));
    }
}
