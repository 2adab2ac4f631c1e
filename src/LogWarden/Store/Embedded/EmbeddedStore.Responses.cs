using Microsoft.Data.Sqlite;

namespace LogWarden.Store.Embedded;

/// <summary>The responder's audit trail and bans (schema step 7). Times are ms since the epoch.</summary>
internal sealed partial class EmbeddedStore : IResponseStore
{
    private const string BanColumns = "id, network, banned_at, expires_at, incident_id, reason, lifted_at";

    public long RecordAction(ResponseActionRecord action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Write(WriteSlackBytes + action.Output.Length + action.Arguments.Length, (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO response_actions(at, incident_id, playbook, action, arguments, result, output, duration_ms)
                VALUES ($at, $incident, $playbook, $action, $arguments, $result, $output, $duration);
                SELECT last_insert_rowid();
                """;
            command.Parameters.AddWithValue("$at", action.At.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$incident", action.IncidentId);
            command.Parameters.AddWithValue("$playbook", action.Playbook);
            command.Parameters.AddWithValue("$action", action.Action);
            command.Parameters.AddWithValue("$arguments", action.Arguments);
            command.Parameters.AddWithValue("$result", action.Result);
            command.Parameters.AddWithValue("$output", action.Output);
            command.Parameters.AddWithValue("$duration", (long)action.Duration.TotalMilliseconds);
            return (long)command.ExecuteScalar()!;
        });
    }

    public IReadOnlyList<ResponseActionRecord> ListActions(int limit, long? incidentId = null)
    {
        using SqliteConnection connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, at, incident_id, playbook, action, arguments, result, output, duration_ms FROM response_actions
            WHERE $incident IS NULL OR incident_id = $incident ORDER BY id DESC LIMIT $limit
            """;
        command.Parameters.AddWithValue("$incident", (object?)incidentId ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var result = new List<ResponseActionRecord>();
        while (reader.Read())
        {
            result.Add(new ResponseActionRecord(
                reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetInt64(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7), TimeSpan.FromMilliseconds(reader.GetInt64(8))));
        }
        return result;
    }

    /// <summary>The count <see cref="CountActions"/> runs; <paramref name="resultList"/> names its result parameters.</summary>
    internal static string CountActionsSql(string resultList) => $"""
        SELECT COUNT(*) FROM response_actions
        WHERE at >= $since AND result IN ({resultList})
          AND ($action IS NULL OR action = $action)
          AND ($arguments IS NULL OR arguments = $arguments OR substr(arguments, 1, length($arguments) + 1) = $arguments || char(10))
        """;

    public int CountActions(string? action, string? arguments, IReadOnlyList<string> results, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(results);
        using SqliteConnection connection = OpenReader();
        using var command = connection.CreateCommand();
        string resultList = string.Join(", ", results.Select((_, i) => "$r" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        // The arguments' first line: the whole text, or the text up to its first newline (the command lines follow it).
        command.CommandText = CountActionsSql(resultList);
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$action", (object?)action ?? DBNull.Value);
        command.Parameters.AddWithValue("$arguments", (object?)arguments ?? DBNull.Value);
        for (int i = 0; i < results.Count; i++)
        {
            command.Parameters.AddWithValue("$r" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), results[i]);
        }
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public long RecordBan(BanRecord ban)
    {
        ArgumentNullException.ThrowIfNull(ban);
        return Write(WriteSlackBytes, (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO bans(network, banned_at, expires_at, incident_id, reason) VALUES ($network, $at, $expires, $incident, $reason);
                SELECT last_insert_rowid();
                """;
            command.Parameters.AddWithValue("$network", ban.Network);
            command.Parameters.AddWithValue("$at", ban.BannedAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$expires", ban.ExpiresAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$incident", ban.IncidentId);
            command.Parameters.AddWithValue("$reason", ban.Reason);
            return (long)command.ExecuteScalar()!;
        });
    }

    public IReadOnlyList<BanRecord> CurrentBans(DateTimeOffset now)
    {
        using SqliteConnection connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {BanColumns} FROM bans WHERE lifted_at IS NULL AND expires_at > $now ORDER BY id DESC";
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        using var reader = command.ExecuteReader();
        var result = new List<BanRecord>();
        while (reader.Read())
        {
            result.Add(new BanRecord(
                reader.GetInt64(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetInt64(4), reader.GetString(5),
                reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
        }
        return result;
    }

    public int BanCount(string network)
    {
        using SqliteConnection connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM bans WHERE network = $network";
        command.Parameters.AddWithValue("$network", network);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public int LiftBans(string network, DateTimeOffset now) =>
        Write(WriteSlackBytes, (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE bans SET lifted_at = $now WHERE network = $network AND lifted_at IS NULL AND expires_at > $now";
            command.Parameters.AddWithValue("$network", network);
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            return command.ExecuteNonQuery();
        });
}
