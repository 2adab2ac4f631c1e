using LogWarden.Detect.Incidents;
using Npgsql;

namespace LogWarden.Store.Postgres;

/// <summary>
/// Incidents, detector state, the alert outbox and silences, the explainers' cache and LLM ledger, and the
/// responder's audit and bans (schema step 3): the embedded store's semantics through the same SQL
/// (<see cref="SharedTables"/>). Each write is one short transaction on a pooled connection, not the line
/// writer's, so it neither waits behind a big append nor needs the writer's lock: `logwarden incidents ack`
/// or a silence from a store opened read-only beside the central works, as on the embedded store.
/// </summary>
internal sealed partial class PostgresStore : IIncidentStore, IDetectorStateStore, IAlertOutbox, IAlertSilenceStore, IExplanationStore, IResponseStore
{
    /// <summary>
    /// The transaction-scoped advisory lock ("LW" + 2) that serialises incident writes: a save and an operator's
    /// action both read the stored status before writing it, which SQLite's one writer serialises and
    /// PostgreSQL's read-committed transactions would not (an acknowledgement could be overwritten by an older save).
    /// </summary>
    private const long IncidentLockKey = 0x4C57_0002;

    private const string OutboxNotChanged = "the alert outbox was not changed";
    private const string AuditNotChanged = "the response audit was not changed";

    public void SaveIncidents(IReadOnlyList<IncidentRecord> incidents)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        if (incidents.Count == 0)
        {
            return;
        }
        ThrowIfReadOnly();
        Transact("no incident of this call was written", serialiseIncidents: true, (c, t) =>
        {
            SharedTables.SaveIncidents(c, t, incidents);
            return 0;
        });
    }

    public IReadOnlyList<IncidentRecord> ListIncidents(IncidentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        using NpgsqlConnection connection = OpenReader();
        return SharedTables.ListIncidents(connection, query);
    }

    public IncidentRecord? GetIncident(long id)
    {
        using NpgsqlConnection connection = OpenReader();
        using NpgsqlTransaction transaction = connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        return SharedTables.ReadIncident(connection, transaction, id);
    }

    public bool TrySetIncidentStatus(long id, IncidentStatus status, DateTimeOffset at, out IncidentRecord? incident)
    {
        if (status == IncidentStatus.Open)
        {
            throw new ArgumentOutOfRangeException(nameof(status), "an incident cannot be set back to open");
        }
        IncidentRecord? result = null;
        bool changed = Transact("the incident was not changed", serialiseIncidents: true, (c, t) =>
            SharedTables.TrySetIncidentStatus(c, t, id, status, at, out result));
        incident = result;
        return changed;
    }

    public IReadOnlyList<string> LoadNoiseFingerprints()
    {
        using NpgsqlConnection connection = OpenReader();
        return SharedTables.ReadNoiseFingerprints(connection);
    }

    public IReadOnlyList<(long Id, IncidentStatus Status)> LoadStatusesPastOpen(IReadOnlyCollection<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return [];
        }
        using NpgsqlConnection connection = OpenReader();
        return SharedTables.ReadStatusesPastOpen(connection, ids);
    }

    public long HighestIncidentId()
    {
        using NpgsqlConnection connection = OpenReader();
        return SharedTables.HighestIncidentId(connection);
    }

    public void SaveDetectorStates(IReadOnlyList<KeyValuePair<string, byte[]>> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (states.Count == 0)
        {
            return;
        }
        ThrowIfReadOnly();
        Transact("no detector state was written", serialiseIncidents: false, (c, t) =>
        {
            SharedTables.SaveDetectorStates(c, t, states, _options.Time.GetUtcNow());
            return 0;
        });
    }

    public IReadOnlyDictionary<string, byte[]> LoadDetectorStates()
    {
        using NpgsqlConnection connection = OpenReader();
        return SharedTables.ReadDetectorStates(connection);
    }

    public int Enqueue(IReadOnlyList<OutboxEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries.Count == 0 ? 0 : Transact(OutboxNotChanged, serialiseIncidents: false, (c, t) => SharedTables.Enqueue(c, t, entries));
    }

    public bool ReplacePending(string dedupeKey, string severity, string payload, DateTimeOffset heldAfter) =>
        Transact(OutboxNotChanged, serialiseIncidents: false, (c, t) => SharedTables.ReplacePending(c, t, dedupeKey, severity, payload, heldAfter)) > 0;

    public IReadOnlyList<OutboxRow> DueEntries(string channel, DateTimeOffset now, int limit)
    {
        using NpgsqlConnection connection = OpenReader();
        return SharedTables.DueEntries(connection, channel, now, limit);
    }

    public IReadOnlyDictionary<string, DateTimeOffset> PendingChannels()
    {
        using NpgsqlConnection connection = OpenReader();
        return SharedTables.PendingChannels(connection);
    }

    public void MarkDelivered(long id, DateTimeOffset at) =>
        Transact(OutboxNotChanged, serialiseIncidents: false, (c, t) => SharedTables.MarkDelivered(c, t, id, at));

    public void MarkAttemptFailed(long id, string error, DateTimeOffset nextAttemptAt, bool giveUp) =>
        Transact(OutboxNotChanged, serialiseIncidents: false, (c, t) => SharedTables.MarkAttemptFailed(c, t, id, error, nextAttemptAt, giveUp));

    public int Retry(long? id, DateTimeOffset now) =>
        Transact(OutboxNotChanged, serialiseIncidents: false, (c, t) => SharedTables.Retry(c, t, id, now));

    public IReadOnlyList<OutboxRow> ListOutbox(OutboxQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        using NpgsqlConnection connection = OpenReader();
        return SharedTables.ListOutbox(connection, query);
    }

    public DateTimeOffset? LastNoticeAt(long incidentId, string channel)
    {
        using NpgsqlConnection connection = OpenReader();
        return SharedTables.LastNoticeAt(connection, incidentId, channel);
    }

    public long AddSilence(string matchers, DateTimeOffset startsAt, DateTimeOffset endsAt, string createdBy, string comment) =>
        Transact("no silence was added", serialiseIncidents: false, (c, t) => SharedTables.AddSilence(c, t, matchers, startsAt, endsAt, createdBy, comment));

    public IReadOnlyList<AlertSilence> ListSilences(DateTimeOffset? after)
    {
        using NpgsqlConnection connection = OpenReader();
        return SharedTables.ListSilences(connection, after);
    }

    public bool ExpireSilence(long id, DateTimeOffset at) =>
        Transact("the silence was not changed", serialiseIncidents: false, (c, t) => SharedTables.ExpireSilence(c, t, id, at)) > 0;

    public string? GetCachedExplanation(string cacheKey)
    {
        using NpgsqlConnection connection = OpenReader();
        return SharedTables.ReadCachedExplanation(connection, cacheKey);
    }

    public void SaveExplanation(string cacheKey, string incidentFingerprint, DateTimeOffset at, string explanationJson) =>
        Transact("nothing was written", serialiseIncidents: false, (c, t) =>
        {
            SharedTables.SaveExplanation(c, t, cacheKey, incidentFingerprint, at, explanationJson);
            return 0;
        });

    public void RecordLlmUsage(DateOnly day, string model, long inputTokens, long outputTokens, decimal cost) =>
        Transact("nothing was written", serialiseIncidents: false, (c, t) =>
        {
            SharedTables.RecordLlmUsage(c, t, day, model, inputTokens, outputTokens, cost);
            return 0;
        });

    public LlmUsage ReadLlmUsage(DateOnly from, DateOnly to)
    {
        using NpgsqlConnection connection = OpenReader();
        return SharedTables.ReadLlmUsage(connection, from, to);
    }

    public long RecordAction(ResponseActionRecord action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Transact(AuditNotChanged, serialiseIncidents: false, (c, t) => SharedTables.RecordAction(c, t, action));
    }

    public IReadOnlyList<ResponseActionRecord> ListActions(int limit, long? incidentId = null)
    {
        using NpgsqlConnection connection = OpenReader();
        return SharedTables.ListActions(connection, limit, incidentId);
    }

    public int CountActions(string? action, string? arguments, IReadOnlyList<string> results, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(results);
        using NpgsqlConnection connection = OpenReader();
        return SharedTables.CountActions(connection, action, arguments, results, since);
    }

    public long RecordBan(BanRecord ban)
    {
        ArgumentNullException.ThrowIfNull(ban);
        return Transact(AuditNotChanged, serialiseIncidents: false, (c, t) => SharedTables.RecordBan(c, t, ban));
    }

    public IReadOnlyList<BanRecord> CurrentBans(DateTimeOffset now)
    {
        using NpgsqlConnection connection = OpenReader();
        return SharedTables.CurrentBans(connection, now);
    }

    public int BanCount(string network)
    {
        using NpgsqlConnection connection = OpenReader();
        return SharedTables.BanCount(connection, network);
    }

    public int LiftBans(string network, DateTimeOffset now) =>
        Transact(AuditNotChanged, serialiseIncidents: false, (c, t) => SharedTables.LiftBans(c, t, network, now));

    private void ThrowIfReadOnly()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_options.ReadOnly)
        {
            throw new InvalidOperationException("the log store was opened read-only");
        }
    }

    /// <summary>One short write transaction on a pooled connection; a full disk on the server becomes <see cref="StoreFullException"/>.</summary>
    private T Transact<T>(string notWritten, bool serialiseIncidents, Func<NpgsqlConnection, NpgsqlTransaction, T> write)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            using NpgsqlConnection connection = OpenReader();
            using NpgsqlTransaction transaction = connection.BeginTransaction();
            if (serialiseIncidents)
            {
                using var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({IncidentLockKey})", connection, transaction);
                lockCommand.ExecuteNonQuery();
            }
            T result = write(connection, transaction);
            transaction.Commit();
            return result;
        }
        catch (PostgresException e) when (e.SqlState == DiskFull)
        {
            throw new StoreFullException($"log store: the disk of {Describe} is full ({e.MessageText}); {notWritten}");
        }
    }
}
