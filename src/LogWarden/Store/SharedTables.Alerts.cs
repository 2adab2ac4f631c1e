using System.Data;
using System.Data.Common;

namespace LogWarden.Store;

/// <summary>
/// The alert outbox and silences: one SQL for both stores (times in ms since the epoch). Each write is one
/// statement in the caller's transaction; the caller picks the connection (the daemon's writer, or an
/// operator's own beside it) and maps a full disk.
/// </summary>
internal static partial class SharedTables
{
    private const string OutboxColumns =
        "id, dedupe_key, channel, incident_id, notice, severity, created_at, not_before, state, attempts, next_attempt_at, delivered_at, last_error, payload";

    /// <summary>Adds the entries whose dedupe key is new; returns how many were.</summary>
    public static int Enqueue(DbConnection connection, DbTransaction transaction, IReadOnlyList<OutboxEntry> entries)
    {
        using DbCommand command = Command(connection, transaction, """
            INSERT INTO alert_outbox(dedupe_key, channel, incident_id, notice, severity, created_at, not_before, next_attempt_at, payload)
            VALUES (@key, @channel, @incident, @notice, @severity, @created, @notBefore, @notBefore, @payload)
            ON CONFLICT (dedupe_key) DO NOTHING
            """);
        DbParameter key = Add(command, "key", DbType.String);
        DbParameter channel = Add(command, "channel", DbType.String);
        DbParameter incident = Add(command, "incident", DbType.Int64);
        DbParameter notice = Add(command, "notice", DbType.String);
        DbParameter severity = Add(command, "severity", DbType.String);
        DbParameter created = Add(command, "created", DbType.Int64);
        DbParameter notBefore = Add(command, "notBefore", DbType.Int64);
        DbParameter payload = Add(command, "payload", DbType.String);
        int added = 0;
        foreach (OutboxEntry entry in entries)
        {
            key.Value = entry.DedupeKey;
            channel.Value = entry.Channel;
            incident.Value = entry.IncidentId;
            notice.Value = entry.Notice;
            severity.Value = entry.Severity;
            created.Value = entry.CreatedAt.ToUnixTimeMilliseconds();
            notBefore.Value = entry.NotBefore.ToUnixTimeMilliseconds();
            payload.Value = entry.Payload;
            added += command.ExecuteNonQuery();
        }
        return added;
    }

    public static int ReplacePending(DbConnection connection, DbTransaction transaction, string dedupeKey, string severity, string payload, DateTimeOffset heldAfter)
    {
        using DbCommand command = Command(connection, transaction,
            "UPDATE alert_outbox SET payload = @payload, severity = @severity WHERE dedupe_key = @key AND state = 0 AND attempts = 0 AND not_before > @after");
        Add(command, "after", DbType.Int64, heldAfter.ToUnixTimeMilliseconds());
        Add(command, "key", DbType.String, dedupeKey);
        Add(command, "severity", DbType.String, severity);
        Add(command, "payload", DbType.String, payload);
        return command.ExecuteNonQuery();
    }

    public static List<OutboxRow> DueEntries(DbConnection connection, string channel, DateTimeOffset now, int limit)
    {
        using DbCommand command = Command(connection, null,
            $"SELECT {OutboxColumns} FROM alert_outbox WHERE state = 0 AND channel = @channel AND not_before <= @now ORDER BY id LIMIT @limit");
        Add(command, "channel", DbType.String, channel);
        Add(command, "now", DbType.Int64, now.ToUnixTimeMilliseconds());
        Add(command, "limit", DbType.Int32, limit);
        return ReadOutbox(command);
    }

    public static Dictionary<string, DateTimeOffset> PendingChannels(DbConnection connection)
    {
        // The later of the hold and the next retry, per entry (no two-argument MAX in PostgreSQL, no GREATEST in SQLite).
        using DbCommand command = Command(connection, null,
            "SELECT channel, MIN(CASE WHEN next_attempt_at > not_before THEN next_attempt_at ELSE not_before END) FROM alert_outbox WHERE state = 0 GROUP BY channel");
        using DbDataReader reader = command.ExecuteReader();
        var result = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (reader.Read())
        {
            result[reader.GetString(0)] = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));
        }
        return result;
    }

    public static int MarkDelivered(DbConnection connection, DbTransaction transaction, long id, DateTimeOffset at)
    {
        using DbCommand command = Command(connection, transaction,
            "UPDATE alert_outbox SET state = 1, attempts = attempts + 1, delivered_at = @at, last_error = NULL WHERE id = @id AND state = 0");
        Add(command, "id", DbType.Int64, id);
        Add(command, "at", DbType.Int64, at.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    }

    public static int MarkAttemptFailed(DbConnection connection, DbTransaction transaction, long id, string error, DateTimeOffset nextAttemptAt, bool giveUp)
    {
        using DbCommand command = Command(connection, transaction,
            "UPDATE alert_outbox SET state = @state, attempts = attempts + 1, last_error = @error, next_attempt_at = @next WHERE id = @id AND state = 0");
        Add(command, "id", DbType.Int64, id);
        Add(command, "state", DbType.Int32, giveUp ? (int)OutboxState.Failed : (int)OutboxState.Pending);
        Add(command, "error", DbType.String, error.Length > 1000 ? error[..1000] : error);
        Add(command, "next", DbType.Int64, nextAttemptAt.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    }

    public static int Retry(DbConnection connection, DbTransaction transaction, long? id, DateTimeOffset now)
    {
        using DbCommand command = Command(connection, transaction, id is null
            ? "UPDATE alert_outbox SET state = 0, next_attempt_at = @now WHERE state = 2"
            : "UPDATE alert_outbox SET state = 0, next_attempt_at = @now WHERE state = 2 AND id = @id");
        Add(command, "now", DbType.Int64, now.ToUnixTimeMilliseconds());
        if (id is { } one)
        {
            Add(command, "id", DbType.Int64, one);
        }
        return command.ExecuteNonQuery();
    }

    public static List<OutboxRow> ListOutbox(DbConnection connection, OutboxQuery query)
    {
        using DbCommand command = Command(connection, null, "");
        var filters = new List<string>();
        if (query.States.Count > 0)
        {
            filters.Add($"state IN ({string.Join(", ", query.States.Select(s => (int)s))})");
        }
        if (query.Channel is not null)
        {
            filters.Add("channel = @channel");
            Add(command, "channel", DbType.String, query.Channel);
        }
        string where = filters.Count > 0 ? "WHERE " + string.Join(" AND ", filters) : "";
        command.CommandText = $"SELECT {OutboxColumns} FROM alert_outbox {where} ORDER BY id DESC LIMIT @limit";
        Add(command, "limit", DbType.Int32, Math.Max(0, query.Limit));
        return ReadOutbox(command);
    }

    public static DateTimeOffset? LastNoticeAt(DbConnection connection, long incidentId, string channel)
    {
        using DbCommand command = Command(connection, null,
            "SELECT MAX(created_at) FROM alert_outbox WHERE incident_id = @incident AND channel = @channel AND notice <> 'resolved'");
        Add(command, "incident", DbType.Int64, incidentId);
        Add(command, "channel", DbType.String, channel);
        return command.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public static long AddSilence(DbConnection connection, DbTransaction transaction, string matchers, DateTimeOffset startsAt, DateTimeOffset endsAt, string createdBy, string comment)
    {
        using DbCommand command = Command(connection, transaction,
            "INSERT INTO alert_silences(matchers, starts_at, ends_at, created_by, comment) VALUES (@matchers, @starts, @ends, @by, @comment) RETURNING id");
        Add(command, "matchers", DbType.String, matchers);
        Add(command, "starts", DbType.Int64, startsAt.ToUnixTimeMilliseconds());
        Add(command, "ends", DbType.Int64, endsAt.ToUnixTimeMilliseconds());
        Add(command, "by", DbType.String, createdBy);
        Add(command, "comment", DbType.String, comment);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static List<AlertSilence> ListSilences(DbConnection connection, DateTimeOffset? after)
    {
        using DbCommand command = Command(connection, null,
            "SELECT id, matchers, starts_at, ends_at, created_by, comment FROM alert_silences WHERE ends_at > @after ORDER BY id DESC");
        Add(command, "after", DbType.Int64, after?.ToUnixTimeMilliseconds() ?? long.MinValue);
        using DbDataReader reader = command.ExecuteReader();
        var result = new List<AlertSilence>();
        while (reader.Read())
        {
            result.Add(new AlertSilence(
                reader.GetInt64(0),
                reader.GetString(1),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                reader.GetString(4),
                reader.GetString(5)));
        }
        return result;
    }

    public static int ExpireSilence(DbConnection connection, DbTransaction transaction, long id, DateTimeOffset at)
    {
        using DbCommand command = Command(connection, transaction, "UPDATE alert_silences SET ends_at = @at WHERE id = @id AND ends_at > @at");
        Add(command, "id", DbType.Int64, id);
        Add(command, "at", DbType.Int64, at.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    }

    private static List<OutboxRow> ReadOutbox(DbCommand command)
    {
        using DbDataReader reader = command.ExecuteReader();
        var result = new List<OutboxRow>();
        while (reader.Read())
        {
            var entry = new OutboxEntry(
                reader.GetString(1),
                reader.GetString(2),
                reader.GetInt64(3),
                reader.GetString(4),
                reader.GetString(5),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                reader.GetString(13));
            result.Add(new OutboxRow(
                reader.GetInt64(0),
                entry,
                (OutboxState)reader.GetInt32(8),
                reader.GetInt32(9),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
                reader.IsDBNull(11) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)),
                reader.IsDBNull(12) ? null : reader.GetString(12)));
        }
        return result;
    }
}
