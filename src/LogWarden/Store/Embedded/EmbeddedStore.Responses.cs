using Microsoft.Data.Sqlite;

namespace LogWarden.Store.Embedded;

/// <summary>The responder's audit trail and bans (schema step 7), through <see cref="SharedTables"/>'s SQL.</summary>
internal sealed partial class EmbeddedStore : IResponseStore
{
    private const string AuditNotChanged = "the response audit was not changed";

    public long RecordAction(ResponseActionRecord action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Write(WriteSlackBytes + action.Output.Length + action.Arguments.Length, AuditNotChanged, (c, t) => SharedTables.RecordAction(c, t, action));
    }

    public IReadOnlyList<ResponseActionRecord> ListActions(int limit, long? incidentId = null)
    {
        using SqliteConnection connection = OpenReader();
        return SharedTables.ListActions(connection, limit, incidentId);
    }

    public int CountActions(string? action, string? arguments, IReadOnlyList<string> results, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(results);
        using SqliteConnection connection = OpenReader();
        return SharedTables.CountActions(connection, action, arguments, results, since);
    }

    public long RecordBan(BanRecord ban)
    {
        ArgumentNullException.ThrowIfNull(ban);
        return Write(WriteSlackBytes, AuditNotChanged, (c, t) => SharedTables.RecordBan(c, t, ban));
    }

    public IReadOnlyList<BanRecord> CurrentBans(DateTimeOffset now)
    {
        using SqliteConnection connection = OpenReader();
        return SharedTables.CurrentBans(connection, now);
    }

    public int BanCount(string network)
    {
        using SqliteConnection connection = OpenReader();
        return SharedTables.BanCount(connection, network);
    }

    public int LiftBans(string network, DateTimeOffset now) =>
        Write(WriteSlackBytes, AuditNotChanged, (c, t) => SharedTables.LiftBans(c, t, network, now));
}
