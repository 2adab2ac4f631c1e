using LogWarden.Detect.Security;
using LogWarden.Mine;
using LogWarden.Store;

namespace LogWarden.Detect;

/// <summary>
/// Options of the detector families. Each family adds its own options record here (one property) when it
/// lands; the lead binds them from the <c>detect:</c> section of the configuration.
/// </summary>
internal sealed record DetectOptions
{
    /// <summary>Names of detectors to leave out (their <see cref="ILogDetector.Name"/>), e.g. for `analyze --without`.</summary>
    public IReadOnlyCollection<string> Disabled { get; init; } = [];

    public Baselines.BaselineOptions Baselines { get; init; } = new();

    /// <summary>The rules to run (null: the built-in packs).</summary>
    public Rules.RuleSet? Rules { get; init; }

    public Rules.RuleDetectorOptions RuleOptions { get; init; } = new();

    public Scenarios.ScenarioOptions Scenarios { get; init; } = new();

    public Metrics.MetricDetectorOptions Metrics { get; init; } = new();

    /// <summary>Cross-host detection (a central node's agents); the daemon sets its own host here.</summary>
    public Fleet.FleetOptions Fleet { get; init; } = new();
}

/// <summary>
/// The one place that knows every detector: the daemon and `analyze` build the same set from the same
/// options, so offline replay runs exactly the daemon's detection.
/// </summary>
internal static class DetectorCatalog
{
    public static DetectorSet Create(DetectOptions? options = null)
    {
        options ??= new DetectOptions();
        var set = new DetectorSet(options.Disabled);
        // One registration line per detector family, in pipeline order:
        set.Add(new Rules.RuleDetector(options.Rules, options.RuleOptions));
        set.Add(new Scenarios.ScenarioDetector(options.Scenarios));
        set.Add(new Baselines.BaselineDetector(options.Baselines));
        set.Add(new Metrics.MetricDetector(options.Metrics));
        set.Add(new Fleet.HostSilenceDetector(options.Fleet));
        return set;
    }
}

/// <summary>
/// The detectors of one engine, sorted by what they implement: log and metric detectors for the engine,
/// persistent ones whose state the store keeps, bounded ones whose counters are reported.
/// </summary>
internal sealed class DetectorSet
{
    private readonly HashSet<string> _disabled;
    private readonly List<ILogDetector> _log = [];
    private readonly List<IMetricDetector> _metric = [];
    private readonly List<IPersistentDetector> _persistent = [];
    private readonly List<IBoundedDetector> _bounded = [];

    public DetectorSet(IEnumerable<string>? disabled = null) =>
        _disabled = new HashSet<string>(disabled ?? [], StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<ILogDetector> LogDetectors => _log;

    public IReadOnlyList<IMetricDetector> MetricDetectors => _metric;

    public IReadOnlyList<IPersistentDetector> Persistent => _persistent;

    public IReadOnlyList<IBoundedDetector> Bounded => _bounded;

    /// <summary>Names of every detector in the set.</summary>
    public IEnumerable<string> Names => _log.Select(d => d.Name).Concat(_metric.Select(d => d.Name)).Distinct(StringComparer.Ordinal);

    /// <summary>Adds a detector (log, metric, or both) unless its name is disabled.</summary>
    /// <exception cref="ArgumentException">It is neither a log nor a metric detector.</exception>
    public DetectorSet Add(object detector)
    {
        ArgumentNullException.ThrowIfNull(detector);
        if (detector is not (ILogDetector or IMetricDetector))
        {
            throw new ArgumentException($"{detector.GetType().Name} is neither an {nameof(ILogDetector)} nor an {nameof(IMetricDetector)}", nameof(detector));
        }
        string name = detector is ILogDetector l ? l.Name : ((IMetricDetector)detector).Name;
        if (_disabled.Contains(name))
        {
            return this;
        }
        if (detector is ILogDetector log)
        {
            _log.Add(log);
        }
        if (detector is IMetricDetector metric)
        {
            _metric.Add(metric);
        }
        if (detector is IPersistentDetector persistent)
        {
            _persistent.Add(persistent);
        }
        if (detector is IBoundedDetector bounded)
        {
            _bounded.Add(bounded);
        }
        return this;
    }

    public DetectionEngine CreateEngine(TemplateMiner miner, IFindingSink sink, SecurityEventRecognizer? recognizer = null) =>
        new(miner, sink, _log, _metric, recognizer);

    /// <summary>
    /// Restores what the persistent detectors learnt. A state a detector cannot read (an older format,
    /// damage) leaves it learning afresh; the names of those are returned so the caller can say so.
    /// </summary>
    public IReadOnlyList<string> LoadStates(IDetectorStateStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        IReadOnlyDictionary<string, byte[]> states = store.LoadDetectorStates();
        var failed = new List<string>();
        foreach (IPersistentDetector detector in _persistent)
        {
            if (!states.TryGetValue(detector.Name, out byte[]? state))
            {
                continue;
            }
            try
            {
                detector.LoadState(state);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The interface promises tolerance; a detector that breaks it must not stop the daemon.
                failed.Add(detector.Name);
            }
        }
        return failed;
    }

    /// <summary>The persistent detectors' states, ready for <see cref="IDetectorStateStore.SaveDetectorStates"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, byte[]>> SaveStates() =>
        [.. _persistent.Select(d => KeyValuePair.Create(d.Name, d.SaveState()))];
}
