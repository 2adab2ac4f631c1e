using System.Data;
using System.Data.Common;
using LogWarden.Collect;
using LogWarden.Store.Embedded;

namespace LogWarden.Store;

/// <summary>
/// The statements on the tables both stores define alike — <c>checkpoints</c>, <c>metric_series</c> and
/// <c>metric_points</c> — written once over ADO.NET's base types: SQLite and PostgreSQL take the same SQL here,
/// and both providers bind <c>@name</c> parameters. What only one engine can do (PostgreSQL's one-statement
/// insert of a call's points with <c>unnest</c>) stays in that store.
/// </summary>
internal static partial class SharedTables
{
    private const int MinuteSeconds = 60;
    private const int HourSeconds = 3600;

    public static string? ReadCheckpoint(DbConnection connection, string sourceId, string key)
    {
        using DbCommand command = Command(connection, null, "SELECT value FROM checkpoints WHERE source_id = @s AND key = @k");
        Add(command, "s", DbType.String, sourceId);
        Add(command, "k", DbType.String, key);
        return command.ExecuteScalar() as string;
    }

    public static IReadOnlyDictionary<string, string> ReadCheckpoints(DbConnection connection, string sourceId)
    {
        using DbCommand command = Command(connection, null, "SELECT key, value FROM checkpoints WHERE source_id = @s");
        Add(command, "s", DbType.String, sourceId);
        using DbDataReader reader = command.ExecuteReader();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            result[reader.GetString(0)] = reader.GetString(1);
        }
        return result;
    }

    /// <summary>Sets each checkpoint, or removes it when its value is null, in the caller's transaction (the one of the lines they describe).</summary>
    public static void WriteCheckpoints(DbConnection writer, DbTransaction transaction, IReadOnlyList<Checkpoint> checkpoints)
    {
        if (checkpoints.Count == 0)
        {
            return;
        }
        using DbCommand upsert = Command(writer, transaction,
            "INSERT INTO checkpoints(source_id, key, value) VALUES (@s, @k, @v) ON CONFLICT (source_id, key) DO UPDATE SET value = excluded.value");
        DbParameter us = Add(upsert, "s", DbType.String);
        DbParameter uk = Add(upsert, "k", DbType.String);
        DbParameter uv = Add(upsert, "v", DbType.String);
        using DbCommand delete = Command(writer, transaction, "DELETE FROM checkpoints WHERE source_id = @s AND key = @k");
        DbParameter ds = Add(delete, "s", DbType.String);
        DbParameter dk = Add(delete, "k", DbType.String);
        foreach (Checkpoint c in checkpoints)
        {
            ArgumentNullException.ThrowIfNull(c);
            if (c.Value is null)
            {
                ds.Value = c.SourceId;
                dk.Value = c.Key;
                delete.ExecuteNonQuery();
            }
            else
            {
                us.Value = c.SourceId;
                uk.Value = c.Key;
                uv.Value = c.Value;
                upsert.ExecuteNonQuery();
            }
        }
    }

    /// <summary>The series matching the query, each with its points in the time range, read in the caller's (snapshot) transaction.</summary>
    public static IReadOnlyList<MetricSeries> ReadMetrics(DbConnection connection, DbTransaction transaction, MetricQuery query)
    {
        var matching = new List<(long Id, string Host, StreamLabels Labels)>();
        using (DbCommand command = Command(connection, transaction,
            "SELECT id, host, labels FROM metric_series WHERE name = @name AND (CAST(@host AS TEXT) IS NULL OR host = @host) ORDER BY host, labels_key"))
        {
            Add(command, "name", DbType.String, query.Name);
            Add(command, "host", DbType.String, query.Host);
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                StreamLabels labels = StoreJson.ParseLabels(reader.GetString(2));
                if (query.Labels.All(m => labels[m.Name] == m.Value))
                {
                    matching.Add((reader.GetInt64(0), reader.GetString(1), labels));
                }
            }
        }
        var result = new List<MetricSeries>(matching.Count);
        using DbCommand points = Command(connection, transaction,
            "SELECT time_ms, value, resolution_s FROM metric_points WHERE series_id = @id AND time_ms >= @from AND time_ms < @to ORDER BY time_ms, resolution_s");
        DbParameter seriesId = Add(points, "id", DbType.Int64);
        Add(points, "from", DbType.Int64, query.From.ToUnixTimeMilliseconds());
        Add(points, "to", DbType.Int64, query.To.ToUnixTimeMilliseconds());
        foreach ((long id, string host, StreamLabels labels) in matching)
        {
            seriesId.Value = id;
            var list = new List<MetricPoint>();
            using DbDataReader reader = points.ExecuteReader();
            while (reader.Read())
            {
                list.Add(new MetricPoint(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetDouble(1), TimeSpan.FromSeconds(reader.GetInt32(2))));
            }
            result.Add(new MetricSeries(host, query.Name, labels, list));
        }
        return result;
    }

    /// <summary>
    /// Samples older than <paramref name="rawFor"/> become 1-minute averages, and those older than
    /// <paramref name="minuteFor"/> 1-hour averages (weighted by how many samples each holds, so averaging twice
    /// gives the plain average); points older than <paramref name="maxAge"/> are dropped. Only whole buckets are
    /// rolled up; a late sample for a rolled-up bucket is merged into it the next time. Returns the points removed.
    /// </summary>
    public static long DownsampleMetrics(DbConnection writer, DateTimeOffset now, TimeSpan rawFor, TimeSpan minuteFor, TimeSpan? maxAge)
    {
        long nowMs = now.ToUnixTimeMilliseconds();
        long removed = 0;
        using DbTransaction transaction = writer.BeginTransaction();
        removed += RollUp(writer, transaction, 0, MinuteSeconds, nowMs - (long)rawFor.TotalMilliseconds);
        removed += RollUp(writer, transaction, MinuteSeconds, HourSeconds, nowMs - (long)minuteFor.TotalMilliseconds);
        if (maxAge is { } age)
        {
            using DbCommand drop = Command(writer, transaction, "DELETE FROM metric_points WHERE time_ms < @cutoff");
            Add(drop, "cutoff", DbType.Int64, nowMs - (long)age.TotalMilliseconds);
            removed += drop.ExecuteNonQuery();
        }
        transaction.Commit();
        return removed;
    }

    private static long RollUp(DbConnection writer, DbTransaction transaction, int from, int to, long olderThanMs)
    {
        long bucket = to * 1000L;
        long cutoff = Math.Max(0, olderThanMs) / bucket * bucket;
        using DbCommand insert = Command(writer, transaction, """
            INSERT INTO metric_points(series_id, resolution_s, time_ms, value, samples)
            SELECT series_id, @to, time_ms / @bucket * @bucket, SUM(value * samples) / SUM(samples), SUM(samples)
            FROM metric_points WHERE resolution_s = @from AND time_ms >= 0 AND time_ms < @cutoff
            GROUP BY series_id, time_ms / @bucket
            ON CONFLICT (series_id, resolution_s, time_ms) DO UPDATE SET
                value = (metric_points.value * metric_points.samples + excluded.value * excluded.samples) / (metric_points.samples + excluded.samples),
                samples = metric_points.samples + excluded.samples
            """);
        Add(insert, "to", DbType.Int32, to);
        Add(insert, "from", DbType.Int32, from);
        Add(insert, "bucket", DbType.Int64, bucket);
        Add(insert, "cutoff", DbType.Int64, cutoff);
        insert.ExecuteNonQuery();
        using DbCommand delete = Command(writer, transaction, "DELETE FROM metric_points WHERE resolution_s = @from AND time_ms >= 0 AND time_ms < @cutoff");
        Add(delete, "from", DbType.Int32, from);
        Add(delete, "cutoff", DbType.Int64, cutoff);
        return delete.ExecuteNonQuery();
    }

    internal static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        DbCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    internal static DbParameter Add(DbCommand command, string name, DbType type, object? value = null)
    {
        DbParameter parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}

/// <summary>
/// The ids of the metric series a store has seen, so a sample of a known series costs no statement: unknown
/// ones are upserted into <c>metric_series</c> (same SQL in SQLite and PostgreSQL) and remembered only once the
/// caller's transaction committed. A cache, bounded: past 100,000 series it starts again from the table.
/// </summary>
internal sealed class MetricSeriesIds
{
    private readonly Dictionary<(string Host, string Name, string Labels), long> _ids = [];

    /// <summary>Each sample's series id, in order, after checking the sample; new series are inserted in <paramref name="transaction"/>.</summary>
    public long[] Resolve(IReadOnlyList<MetricSample> samples, DbConnection writer, DbTransaction transaction, out IReadOnlyDictionary<(string Host, string Name, string Labels), long> added)
    {
        using DbCommand findSeries = SharedTables.Command(writer, transaction, """
            INSERT INTO metric_series(host, name, labels_key, labels) VALUES (@host, @name, @key, @labels)
            ON CONFLICT (host, name, labels_key) DO UPDATE SET labels = excluded.labels RETURNING id
            """);
        DbParameter host = SharedTables.Add(findSeries, "host", DbType.String);
        DbParameter name = SharedTables.Add(findSeries, "name", DbType.String);
        DbParameter key = SharedTables.Add(findSeries, "key", DbType.String);
        DbParameter labels = SharedTables.Add(findSeries, "labels", DbType.String);
        var ids = new long[samples.Count];
        // Series inserted by this call are only learnt once its transaction commits (Learn), so they are remembered here
        // for the rest of the call: otherwise every sample of a new series would cost its own upsert (a round trip each on
        // PostgreSQL: 31,700 samples of a few series took over 30 s).
        var inThisCall = new Dictionary<(string Host, string Name, string Labels), long>();
        for (int i = 0; i < samples.Count; i++)
        {
            MetricSample sample = samples[i];
            if (string.IsNullOrEmpty(sample.Host) || string.IsNullOrEmpty(sample.Name) || sample.Labels is null || !double.IsFinite(sample.Value))
            {
                throw new ArgumentException($"metric sample '{sample.Name}' of '{sample.Host}' lacks a host, a name or labels, or its value is not finite", nameof(samples));
            }
            var seriesKey = (sample.Host, sample.Name, sample.Labels.Key);
            if (!_ids.TryGetValue(seriesKey, out long id) && !inThisCall.TryGetValue(seriesKey, out id))
            {
                host.Value = sample.Host;
                name.Value = sample.Name;
                key.Value = sample.Labels.Key;
                labels.Value = StoreJson.Labels(sample.Labels);
                id = (long)findSeries.ExecuteScalar()!;
                inThisCall[seriesKey] = id;
            }
            ids[i] = id;
        }
        added = inThisCall;
        return ids;
    }

    /// <summary>Remembers the series a committed transaction inserted.</summary>
    public void Learn(IReadOnlyDictionary<(string Host, string Name, string Labels), long> added)
    {
        foreach ((var seriesKey, long id) in added)
        {
            _ids[seriesKey] = id;
        }
        if (_ids.Count > 100_000)
        {
            _ids.Clear(); // a cache, bounded: ids are found again in the table
        }
    }
}
