using LogWarden.Detect.Baselines;

namespace LogWarden.Detect.Scenarios;

/// <summary>
/// A scenario ready to run: its definition with the tests, key and rates worked out once, and what it has
/// learned of the host's background (the population histogram and the capacity it implies).
/// </summary>
internal sealed class ScenarioRuntime
{
    private readonly Test[] _when;
    private readonly Test[] _success;
    private readonly ScenarioEntity[] _key;
    private const int MinHoursForRate = 2;

    private readonly double _leakPerTick;

    public ScenarioRuntime(ScenarioDefinition definition, int index, ScenarioOptions options)
    {
        Definition = definition;
        Index = index;
        _when = [.. definition.When.Select(f => new Test(f))];
        _success = [.. definition.Success.Select(f => new Test(f))];
        _key = [.. definition.Key];
        _leakPerTick = definition.Leak > TimeSpan.Zero ? 1.0 / definition.Leak.Ticks : 0;
        Background = definition.Background;
        Histogram = Background?.Mode == BackgroundMode.Population ? new PeakHistogram() : null;
        if (Histogram is not null && Background!.Fast is { } fast && definition.Type == ScenarioType.Leaky)
        {
            FastHistogram = new PeakHistogram();
            FastLeakPerTick = 1.0 / fast.Leak.Ticks;
        }

        EffectiveCapacity = definition.Type == ScenarioType.Memory ? double.PositiveInfinity : definition.Capacity;
        Relearn();
        KeyedByAddress = _key.Contains(ScenarioEntity.Ip);
        KeyRepeats = !_key.Any(k => k is ScenarioEntity.Ip or ScenarioEntity.User or ScenarioEntity.Path);
        DistinctCap = KeyedByAddress ? options.MaxDistinctPerBucket : options.MaxDistinctPerBucket * 16;
        var title = definition.Title;
        TracksUsers = definition.Distinct == ScenarioEntity.User || title.Uses(TitleField.Users) || title.Uses(TitleField.User) || title.Uses(TitleField.ForUsers)
            || title.Uses(TitleField.PriorUsers) || definition.Type == ScenarioType.Memory;
        TracksPaths = definition.Distinct == ScenarioEntity.Path || title.Uses(TitleField.Paths) || title.Uses(TitleField.Path);
        TracksAddresses = definition.Distinct == ScenarioEntity.Ip || title.Uses(TitleField.Addresses);
        TracksStatuses = title.Uses(TitleField.Statuses);
        TracksSource = _key.Contains(ScenarioEntity.Source) || title.Uses(TitleField.Source);
    }

    public ScenarioDefinition Definition { get; }

    public int Index { get; }

    public string Kind => Definition.Kind;

    public ScenarioType Type => Definition.Type;

    public bool Raises => Definition.Type is ScenarioType.Leaky or ScenarioType.Trigger;

    public BackgroundDefinition? Background { get; }

    /// <summary>For population scenarios: the hourly peaks of all keys.</summary>
    public PeakHistogram? Histogram { get; }

    /// <summary>The capacity in force: the defined one, raised by the learned background.</summary>
    public double EffectiveCapacity { get; private set; }

    /// <summary>For a scenario with a fast level (<see cref="FastLevel"/>): the hourly peaks of all keys' fast levels.</summary>
    public PeakHistogram? FastHistogram { get; }

    /// <summary>How fast a bucket's fast level drains (0: the scenario has none).</summary>
    public double FastLeakPerTick { get; }

    /// <summary>The fast level's capacity in force (infinite when the scenario has none).</summary>
    public double FastCapacity { get; private set; } = double.PositiveInfinity;

    /// <summary>The level a fast level stops rising at: twice its capacity, so that it drains soon after the attack.</summary>
    public double FastMaxLevel => Math.Max(2 * FastCapacity, 1);

    /// <summary>Buckets of this scenario in the table (success lookups are skipped while there are none).</summary>
    public int LiveBuckets { get; set; }

    /// <summary>
    /// The level a bucket whose capacity is <paramref name="capacity"/> stops rising at: twice that (so an
    /// episode ends soon after the attack), or the defined maximum.
    /// </summary>
    public double MaxLevelFor(double capacity) =>
        Definition.MaxLevel > 0 ? Definition.MaxLevel : Type == ScenarioType.Trigger ? 1 : Math.Max(2 * capacity, 1);

    /// <summary>From this level on a bucket keeps sample lines (buckets on their way to overflow).</summary>
    public double SampleFrom => Type switch
    {
        ScenarioType.Trigger => 0,
        ScenarioType.Memory => Math.Max((Requirement?.Min ?? 2) / 2, 1),
        _ => Math.Max(EffectiveCapacity / 2, 1),
    };

    /// <summary>The memory scenario a trigger requires, resolved after all scenarios are built.</summary>
    public ScenarioRuntime? Memory { get; set; }

    public Requirement? Requirement => Definition.Requires;

    public bool KeyedByAddress { get; }

    /// <summary>Whether the key holds no address, user or path: one service's or site's bucket, asked for line after line.</summary>
    public bool KeyRepeats { get; }

    public int DistinctCap { get; }

    public bool TracksUsers { get; }

    public bool TracksPaths { get; }

    public bool TracksAddresses { get; }

    public bool TracksStatuses { get; }

    public bool TracksSource { get; }

    public bool HasSuccess => _success.Length > 0;

    /// <summary>
    /// A whole site's failures (success lines, no client in the key: the 5xx burst): which clients the errors went to
    /// is counted, since errors nearly all to one client while the others are served are that client's trouble.
    /// </summary>
    public bool CountsClients => HasSuccess && !KeyedByAddress;

    public long CooldownTicks => Definition.Cooldown.Ticks;

    public long DistinctWindowTicks => Definition.DistinctWindow.Ticks;

    public bool LearnsPerKey => Background?.Mode == BackgroundMode.PerKey || Type == ScenarioType.Summary;

    /// <summary>The kinds this scenario looks at (its tests and successes); null when some test takes any kind.</summary>
    public IEnumerable<string>? Kinds()
    {
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var filter in _when.Concat(_success).Select(t => t.Filter))
        {
            if (filter.Kinds is null)
            {
                return null;
            }

            kinds.UnionWith(filter.Kinds);
        }

        return kinds;
    }

    /// <summary>The first alternative of <c>when</c> the event passes (the gates that need a bucket are the caller's).</summary>
    public EventFilter? Match(ScenarioEvent e) => FirstMatch(_when, e)?.Filter;

    public bool MatchesSuccess(ScenarioEvent e) => _success.Length > 0 && FirstMatch(_success, e) is not null;

    /// <summary>
    /// Whether an event of <paramref name="kind"/> and <paramref name="service"/> may pass some alternative of its
    /// <c>when</c> or <c>success</c> (their other tests can only refuse it): <see cref="KindRoute.For"/> offers it only such events.
    /// </summary>
    public bool MayTake(string? kind, string? service)
    {
        foreach (var test in _when)
        {
            if (test.TakesKindAndService(kind, service))
            {
                return true;
            }
        }

        foreach (var test in _success)
        {
            if (test.TakesKindAndService(kind, service))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The bucket key of the event; false when it lacks an address, user or path the key needs.</summary>
    public bool TryKey(ScenarioEvent e, out BucketKey key)
    {
        key = default;
        string? first = null, second = null, third = null;
        int firstHash = 0, secondHash = 0, thirdHash = 0;
        for (int i = 0; i < _key.Length; i++)
        {
            var entity = _key[i];
            string? value = e.Entity(entity);
            if (value is null && entity is ScenarioEntity.Ip or ScenarioEntity.User or ScenarioEntity.Path)
            {
                return false;
            }

            switch (i)
            {
                case 0:
                    first = value;
                    firstHash = e.HashOf(entity);
                    break;
                case 1:
                    second = value;
                    secondHash = e.HashOf(entity);
                    break;
                default:
                    third = value;
                    thirdHash = e.HashOf(entity);
                    break;
            }
        }

        key = BucketKey.Create(Index, first, second, third, firstHash, secondHash, thirdHash);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="key"/> is the key <see cref="TryKey"/> makes of <paramref name="e"/> (false when it makes
    /// none), without making its address a string: the address is compared as the event's characters.
    /// </summary>
    public bool KeyHolds(in BucketKey key, ScenarioEvent e)
    {
        if (key.Scenario != Index)
        {
            return false;
        }

        for (int i = 0; i < _key.Length; i++)
        {
            var entity = _key[i];
            string? held = i switch
            {
                0 => key.First,
                1 => key.Second,
                _ => key.Third,
            };
            if (entity == ScenarioEntity.Ip)
            {
                if (!e.HasAddress || held is null || !held.AsSpan().SequenceEqual(e.AddressSpan))
                {
                    return false;
                }

                continue;
            }

            string? value = e.Entity(entity);
            if ((value is null && entity is ScenarioEntity.User or ScenarioEntity.Path) || !string.Equals(held, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The key value for <paramref name="entity"/> in <paramref name="key"/>, when the key has it.</summary>
    public bool TryKeyValue(in BucketKey key, ScenarioEntity entity, out string? value)
    {
        int position = Array.IndexOf(_key, entity);
        value = position switch
        {
            0 => key.First,
            1 => key.Second,
            2 => key.Third,
            _ => null,
        };
        return position >= 0;
    }

    public IReadOnlyList<ScenarioEntity> KeyEntities => _key;

    public bool Grouped => Definition.OneFindingPer.Count > 0;

    /// <summary>The key of the finding group <paramref name="key"/> belongs to (<c>one_finding_per</c>'s values).</summary>
    public BucketKey GroupKeyOf(in BucketKey key)
    {
        var group = Definition.OneFindingPer;
        Span<string?> values = [null, null, null];
        for (int i = 0; i < Math.Min(group.Count, values.Length); i++)
        {
            TryKeyValue(key, group[i], out values[i]);
        }

        return BucketKey.Create(Index, values[0], values[1], values[2]);
    }

    /// <summary>
    /// The leak rate for <paramref name="bucket"/> at <paramref name="hourOfDay"/>: the defined one, or for a
    /// per-key scenario whose key has a rate (two hours or more), <c>factor</c> times the key's usual rate when
    /// that is faster.
    /// </summary>
    public double LeakPerTick(LeakyBucket bucket, int hourOfDay)
    {
        if (Background is { Mode: BackgroundMode.PerKey } background && bucket.Rate is { Hours: >= MinHoursForRate } rate)
        {
            double learned = background.Factor * rate.PerHour(hourOfDay) / TimeSpan.TicksPerHour;
            return Math.Max(_leakPerTick, learned);
        }

        return _leakPerTick;
    }

    /// <summary>
    /// The capacity <paramref name="bucket"/> overflows above: for a per-key scenario, until the detector has
    /// learned <c>min_hours</c> of log time, the initial capacity (a first day is no baseline). After that a
    /// key new to it is a quiet one: the defined capacity holds, raised for a key with a learned rate when
    /// the scenario gives a chance per day (<see cref="UsualCapacity"/>).
    /// </summary>
    public double CapacityFor(LeakyBucket bucket, long hoursLearned, int hourOfDay)
    {
        if (Background is not { Mode: BackgroundMode.PerKey } background)
        {
            return EffectiveCapacity;
        }

        if (hoursLearned < background.MinHours)
        {
            return Math.Max(EffectiveCapacity, background.InitialCapacity);
        }

        return background.ChancePerDay is { } chance && bucket.Rate is { Hours: >= MinHoursForRate } rate && rate.PerHour(hourOfDay) > 0
            ? UsualCapacity(rate.PerHour(hourOfDay), LeakPerTick(bucket, hourOfDay), chance, background.MaxRaise)
            : EffectiveCapacity;
    }

    /// <summary>Whether the scenario overflows a key early on its rate (<see cref="SurgeTest"/>): its buckets keep a <see cref="SurgeWindow"/>.</summary>
    public bool HasSurgeTest => Background is { Mode: BackgroundMode.PerKey, Surge: not null };

    /// <summary>
    /// Whether a per-key scenario's key surges before its bucket fills (<see cref="SurgeTest"/>): at
    /// <paramref name="ticks"/> its last few minutes (<see cref="SurgeWindow"/>) hold at least the test's count, spread
    /// over at least its span, a count its learned rate at this hour (at least one a day) gives less than the test's
    /// probability, and no one client brought four fifths of the episode. A checkout that answers 500 to a quiet
    /// night's few shoppers is a burst long before twenty errors pile up; a deploy's few seconds of 502s, a trickle
    /// the site always has, or one client's own retries are not.
    /// </summary>
    public bool IsSurge(LeakyBucket bucket, long ticks, long hoursLearned, int hourOfDay)
    {
        if (bucket.Window is not { } window || Background is not { Surge: { } surge } background || hoursLearned < background.MinHours
            || bucket.Rate is not { Hours: >= MinHoursForRate } rate)
        {
            return false;
        }

        var (count, first) = window.Recent(ticks);
        if (count < surge.MinCount || ticks - first < surge.MinSpan.Ticks || (CountsClients && bucket.ConcentratedAddress() is not null))
        {
            return false;
        }

        double perHour = Math.Max(rate.PerHour(hourOfDay), 1.0 / 24);
        double mean = perHour * (ticks - first) / TimeSpan.TicksPerHour;
        return Poisson.UpperTail(count, mean) < surge.Probability;
    }

    /// <summary>
    /// The least capacity from the defined one up that a key's usual arrivals (<paramref name="perHour"/>, as a
    /// Poisson process) overflow less than <paramref name="chancePerDay"/> times a day. A bucket leaking one
    /// unit per leak period overflows above k when k + 1 arrivals come within about one period (plus what
    /// earlier ones left), so the day is taken as windows of two periods, each overflowing when k + 1
    /// arrivals fall in it. With a 2-minute leak, root on a public server (five new addresses an hour) needs
    /// five addresses within minutes, an account tried once an hour four, one no one tries the defined three.
    /// </summary>
    private double UsualCapacity(double perHour, double leakPerTick, double chancePerDay, double maxRaise)
    {
        double defined = Math.Max(Math.Ceiling(EffectiveCapacity), 1);
        double window = 2 / leakPerTick;
        double mean = perHour / TimeSpan.TicksPerHour * window;
        for (double k = defined; k < defined * maxRaise; k++)
        {
            if (PoissonTail(mean, (int)k + 1) * (TimeSpan.TicksPerDay / window) <= chancePerDay)
            {
                return k;
            }
        }

        return defined * maxRaise;
    }

    /// <summary>P(N ≥ <paramref name="n"/>) for N Poisson with mean <paramref name="mean"/>: the terms from n on (they shrink fast for the small means here).</summary>
    internal static double PoissonTail(double mean, int n)
    {
        double term = Math.Exp(-mean);
        for (int i = 1; i <= n; i++)
        {
            term *= mean / i;
        }

        double sum = 0;
        for (int i = n; term > sum * 1e-12 && i < n + 200; i++)
        {
            sum += term;
            term *= mean / (i + 1);
        }

        return sum;
    }

    /// <summary>Sets the capacity from the population histogram once it holds enough samples; until then the initial capacity holds.</summary>
    public void Relearn()
    {
        if (Histogram is null || Background is not { } background || Type is ScenarioType.Memory or ScenarioType.Summary)
        {
            return;
        }

        double capacity = Definition.Capacity;
        EffectiveCapacity = Histogram.RepeatWeight < background.MinSamples
            ? Math.Max(capacity, background.InitialCapacity)
            : Raised(capacity, Histogram, background);
        if (FastHistogram is not null && background.Fast is { } fast)
        {
            // Until it has learned, the fast level is raised in the proportion the initial capacity raises the slow one.
            FastCapacity = FastHistogram.RepeatWeight < background.MinSamples
                ? fast.Capacity * Math.Max(1, background.InitialCapacity / Math.Max(capacity, 1))
                : Raised(fast.Capacity, FastHistogram, background);
        }
    }

    /// <summary>A learned capacity: <c>factor</c> × the quantile of <paramref name="peaks"/>, at least <paramref name="defined"/>, at most <c>max_raise</c> times it.</summary>
    private static double Raised(double defined, PeakHistogram peaks, BackgroundDefinition background) =>
        Math.Max(defined, Math.Min(background.Factor * peaks.Quantile(background.Quantile), defined * background.MaxRaise));

    private static Test? FirstMatch(Test[] tests, ScenarioEvent e)
    {
        foreach (var test in tests)
        {
            if (test.Passes(e))
            {
                return test;
            }
        }

        return null;
    }

    /// <summary>
    /// One alternative of <c>when</c> made quick to test: kinds and services as small arrays (a handful of
    /// short strings compare faster than they hash).
    /// </summary>
    private sealed class Test(EventFilter filter)
    {
        private readonly string[]? _kinds = filter.Kinds?.ToArray();
        private readonly string[]? _services = filter.Services?.ToArray();
        private readonly string[]? _notServices = filter.NotServices?.ToArray();
        private readonly string[]? _notUsers = filter.NotUsers?.ToArray();
        private readonly ScenarioEntity[] _has = [.. filter.Has];

        public EventFilter Filter { get; } = filter;

        /// <summary>Whether its kind and service tests pass for an event of <paramref name="kind"/> and <paramref name="service"/> (null: none).</summary>
        public bool TakesKindAndService(string? kind, string? service) =>
            (_kinds is null || (kind is not null && Contains(_kinds, kind)))
            && (_services is null || (service is not null && Contains(_services, service)))
            && (_notServices is null || service is null || !Contains(_notServices, service));

        public bool Passes(ScenarioEvent e)
        {
            if (!TakesKindAndService(e.Kind, e.Service)
                || (Filter.Hostile is { } hostile && hostile != e.Hostile)
                || (Filter.StatusMin != 0 && (e.Status < Filter.StatusMin || e.Status > Filter.StatusMax)))
            {
                return false;
            }

            if (_notUsers is not null && e.User is not null && Contains(_notUsers, e.User))
            {
                return false;
            }

            foreach (var entity in _has)
            {
                if (e.Entity(entity) is null)
                {
                    return false;
                }
            }

            return (!Filter.UnservedPath || e.PathUnserved) && (!Filter.UserLogsIn || e.UserLogsIn) && (!Filter.RealUsersOnly || !e.AddressNamedUnknownUser)
                && (!Filter.StrangersOnly || !e.AddressLoggedIn);
        }

        private static bool Contains(string[] values, string value)
        {
            foreach (string candidate in values)
            {
                if (ReferenceEquals(candidate, value) || string.Equals(candidate, value, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
