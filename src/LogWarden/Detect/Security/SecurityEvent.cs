namespace LogWarden.Detect.Security;

/// <summary>
/// One log line recognised as a security event: what happened (<see cref="Kind"/>), whether it is hostile
/// (failures, probes, attacks) or informational (successes), and who it is about.
/// </summary>
/// <param name="Kind">One of <see cref="SecurityEventKinds"/>.</param>
/// <param name="Hostile">True for failures, probes and attacks; false for successes and other informational events.</param>
/// <param name="Ip">The remote IP address (IPv4-mapped IPv6 written as IPv4), when the line or its session names one.</param>
/// <param name="Host">The remote host name, when the line names the peer by name only.</param>
/// <param name="User">The account the event is about, as the line spells it.</param>
/// <param name="Path">For web events, the requested path.</param>
internal sealed record SecurityEvent(string Kind, bool Hostile, string? Ip = null, string? Host = null, string? User = null, string? Path = null);

/// <summary>The kinds the recogniser produces (the YAML rules may name others).</summary>
internal static class SecurityEventKinds
{
    public const string AuthFailure = "auth-failure";
    public const string InvalidUser = "invalid-user";
    public const string AccessDenied = "access-denied";
    public const string AuthSuccess = "auth-success";
    public const string SessionOpened = "session-opened";

    /// <summary>A success in a session that had failed attempts before it: a guessed password looks like this.</summary>
    public const string AuthSuccessAfterFailures = "auth-success-after-failures";

    /// <summary>A later line of a session with failed attempts, naming the remote address (a disconnect, a summary).</summary>
    public const string FailedSession = "failed-session";

    public const string WebProbe = "web-probe";
    public const string WebAuthFailure = "web-auth-failure";
    public const string WebForbidden = "web-forbidden";
    public const string WebNotFound = "web-not-found";
    public const string BadRequest = "bad-request";
    public const string BadBot = "bad-bot";
    public const string RateLimited = "rate-limited";
    public const string Blocked = "blocked";
}
