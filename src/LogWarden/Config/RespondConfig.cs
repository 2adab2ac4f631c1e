using System.Net;

namespace LogWarden.Config;

/// <summary>
/// The <c>respond:</c> section: playbooks of typed actions run when incidents match. Off unless
/// <see cref="Enabled"/>, and only logging what it would do unless <see cref="DryRun"/> is false.
/// </summary>
internal sealed record RespondConfig
{
    public bool Enabled { get; init; }

    /// <summary>Record what would be done, run nothing. True until the owner says otherwise.</summary>
    public bool DryRun { get; init; } = true;

    /// <summary>While this file exists, no action runs (each is recorded as refused).</summary>
    public string KillSwitch { get; init; } = "/etc/logwarden/respond.off";

    /// <summary>Ranges never banned, beside loopback, this host's addresses and current SSH clients.</summary>
    public IReadOnlyList<IPNetwork> AdminCidrs { get; init; } = [];

    /// <summary>Prefix an IPv6 address is widened to before it is banned.</summary>
    public int Ipv6Prefix { get; init; } = 64;

    public TimeSpan ActionTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>At most this many actions per <see cref="RateLimitPeriod"/> (beyond it: refused and recorded).</summary>
    public int RateLimit { get; init; } = 30;

    public TimeSpan RateLimitPeriod { get; init; } = TimeSpan.FromHours(1);

    public BanConfig Ban { get; init; } = new();

    /// <summary>Units `restart-unit` may restart; empty: none.</summary>
    public IReadOnlyList<string> Units { get; init; } = [];

    /// <summary>Restarts per unit within <see cref="RestartPeriod"/>.</summary>
    public int RestartBudget { get; init; } = 3;

    public TimeSpan RestartPeriod { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Scripts `run-script` may run, by name: absolute paths.</summary>
    public IReadOnlyDictionary<string, string> Scripts { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<PlaybookConfig> Playbooks { get; init; } = [];

    /// <summary>Directories `clean-temp` may delete old files in (absolute; nothing else, never a path from a log).</summary>
    public IReadOnlyList<string> TempDirs { get; init; } = [];

    /// <summary>Where `capture-diagnostics` looks for the largest directories (bounded walk, symlinks not followed).</summary>
    public IReadOnlyList<string> DiagnosticRoots { get; init; } = ["/var", "/tmp", "/home"];

    /// <summary>`vacuum-journal` works on this journal directory (journalctl --directory); null: the system journal.</summary>
    public string? JournalDirectory { get; init; }

    /// <summary>Absolute paths of the tools the actions run.</summary>
    public string Systemctl { get; init; } = "/usr/bin/systemctl";

    public string Journalctl { get; init; } = "/usr/bin/journalctl";
}

internal sealed record BanConfig
{
    public TimeSpan Duration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Each earlier ban of the same network multiplies the duration by this.</summary>
    public double RepeatFactor { get; init; } = 4;

    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromDays(30);

    public string Nft { get; init; } = "/usr/sbin/nft";

    /// <summary>Run nft inside this network namespace (`ip netns exec NAME nft …`); null: the host's.</summary>
    public string? Netns { get; init; }

    public string Ip { get; init; } = "/usr/sbin/ip";

    /// <summary>nftables, iptables (with ipset), or auto: nftables when <see cref="Nft"/> exists, else iptables.</summary>
    public string Backend { get; init; } = "auto";

    public string Iptables { get; init; } = "/usr/sbin/iptables";

    public string Ip6tables { get; init; } = "/usr/sbin/ip6tables";

    public string Ipset { get; init; } = "/usr/sbin/ipset";

    public static readonly IReadOnlyList<string> Backends = ["auto", "nftables", "iptables"];
}

internal sealed record PlaybookConfig
{
    public required string Name { get; init; }

    /// <summary>Matchers on the incident's labels (kind, severity, host, and entities such as ip, user, unit); all must hold.</summary>
    public IReadOnlyList<string> Match { get; init; } = [];

    public IReadOnlyList<PlaybookActionConfig> Actions { get; init; } = [];

    public string Origin { get; init; } = "";
}

internal sealed record PlaybookActionConfig
{
    public static readonly IReadOnlyList<string> Types = ["ban", "unban", "restart-unit", "capture-diagnostics", "run-script", "notify", "vacuum-journal", "clean-temp"];

    public required string Type { get; init; }

    /// <summary>ban: how long (default: respond.ban.duration, longer for repeat offenders).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>restart-unit / capture-diagnostics: a fixed unit, or "{unit}" for the incident's unit entity.</summary>
    public string? Unit { get; init; }

    /// <summary>run-script: a name from respond.scripts.</summary>
    public string? Script { get; init; }

    /// <summary>run-script: literal arguments and placeholders ({ip}, {user}, {unit}, {incident}, {kind}, {severity}).</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>restart-unit: also `systemctl reset-failed` first.</summary>
    public bool ResetFailed { get; init; } = true;

    /// <summary>vacuum-journal: keep at most this much (journalctl --vacuum-size: digits and K, M or G).</summary>
    public string? Size { get; init; }

    /// <summary>vacuum-journal: drop archived journal files older than this (journalctl --vacuum-time).</summary>
    public TimeSpan? Age { get; init; }

    /// <summary>clean-temp: one of respond.temp_dirs (null: all of them).</summary>
    public string? Directory { get; init; }

    /// <summary>clean-temp: delete files not modified for this long.</summary>
    public TimeSpan OlderThan { get; init; } = TimeSpan.FromDays(7);
}
