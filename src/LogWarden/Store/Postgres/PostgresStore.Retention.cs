using Npgsql;

namespace LogWarden.Store.Postgres;

internal sealed partial class PostgresStore
{
    /// <summary>
    /// Drops whole day partitions: those wholly older than the age limit, then the oldest while the store is
    /// over its size limit (today's partition is never dropped for size). A DROP gives the space back at once,
    /// with no DELETE, no dead rows and no vacuum; a day partly older than the limit stays until it is whole.
    /// </summary>
    public long ApplyRetention(RetentionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        lock (_writeLock)
        {
            NpgsqlConnection writer = Writer();
            long removed = 0;
            int today = DayOf(_options.Time.GetUtcNow().UtcTicks);
            var days = _partitionDays.Where(d => d <= today).Order().ToList();
            if (policy.MaxAge is { } age)
            {
                long cutoff = (_options.Time.GetUtcNow() - age).UtcTicks;
                foreach (int day in days.Where(d => (long)(d + 1) * TimeSpan.TicksPerDay <= cutoff).ToList())
                {
                    removed += DropDay(writer, day);
                    days.Remove(day);
                }
            }
            if (policy.MaxBytes is { } maxBytes)
            {
                foreach (int day in days.Where(d => d < today).ToList())
                {
                    if (LinesBytes(writer) <= maxBytes)
                    {
                        break;
                    }
                    removed += DropDay(writer, day);
                }
            }
            return removed;
        }
    }

    private static long LinesBytes(NpgsqlConnection writer)
    {
        using var command = new NpgsqlCommand(
            "SELECT COALESCE(SUM(pg_total_relation_size(inhrelid)), 0)::bigint FROM pg_inherits WHERE inhparent = 'lines'::regclass", writer);
        return (long)command.ExecuteScalar()!;
    }

    private long DropDay(NpgsqlConnection writer, int day)
    {
        using NpgsqlTransaction transaction = writer.BeginTransaction();
        using var count = new NpgsqlCommand("DELETE FROM stream_days WHERE day = @day RETURNING lines", writer, transaction);
        count.Parameters.AddWithValue("day", day);
        long lines = 0;
        using (NpgsqlDataReader reader = count.ExecuteReader())
        {
            while (reader.Read())
            {
                lines += reader.GetInt64(0);
            }
        }
        using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS {PartitionName(day)}", writer, transaction);
        drop.ExecuteNonQuery();
        transaction.Commit();
        _partitionDays.Remove(day);
        return lines;
    }
}
