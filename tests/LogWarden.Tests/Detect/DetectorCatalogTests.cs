using LogWarden.Collect.HostMetrics;
using LogWarden.Detect;
using LogWarden.Store;

namespace LogWarden.Tests.Detect;

public sealed class DetectorCatalogTests
{
    private sealed class LearningDetector(string name, bool breaksOnLoad = false) : ILogDetector, IMetricDetector, IPersistentDetector, IBoundedDetector
    {
        public string Name => name;

        public byte[]? Loaded { get; private set; }

        public long Tracked => 1;

        public long Evicted => 0;

        public void Observe(LogObservation line, IFindingSink sink)
        {
        }

        public void Observe(HostMetricsSample sample, IFindingSink sink)
        {
        }

        public void Advance(DateTimeOffset now, IFindingSink sink)
        {
        }

        public byte[] SaveState() => "{\"learnt\":true}"u8.ToArray();

        public void LoadState(ReadOnlySpan<byte> state)
        {
            if (breaksOnLoad)
            {
                throw new FormatException("garbled");
            }
            Loaded = state.ToArray();
        }
    }

    private sealed class MemoryStateStore : IDetectorStateStore
    {
        public Dictionary<string, byte[]> States { get; } = [];

        public void SaveDetectorStates(IReadOnlyList<KeyValuePair<string, byte[]>> states)
        {
            foreach ((string name, byte[] state) in states)
            {
                States[name] = state;
            }
        }

        public IReadOnlyDictionary<string, byte[]> LoadDetectorStates() => States;
    }

    [Fact]
    public void A_detector_lands_in_every_list_its_interfaces_name_unless_disabled()
    {
        var set = new DetectorSet(["Quiet"]).Add(new LearningDetector("baselines")).Add(new LearningDetector("quiet"));

        Assert.Equal(["baselines"], set.LogDetectors.Select(d => d.Name));
        Assert.Equal(["baselines"], set.MetricDetectors.Select(d => d.Name));
        Assert.Single(set.Persistent);
        Assert.Single(set.Bounded);
        Assert.Throws<ArgumentException>(() => set.Add("not a detector"));
    }

    [Fact]
    public void States_round_trip_and_a_detector_that_cannot_read_its_state_is_named_not_fatal()
    {
        var saved = new DetectorSet().Add(new LearningDetector("baselines")).Add(new LearningDetector("scenarios"));
        var store = new MemoryStateStore();
        store.SaveDetectorStates(saved.SaveStates());

        var good = new LearningDetector("baselines");
        var broken = new LearningDetector("scenarios", breaksOnLoad: true);
        IReadOnlyList<string> failed = new DetectorSet().Add(good).Add(broken).Add(new LearningDetector("new-one")).LoadStates(store);

        Assert.Equal("{\"learnt\":true}"u8.ToArray(), good.Loaded);
        Assert.Equal(["scenarios"], failed);
    }

    [Fact]
    public void The_catalog_builds_an_engine_of_its_detectors()
    {
        DetectorSet set = DetectorCatalog.Create();
        DetectionEngine engine = set.CreateEngine(new LogWarden.Mine.TemplateMiner(), new LogWarden.Detect.Incidents.IncidentTracker());

        Assert.Equal(set.LogDetectors.Count, engine.LogDetectors.Count);
        Assert.Equal(set.MetricDetectors.Count, engine.MetricDetectors.Count);
    }
}
