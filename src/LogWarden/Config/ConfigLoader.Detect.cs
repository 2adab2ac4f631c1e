using System.Globalization;
using LogWarden.Detect.Baselines;
using LogWarden.Detect.Metrics;
using LogWarden.Detect.Rules;
using LogWarden.Detect.Scenarios;
using YamlDotNet.RepresentationModel;

namespace LogWarden.Config;

/// <summary>The <c>detect:</c> section.</summary>
internal sealed partial class ConfigLoader
{
    private static readonly string[] DetectorNames =
        [RuleDetector.DetectorName, ScenarioFindings.DetectorName, BaselineDetector.DetectorName, MetricDetector.DetectorName];

    private DetectConfig BindDetect(YamlMappingNode node)
    {
        var keys = Keys(node, "disabled", "learning_period", "rules", "scenarios", "baselines", "metrics");
        var d = new DetectConfig();
        List<string> disabled = Strings(keys, "disabled");
        foreach (string name in disabled)
        {
            if (!DetectorNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                Error(keys["disabled"], $"'{name}' is no detector; the detectors are {string.Join(", ", DetectorNames)}");
            }
        }
        BaselineOptions baselines = Section(keys, "baselines") is { } b ? BindBaselines(b) : d.Baselines;
        if (Duration(keys, "learning_period") is { } learning)
        {
            if (learning < TimeSpan.FromHours(1) || learning > TimeSpan.FromDays(60))
            {
                Error(keys["learning_period"], "learning_period must be between 1h and 60d");
            }
            else
            {
                baselines = baselines with { LearningPeriod = learning };
            }
        }
        (RuleOptions rules, RuleDetectorOptions limits) = Section(keys, "rules") is { } r ? BindRules(r) : (d.Rules, d.RuleLimits);
        return new DetectConfig
        {
            Disabled = disabled,
            Rules = rules,
            RuleLimits = limits,
            Scenarios = Section(keys, "scenarios") is { } s ? BindScenarios(s) : d.Scenarios,
            Baselines = baselines,
            Metrics = Section(keys, "metrics") is { } m ? BindMetrics(m) : d.Metrics,
        };
    }

    private (RuleOptions, RuleDetectorOptions) BindRules(YamlMappingNode node)
    {
        var keys = Keys(node, "directory", "files", "disable", "max_episodes", "max_counters");
        var limits = new RuleDetectorOptions();
        return (new RuleOptions
        {
            // "off" (or an empty value) reads no user directory at all, not even the default one.
            Directory = IsOff(keys, "directory") ? "" : String(keys, "directory"),
            Files = Strings(keys, "files"),
            Disable = Strings(keys, "disable"),
        }, limits with
        {
            MaxEpisodes = (int)(Count(keys, "max_episodes", 100, 10_000_000) ?? limits.MaxEpisodes),
            MaxCounters = (int)(Count(keys, "max_counters", 100, 10_000_000) ?? limits.MaxCounters),
        });
    }

    private ScenarioOptions BindScenarios(YamlMappingNode node)
    {
        var keys = Keys(node, "directory", "max_buckets");
        var d = new ScenarioOptions();
        return d with
        {
            ScenarioDirectory = IsOff(keys, "directory") ? null : String(keys, "directory"),
            MaxBuckets = (int)(Count(keys, "max_buckets", 100, 10_000_000) ?? d.MaxBuckets),
        };
    }

    private BaselineOptions BindBaselines(YamlMappingNode node)
    {
        var keys = Keys(node, "max_sources", "max_templates", "new_error_burst", "spike_ratio");
        var d = new BaselineOptions();
        return d with
        {
            MaxSources = (int)(Count(keys, "max_sources", 10, 1_000_000) ?? d.MaxSources),
            MaxTemplates = (int)(Count(keys, "max_templates", 100, 10_000_000) ?? d.MaxTemplates),
            NewErrorBurst = (int)(Count(keys, "new_error_burst", 2, 1_000) ?? d.NewErrorBurst),
            SpikeRatio = Number(keys, "spike_ratio", 1.5, 1_000) ?? d.SpikeRatio,
        };
    }

    private MetricDetectorOptions BindMetrics(YamlMappingNode node)
    {
        var keys = Keys(node, "cpu", "memory", "disk", "inodes", "swap", "load_per_core");
        var d = new MetricDetectorOptions();
        return d with
        {
            Cpu = Threshold(keys, "cpu", d.Cpu, 100),
            Memory = Threshold(keys, "memory", d.Memory, 100),
            Disk = Threshold(keys, "disk", d.Disk, 100),
            Inodes = Threshold(keys, "inodes", d.Inodes, 100),
            Swap = Threshold(keys, "swap", d.Swap, 100),
            LoadPerCore = Threshold(keys, "load_per_core", d.LoadPerCore, 1_000),
        };
    }

    /// <summary><c>cpu: {threshold: 90, for: 5m, critical: 97}</c>, or <c>cpu: off</c>.</summary>
    private ThresholdRule Threshold(Dictionary<string, YamlNode> parent, string key, ThresholdRule d, double max)
    {
        if (parent.TryGetValue(key, out YamlNode? given) && given is YamlScalarNode && IsOff(parent, key))
        {
            return d with { Threshold = 0 };
        }
        if (Section(parent, key) is not { } node)
        {
            return d;
        }
        var keys = Keys(node, "threshold", "for", "critical");
        double threshold = Number(keys, "threshold", double.Epsilon, max) ?? d.Threshold;
        double? critical = keys.TryGetValue("critical", out YamlNode? c0) && c0 is YamlScalarNode && IsOff(keys, "critical") ? null : Number(keys, "critical", double.Epsilon, max) ?? d.CriticalThreshold;
        if (critical is { } c && c < threshold)
        {
            Error(c0 ?? node, $"critical ({c.ToString(CultureInfo.InvariantCulture)}) must not be below threshold ({threshold.ToString(CultureInfo.InvariantCulture)})");
        }
        return d with { Threshold = threshold, Window = Duration(keys, "for") ?? d.Window, CriticalThreshold = critical };
    }

    private double? Number(Dictionary<string, YamlNode> keys, string key, double min, double max)
    {
        string? s = String(keys, key);
        if (s is null)
        {
            return null;
        }
        if (double.TryParse(s.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out double n) && double.IsFinite(n) && n >= min && n <= max)
        {
            return n;
        }
        string range = min == double.Epsilon ? "above 0 and at most " : $"from {min.ToString(CultureInfo.InvariantCulture)} to ";
        Error(keys[key], $"'{key}' must be a number {range}{max.ToString(CultureInfo.InvariantCulture)}, not '{s}'");
        return null;
    }
}
