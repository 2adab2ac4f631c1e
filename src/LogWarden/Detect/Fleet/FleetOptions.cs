namespace LogWarden.Detect.Fleet;

/// <summary>
/// Cross-host detection on a central node (the <c>fleet:</c> section). Every time is log time; in the daemon
/// log time follows the wall clock.
/// </summary>
internal sealed record FleetOptions
{
    /// <summary>This node's own host name: its own streams and metrics are not a fleet member that can fall silent.</summary>
    public string? LocalHost { get; init; }

    /// <summary>Hosts an address must have attacked (a warning finding naming it on each) for a fleet attack.</summary>
    public int MinAttackedHosts { get; init; } = 2;

    /// <summary>At this many hosts the fleet attack is critical.</summary>
    public int CriticalAttackedHosts { get; init; } = 3;

    /// <summary>How long one address's attacks on different hosts count as one campaign.</summary>
    public TimeSpan AttackWindow { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Hosts on which the same template must appear as a new error for a fleet finding (a deploy gone wrong).</summary>
    public int MinNewErrorHosts { get; init; } = 2;

    /// <summary>How close together the new error must appear on those hosts.</summary>
    public TimeSpan NewErrorWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A host is silent after at least this long without a line or a metrics sample (agents send a sample,
    /// possibly empty, every 10 s: a quiet host still reports, a dead one does not).
    /// </summary>
    public TimeSpan SilentAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>…and after this many of its usual gaps between reports (learned), when that is longer.</summary>
    public double SilentGapFactor { get; init; } = 4;

    /// <summary>…but never later than this: a host that used to report hourly is still missed within the day.</summary>
    public TimeSpan MaxSilentAfter { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Reports a host must have made before its silence is judged (its cadence is learnt from them).</summary>
    public int MinReports { get; init; } = 3;

    /// <summary>While a host stays silent its finding is raised again this often (keeps its incident open).</summary>
    public TimeSpan SilentRepeat { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Hosts tracked at most (the ones heard from longest ago are forgotten beyond).</summary>
    public int MaxHosts { get; init; } = 10_000;

    /// <summary>Addresses and templates tracked at most across hosts (expired ones are dropped first).</summary>
    public int MaxEpisodes { get; init; } = 10_000;

    internal void Validate()
    {
        if (MinAttackedHosts < 2 || CriticalAttackedHosts < MinAttackedHosts || MinNewErrorHosts < 2 || AttackWindow <= TimeSpan.Zero
            || NewErrorWindow <= TimeSpan.Zero || SilentAfter <= TimeSpan.Zero || MaxSilentAfter < SilentAfter || SilentGapFactor < 1
            || MinReports < 1 || SilentRepeat <= TimeSpan.Zero || MaxHosts < 1 || MaxEpisodes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(FleetOptions), "fleet detection options out of range");
        }
    }
}
