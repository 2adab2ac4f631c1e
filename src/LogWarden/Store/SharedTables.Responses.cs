using System.Data;
using System.Data.Common;
using System.Globalization;

namespace LogWarden.Store;

/// <summary>The responder's audit trail and bans: one SQL for both stores (times in ms since the epoch).</summary>
internal static partial class SharedTables
{
    private const string BanColumns = "id, network, banned_at, expires_at, incident_id, reason, lifted_at";

    public static long RecordAction(DbConnection connection, DbTransaction transaction, ResponseActionRecord action)
    {
        using DbCommand command = Command(connection, transaction, """
            INSERT INTO response_actions(at, incident_id, playbook, action, arguments, result, output, duration_ms)
            VALUES (@at, @incident, @playbook, @action, @arguments, @result, @output, @duration) RETURNING id
            """);
        Add(command, "at", DbType.Int64, action.At.ToUnixTimeMilliseconds());
        Add(command, "incident", DbType.Int64, action.IncidentId);
        Add(command, "playbook", DbType.String, action.Playbook);
        Add(command, "action", DbType.String, action.Action);
        Add(command, "arguments", DbType.String, action.Arguments);
        Add(command, "result", DbType.String, action.Result);
        Add(command, "output", DbType.String, action.Output);
        Add(command, "duration", DbType.Int64, (long)action.Duration.TotalMilliseconds);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static List<ResponseActionRecord> ListActions(DbConnection connection, int limit, long? incidentId)
    {
        using DbCommand command = Command(connection, null, """
            SELECT id, at, incident_id, playbook, action, arguments, result, output, duration_ms FROM response_actions
            WHERE CAST(@incident AS BIGINT) IS NULL OR incident_id = @incident ORDER BY id DESC LIMIT @limit
            """);
        Add(command, "incident", DbType.Int64, incidentId);
        Add(command, "limit", DbType.Int32, limit);
        using DbDataReader reader = command.ExecuteReader();
        var result = new List<ResponseActionRecord>();
        while (reader.Read())
        {
            result.Add(new ResponseActionRecord(
                reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetInt64(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7), TimeSpan.FromMilliseconds(reader.GetInt64(8))));
        }
        return result;
    }

    /// <summary>
    /// The count <see cref="CountActions"/> runs; <paramref name="resultList"/> names its result parameters. The
    /// arguments match whole or as the first line (<c>@firstLine</c> is them and a newline: the command lines follow).
    /// </summary>
    internal static string CountActionsSql(string resultList) => $"""
        SELECT COUNT(*) FROM response_actions
        WHERE at >= @since AND result IN ({resultList})
          AND (CAST(@action AS TEXT) IS NULL OR action = @action)
          AND (CAST(@arguments AS TEXT) IS NULL OR arguments = @arguments OR substr(arguments, 1, length(@firstLine)) = @firstLine)
        """;

    public static int CountActions(DbConnection connection, string? action, string? arguments, IReadOnlyList<string> results, DateTimeOffset since)
    {
        using DbCommand command = Command(connection, null, "");
        string resultList = string.Join(", ", results.Select((r, i) => Named(command, "r" + i.ToString(CultureInfo.InvariantCulture), DbType.String, r)));
        command.CommandText = CountActionsSql(resultList);
        Add(command, "since", DbType.Int64, since.ToUnixTimeMilliseconds());
        Add(command, "action", DbType.String, action);
        Add(command, "arguments", DbType.String, arguments);
        Add(command, "firstLine", DbType.String, arguments is null ? null : arguments + "\n");
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static long RecordBan(DbConnection connection, DbTransaction transaction, BanRecord ban)
    {
        using DbCommand command = Command(connection, transaction,
            "INSERT INTO bans(network, banned_at, expires_at, incident_id, reason) VALUES (@network, @at, @expires, @incident, @reason) RETURNING id");
        Add(command, "network", DbType.String, ban.Network);
        Add(command, "at", DbType.Int64, ban.BannedAt.ToUnixTimeMilliseconds());
        Add(command, "expires", DbType.Int64, ban.ExpiresAt.ToUnixTimeMilliseconds());
        Add(command, "incident", DbType.Int64, ban.IncidentId);
        Add(command, "reason", DbType.String, ban.Reason);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static List<BanRecord> CurrentBans(DbConnection connection, DateTimeOffset now)
    {
        using DbCommand command = Command(connection, null, $"SELECT {BanColumns} FROM bans WHERE lifted_at IS NULL AND expires_at > @now ORDER BY id DESC");
        Add(command, "now", DbType.Int64, now.ToUnixTimeMilliseconds());
        using DbDataReader reader = command.ExecuteReader();
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

    public static int BanCount(DbConnection connection, string network)
    {
        using DbCommand command = Command(connection, null, "SELECT COUNT(*) FROM bans WHERE network = @network");
        Add(command, "network", DbType.String, network);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static int LiftBans(DbConnection connection, DbTransaction transaction, string network, DateTimeOffset now)
    {
        using DbCommand command = Command(connection, transaction, "UPDATE bans SET lifted_at = @now WHERE network = @network AND lifted_at IS NULL AND expires_at > @now");
        Add(command, "network", DbType.String, network);
        Add(command, "now", DbType.Int64, now.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    }
}
