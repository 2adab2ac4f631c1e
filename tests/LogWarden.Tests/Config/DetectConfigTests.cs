using System.Text.Json;
using LogWarden.Config;
using LogWarden.Detect;
using LogWarden.Tests.Cli;
using LogWarden.Tests.Parse;

namespace LogWarden.Tests.Config;

public sealed class DetectConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_detect_section_binds_into_the_options_of_every_detector_family()
    {
        const string yaml = """
            detect:
              disabled: [metrics]
              learning_period: 2d
              rules:
                directory: off
                disable: [sudo-to-root]
                max_counters: 2000
              scenarios: {max_buckets: 5000}
              baselines: {max_sources: 50, max_templates: 20000, new_error_burst: 8, spike_ratio: 7.5}
              metrics:
                cpu: {threshold: 95, for: 10m}
                memory: {threshold: 85, critical: off}
                swap: off
            """;
        DetectConfig c = ConfigLoader.Parse(yaml, "x.yaml").Detect;
        DetectOptions o = c.ToOptions();

        Assert.Equal(["metrics"], o.Disabled);
        Assert.Equal(TimeSpan.FromDays(2), o.Baselines.LearningPeriod);
        Assert.Equal(50, o.Baselines.MaxSources);
        Assert.Equal(20_000, o.Baselines.MaxTemplates);
        Assert.Equal(8, o.Baselines.NewErrorBurst);
        Assert.Equal(7.5, o.Baselines.SpikeRatio);
        Assert.Equal(2_000, o.RuleOptions.MaxCounters);
        Assert.Equal(5_000, o.Scenarios.MaxBuckets);
        Assert.Equal(95, o.Metrics.Cpu.Threshold);
        Assert.Equal(TimeSpan.FromMinutes(10), o.Metrics.Cpu.Window);
        Assert.Equal(85, o.Metrics.Memory.Threshold);
        Assert.Null(o.Metrics.Memory.CriticalThreshold);
        Assert.False(o.Metrics.Swap.Enabled);
        // A rule turned off is loaded as disabled; the others stay.
        Assert.NotNull(o.Rules);
        Assert.Contains(o.Rules.Disabled, r => r.Id == "sudo-to-root");
        Assert.Contains(o.Rules.Rules, r => r.Id == "disk-full");
        // The daemon and analyze build their detectors from these options: metrics left out.
        Assert.DoesNotContain("metrics", DetectorCatalog.Create(o).Names);
        Assert.Contains("baseline", DetectorCatalog.Create(o).Names);
    }

    [Fact]
    public void Without_a_detect_section_the_detectors_keep_their_defaults_and_the_built_in_rules()
    {
        DetectOptions o = ConfigLoader.Parse("listen: 127.0.0.1:9740", "x.yaml").Detect.ToOptions();
        var d = new DetectOptions();
        Assert.Equal(d.Baselines, o.Baselines);
        Assert.Equal(d.Scenarios, o.Scenarios);
        Assert.Equal(d.Metrics, o.Metrics);
        Assert.Empty(o.Disabled);
        if (!Directory.Exists(LogWarden.Detect.Rules.RuleOptions.DefaultDirectory))
        {
            Assert.Null(o.Rules); // the shared, once-compiled built-in set
        }
    }

    [Fact]
    public void Each_bad_value_of_the_detect_section_is_reported_with_its_line()
    {
        const string yaml = """
            listen: 127.0.0.1:9740
            detect:
              disabled: [rules, baselines]
              learning_period: 5m
              baselines:
                spike_ratio: lots
                max_templates: -1
              metrics:
                cpu: {threshold: 150}
                memory: {threshold: 90, critical: 80}
                disks: {threshold: 90}
              scenarios: {max_bucket: 10}
            """;
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, "bad.yaml"));
        var text = e.Errors.Select(x => x.ToString()).ToList();
        Assert.Contains(text, t => t.StartsWith("bad.yaml:3:", StringComparison.Ordinal) && t.Contains("'baselines' is no detector", StringComparison.Ordinal) && t.Contains("baseline,", StringComparison.Ordinal));
        Assert.Contains(text, t => t.StartsWith("bad.yaml:4:", StringComparison.Ordinal) && t.Contains("between 1h and 60d", StringComparison.Ordinal));
        Assert.Contains(text, t => t.StartsWith("bad.yaml:6:", StringComparison.Ordinal) && t.Contains("'spike_ratio' must be a number", StringComparison.Ordinal) && t.Contains("'lots'", StringComparison.Ordinal));
        Assert.Contains(text, t => t.StartsWith("bad.yaml:7:", StringComparison.Ordinal) && t.Contains("'max_templates' must be a whole number", StringComparison.Ordinal));
        Assert.Contains(text, t => t.StartsWith("bad.yaml:9:", StringComparison.Ordinal) && t.Contains("'threshold' must be a number above 0 and at most 100", StringComparison.Ordinal));
        Assert.Contains(text, t => t.StartsWith("bad.yaml:10:", StringComparison.Ordinal) && t.Contains("must not be below threshold", StringComparison.Ordinal));
        Assert.Contains(text, t => t.StartsWith("bad.yaml:11:", StringComparison.Ordinal) && t.Contains("did you mean 'disk'", StringComparison.Ordinal));
        Assert.Contains(text, t => t.StartsWith("bad.yaml:12:", StringComparison.Ordinal) && t.Contains("did you mean 'max_buckets'", StringComparison.Ordinal));
        Assert.Equal(8, text.Count);
    }

    [Fact]
    public void Analyze_runs_the_user_rule_pack_the_configuration_names()
    {
        string pack = Write("packs/backup.yaml", """
            rules:
              - id: backup-failed
                kind: backup-failed
                severity: warning
                title: 'Backup of {volume} failed'
                match:
                  regex: 'backup of (?<volume>\S+) failed'
            """);
        string config = Write("logwarden.yaml", $"detect:\n  rules:\n    files: [{pack}]\n  disabled: [baseline]\n");
        string log = Write("log/syslog", "2026-11-25T03:00:00+00:00 db1 borg[812]: backup of /srv/data failed: repository locked\n");

        var (exit, output, err) = CliRunner.Run("analyze", "--json", "--config", config, log);

        Assert.True(exit == 0, err);
        string line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("backup-failed", StringComparison.Ordinal));
        JsonElement finding = JsonDocument.Parse(line).RootElement;
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Equal("Backup of /srv/data failed", finding.GetProperty("title").GetString());
    }

    [Fact]
    public void Analyze_stops_with_the_file_and_line_of_a_broken_rule_pack_the_configuration_names()
    {
        string pack = Write("packs/broken.yaml", "rules:\n  - id: no-match\n    kind: x\n    severity: warning\n    title: t\n");
        string config = Write("logwarden.yaml", $"detect:\n  rules:\n    files: [{pack}]\n");
        string log = Write("log/syslog", "2026-11-25T03:00:00+00:00 db1 cron[1]: ok\n");

        var (exit, _, err) = CliRunner.Run("analyze", "--config", config, log);

        Assert.NotEqual(0, exit);
        Assert.Contains(pack + ":2", err, StringComparison.Ordinal);
        Assert.Contains("no-match", err, StringComparison.Ordinal);
    }

    private string Write(string relative, string text)
    {
        string path = Path.Combine(_dir.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
