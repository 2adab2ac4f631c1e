namespace LogWarden.Config;

/// <summary>
/// The daemon's configuration (YAML; dist/logwarden.yaml documents every key). Every key can be overridden
/// by an environment variable or a `.env` line: <c>LOGWARDEN_STORE__RETENTION=14d</c> sets
/// <c>store.retention</c>; list items are addressed by index (<c>LOGWARDEN_SOURCES__FILES__0__PATHS__0</c>).
/// </summary>
internal sealed record LogWardenConfig
{
    /// <summary>Where the store lives. Default: /var/lib/logwarden as root, else $XDG_DATA_HOME/logwarden (~/.local/share/logwarden).</summary>
    public string? DataDir { get; init; }

    /// <summary>The HTTP listener (Loki push API now; dashboard and APIs later).</summary>
    public string Listen { get; init; } = "127.0.0.1:9740";

    /// <summary>The host label given to this machine's streams. Default: the machine name.</summary>
    public string? Host { get; init; }

    public SourcesConfig Sources { get; init; } = new();

    public StoreConfig Store { get; init; } = new();

    /// <summary>The optional LLM for incident explanations (off unless a key or base URL is set).</summary>
    public LlmConfig Llm { get; init; } = new();

    public ReportConfig Report { get; init; } = new();
    public AlertsConfig Alerts { get; init; } = new();

    /// <summary>The detectors' options (the <c>detect:</c> section).</summary>
    public DetectConfig Detect { get; init; } = new();

    /// <summary>The HTTP listener's authentication, TLS and limits.</summary>
    public WebConfig Web { get; init; } = new();
    /// <summary>Automated response (off, and dry-run, by default).</summary>
    public RespondConfig Respond { get; init; } = new();

    /// <summary>Destinations this daemon forwards its stored lines to (agent mode, forwarding to Loki); empty: none.</summary>
    public IReadOnlyList<ShipDestinationConfig> Ship { get; init; } = [];

    /// <summary>The agents a central node accepts pushes from (per-agent tokens and limits).</summary>
    public FleetConfig Fleet { get; init; } = new();
}

internal sealed record SourcesConfig
{
    /// <summary>Add the usual sources of a Debian/Ubuntu/RHEL server that exist on this machine.</summary>
    public bool Discover { get; init; } = true;

    public IReadOnlyList<FileSourceConfig> Files { get; init; } = [];

    public JournalConfig Journal { get; init; } = new();

    public DockerConfig Docker { get; init; } = new();

    public SyslogConfig Syslog { get; init; } = new();

    public LokiPushConfig LokiPush { get; init; } = new();

    /// <summary>An existing Loki to follow through its query_range API; null: none.</summary>
    public LokiQueryConfig? LokiQuery { get; init; }

    public HostMetricsConfig HostMetrics { get; init; } = new();
}

internal sealed record FileSourceConfig
{
    /// <summary>Paths and globs (<c>*</c>, <c>?</c>, <c>**</c>, <c>{a,b}</c>).</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Decoder name or LogPAI format string; null to detect per file.</summary>
    public string? Format { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}

internal sealed record JournalConfig
{
    /// <summary>Null: on when journalctl exists.</summary>
    public bool? Enabled { get; init; }

    /// <summary>Only these units (empty: all).</summary>
    public IReadOnlyList<string> Units { get; init; } = [];

    /// <summary>Read a journal directory instead of the system journal (copied journals, tests).</summary>
    public string? Directory { get; init; }
}

internal sealed record DockerConfig
{
    /// <summary>Null: on when the containers directory exists.</summary>
    public bool? Enabled { get; init; }

    public string Root { get; init; } = "/var/lib/docker/containers";
}

internal sealed record SyslogConfig
{
    /// <summary>UDP listen address, e.g. 127.0.0.1:5514; null: off.</summary>
    public string? Udp { get; init; }

    /// <summary>TCP listen address; null: off.</summary>
    public string? Tcp { get; init; }

    public long MaxMessageBytes { get; init; } = 64 * 1024;
}

internal sealed record LokiPushConfig
{
    public bool Enabled { get; init; } = true;

    public long MaxBodyBytes { get; init; } = 10 * 1024 * 1024;
}

/// <summary><c>sources.loki_query</c>: what <see cref="Collect.LokiPush.LokiQueryOptions"/> takes (its defaults when a key is absent).</summary>
internal sealed record LokiQueryConfig
{
    public required Collect.LokiPush.LokiQueryOptions Options { get; init; }
}

internal sealed record HostMetricsConfig
{
    public bool Enabled { get; init; } = true;

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>Which store keeps everything: the embedded one (a data directory) or PostgreSQL (a central node).</summary>
internal enum StoreKind
{
    Embedded,
    Postgres,
}

internal sealed record StoreConfig
{
    public StoreKind Kind { get; init; } = StoreKind.Embedded;

    /// <summary>PostgreSQL: an Npgsql connection string without a password (<c>Host=db;Database=logwarden;Username=logwarden</c>).</summary>
    public string? Connection { get; init; }

    /// <summary>PostgreSQL: a file holding the password (first line); else PGPASSWORD or a libpq passfile.</summary>
    public string? PasswordFile { get; init; }

    /// <summary>Keep this much history; null: no age limit.</summary>
    public TimeSpan? Retention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Keep at most this many bytes of logs; null: no size limit.</summary>
    public long? MaxSize { get; init; }

    /// <summary>Stop writing before free space on the data disk falls below this.</summary>
    public long MinFreeDisk { get; init; } = 1L << 30;
}
