using LogWarden.Mine;
using LogWarden.Parse;

namespace LogWarden.Detect.Scenarios;

/// <summary>
/// A bucket's identity: its scenario and up to three key values (null where the line named none). The
/// values' hash is computed once per line (<see cref="ScenarioEvent.HashOf"/>) and carried, so that the
/// scenarios of one event do not hash the same address again and again.
/// </summary>
internal readonly struct BucketKey : IEquatable<BucketKey>
{
    private readonly int _valuesHash;

    private BucketKey(int scenario, string? first, string? second, string? third, int valuesHash)
    {
        Scenario = scenario;
        First = first;
        Second = second;
        Third = third;
        _valuesHash = valuesHash;
    }

    public int Scenario { get; }

    public string? First { get; }

    public string? Second { get; }

    public string? Third { get; }

    public static BucketKey Create(int scenario, string? first, string? second, string? third) =>
        new(scenario, first, second, third, Combine(HashOf(first), HashOf(second), HashOf(third)));

    /// <summary>A key whose values' hashes are known already (each <see cref="HashOf"/> its value).</summary>
    public static BucketKey Create(int scenario, string? first, string? second, string? third, int firstHash, int secondHash, int thirdHash) =>
        new(scenario, first, second, third, Combine(firstHash, secondHash, thirdHash));

    public static int HashOf(string? value) => value is null ? 0 : string.GetHashCode(value.AsSpan());

    /// <summary>The same values under another scenario (a trigger's memory).</summary>
    public BucketKey ForScenario(int scenario) => new(scenario, First, Second, Third, _valuesHash);

    public bool Equals(BucketKey other) =>
        _valuesHash == other._valuesHash && Scenario == other.Scenario
        && string.Equals(First, other.First, StringComparison.Ordinal)
        && string.Equals(Second, other.Second, StringComparison.Ordinal)
        && string.Equals(Third, other.Third, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is BucketKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Scenario, _valuesHash);

    public static bool operator ==(BucketKey left, BucketKey right) => left.Equals(right);

    public static bool operator !=(BucketKey left, BucketKey right) => !left.Equals(right);

    private static int Combine(int first, int second, int third) => HashCode.Combine(first, second, third);
}

/// <summary>
/// One finding that several overflowing buckets of a scenario stand behind (one per <c>one_finding_per</c>
/// values): the entities of the first, so that every member's update has its key, and the users of all.
/// </summary>
internal sealed class FindingGroup(BucketKey key, IReadOnlyDictionary<string, string> entities)
{
    private const int MaxUsersNamed = 4;

    private readonly List<string> _users = [];
    private int _moreUsers;

    public BucketKey Key { get; } = key;

    public IReadOnlyDictionary<string, string> Entities { get; } = entities;

    public long RaisedTicks { get; set; }

    /// <summary>Overflowing buckets that stand behind the finding now.</summary>
    public int Members { get; set; }

    /// <summary>When the last member's overflow ended (<see cref="Members"/> fell to 0): the group lingers a while after.</summary>
    public long EmptiedTicks { get; set; }

    public void AddUser(string? user)
    {
        if (user is null || _users.Contains(user))
        {
            return;
        }

        if (_users.Count < MaxUsersNamed)
        {
            _users.Add(user);
        }
        else
        {
            _moreUsers++;
        }
    }

    /// <summary>"priya", or "priya, deploy and 2 more": the accounts the members are about, the first's first.</summary>
    public string? UsersText() => _users.Count == 0 ? null
        : string.Join(", ", _users) + (_moreUsers > 0 ? $" and {_moreUsers} more" : "");
}

/// <summary>
/// One leaky bucket: a level that each counted event raises by one and that drains at the scenario's leak
/// rate (computed lazily when the bucket is touched, so an idle bucket costs nothing), plus what the finding
/// will say: counts, first and last time, distinct users/paths/addresses, the templates and a few sample
/// lines. An <em>episode</em> runs from the first event into an empty bucket until it drains again; one
/// overflow per episode raises a finding, later events update it. Instances are recycled by
/// <see cref="BucketTable"/>.
/// </summary>
internal sealed class LeakyBucket
{
    public const int MaxTemplates = 4;
    public const int MaxStatuses = 4;

    private Templates _templates;
    private Counts _templateCounts;
    private TopValues _topUsers;
    private TopValues _topAddresses;
    private int[]? _statuses;
    private long[]? _statusCounts;
    private LogRecord?[]? _samples;
    private int _sampleCount;

    public BucketKey Key { get; set; }

    public ScenarioRuntime Scenario { get; set; } = null!;

    // The table's recency list.
    public LeakyBucket? Newer { get; set; }

    public LeakyBucket? Older { get; set; }

    public double Level { get; set; }

    /// <summary>The time <see cref="Level"/> was computed for.</summary>
    public long LevelTicks { get; set; }

    public double HourPeak { get; set; }

    /// <summary>
    /// The fast level of a scenario that has one (<see cref="ScenarioRuntime.FastLeakPerTick"/>): raised with
    /// <see cref="Level"/>, drained faster, at the same <see cref="LevelTicks"/>.
    /// </summary>
    public double FastLevel { get; set; }

    public double FastHourPeak { get; set; }

    /// <summary>Units counted in this episode (beyond the capacity too).</summary>
    public long Count { get; set; }

    /// <summary>Events that matched in this episode, counted or not.</summary>
    public long Seen { get; set; }

    /// <summary>Successful requests of this key in this episode.</summary>
    public long Successes { get; set; }

    public long FirstTicks { get; set; }

    public long LastTicks { get; set; }

    public bool Overflowed { get; set; }

    /// <summary>The capacity the bucket last overflowed above (the scenario's, or its key's own).</summary>
    public double Capacity { get; set; }

    /// <summary>
    /// Whether the bucket last overflowed on its key's surge test (<see cref="ScenarioRuntime.IsSurge"/>) rather than its
    /// capacity: <see cref="Capacity"/> is then half the level it surged at, under which the surge is over.
    /// </summary>
    public bool Surged { get; set; }

    /// <summary>The finding this bucket's overflow joined (scenarios with <c>one_finding_per</c>).</summary>
    public FindingGroup? Group { get; set; }

    /// <summary>When this bucket's finding last raised: its group's, or its own.</summary>
    public long LastRaisedTicks => Group?.RaisedTicks ?? RaisedTicks;

    /// <summary>Where the bucket sits in the detector's list of overflowing buckets; -1 when it is not in it.</summary>
    public int ActiveIndex { get; set; } = -1;

    public long RaisedTicks { get; set; }

    public long RaisedCount { get; set; }

    /// <summary>The entities of the episode's finding, fixed when it first raises so that updates keep its key.</summary>
    public IReadOnlyDictionary<string, string>? Entities { get; set; }

    public string? Address { get; set; }

    public string? Service { get; set; }

    public string? Host { get; set; }

    public string? Source { get; set; }

    /// <summary>The user of the latest event that named one (the account a trigger is about).</summary>
    public string? LastUser { get; set; }

    public DistinctValues? Users { get; set; }

    public DistinctValues? Paths { get; set; }

    public DistinctValues? Addresses { get; set; }

    public KeyRate? Rate { get; set; }

    /// <summary>The last minutes' units, for a scenario with a surge test (<see cref="ScenarioRuntime.HasSurgeTest"/>).</summary>
    public SurgeWindow? Window { get; set; }

    public int Samples => _sampleCount;

    /// <summary>Drains the bucket up to <paramref name="ticks"/> at <paramref name="leakPerTick"/>; the level never goes below 0 or back in time.</summary>
    public void Leak(long ticks, double leakPerTick)
    {
        if (ticks <= LevelTicks)
        {
            return;
        }

        Level = Math.Max(0, Level - ((ticks - LevelTicks) * leakPerTick));
        if (FastLevel > 0)
        {
            FastLevel = Math.Max(0, FastLevel - ((ticks - LevelTicks) * Scenario.FastLeakPerTick));
        }

        LevelTicks = ticks;
    }

    /// <summary>Starts a new episode at <paramref name="ticks"/>: counts, examples and samples start again.</summary>
    public void StartEpisode(long ticks, bool keepDistinctValues)
    {
        Count = 0;
        Seen = 0;
        Successes = 0;
        FirstTicks = ticks;
        LastTicks = ticks;
        Overflowed = false;
        Surged = false;
        RaisedTicks = 0;
        RaisedCount = 0;
        Entities = null;
        LastUser = null;
        Users?.Restart(keepDistinctValues);
        Paths?.Restart(keepDistinctValues);
        Addresses?.Restart(keepDistinctValues);
        _templates = default;
        _templateCounts = default;
        _topUsers = default;
        _topAddresses = default;
        if (_statusCounts is not null)
        {
            Array.Clear(_statuses!);
            Array.Clear(_statusCounts);
        }

        if (_samples is not null)
        {
            Array.Clear(_samples);
        }

        _sampleCount = 0;
    }

    /// <summary>Makes the instance a new bucket for <paramref name="key"/> (it may have served another before).</summary>
    public void Reset(in BucketKey key, ScenarioRuntime scenario, long ticks)
    {
        Key = key;
        Scenario = scenario;
        Level = 0;
        LevelTicks = ticks;
        HourPeak = 0;
        FastLevel = 0;
        FastHourPeak = 0;
        Address = Service = Host = Source = null;
        Rate = null;
        Window?.Clear();
        StartEpisode(ticks, keepDistinctValues: false);
    }

    /// <summary>Counts an attempt naming <paramref name="user"/> (<see cref="FrequentValues"/> over four slots: a frequent user stays).</summary>
    public void CountUser(string user)
    {
        _topUsers.Count(user);
    }

    /// <summary>Counts an event from <paramref name="address"/> in a bucket not keyed by address (<see cref="FrequentValues"/> over four slots).</summary>
    public void CountAddress(string address)
    {
        _topAddresses.Count(address);
    }

    /// <summary>The client four fifths or more of the episode's counted events came from, if one did.</summary>
    public string? ConcentratedAddress() => _topAddresses.Share(4, 5);

    /// <summary>The user two thirds or more of the episode's attempts named, if one did (what a brute force is "on").</summary>
    public string? DominantUser() => _topUsers.Share(2, 3);

    /// <summary>The user the episode's attempts named most (of the values the counters kept), if any.</summary>
    public string? MostTriedUser() => _topUsers.Top();

    /// <summary>Counts a line of <paramref name="template"/> (space-saving: a new template takes the rarest slot and its count, plus one).</summary>
    public void CountTemplate(LogTemplate template)
    {
        int rarest = 0;
        for (int i = 0; i < MaxTemplates; i++)
        {
            if (_templates[i] is null || _templates[i]!.Id == template.Id)
            {
                _templates[i] = template;
                _templateCounts[i]++;
                return;
            }

            if (_templateCounts[i] < _templateCounts[rarest])
            {
                rarest = i;
            }
        }

        _templates[rarest] = template;
        _templateCounts[rarest]++;
    }

    public void CountStatus(int status)
    {
        _statuses ??= new int[MaxStatuses];
        _statusCounts ??= new long[MaxStatuses];
        for (int i = 0; i < MaxStatuses; i++)
        {
            if (_statuses[i] == status || _statuses[i] == 0)
            {
                _statuses[i] = status;
                _statusCounts[i]++;
                return;
            }
        }
    }

    /// <summary>Keeps <paramref name="record"/> as a sample: the first two lines sampled stay, the others roll.</summary>
    public void AddSample(LogRecord record)
    {
        _samples ??= new LogRecord?[Evidence.MaxSamples];
        int index = _sampleCount < Evidence.MaxSamples ? _sampleCount : 2 + ((_sampleCount - 2) % (Evidence.MaxSamples - 2));
        _samples[index] = record;
        _sampleCount++;
    }

    public List<string> SampleLines()
    {
        var lines = new List<string>(Evidence.MaxSamples);
        if (_samples is null)
        {
            return lines;
        }

        // The kept first two, then the rolling ones oldest first.
        int kept = Math.Min(_sampleCount, Evidence.MaxSamples);
        for (int i = 0; i < Math.Min(kept, 2); i++)
        {
            lines.Add(Evidence.Sample(_samples[i]!));
        }

        int rolling = kept - 2;
        for (int i = 0; i < rolling; i++)
        {
            int index = _sampleCount <= Evidence.MaxSamples ? 2 + i : 2 + ((_sampleCount - 2 + i) % (Evidence.MaxSamples - 2));
            lines.Add(Evidence.Sample(_samples[index]!));
        }

        return lines;
    }

    public List<TemplateEvidence> TemplateEvidence()
    {
        var evidence = new List<TemplateEvidence>(MaxTemplates);
        for (int i = 0; i < MaxTemplates; i++)
        {
            if (_templates[i] is { } template)
            {
                evidence.Add(new TemplateEvidence(template.Id, template.Text, _templateCounts[i]));
            }
        }

        evidence.Sort((a, b) => b.Count.CompareTo(a.Count));
        return evidence;
    }

    /// <summary>"502×80, 504×12": the statuses counted, most frequent first.</summary>
    public string? StatusText()
    {
        if (_statuses is null)
        {
            return null;
        }

        var pairs = new List<(int Status, long Count)>();
        for (int i = 0; i < MaxStatuses && _statuses[i] != 0; i++)
        {
            pairs.Add((_statuses[i], _statusCounts![i]));
        }

        pairs.Sort((a, b) => b.Count.CompareTo(a.Count));
        return string.Join(", ", pairs.Select(p => p.Count == 1 ? p.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{p.Status}×{p.Count}"));
    }

    /// <summary>The most frequent values of an episode in <see cref="FrequentValues"/>' four slots, and how many were counted.</summary>
    private struct TopValues
    {
        private Names _values;
        private Counts _counts;
        private long _events;

        public void Count(string value)
        {
            _events++;
            FrequentValues.Count(_values, _counts, value);
        }

        /// <summary>The value counted most often among those kept, if any.</summary>
        public readonly string? Top()
        {
            string? top = null;
            long most = 0;
            for (int i = 0; i < MaxTemplates; i++)
            {
                if (_values[i] is { } value && _counts[i] > most)
                {
                    (top, most) = (value, _counts[i]);
                }
            }

            return top;
        }

        /// <summary>The value at least <paramref name="numerator"/>/<paramref name="denominator"/> of the counted events had, if one did.</summary>
        public readonly string? Share(int numerator, int denominator)
        {
            for (int i = 0; i < MaxTemplates; i++)
            {
                if (_values[i] is { } value && _counts[i] * denominator >= _events * numerator)
                {
                    return value;
                }
            }

            return null;
        }
    }

    [System.Runtime.CompilerServices.InlineArray(MaxTemplates)]
    private struct Templates
    {
        private LogTemplate? _element;
    }

    [System.Runtime.CompilerServices.InlineArray(MaxTemplates)]
    private struct Counts
    {
        private long _element;
    }

    [System.Runtime.CompilerServices.InlineArray(MaxTemplates)]
    private struct Names
    {
        private string? _element;
    }
}
