using Microsoft.Data.Sqlite;

namespace LogWarden.Store.Embedded;

/// <summary>
/// The alert outbox and silences (schema step 6), through <see cref="SharedTables"/>'s SQL. Every write is one
/// small transaction; on a store opened read-only beside the daemon (the CLI's silences and retries) it goes
/// through its own read-write connection, which SQLite serialises with the daemon's writer.
/// </summary>
internal sealed partial class EmbeddedStore : IAlertOutbox, IAlertSilenceStore
{
    private const string OutboxNotChanged = "the alert outbox was not changed";

    public int Enqueue(IReadOnlyList<OutboxEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries.Count == 0
            ? 0
            : Write(WriteSlackBytes + entries.Sum(e => 512L + e.Payload.Length), OutboxNotChanged, (c, t) => SharedTables.Enqueue(c, t, entries));
    }

    public bool ReplacePending(string dedupeKey, string severity, string payload, DateTimeOffset heldAfter) =>
        Write(WriteSlackBytes + payload.Length, OutboxNotChanged, (c, t) => SharedTables.ReplacePending(c, t, dedupeKey, severity, payload, heldAfter)) > 0;

    public IReadOnlyList<OutboxRow> DueEntries(string channel, DateTimeOffset now, int limit)
    {
        using SqliteConnection connection = OpenReader();
        return SharedTables.DueEntries(connection, channel, now, limit);
    }

    public IReadOnlyDictionary<string, DateTimeOffset> PendingChannels()
    {
        using SqliteConnection connection = OpenReader();
        return SharedTables.PendingChannels(connection);
    }

    public void MarkDelivered(long id, DateTimeOffset at) =>
        Write(WriteSlackBytes, OutboxNotChanged, (c, t) => SharedTables.MarkDelivered(c, t, id, at));

    public void MarkAttemptFailed(long id, string error, DateTimeOffset nextAttemptAt, bool giveUp) =>
        Write(WriteSlackBytes, OutboxNotChanged, (c, t) => SharedTables.MarkAttemptFailed(c, t, id, error, nextAttemptAt, giveUp));

    public int Retry(long? id, DateTimeOffset now) =>
        Write(WriteSlackBytes, OutboxNotChanged, (c, t) => SharedTables.Retry(c, t, id, now));

    public IReadOnlyList<OutboxRow> ListOutbox(OutboxQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        using SqliteConnection connection = OpenReader();
        return SharedTables.ListOutbox(connection, query);
    }

    public DateTimeOffset? LastNoticeAt(long incidentId, string channel)
    {
        using SqliteConnection connection = OpenReader();
        return SharedTables.LastNoticeAt(connection, incidentId, channel);
    }

    public long AddSilence(string matchers, DateTimeOffset startsAt, DateTimeOffset endsAt, string createdBy, string comment) =>
        Write(WriteSlackBytes, "no silence was added", (c, t) => SharedTables.AddSilence(c, t, matchers, startsAt, endsAt, createdBy, comment));

    public IReadOnlyList<AlertSilence> ListSilences(DateTimeOffset? after)
    {
        using SqliteConnection connection = OpenReader();
        return SharedTables.ListSilences(connection, after);
    }

    public bool ExpireSilence(long id, DateTimeOffset at) =>
        Write(WriteSlackBytes, "the silence was not changed", (c, t) => SharedTables.ExpireSilence(c, t, id, at)) > 0;
}
