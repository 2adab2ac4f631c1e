using System.Text.RegularExpressions;

namespace LogWarden.Detect.Scenarios;

/// <summary>How a scenario's buckets behave.</summary>
internal enum ScenarioType
{
    /// <summary>Raises when a bucket overflows its capacity.</summary>
    Leaky,

    /// <summary>Raises on the first matching event (capacity 0), when its requirement holds.</summary>
    Trigger,

    /// <summary>A leaky bucket that never raises: what triggers remember (failed attempts per address).</summary>
    Memory,

    /// <summary>Counts for a period and raises one info finding per key and period.</summary>
    Summary,
}

/// <summary>What one event adds to a bucket.</summary>
internal enum CountMode
{
    Lines,

    /// <summary>One per login attempt, however many lines the service writes for it.</summary>
    Attempts,
}

/// <summary>The entities a scenario keys, counts or tests by.</summary>
internal enum ScenarioEntity : byte
{
    /// <summary>The remote address (or the remote host name when the line names only that).</summary>
    Ip,
    User,
    Path,
    Service,

    /// <summary>This machine (or the virtual host of an access log).</summary>
    Host,
    Source,
    Program,
}

/// <summary>How a scenario learns the host's background.</summary>
internal enum BackgroundMode
{
    None,

    /// <summary>The capacity rises to what the hourly peaks of all keys reach (routine scanners).</summary>
    Population,

    /// <summary>The leak rate rises to the key's own learned rate (by hour of day), and with a chance per day the capacity too.</summary>
    PerKey,
}

/// <summary>One alternative of a scenario's <c>when</c>: an event matches when it passes every test set here.</summary>
internal sealed record EventFilter
{
    public IReadOnlySet<string>? Kinds { get; init; }
    public IReadOnlySet<string>? Services { get; init; }
    public IReadOnlySet<string>? NotServices { get; init; }

    /// <summary>Accounts this alternative leaves out (<c>not_users</c>): root, which every scanner of the internet tries.</summary>
    public IReadOnlySet<string>? NotUsers { get; init; }
    public bool? Hostile { get; init; }

    /// <summary>Inclusive status range; 0/0 when the filter does not look at the status.</summary>
    public int StatusMin { get; init; }
    public int StatusMax { get; init; }

    public IReadOnlyList<ScenarioEntity> Has { get; init; } = [];

    /// <summary>Only paths whose shape the site never served successfully.</summary>
    public bool UnservedPath { get; init; }

    /// <summary>Only while the key's successes are at most this share of its requests (null: no test).</summary>
    public double? MaxSuccessRatio { get; init; }

    /// <summary>Only events whose user has logged in successfully on this host before (<c>user: logs_in</c>).</summary>
    public bool UserLogsIn { get; init; }

    /// <summary>Only events from an address that has tried no account that does not exist (<c>ip: real_users_only</c>).</summary>
    public bool RealUsersOnly { get; init; }

    /// <summary>Only events from an address that has never logged in successfully here (<c>ip: strangers</c>, which implies <c>real_users_only</c>).</summary>
    public bool StrangersOnly { get; init; }
}

/// <param name="InitialCapacity">The capacity of a population scenario until it has learned (0: the defined capacity).</param>
/// <param name="ChancePerDay">
/// Per-key: how often a day the key's usual arrivals (its learned rate, as a Poisson process) may overflow its
/// bucket; the key's capacity rises until they would overflow it less often. Null: the defined capacity holds.
/// </param>
/// <param name="Surge">Per-key: the test that overflows a key whose count its learned rate cannot explain before its bucket fills (null: none).</param>
/// <param name="Fast">Population: a second, fast-draining level of every bucket that overflows it sooner (null: none).</param>
internal sealed record BackgroundDefinition(BackgroundMode Mode, double Factor, double Quantile, double MinSamples, double MaxRaise, int MinHours, double InitialCapacity, double? ChancePerDay = null, SurgeTest? Surge = null, FastLevel? Fast = null);

/// <summary>
/// A population scenario's fast level: every bucket also keeps a level draining one unit every <paramref name="Leak"/>,
/// which overflows the bucket when it rises above <paramref name="Capacity"/> raised the way the scenario's capacity is
/// (factor × the quantile of its own hourly peaks over all keys, at most max_raise times). The slow level stands for a
/// count within minutes, this one for a rate: an attacker trying twice as fast as the host's busiest routine scanners
/// stands out from them long before it has tried more than they do.
/// </summary>
internal sealed record FastLevel(TimeSpan Leak, double Capacity);

/// <summary>
/// A per-key scenario's early overflow: an episode of at least <paramref name="MinCount"/> units spread over at least
/// <paramref name="MinSpan"/> (a rate that holds, not one blip) whose count is less likely than <paramref name="Probability"/>
/// at the key's learned rate for that hour of day (as a Poisson process, at least one a day).
/// </summary>
internal sealed record SurgeTest(double Probability, int MinCount, TimeSpan MinSpan);

/// <summary>A trigger's condition: the bucket of <paramref name="Scenario"/> (a memory) for the same key holds at least <paramref name="Min"/>.</summary>
internal sealed record Requirement(string Scenario, double Min);

/// <summary>One scenario as its YAML defines it (see scenarios.yaml for the meaning of each key).</summary>
internal sealed record ScenarioDefinition
{
    public required string Kind { get; init; }
    public ScenarioType Type { get; init; } = ScenarioType.Leaky;
    public FindingSeverity Severity { get; init; } = FindingSeverity.Warning;
    public string Description { get; init; } = "";
    public required IReadOnlyList<EventFilter> When { get; init; }
    public IReadOnlyList<EventFilter> Success { get; init; } = [];
    public required IReadOnlyList<ScenarioEntity> Key { get; init; }
    public CountMode Count { get; init; } = CountMode.Lines;
    public ScenarioEntity? Distinct { get; init; }
    public TimeSpan DistinctWindow { get; init; }
    public double Capacity { get; init; }
    public TimeSpan Leak { get; init; }
    public double MaxLevel { get; init; }
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromMinutes(1);
    public BackgroundDefinition? Background { get; init; }
    public Requirement? Requires { get; init; }
    public TimeSpan Period { get; init; }

    /// <summary>
    /// Key entities one finding stands for: while a finding of these values goes on, other buckets that
    /// overflow join it (same entities, so one incident) instead of raising their own. Empty: one per bucket.
    /// </summary>
    public IReadOnlyList<ScenarioEntity> OneFindingPer { get; init; } = [];

    /// <summary>
    /// Counts every matching event (so a key's rate is learned from all of them) but raises only on an event whose
    /// user has logged in successfully on this host (<c>raise_if: user_logs_in</c>).
    /// </summary>
    public bool RaiseIfUserLogsIn { get; init; }

    /// <summary>
    /// A finding whose key holds no user names the account its attempts tried most when none has two thirds of them
    /// (<c>name_user: most_tried</c>): a campaign spread over a list of accounts is on those accounts, the first of which
    /// the operator looks at.
    /// </summary>
    public bool NameMostTriedUser { get; init; }

    public required TitleTemplate Title { get; init; }

    /// <summary>Where it was defined ("scenarios.yaml, line 12"), for messages.</summary>
    public string Origin { get; init; } = "";
}

/// <summary>A service: a name, how titles spell it, and the programs that are it.</summary>
internal sealed record ServiceDefinition(string Name, string Title, Regex Programs);

/// <summary>
/// A line the security recogniser does not report on its own that is still a login attempt to scenarios:
/// on a host without password authentication, sshd writes nothing but "Connection closed by authenticating
/// user root 203.0.113.7 port 4711 [preauth]" for a refused attempt. Only lines ending with
/// <paramref name="Suffix"/> are matched (an O(1) test on every line), then <paramref name="Pattern"/>, whose
/// <c>addr</c> and <c>user</c> groups name the entities.
/// </summary>
internal sealed record AttemptLineDefinition(string Kind, bool Hostile, string Suffix, Regex Pattern);
