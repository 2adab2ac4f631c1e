using LogWarden.Detect;
using LogWarden.Detect.Baselines;
using LogWarden.Detect.Metrics;
using LogWarden.Detect.Rules;
using LogWarden.Detect.Scenarios;

namespace LogWarden.Config;

/// <summary>
/// The <c>detect:</c> section: the options of each detector family, read by the daemon and by `analyze`
/// alike (so an offline replay runs the daemon's detection). Only what an operator may want to change is a
/// key (see dist/logwarden.yaml); the rest keeps the families' documented defaults.
/// </summary>
internal sealed record DetectConfig
{
    /// <summary>Detector names to leave out: rules, scenarios, baseline, metrics.</summary>
    public IReadOnlyList<string> Disabled { get; init; } = [];

    /// <summary>Where user rule packs come from and which rule ids are off.</summary>
    public RuleOptions Rules { get; init; } = new();

    public RuleDetectorOptions RuleLimits { get; init; } = new();

    public ScenarioOptions Scenarios { get; init; } = new();

    public BaselineOptions Baselines { get; init; } = new();

    public MetricDetectorOptions Metrics { get; init; } = new();

    /// <summary>
    /// The detectors' options. The rule packs are read now: the built-in set alone (shared, compiled once) when
    /// nothing names user packs and the default directory does not exist.
    /// </summary>
    /// <exception cref="ConfigException">A user pack cannot be read or holds an invalid rule (each error with its file and line).</exception>
    public DetectOptions ToOptions() => new()
    {
        Disabled = Disabled,
        Rules = OnlyBuiltInRules ? null : RuleSet.Load(Rules),
        RuleOptions = RuleLimits,
        Scenarios = Scenarios,
        Baselines = Baselines,
        Metrics = Metrics,
    };

    private bool OnlyBuiltInRules =>
        !Rules.WithoutBuiltIn && Rules.Files.Count == 0 && Rules.Disable.Count == 0
        && (Rules.Directory is null ? !Directory.Exists(RuleOptions.DefaultDirectory) : Rules.Directory.Length == 0);
}
