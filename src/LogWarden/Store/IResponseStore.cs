namespace LogWarden.Store;

/// <summary>One action the responder ran, refused or (in dry-run) would have run: the audit trail.</summary>
/// <param name="Result">ok, failed, dry-run or refused.</param>
/// <param name="Arguments">The action's validated arguments (and the command line it ran), for the reader.</param>
internal sealed record ResponseActionRecord(
    long Id,
    DateTimeOffset At,
    long IncidentId,
    string Playbook,
    string Action,
    string Arguments,
    string Result,
    string Output,
    TimeSpan Duration);

/// <summary>A ban as recorded: the network (canonical address/prefix), its window and whether it was lifted early.</summary>
internal sealed record BanRecord(
    long Id,
    string Network,
    DateTimeOffset BannedAt,
    DateTimeOffset ExpiresAt,
    long IncidentId,
    string Reason,
    DateTimeOffset? LiftedAt);

/// <summary>The responder's audit trail and its ban list (the firewall enforces bans; this remembers them).</summary>
internal interface IResponseStore
{
    long RecordAction(ResponseActionRecord action);

    /// <summary>Newest first; only one incident's when <paramref name="incidentId"/> is given.</summary>
    IReadOnlyList<ResponseActionRecord> ListActions(int limit, long? incidentId = null);

    long RecordBan(BanRecord ban);

    /// <summary>Bans neither expired nor lifted at <paramref name="now"/>, newest first.</summary>
    IReadOnlyList<BanRecord> CurrentBans(DateTimeOffset now);

    /// <summary>How many times this network was banned before (repeat offenders are banned longer).</summary>
    int BanCount(string network);

    /// <summary>Marks the network's current bans lifted; returns how many were.</summary>
    int LiftBans(string network, DateTimeOffset now);

    /// <summary>
    /// Actions recorded at or after <paramref name="since"/> with one of <paramref name="results"/>, of type
    /// <paramref name="action"/> (any when null) whose arguments' first line is <paramref name="arguments"/>
    /// (any when null): what the restart budget and the rate limit count, so that both hold across restarts.
    /// </summary>
    int CountActions(string? action, string? arguments, IReadOnlyList<string> results, DateTimeOffset since);
}
