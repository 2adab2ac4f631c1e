namespace LogWarden.Store;

/// <summary>Where an outbox entry is: waiting (never sent, or sends failed so far), delivered, or given up on.</summary>
internal enum OutboxState : byte
{
    Pending = 0,
    Delivered = 1,

    /// <summary>The channel refused this message itself (not the channel being down) several times: kept and shown, not retried.</summary>
    Failed = 2,
}

/// <summary>One notification to deliver to one channel, as the router enqueues it.</summary>
/// <param name="DedupeKey">
/// Unique per (channel, incident, notice): enqueueing the same key again does nothing, so that a replay
/// after a restart never sends a notice twice.
/// </param>
/// <param name="NotBefore">Held until then (quiet hours, the grouping window).</param>
/// <param name="Payload">The message (JSON of the alert message), rendered per channel at send time.</param>
internal sealed record OutboxEntry(
    string DedupeKey,
    string Channel,
    long IncidentId,
    string Notice,
    string Severity,
    DateTimeOffset CreatedAt,
    DateTimeOffset NotBefore,
    string Payload);

/// <summary>An outbox entry with its delivery state.</summary>
internal sealed record OutboxRow(
    long Id,
    OutboxEntry Entry,
    OutboxState State,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    string? LastError);

/// <summary>What `logwarden alerts` lists: newest first.</summary>
internal sealed record OutboxQuery
{
    /// <summary>Only these states; empty for all.</summary>
    public IReadOnlyList<OutboxState> States { get; init; } = [];

    public string? Channel { get; init; }

    public int Limit { get; init; } = 100;
}

/// <summary>
/// The durable outbox of alert notifications (no alert lost): the router enqueues, the delivery worker
/// sends each channel's due entries in id order and records the outcome. An entry is marked delivered in
/// the same transaction that records its attempt; a crash between a send and that mark means the entry is
/// sent again on restart (at least once; see Alert/README.md).
/// </summary>
internal interface IAlertOutbox
{
    /// <summary>Adds the entries that are new (by <see cref="OutboxEntry.DedupeKey"/>), in one transaction; returns how many were new.</summary>
    /// <exception cref="StoreFullException">The disk-space guard refused the write.</exception>
    int Enqueue(IReadOnlyList<OutboxEntry> entries);

    /// <summary>
    /// Replaces the message of an entry still held until after <paramref name="heldAfter"/> (a grouping
    /// window folding an escalation into the first notice); false when it is due, sent, or unknown. The
    /// delivery worker never reads an entry before its hold ends, so it cannot be sending this one.
    /// </summary>
    bool ReplacePending(string dedupeKey, string severity, string payload, DateTimeOffset heldAfter);

    /// <summary>Pending entries of <paramref name="channel"/> whose hold is over at <paramref name="now"/>, oldest id first.</summary>
    IReadOnlyList<OutboxRow> DueEntries(string channel, DateTimeOffset now, int limit);

    /// <summary>Channels with pending entries, and the earliest time one of them may be sent.</summary>
    IReadOnlyDictionary<string, DateTimeOffset> PendingChannels();

    void MarkDelivered(long id, DateTimeOffset at);

    /// <summary>Records a failed attempt: the entry waits until <paramref name="nextAttemptAt"/>, or is given up on when <paramref name="giveUp"/>.</summary>
    void MarkAttemptFailed(long id, string error, DateTimeOffset nextAttemptAt, bool giveUp);

    /// <summary>Sets failed entries back to pending (all of them when <paramref name="id"/> is null); returns how many.</summary>
    int Retry(long? id, DateTimeOffset now);

    IReadOnlyList<OutboxRow> ListOutbox(OutboxQuery query);

    /// <summary>When the latest firing notice of an incident to a channel was created (repeat intervals survive a restart).</summary>
    DateTimeOffset? LastNoticeAt(long incidentId, string channel);
}

/// <summary>A silence: alerts whose labels match all <see cref="Matchers"/> are not sent between its start and end.</summary>
internal sealed record AlertSilence(long Id, string Matchers, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string CreatedBy, string Comment)
{
    public bool IsActive(DateTimeOffset at) => at >= StartsAt && at < EndsAt;
}

/// <summary>Silences as `logwarden silence` and the daemon keep them; writable beside a running daemon.</summary>
internal interface IAlertSilenceStore
{
    /// <summary>Stores a silence and returns its id.</summary>
    long AddSilence(string matchers, DateTimeOffset startsAt, DateTimeOffset endsAt, string createdBy, string comment);

    /// <summary>Silences that end after <paramref name="after"/> (all when null), newest first.</summary>
    IReadOnlyList<AlertSilence> ListSilences(DateTimeOffset? after);

    /// <summary>Ends a silence now; false when there is none with that id or it had ended.</summary>
    bool ExpireSilence(long id, DateTimeOffset at);
}
