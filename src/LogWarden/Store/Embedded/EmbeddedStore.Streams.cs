using LogWarden.Collect;
using Microsoft.Data.Sqlite;

namespace LogWarden.Store.Embedded;

internal sealed partial class EmbeddedStore
{
    /// <summary>
    /// Reads only the stream lists of the blocks and tail chunks whose time span meets the range (each row
    /// carries one), never a line: listing labels stays cheap however many lines the range holds.
    /// </summary>
    public IReadOnlyList<StreamLabels> ListStreams(DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using SqliteConnection connection = OpenReader();
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: true);
        RefreshStreams(connection, transaction);
        var ids = new HashSet<int>();
        foreach (string table in new[] { "blocks", "tail" })
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT streams FROM {table} WHERE max_time >= $from AND min_time < $to";
            command.Parameters.AddWithValue("$from", from?.UtcTicks ?? long.MinValue);
            command.Parameters.AddWithValue("$to", to?.UtcTicks ?? long.MaxValue);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                byte[] bytes = (byte[])reader[0];
                var streams = new VarintReader(bytes);
                ids.UnionWith(BlockFormat.ReadSortedInts(ref streams, streams.ReadCount()));
            }
        }
        var result = new List<StreamLabels>(ids.Count);
        foreach (int id in ids)
        {
            result.Add(LabelsOf(id, connection, transaction));
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return result;
    }
}
