using Microsoft.Data.Sqlite;

namespace LogWarden.Store.Embedded;

/// <summary>
/// The alert outbox and silences (schema step 5). Times are ms since the epoch. Every write is one small
/// transaction; on a store opened read-only beside the daemon (the CLI's silences and retries) it goes
/// through its own read-write connection, which SQLite serialises with the daemon's writer.
/// </summary>
internal sealed partial class EmbeddedStore : IAlertOutbox, IAlertSilenceStore
{
    private const string OutboxColumns =
        "id, dedupe_key, channel, incident_id, notice, severity, created_at, not_before, state, attempts, next_attempt_at, delivered_at, last_error, payload";

    public int Enqueue(IReadOnlyList<OutboxEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return 0;
        }
        return Write(WriteSlackBytes + entries.Sum(e => 512L + e.Payload.Length), (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT OR IGNORE INTO alert_outbox(dedupe_key, channel, incident_id, notice, severity, created_at, not_before, next_attempt_at, payload)
                VALUES ($key, $channel, $incident, $notice, $severity, $created, $notBefore, $notBefore, $payload)
                """;
            var key = command.Parameters.Add("$key", SqliteType.Text);
            var channel = command.Parameters.Add("$channel", SqliteType.Text);
            var incident = command.Parameters.Add("$incident", SqliteType.Integer);
            var notice = command.Parameters.Add("$notice", SqliteType.Text);
            var severity = command.Parameters.Add("$severity", SqliteType.Text);
            var created = command.Parameters.Add("$created", SqliteType.Integer);
            var notBefore = command.Parameters.Add("$notBefore", SqliteType.Integer);
            var payload = command.Parameters.Add("$payload", SqliteType.Text);
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
        });
    }

    public bool ReplacePending(string dedupeKey, string severity, string payload, DateTimeOffset heldAfter) =>
        Write(WriteSlackBytes + payload.Length, (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE alert_outbox SET payload = $payload, severity = $severity WHERE dedupe_key = $key AND state = 0 AND attempts = 0 AND not_before > $after";
            command.Parameters.AddWithValue("$after", heldAfter.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$key", dedupeKey);
            command.Parameters.AddWithValue("$severity", severity);
            command.Parameters.AddWithValue("$payload", payload);
            return command.ExecuteNonQuery();
        }) > 0;

    public IReadOnlyList<OutboxRow> DueEntries(string channel, DateTimeOffset now, int limit)
    {
        using SqliteConnection connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {OutboxColumns} FROM alert_outbox WHERE state = 0 AND channel = $channel AND not_before <= $now ORDER BY id LIMIT $limit";
        command.Parameters.AddWithValue("$channel", channel);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$limit", limit);
        return ReadOutbox(command);
    }

    public IReadOnlyDictionary<string, DateTimeOffset> PendingChannels()
    {
        using SqliteConnection connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT channel, MIN(MAX(not_before, next_attempt_at)) FROM alert_outbox WHERE state = 0 GROUP BY channel";
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (reader.Read())
        {
            result[reader.GetString(0)] = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));
        }
        return result;
    }

    public void MarkDelivered(long id, DateTimeOffset at) =>
        Write(WriteSlackBytes, (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE alert_outbox SET state = 1, attempts = attempts + 1, delivered_at = $at, last_error = NULL WHERE id = $id AND state = 0";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            return command.ExecuteNonQuery();
        });

    public void MarkAttemptFailed(long id, string error, DateTimeOffset nextAttemptAt, bool giveUp) =>
        Write(WriteSlackBytes, (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE alert_outbox SET state = $state, attempts = attempts + 1, last_error = $error, next_attempt_at = $next WHERE id = $id AND state = 0";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$state", giveUp ? (int)OutboxState.Failed : (int)OutboxState.Pending);
            command.Parameters.AddWithValue("$error", error.Length > 1000 ? error[..1000] : error);
            command.Parameters.AddWithValue("$next", nextAttemptAt.ToUnixTimeMilliseconds());
            return command.ExecuteNonQuery();
        });

    public int Retry(long? id, DateTimeOffset now) =>
        Write(WriteSlackBytes, (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = id is null
                ? "UPDATE alert_outbox SET state = 0, next_attempt_at = $now WHERE state = 2"
                : "UPDATE alert_outbox SET state = 0, next_attempt_at = $now WHERE state = 2 AND id = $id";
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$id", id ?? 0);
            return command.ExecuteNonQuery();
        });

    public IReadOnlyList<OutboxRow> ListOutbox(OutboxQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        using SqliteConnection connection = OpenReader();
        using var command = connection.CreateCommand();
        var filters = new List<string>();
        if (query.States.Count > 0)
        {
            filters.Add($"state IN ({string.Join(", ", query.States.Select(s => (int)s))})");
        }
        if (query.Channel is not null)
        {
            filters.Add("channel = $channel");
            command.Parameters.AddWithValue("$channel", query.Channel);
        }
        string where = filters.Count > 0 ? "WHERE " + string.Join(" AND ", filters) : "";
        command.CommandText = $"SELECT {OutboxColumns} FROM alert_outbox {where} ORDER BY id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", Math.Max(0, query.Limit));
        return ReadOutbox(command);
    }

    public DateTimeOffset? LastNoticeAt(long incidentId, string channel)
    {
        using SqliteConnection connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(created_at) FROM alert_outbox WHERE incident_id = $incident AND channel = $channel AND notice != 'resolved'";
        command.Parameters.AddWithValue("$incident", incidentId);
        command.Parameters.AddWithValue("$channel", channel);
        return command.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public long AddSilence(string matchers, DateTimeOffset startsAt, DateTimeOffset endsAt, string createdBy, string comment) =>
        Write(WriteSlackBytes, (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO alert_silences(matchers, starts_at, ends_at, created_by, comment) VALUES ($matchers, $starts, $ends, $by, $comment);
                SELECT last_insert_rowid();
                """;
            command.Parameters.AddWithValue("$matchers", matchers);
            command.Parameters.AddWithValue("$starts", startsAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$ends", endsAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$by", createdBy);
            command.Parameters.AddWithValue("$comment", comment);
            return (long)command.ExecuteScalar()!;
        });

    public IReadOnlyList<AlertSilence> ListSilences(DateTimeOffset? after)
    {
        using SqliteConnection connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, matchers, starts_at, ends_at, created_by, comment FROM alert_silences WHERE ends_at > $after ORDER BY id DESC";
        command.Parameters.AddWithValue("$after", after?.ToUnixTimeMilliseconds() ?? long.MinValue);
        using var reader = command.ExecuteReader();
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

    public bool ExpireSilence(long id, DateTimeOffset at) =>
        Write(WriteSlackBytes, (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE alert_silences SET ends_at = $at WHERE id = $id AND ends_at > $at";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            return command.ExecuteNonQuery();
        }) > 0;

    /// <summary>One write transaction on the daemon's writer, or on a connection of its own when opened read-only.</summary>
    private T Write<T>(long bytesNeeded, Func<SqliteConnection, SqliteTransaction, T> write)
    {
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _guard.EnsureRoom(bytesNeeded);
            SqliteConnection? own = _writer is null ? OpenOperatorConnection() : null;
            try
            {
                SqliteConnection connection = own ?? _writer!;
                using SqliteTransaction transaction = connection.BeginTransaction();
                T result = write(connection, transaction);
                transaction.Commit();
                return result;
            }
            catch (SqliteException e) when (IsDiskFull(e))
            {
                throw new StoreFullException($"log store: the disk of {_directory} is full ({e.Message}); the alert outbox was not changed");
            }
            finally
            {
                own?.Dispose();
            }
        }
    }

    private static List<OutboxRow> ReadOutbox(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
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
