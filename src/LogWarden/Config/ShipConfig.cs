using LogWarden.Store;

namespace LogWarden.Config;

/// <summary>What a destination is: another LogWarden (exactly once, by the agent's sequence) or any Loki-compatible backend (at least once).</summary>
internal enum ShipKind
{
    LogWarden,
    Loki,
}

/// <summary>
/// One entry of the <c>ship:</c> list: where this daemon forwards the lines of its store (Loki's push API,
/// protobuf + snappy). Off unless listed.
/// </summary>
internal sealed record ShipDestinationConfig
{
    /// <summary>Unique name; the checkpoint of what it acknowledged is kept under <c>ship</c>/<c>NAME</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary>The push URL, e.g. <c>https://central:9740/loki/api/v1/push</c>.</summary>
    public Uri Url { get; init; } = new("http://127.0.0.1:3100/loki/api/v1/push");

    public ShipKind Kind { get; init; } = ShipKind.LogWarden;

    /// <summary>Bearer token sent as <c>Authorization: Bearer</c>.</summary>
    public string? Token { get; init; }

    /// <summary>Basic authentication (both or neither).</summary>
    public string? Username { get; init; }

    /// <inheritdoc cref="Username"/>
    public string? Password { get; init; }

    /// <summary>PEM file of the CA that signed the destination's certificate (https with a private CA).</summary>
    public string? TlsCa { get; init; }

    /// <summary>Labels added to (or replacing those of) every stream shipped.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Only streams that pass all these (LogQL matchers, e.g. <c>{job=~"nginx|app", env!="dev"}</c>); empty: all.</summary>
    public IReadOnlyList<LabelMatcher> Match { get; init; } = [];

    /// <summary>Lines per push at most.</summary>
    public int BatchLines { get; init; } = 5000;

    /// <summary>Uncompressed bytes of lines per push at most (a single longer line still goes, alone).</summary>
    public long BatchBytes { get; init; } = 4L << 20;

    /// <summary>
    /// Warn when the oldest line not yet acknowledged is older than this (the store's retention deletes
    /// unshipped lines too). Null: 80 % of <c>store.retention</c>.
    /// </summary>
    public TimeSpan? MaxBacklog { get; init; }

    /// <summary>Ship what the store already holds when the destination is first configured (default: only lines stored from then on).</summary>
    public bool Backfill { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between retries of a failing push (they start at half a second and double, with jitter).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Ship this host's metrics too (default for a LogWarden destination; Loki has no place for them): the
    /// samples in the local store, every <see cref="MetricsInterval"/>, and an empty sample as a heartbeat when
    /// there is none, so the central tells a quiet host from a dead one.
    /// </summary>
    public bool Metrics { get; init; }

    public TimeSpan MetricsInterval { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>The <c>fleet:</c> section of a central node: the agents allowed to push, and their limits.</summary>
internal sealed record FleetConfig
{
    public IReadOnlyList<FleetAgentConfig> Agents { get; init; } = [];

    /// <summary>Lines per second one agent may push (a token bucket holding <see cref="BurstSeconds"/> of them); over it, 429.</summary>
    public long MaxLinesPerSecond { get; init; } = 100_000;

    public double BurstSeconds { get; init; } = 5;

    /// <summary>An agent is reported silent after this long without a line or a metrics sample (longer if its learnt cadence is slower).</summary>
    public TimeSpan SilentAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Hosts an address must attack (a warning on each) to be one fleet incident.</summary>
    public int AttackedHosts { get; init; } = 2;

    /// <summary>Cross-host detection's options on this node, whose own host (<paramref name="localHost"/>) is no agent.</summary>
    public Detect.Fleet.FleetOptions ToDetection(string? localHost) => new()
    {
        LocalHost = localHost,
        SilentAfter = SilentAfter,
        MinAttackedHosts = AttackedHosts,
        CriticalAttackedHosts = Math.Max(3, AttackedHosts),
    };
}

/// <summary>An agent: the only <c>host</c> label it may write, and the SHA-256 (hex) of its token.</summary>
internal sealed record FleetAgentConfig(string Host, string TokenSha256);
