namespace LogWarden.Config;

/// <summary>
/// The <c>alerts:</c> section: channels (where notifications go), routes (which incidents go where),
/// and the noise controls. Secrets (tokens, passwords, signing keys) are read here and never logged;
/// <see cref="AlertChannelConfig.ToString"/> hides them.
/// </summary>
internal sealed record AlertsConfig
{
    public bool Enabled { get; init; } = true;

    /// <summary>Base of the dashboard links in messages (…/incidents/{id}); default: http:// + the listen address.</summary>
    public string? PublicUrl { get; init; }

    /// <summary>Incidents below this severity are not notified (info incidents are recorded only).</summary>
    public string MinSeverity { get; init; } = "warning";

    public IReadOnlyList<AlertChannelConfig> Channels { get; init; } = [];

    /// <summary>First match wins unless a route says <c>continue</c>; no route matching: every channel.</summary>
    public IReadOnlyList<AlertRouteConfig> Routes { get; init; } = [];

    /// <summary>Defaults of every route (a route may override them).</summary>
    public AlertTimingConfig Timing { get; init; } = new();

    /// <summary>Non-critical notices are held during these hours and sent when they end (never dropped).</summary>
    public QuietHoursConfig? QuietHours { get; init; }

    /// <summary>Duration of `logwarden silence add` when none is given.</summary>
    public TimeSpan SilenceDuration { get; init; } = TimeSpan.FromHours(2);
}

/// <summary>When to tell, per route.</summary>
internal sealed record AlertTimingConfig
{
    /// <summary>Hold a new incident's first notice this long, so quick escalations and updates arrive as one message.</summary>
    public TimeSpan GroupWait { get; init; } = TimeSpan.Zero;

    /// <summary>Tell again about an incident still open after this long; null: never.</summary>
    public TimeSpan? RepeatInterval { get; init; } = TimeSpan.FromHours(4);

    /// <summary>Send a notice when a notified incident is resolved.</summary>
    public bool SendResolved { get; init; } = true;
}

internal sealed record AlertRouteConfig
{
    /// <summary>Label matchers that must all hold (severity=critical, host=~web-.*, kind!=disk-full); empty: every alert.</summary>
    public IReadOnlyList<string> Match { get; init; } = [];

    /// <summary>Channel names.</summary>
    public IReadOnlyList<string> Channels { get; init; } = [];

    /// <summary>Go on to the next routes after this one matched.</summary>
    public bool Continue { get; init; }

    public TimeSpan? GroupWait { get; init; }

    /// <summary>Null: the default; <see cref="TimeSpan.Zero"/>: never repeat.</summary>
    public TimeSpan? RepeatInterval { get; init; }

    public bool? SendResolved { get; init; }

    /// <summary>Where in the file (for errors found after binding).</summary>
    public string Origin { get; init; } = "";
}

internal sealed record QuietHoursConfig
{
    /// <summary>Local start, "22:00".</summary>
    public required TimeOnly From { get; init; }

    /// <summary>Local end, "07:00" (before <see cref="From"/>: the quiet hours span midnight).</summary>
    public required TimeOnly To { get; init; }

    /// <summary>IANA name; null: UTC.</summary>
    public string? TimeZone { get; init; }
}

/// <summary>One channel: a type and its settings (which settings apply depends on the type; see dist/logwarden.yaml).</summary>
internal sealed record AlertChannelConfig
{
    public static readonly IReadOnlyList<string> Types = ["telegram", "email", "slack", "discord", "dingtalk", "webhook", "alertmanager", "ntfy", "gotify"];

    public required string Name { get; init; }

    public required string Type { get; init; }

    /// <summary>The endpoint: webhook URL (slack, discord, webhook), server base URL (alertmanager, ntfy, gotify, telegram's API, dingtalk's API).</summary>
    public string? Url { get; init; }

    /// <summary>Secret: telegram bot token, dingtalk access_token, gotify app token, ntfy access token.</summary>
    public string? Token { get; init; }

    public string? ChatId { get; init; }

    public string? Topic { get; init; }

    /// <summary>Secret: dingtalk's signing secret (SEC…), the webhook's HMAC key.</summary>
    public string? Secret { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>E-mail: SMTP server.</summary>
    public string? Host { get; init; }

    public int? Port { get; init; }

    /// <summary>E-mail: starttls (default, port 587), tls (implicit, port 465), none, auto.</summary>
    public string Security { get; init; } = "starttls";

    public string? Username { get; init; }

    /// <summary>Secret.</summary>
    public string? Password { get; init; }

    public string? From { get; init; }

    public IReadOnlyList<string> To { get; init; } = [];

    /// <summary>Trust this PEM certificate (a private CA or a self-signed server) besides the system's.</summary>
    public string? CaFile { get; init; }

    /// <summary>At most this many sends per <see cref="RateLimitPeriod"/>; more wait their turn (never dropped). 0: no limit.</summary>
    public int RateLimit { get; init; }

    public TimeSpan RateLimitPeriod { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where in the file (for errors found after binding).</summary>
    public string Origin { get; init; } = "";

    /// <summary>Secrets hidden: what may be logged or printed.</summary>
    public override string ToString() => $"{Type} channel '{Name}'";
}
