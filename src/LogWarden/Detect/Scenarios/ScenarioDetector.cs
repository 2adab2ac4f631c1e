using System.Text.Json;
using System.Text.Json.Serialization;

namespace LogWarden.Detect.Scenarios;

/// <summary>
/// Attack scenarios over security events, CrowdSec-style: each scenario of the catalog keeps leaky buckets
/// keyed by entity (an address, a service, a site); a bucket that overflows raises a finding on the line
/// that takes it over, and re-raises the same key with updated counts at most once per cooldown while the
/// attack goes on. Triggers raise on one event when a memory bucket of the same key is full enough (a login
/// after many failures); summaries report the background hourly as info.
/// </summary>
/// <remarks>
/// The background every public server sees is learned: population scenarios raise their capacity to what
/// this host's routine scanners reach (the upper quantile of the keys' hourly peaks), per-key scenarios leak
/// as fast as the key's usual rate. Memory is bounded by <see cref="ScenarioOptions"/>: one LRU table of
/// buckets for all scenarios, and caps on connections, served paths and learned keys; evictions are counted.
/// A line that is no security event and no access record costs two field checks.
/// </remarks>
internal sealed class ScenarioDetector : ILogDetector, IBoundedDetector, IPersistentDetector
{
    private const int MaxHoursCaughtUp = 48;

    // Leaks are fractions of ticks: a bucket exactly at its capacity must not overflow by a rounding error.
    private const double LevelTolerance = 1e-6;

    /// <summary>What a scenario's fast histogram is saved under: its kind and this.</summary>
    private const string FastSuffix = "#fast";

    // A campaign's buckets hover about their capacity: each account's overflow ends and starts again as the
    // botnet's turns come and go, and for a minute none may be over. Until this long after the group's last
    // overflow ended, an overflow is still that campaign (an update of its finding), not a new alert on another
    // account of the service; the incident tracker correlates findings within as long (its correlation window).
    private static readonly long GroupLingerTicks = TimeSpan.FromMinutes(10).Ticks;

    private readonly ScenarioOptions _options;
    private readonly ScenarioInput _input;
    private readonly ScenarioFindings _findings;
    private readonly ScenarioRuntime[] _scenarios;
    private readonly ScenarioEvent _event = new();

    /// <summary>Accounts that log in here and addresses that tried made-up names; null when no scenario tests them.</summary>
    private readonly AccountMemory? _accounts;
    private readonly BucketTable _table;
    private readonly List<LeakyBucket> _active = [];
    private readonly Dictionary<BucketKey, KeyRate> _rates = [];
    private readonly Dictionary<BucketKey, SummaryBucket> _summaries = [];

    /// <summary>By scenario, the summary its last event counted in (a service's, asked for line after line); forgotten when idle summaries go.</summary>
    private readonly SummaryBucket?[] _lastSummaries;
    private readonly Dictionary<BucketKey, FindingGroup> _groups = [];
    private readonly long[] _summaryPeriods;
    private readonly Action<LeakyBucket> _evicting;
    private long _hour = long.MinValue;
    private long _nextSweep = long.MinValue;
    private long _learnedKeysEvicted;

    /// <summary>Hours of log time this detector has learned (kept across restarts).</summary>
    private long _hoursLearned;

    public ScenarioDetector(ScenarioOptions? options = null, ScenarioCatalog? catalog = null)
    {
        _options = options ?? new ScenarioOptions();
        catalog ??= ScenarioCatalog.Load(_options.ScenarioDirectory);
        var services = new ServiceMap(catalog.Services);
        _findings = new ScenarioFindings(services);

        // Memories first, so that a line counts as a failure before a trigger looks at the count.
        var ordered = catalog.Scenarios.OrderBy(s => s.Type == ScenarioType.Memory ? 0 : 1).ToList();
        _scenarios = [.. ordered.Select((s, i) => new ScenarioRuntime(s, i, _options))];
        foreach (var scenario in _scenarios)
        {
            if (scenario.Requirement is { } requirement)
            {
                scenario.Memory = Array.Find(_scenarios, s => s.Kind == requirement.Scenario);
            }
        }

        // Each kind goes to the scenarios that name it and to those that take any kind (status tests).
        var anyKind = _scenarios.Where(s => s.Kinds() is null).ToArray();
        var kinds = _scenarios.Select(s => s.Kinds()).Where(k => k is not null).SelectMany(k => k!).ToHashSet(StringComparer.Ordinal);
        var attemptKinds = _scenarios.Where(s => s.Definition.Count == CountMode.Attempts)
            .SelectMany(s => s.Definition.When).SelectMany(f => f.Kinds ?? Enumerable.Empty<string>()).ToHashSet(StringComparer.Ordinal);
        var routes = new Dictionary<string, KindRoute>(StringComparer.Ordinal);
        foreach (string kind in kinds)
        {
            routes[kind] = new KindRoute([.. _scenarios.Where(s => s.Kinds() is not { } own || own.Contains(kind))], attemptKinds.Contains(kind), kind);
        }

        _table = new BucketTable(_options.MaxBuckets);
        _input = new ScenarioInput(services, _options, catalog.AttemptLines, routes, new KindRoute(anyKind, countsAttempts: false), _table);
        _summaryPeriods = new long[_scenarios.Length];
        _lastSummaries = new SummaryBucket?[_scenarios.Length];
        _evicting = Retire;
        if (catalog.Scenarios.Any(s => s.RaiseIfUserLogsIn) || catalog.Scenarios.SelectMany(s => s.When).Any(f => f.UserLogsIn || f.RealUsersOnly))
        {
            _accounts = new AccountMemory(_options.MaxAccountAddresses);
        }
    }

    public string Name => ScenarioFindings.DetectorName;

    /// <summary>The event the last line made (for tests: what <see cref="ScenarioInput"/> read).</summary>
    internal ScenarioEvent LastEvent => _event;

    /// <summary>The scenarios in the order they are offered events (for tests).</summary>
    internal IReadOnlyList<ScenarioRuntime> Runtimes => _scenarios;

    public IReadOnlyList<ScenarioDefinition> Scenarios => [.. _scenarios.Select(s => s.Definition)];

    /// <summary>Buckets, connections, served path shapes, learned keys and summaries kept.</summary>
    public long Tracked => _table.Count + _input.Tracked + _rates.Count + _summaries.Count + (_accounts?.Count ?? 0);

    public long Evicted => _table.Evicted + _input.Evicted + _learnedKeysEvicted + (_accounts?.Evicted ?? 0);

    /// <summary>Buckets kept (all scenarios).</summary>
    public int Buckets => _table.Count;

    /// <summary>The capacity a scenario is in force with (raised by the learned background); for tests and status.</summary>
    public double CapacityOf(string kind) => Array.Find(_scenarios, s => s.Kind == kind)?.EffectiveCapacity ?? double.NaN;

    /// <summary>The fast level's capacity in force for <paramref name="kind"/> (infinite when it has no fast level).</summary>
    public double FastCapacityOf(string kind) => Array.Find(_scenarios, s => s.Kind == kind)?.FastCapacity ?? double.NaN;

    public void Observe(LogObservation line, IFindingSink sink)
    {
        var e = _event;
        if (!_input.TryRead(line, e))
        {
            return;
        }

        if (_hour == long.MinValue)
        {
            Start(e.Ticks);
        }

        if (_accounts is not null && !string.Equals(e.Service, ServiceMap.Web, StringComparison.Ordinal))
        {
            _accounts.Observe(e);
        }

        foreach (var scenario in e.Route.For(e.Service))
        {
            Offer(scenario, e, sink);
        }
    }

    public void Advance(DateTimeOffset now, IFindingSink sink)
    {
        long ticks = now.UtcTicks;
        if (_hour == long.MinValue)
        {
            Start(ticks);
        }

        int hourOfDay = HourOfDay(ticks);
        for (int i = _active.Count - 1; i >= 0; i--)
        {
            var bucket = _active[i];
            if (!Settle(bucket, ticks, hourOfDay, sink) && IsDue(bucket, ticks))
            {
                Raise(bucket, ticks, sink);
            }
        }

        // Summaries first: their "usual" is what was learned before the period they report.
        for (int i = 0; i < _scenarios.Length; i++)
        {
            if (_scenarios[i].Type == ScenarioType.Summary && ticks / _scenarios[i].Definition.Period.Ticks > _summaryPeriods[i])
            {
                EndPeriod(_scenarios[i], ticks, sink);
            }
        }

        long hour = ticks / TimeSpan.TicksPerHour;
        if (hour > _hour)
        {
            EndHours(hour);
        }

        if (ticks >= _nextSweep)
        {
            Sweep(ticks);
        }
    }

    private void Start(long ticks)
    {
        _hour = ticks / TimeSpan.TicksPerHour;
        _nextSweep = ticks + _options.SweepInterval.Ticks;
        for (int i = 0; i < _scenarios.Length; i++)
        {
            if (_scenarios[i].Type == ScenarioType.Summary)
            {
                _summaryPeriods[i] = ticks / _scenarios[i].Definition.Period.Ticks;
            }
        }
    }

    private void Offer(ScenarioRuntime scenario, ScenarioEvent e, IFindingSink sink)
    {
        // An ordinary request no when takes (ScenarioEvent.SuccessOnly) is not matched again: only its success can count.
        var filter = e.SuccessOnly ? null : scenario.Match(e);
        if (filter is null)
        {
            // Keyed by address: the success's bucket is looked for among the live buckets of its client (one lookup,
            // no client string, no key); otherwise by its key. The same bucket either way (BucketTable.FindSuccess).
            if (scenario.HasSuccess && scenario.LiveBuckets > 0
                && (scenario.KeyedByAddress
                    ? scenario.MatchesSuccess(e) ? _table.FindSuccess(scenario, e) : null
                    : scenario.MatchesSuccess(e) && scenario.TryKey(e, out var successKey) ? _table.Find(successKey) : null) is { } known)
            {
                Drain(known, e.Ticks, HourOfDay(e.Ticks), sink);
                known.Successes++;
            }

            return;
        }

        if (!scenario.TryKey(e, out var key))
        {
            return;
        }

        if (scenario.Type == ScenarioType.Summary)
        {
            Summarise(scenario, key, e);
            return;
        }

        int hourOfDay = HourOfDay(e.Ticks);
        LeakyBucket? prior = null;
        if (scenario.Memory is { } memory)
        {
            prior = _table.Find(key.ForScenario(memory.Index));
            if (prior is null)
            {
                return;
            }

            Drain(prior, e.Ticks, hourOfDay, sink);
            if (prior.Level < scenario.Requirement!.Min)
            {
                return;
            }
        }

        bool counts = scenario.Definition.Count == CountMode.Lines || e.Attempt;
        var bucket = _table.Find(key);
        if (bucket is null)
        {
            if (!counts)
            {
                return; // a later line of an attempt whose bucket has drained
            }

            bucket = NewBucket(scenario, key, e.Ticks);
        }
        else
        {
            Drain(bucket, e.Ticks, hourOfDay, sink);
        }

        bucket.Seen++;
        bucket.CountTemplate(e.Line.Template);
        bucket.LastTicks = Math.Max(bucket.LastTicks, e.Ticks);
        bucket.Address ??= e.Address;
        bucket.Service ??= e.Service;
        bucket.Host ??= e.Host;
        if (scenario.TracksSource || (e.Host is null && bucket.Source is null))
        {
            bucket.Source ??= e.Source; // also where a finding without a host was seen
        }

        if (counts && filter.MaxSuccessRatio is { } ratio && bucket.Successes > ratio * (bucket.Successes + bucket.Seen))
        {
            counts = false; // this address mostly gets what it asks for: a client of the site, not a scanner
        }

        long window = scenario.DistinctWindowTicks;
        var distinct = scenario.Definition.Distinct;
        if (e.User is { } user)
        {
            bucket.LastUser = user;
            if (e.Attempt || !e.Route.CountsAttempts)
            {
                bucket.CountUser(user); // per attempt: an invalid user's attempt writes more lines than a valid one's
            }

            bool isNew = bucket.Users?.Add(user, e.ValueHashOf(ScenarioEntity.User, user), e.Ticks, window, scenario.DistinctCap) ?? true;
            counts &= distinct != ScenarioEntity.User || isNew;
        }

        if (e.Path is { } path && bucket.Paths is { } paths)
        {
            bool isNew = paths.Add(path, e.ValueHashOf(ScenarioEntity.Path, path), e.Ticks, window, scenario.DistinctCap);
            counts &= distinct != ScenarioEntity.Path || isNew;
        }

        if (e.Address is { } address && bucket.Addresses is { } addresses)
        {
            bool isNew = addresses.Add(address, e.ValueHashOf(ScenarioEntity.Ip, address), e.Ticks, window, scenario.DistinctCap);
            counts &= distinct != ScenarioEntity.Ip || isNew;
        }

        if (distinct is { } entity && e.Entity(entity) is null)
        {
            counts = false;
        }

        if (counts)
        {
            if (scenario.CountsClients && e.Address is { } client)
            {
                bucket.CountAddress(client); // whose requests failed: one client's own trouble is not the site's
            }

            double capacity = scenario.CapacityFor(bucket, _hoursLearned, hourOfDay);
            Count(bucket, e, scenario.MaxLevelFor(capacity));
            bool surged = false;
            if (!bucket.Overflowed && scenario.Raises
                && (bucket.Level > capacity + LevelTolerance || (surged = bucket.FastLevel > scenario.FastCapacity + LevelTolerance || scenario.IsSurge(bucket, e.Ticks, _hoursLearned, hourOfDay)))
                && (!scenario.Definition.RaiseIfUserLogsIn || e.UserLogsIn))
            {
                bucket.Overflowed = true;
                bucket.Surged = surged;
                bucket.Capacity = surged ? bucket.Level / 2 : capacity;
                if (surged)
                {
                    bucket.Window?.Clear(); // another surge of this key needs errors of its own
                }

                bucket.ActiveIndex = _active.Count;
                _active.Add(bucket);
                if (bucket.Rate is { } rate)
                {
                    rate.OverflowedThisHour = true;
                }

                // A first overflow raises at once; one that joins a finding going on, or an attack back over
                // the capacity in the same episode, is an update: at most once per cooldown.
                bool joined = JoinGroup(bucket, e.Ticks);
                if ((!joined && bucket.RaisedTicks == 0) || IsDue(bucket, e.Ticks))
                {
                    Raise(bucket, e.Ticks, sink, prior);
                }

                return;
            }
        }

        if (bucket.Overflowed && IsDue(bucket, e.Ticks))
        {
            Raise(bucket, e.Ticks, sink, prior);
        }
    }

    /// <summary>Whether an overflowing bucket has news and its finding has not raised for a cooldown.</summary>
    private static bool IsDue(LeakyBucket bucket, long ticks) =>
        bucket.Count > bucket.RaisedCount && ticks - bucket.LastRaisedTicks >= bucket.Scenario.CooldownTicks;

    /// <summary>
    /// For a scenario with one finding per group: the overflowing bucket joins its group's finding (taking
    /// its entities), or starts it. True when it joined a finding that goes on already, or whose last
    /// member's overflow ended at most <see cref="GroupLingerTicks"/> before <paramref name="ticks"/>.
    /// </summary>
    private bool JoinGroup(LeakyBucket bucket, long ticks)
    {
        var scenario = bucket.Scenario;
        if (!scenario.Grouped)
        {
            return false;
        }

        var key = scenario.GroupKeyOf(bucket.Key);
        bool existing = _groups.TryGetValue(key, out var group) && !IsStale(group!, ticks);
        if (!existing)
        {
            group = new FindingGroup(key, ScenarioFindings.EntitiesOf(bucket)) { RaisedTicks = long.MinValue / 2 };
            _groups[key] = group;
        }

        group!.Members++;
        group.AddUser(bucket.LastUser);
        bucket.Group = group;
        bucket.Entities = group.Entities;
        return existing;
    }

    /// <summary>A group no member has overflowed in for longer than <see cref="GroupLingerTicks"/>: the next overflow is a new finding.</summary>
    private static bool IsStale(FindingGroup group, long ticks) => group.Members == 0 && ticks - group.EmptiedTicks > GroupLingerTicks;

    private static void Count(LeakyBucket bucket, ScenarioEvent e, double maxLevel)
    {
        var scenario = bucket.Scenario;
        // A line that reports several attempts ("auth failed, 3 attempts") counts them all in an attempt count; a
        // distinct count takes one new value whatever the line says.
        int units = scenario.Definition.Count == CountMode.Attempts && scenario.Definition.Distinct is null ? Math.Max(e.Attempts, 1) : 1;
        bucket.Level = Math.Min(bucket.Level + units, maxLevel);
        bucket.HourPeak = Math.Max(bucket.HourPeak, bucket.Level);
        if (scenario.FastHistogram is not null)
        {
            bucket.FastLevel = Math.Min(bucket.FastLevel + units, scenario.FastMaxLevel);
            bucket.FastHourPeak = Math.Max(bucket.FastHourPeak, bucket.FastLevel);
        }
        bucket.Count += units;
        if (bucket.Rate is { } rate)
        {
            rate.Arrivals += units;
        }

        bucket.Window?.Add(e.Ticks, units);

        if (scenario.TracksStatuses && e.Status != 0)
        {
            bucket.CountStatus(e.Status);
        }

        if (bucket.Level >= scenario.SampleFrom)
        {
            bucket.AddSample(e.Line.Record);
        }
    }

    private LeakyBucket NewBucket(ScenarioRuntime scenario, in BucketKey key, long ticks)
    {
        var bucket = _table.Add(key, scenario, ticks, _evicting);
        if (scenario.TracksUsers)
        {
            bucket.Users ??= new DistinctValues();
        }
        else
        {
            bucket.Users = null;
        }

        bucket.Paths = scenario.TracksPaths ? bucket.Paths ?? new DistinctValues() : null;
        bucket.Addresses = scenario.TracksAddresses ? bucket.Addresses ?? new DistinctValues() : null;
        bucket.Rate = scenario.LearnsPerKey ? RateOf(key) : null;
        bucket.Window = scenario.HasSurgeTest ? bucket.Window ?? new SurgeWindow() : null;
        return bucket;
    }

    /// <summary>The gap that ends the episode of a drained bucket whose scenario has a surge test.</summary>
    private static readonly long SurgeQuietTicks = TimeSpan.FromMinutes(2).Ticks;

    /// <summary>The longest a drained bucket's episode lasts when its scenario has a surge test.</summary>
    private static readonly long SurgeEpisodeTicks = TimeSpan.FromMinutes(15).Ticks;

    /// <summary>Brings <paramref name="bucket"/>'s level to <paramref name="ticks"/>; an emptied bucket ends its episode.</summary>
    private void Drain(LeakyBucket bucket, long ticks, int hourOfDay, IFindingSink sink)
    {
        if (!bucket.Overflowed || !Settle(bucket, ticks, hourOfDay, sink))
        {
            bucket.Leak(ticks, bucket.Scenario.LeakPerTick(bucket, hourOfDay));
        }

        // A key with a surge test keeps its episode through a drained bucket until a quiet gap (or for a quarter of an
        // hour at most, so a site's steady trickle is no day-long episode): a low-traffic site's errors two a minute
        // drain a bucket leaking one every 30 s between them, and are still one burst.
        if (bucket.Level <= 0 && bucket.Seen > 0
            && (bucket.Window is null || ticks - bucket.LastTicks >= SurgeQuietTicks || ticks - bucket.FirstTicks >= SurgeEpisodeTicks))
        {
            bucket.StartEpisode(ticks, keepDistinctValues: bucket.Scenario.DistinctWindowTicks > 0);
        }
    }

    /// <summary>
    /// Leaks an overflowing bucket to <paramref name="ticks"/>. Back under its capacity, the attack is over
    /// though the bucket is not empty: what still drips in (the background of a slowly leaking key) is no news
    /// until it overflows again. The overflow ends when the level crossed the capacity, also when log time
    /// jumped past that (a quiet replay advances once, at its next line). True when it ended.
    /// </summary>
    private bool Settle(LeakyBucket bucket, long ticks, int hourOfDay, IFindingSink sink)
    {
        double leak = bucket.Scenario.LeakPerTick(bucket, hourOfDay);
        double capacity = bucket.Scenario.CapacityFor(bucket, _hoursLearned, hourOfDay);
        if (bucket.Surged)
        {
            capacity = Math.Min(capacity, bucket.Capacity);
        }

        double before = bucket.Level;
        long from = bucket.LevelTicks;
        bucket.Leak(ticks, leak);
        if (bucket.Level > capacity + LevelTolerance)
        {
            return false;
        }

        long under = leak > 0 && before > capacity ? Math.Clamp(from + (long)((before - capacity) / leak), from, ticks) : ticks;
        FinishOverflow(bucket, Math.Max(under, bucket.RaisedTicks), sink);
        return true;
    }

    /// <summary>The attack is over (its bucket back under its capacity): a last update when something happened since the last raise.</summary>
    private void FinishOverflow(LeakyBucket bucket, long ticks, IFindingSink sink)
    {
        if (bucket.Count > bucket.RaisedCount)
        {
            Raise(bucket, ticks, sink);
        }

        Deactivate(bucket, ticks);
    }

    /// <summary>Takes <paramref name="bucket"/> out of the overflowing list in O(1) (the last one takes its place); its overflow ended at <paramref name="ticks"/>.</summary>
    private void Deactivate(LeakyBucket bucket, long ticks)
    {
        bucket.Overflowed = false;
        if (bucket.Group is { } group)
        {
            bucket.Group = null;
            if (--group.Members == 0)
            {
                group.EmptiedTicks = ticks; // it lingers (GroupLingerTicks); the sweep removes it
            }
        }

        int index = bucket.ActiveIndex;
        if (index < 0)
        {
            return;
        }

        var last = _active[^1];
        _active[index] = last;
        last.ActiveIndex = index;
        _active.RemoveAt(_active.Count - 1);
        bucket.ActiveIndex = -1;
    }

    private void Raise(LeakyBucket bucket, long ticks, IFindingSink sink, LeakyBucket? prior = null)
    {
        if (prior is null && bucket.Scenario.Memory is { } memory)
        {
            _table.TryPeek(bucket.Key.ForScenario(memory.Index), out prior);
        }

        sink.Raise(_findings.FromBucket(bucket, ticks, prior, HourOfDay(ticks)));
        bucket.RaisedTicks = ticks;
        bucket.RaisedCount = bucket.Count;
        if (bucket.Group is { } group)
        {
            group.RaisedTicks = ticks;
        }
    }

    private void Summarise(ScenarioRuntime scenario, in BucketKey key, ScenarioEvent e)
    {
        if (scenario.Definition.Count == CountMode.Attempts && !e.Attempt)
        {
            return;
        }

        var summary = _lastSummaries[scenario.Index] is { } last && last.Key.Equals(key) ? last : null;
        if (summary is null && !_summaries.TryGetValue(key, out summary))
        {
            if (_summaries.Count >= _options.MaxLearnedKeys)
            {
                _learnedKeysEvicted++;
                return;
            }

            summary = new SummaryBucket(key, scenario) { Rate = RateOf(key) };
            _summaries.Add(key, summary);
        }

        _lastSummaries[scenario.Index] = summary;

        if (summary.Count == 0)
        {
            summary.FirstTicks = e.Ticks;
        }

        int units = scenario.Definition.Count == CountMode.Attempts ? Math.Max(e.Attempts, 1) : 1;
        summary.Count += units;
        summary.LastTicks = Math.Max(summary.LastTicks, e.Ticks);
        summary.Service ??= e.Service;
        summary.Host ??= e.Host;
        if (summary.Rate is { } rate)
        {
            rate.Arrivals += units;
        }

        if (e.Address is { } address)
        {
            summary.Addresses.Add(address, e.ValueHashOf(ScenarioEntity.Ip, address), e.Ticks, 0, scenario.DistinctCap);
            summary.CountAddress(address);
        }

        if (e.User is { } user)
        {
            summary.Users.Add(user, e.ValueHashOf(ScenarioEntity.User, user), e.Ticks, 0, scenario.DistinctCap);
        }
    }

    private void EndPeriod(ScenarioRuntime scenario, long ticks, IFindingSink sink)
    {
        _summaryPeriods[scenario.Index] = ticks / scenario.Definition.Period.Ticks;
        List<BucketKey>? idle = null;
        foreach (var (key, summary) in _summaries)
        {
            if (summary.Scenario != scenario)
            {
                continue;
            }

            if (summary.Count == 0)
            {
                (idle ??= []).Add(key);
                continue;
            }

            sink.Raise(_findings.FromSummary(summary, ticks, HourOfDay(ticks)));
            summary.StartPeriod();
        }

        foreach (var key in idle ?? [])
        {
            _summaries.Remove(key);
        }

        if (idle is not null)
        {
            _lastSummaries[scenario.Index] = null;
        }
    }

    /// <summary>
    /// Ends the hours up to <paramref name="hour"/>: the population scenarios take each bucket's peak of the
    /// hour as a sample, histograms decay, learned rates take the hour's arrivals, capacities are set anew.
    /// </summary>
    private void EndHours(long hour)
    {
        foreach (var bucket in _active)
        {
            if (bucket.Rate is { } rate)
            {
                rate.OverflowedThisHour = true; // an attack that goes on teaches a quarter, hour after hour
            }
        }

        _table.Walk(bucket =>
        {
            SamplePeaks(bucket, leaving: false);
            return true;
        });

        long from = Math.Max(_hour, hour - MaxHoursCaughtUp);
        for (long ended = from; ended < hour; ended++)
        {
            int hourOfDay = (int)(ended % 24);
            foreach (var rate in _rates.Values)
            {
                rate.EndHour(hourOfDay);
            }

            foreach (var scenario in _scenarios)
            {
                scenario.Histogram?.Decay();
                scenario.FastHistogram?.Decay();
            }

            _hoursLearned++;
        }

        foreach (var scenario in _scenarios)
        {
            scenario.Relearn();
        }

        _hour = hour;
    }

    /// <summary>Removes the buckets that have drained (and whose remembered values have aged out).</summary>
    private void Sweep(long ticks)
    {
        _nextSweep = ticks + _options.SweepInterval.Ticks;
        if (_groups.Count > 0)
        {
            foreach (var stale in _groups.Where(g => IsStale(g.Value, ticks)).Select(g => g.Key).ToList())
            {
                _groups.Remove(stale);
            }
        }

        int hourOfDay = HourOfDay(ticks);
        _table.Walk(bucket =>
        {
            if (bucket.Overflowed)
            {
                return true;
            }

            bucket.Leak(ticks, bucket.Scenario.LeakPerTick(bucket, hourOfDay));
            long window = bucket.Scenario.DistinctWindowTicks;
            if (bucket.Level > 0 || (window > 0 && ticks - bucket.LastTicks < window))
            {
                return true;
            }

            Retire(bucket);
            return false;
        });
    }

    /// <summary>A bucket leaves the table (drained or evicted): its hour's peak still counts as a sample.</summary>
    private void Retire(LeakyBucket bucket)
    {
        SamplePeaks(bucket, leaving: true);

        if (bucket.Overflowed)
        {
            Deactivate(bucket, Math.Max(bucket.LastTicks, bucket.LevelTicks));
        }
    }

    /// <summary>
    /// A population scenario's bucket gives its hour's peaks (and its fast level's) to the scenario's histograms; the next
    /// hour's peaks start from the levels now, or from 0 when it is <paramref name="leaving"/> the table.
    /// </summary>
    private static void SamplePeaks(LeakyBucket bucket, bool leaving)
    {
        var scenario = bucket.Scenario;
        if (scenario.Histogram is { } histogram && bucket.HourPeak > 0)
        {
            histogram.Add(bucket.HourPeak);
            bucket.HourPeak = leaving ? 0 : bucket.Level;
        }

        if (scenario.FastHistogram is { } fast && bucket.FastHourPeak > 0)
        {
            fast.Add(bucket.FastHourPeak);
            bucket.FastHourPeak = leaving ? 0 : bucket.FastLevel;
        }
    }

    private KeyRate? RateOf(in BucketKey key)
    {
        if (_rates.TryGetValue(key, out var rate))
        {
            return rate;
        }

        if (_rates.Count >= _options.MaxLearnedKeys)
        {
            // Full: the key that has learned least makes room (rare: keys are services and sites).
            var least = _rates.MinBy(r => r.Value.Hours).Key;
            _rates.Remove(least);
            _learnedKeysEvicted++;
        }

        rate = new KeyRate();
        rate.StartQuiet(_hoursLearned); // the hours watched before its first arrival had none of it
        _rates.Add(key, rate);
        return rate;
    }

    private static int HourOfDay(long ticks) => (int)(ticks / TimeSpan.TicksPerHour % 24);

    public byte[] SaveState()
    {
        var histograms = _scenarios.Where(s => s.Histogram is not null)
            .Select(s => new ScenarioHistogramState(s.Kind, s.Histogram!.Save()))
            .Concat(_scenarios.Where(s => s.FastHistogram is not null).Select(s => new ScenarioHistogramState(s.Kind + FastSuffix, s.FastHistogram!.Save())))
            .ToList();
        var rates = _rates.Select(r => new ScenarioRateState(
            _scenarios[r.Key.Scenario].Kind, [r.Key.First, r.Key.Second, r.Key.Third], r.Value.Save())).ToList();
        return JsonSerializer.SerializeToUtf8Bytes(
            new ScenarioStateFile(ScenarioStateFile.CurrentVersion, histograms, rates, _hoursLearned, _accounts?.Save()), ScenarioStateJsonContext.Default.ScenarioStateFile);
    }

    /// <summary>Restores what was learned; state that is garbled, of another version or of unknown scenarios is ignored.</summary>
    public void LoadState(ReadOnlySpan<byte> state)
    {
        ScenarioStateFile? file;
        try
        {
            file = JsonSerializer.Deserialize(state, ScenarioStateJsonContext.Default.ScenarioStateFile);
        }
        catch (JsonException)
        {
            return;
        }

        if (file is not { Version: ScenarioStateFile.CurrentVersion })
        {
            return;
        }

        _hoursLearned = Math.Max(file.HoursLearned, 0);
        _accounts?.Load(file.Accounts);
        foreach (var saved in file.Histograms ?? [])
        {
            if (saved is { Kind: not null, Weights: not null }
                && (saved.Kind.EndsWith(FastSuffix, StringComparison.Ordinal)
                    ? Array.Find(_scenarios, s => s.Kind == saved.Kind[..^FastSuffix.Length])?.FastHistogram
                    : Array.Find(_scenarios, s => s.Kind == saved.Kind)?.Histogram) is { } histogram)
            {
                histogram.Load(saved.Weights);
            }
        }

        foreach (var saved in file.Rates ?? [])
        {
            if (saved is not { Kind: not null, Key: { Length: 3 } parts, Rate: not null } || _rates.Count >= _options.MaxLearnedKeys)
            {
                continue;
            }

            if (Array.Find(_scenarios, s => s.Kind == saved.Kind) is { LearnsPerKey: true } scenario)
            {
                var rate = new KeyRate();
                rate.Load(saved.Rate);
                _rates[BucketKey.Create(scenario.Index, parts[0], parts[1], parts[2])] = rate;
            }
        }

        foreach (var scenario in _scenarios)
        {
            scenario.Relearn();
        }
    }
}

/// <param name="Accounts">Hashes of host and user of the accounts that logged in (<see cref="AccountMemory"/>); optional.</param>
internal sealed record ScenarioStateFile(int Version, List<ScenarioHistogramState>? Histograms, List<ScenarioRateState>? Rates, long HoursLearned, long[]? Accounts = null)
{
    public const int CurrentVersion = 1;
}

internal sealed record ScenarioHistogramState(string? Kind, double[]? Weights);

internal sealed record ScenarioRateState(string? Kind, string?[]? Key, KeyRateState? Rate);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ScenarioStateFile))]
internal sealed partial class ScenarioStateJsonContext : JsonSerializerContext;
