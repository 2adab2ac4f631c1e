using LogWarden.Collect;
using Microsoft.Data.Sqlite;

namespace LogWarden.Store.Embedded;

internal sealed partial class EmbeddedStore
{
    private const int MinuteSeconds = 60;
    private const int HourSeconds = 3600;

    private readonly Dictionary<(string Host, string Name, string Labels), long> _seriesIds = [];

    public void AppendMetrics(IReadOnlyList<MetricSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return;
        }
        lock (_writeLock)
        {
            SqliteConnection writer = Writer();
            _guard.EnsureRoom(WriteSlackBytes + 2L * samples.Sum(s => 64L + s.Host.Length + s.Name.Length + s.Labels.Key.Length));
            var added = new List<((string, string, string) Key, long Id)>();
            using SqliteTransaction transaction = writer.BeginTransaction();
            try
            {
                using var findSeries = writer.CreateCommand();
                findSeries.Transaction = transaction;
                findSeries.CommandText = """
                    INSERT INTO metric_series(host, name, labels_key, labels) VALUES ($host, $name, $key, $labels)
                    ON CONFLICT(host, name, labels_key) DO UPDATE SET labels = excluded.labels RETURNING id
                    """;
                var host = findSeries.Parameters.Add("$host", SqliteType.Text);
                var name = findSeries.Parameters.Add("$name", SqliteType.Text);
                var key = findSeries.Parameters.Add("$key", SqliteType.Text);
                var labels = findSeries.Parameters.Add("$labels", SqliteType.Text);
                using var insert = writer.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT OR REPLACE INTO metric_points(series_id, resolution_s, time_ms, value, samples) VALUES ($series, 0, $time, $value, 1)";
                var series = insert.Parameters.Add("$series", SqliteType.Integer);
                var time = insert.Parameters.Add("$time", SqliteType.Integer);
                var value = insert.Parameters.Add("$value", SqliteType.Real);
                foreach (MetricSample sample in samples)
                {
                    if (string.IsNullOrEmpty(sample.Host) || string.IsNullOrEmpty(sample.Name) || sample.Labels is null || !double.IsFinite(sample.Value))
                    {
                        throw new ArgumentException($"metric sample '{sample.Name}' of '{sample.Host}' lacks a host, a name or labels, or its value is not finite", nameof(samples));
                    }
                    var seriesKey = (sample.Host, sample.Name, sample.Labels.Key);
                    if (!_seriesIds.TryGetValue(seriesKey, out long id))
                    {
                        host.Value = sample.Host;
                        name.Value = sample.Name;
                        key.Value = sample.Labels.Key;
                        labels.Value = StoreJson.Labels(sample.Labels);
                        id = (long)findSeries.ExecuteScalar()!;
                        added.Add((seriesKey, id));
                    }
                    series.Value = id;
                    time.Value = sample.Timestamp.ToUnixTimeMilliseconds();
                    value.Value = sample.Value;
                    insert.ExecuteNonQuery();
                }
                transaction.Commit();
            }
            catch (SqliteException e) when (IsDiskFull(e))
            {
                throw new StoreFullException($"log store: the disk of {_directory} is full ({e.Message}); no metric sample of this call was written");
            }
            foreach ((var seriesKey, long id) in added)
            {
                _seriesIds[seriesKey] = id;
            }
            if (_seriesIds.Count > 100_000)
            {
                _seriesIds.Clear(); // a cache, bounded: ids are found again in the table
            }
        }
    }

    public IReadOnlyList<MetricSeries> ReadMetrics(MetricQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        using SqliteConnection connection = OpenReader();
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: true);
        var matching = new List<(long Id, string Host, StreamLabels Labels)>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT id, host, labels FROM metric_series WHERE name = $name AND ($host IS NULL OR host = $host) ORDER BY host, labels_key";
            command.Parameters.AddWithValue("$name", query.Name);
            command.Parameters.AddWithValue("$host", (object?)query.Host ?? DBNull.Value);
            using var reader = command.ExecuteReader();
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
        using var points = connection.CreateCommand();
        points.Transaction = transaction;
        points.CommandText = "SELECT time_ms, value, resolution_s FROM metric_points WHERE series_id = $id AND time_ms >= $from AND time_ms < $to ORDER BY time_ms, resolution_s";
        var seriesId = points.Parameters.Add("$id", SqliteType.Integer);
        points.Parameters.AddWithValue("$from", query.From.ToUnixTimeMilliseconds());
        points.Parameters.AddWithValue("$to", query.To.ToUnixTimeMilliseconds());
        foreach ((long id, string host, StreamLabels labels) in matching)
        {
            seriesId.Value = id;
            var list = new List<MetricPoint>();
            using var reader = points.ExecuteReader();
            while (reader.Read())
            {
                list.Add(new MetricPoint(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetDouble(1), TimeSpan.FromSeconds(reader.GetInt32(2))));
            }
            result.Add(new MetricSeries(host, query.Name, labels, list));
        }
        return result;
    }

    public long DownsampleMetrics()
    {
        lock (_writeLock)
        {
            return DownsampleMetricsLocked(Writer());
        }
    }

    /// <summary>
    /// Samples older than <see cref="EmbeddedStoreOptions.MetricsRawFor"/> become 1-minute averages, and
    /// those older than <see cref="EmbeddedStoreOptions.MetricsMinuteFor"/> 1-hour averages (weighted by
    /// how many samples each holds, so averaging twice gives the plain average). Only whole buckets are
    /// rolled up; a late sample for a rolled-up bucket is merged into it the next time.
    /// </summary>
    private long DownsampleMetricsLocked(SqliteConnection writer)
    {
        long now = _options.Time.GetUtcNow().ToUnixTimeMilliseconds();
        long removed = 0;
        using SqliteTransaction transaction = writer.BeginTransaction();
        removed += RollUp(writer, transaction, 0, MinuteSeconds, now - (long)_options.MetricsRawFor.TotalMilliseconds);
        removed += RollUp(writer, transaction, MinuteSeconds, HourSeconds, now - (long)_options.MetricsMinuteFor.TotalMilliseconds);
        if (_options.MetricsMaxAge is { } maxAge)
        {
            using var drop = writer.CreateCommand();
            drop.Transaction = transaction;
            drop.CommandText = "DELETE FROM metric_points WHERE time_ms < $cutoff";
            drop.Parameters.AddWithValue("$cutoff", now - (long)maxAge.TotalMilliseconds);
            removed += drop.ExecuteNonQuery();
        }
        transaction.Commit();
        return removed;
    }

    private static long RollUp(SqliteConnection writer, SqliteTransaction transaction, int from, int to, long olderThanMs)
    {
        long bucket = to * 1000L;
        long cutoff = Math.Max(0, olderThanMs) / bucket * bucket;
        using var insert = writer.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO metric_points(series_id, resolution_s, time_ms, value, samples)
            SELECT series_id, $to, time_ms / $bucket * $bucket, SUM(value * samples) / SUM(samples), SUM(samples)
            FROM metric_points WHERE resolution_s = $from AND time_ms >= 0 AND time_ms < $cutoff
            GROUP BY series_id, time_ms / $bucket
            ON CONFLICT(series_id, resolution_s, time_ms) DO UPDATE SET
                value = (value * samples + excluded.value * excluded.samples) / (samples + excluded.samples),
                samples = samples + excluded.samples
            """;
        insert.Parameters.AddWithValue("$to", to);
        insert.Parameters.AddWithValue("$from", from);
        insert.Parameters.AddWithValue("$bucket", bucket);
        insert.Parameters.AddWithValue("$cutoff", cutoff);
        insert.ExecuteNonQuery();
        using var delete = writer.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM metric_points WHERE resolution_s = $from AND time_ms >= 0 AND time_ms < $cutoff";
        delete.Parameters.AddWithValue("$from", from);
        delete.Parameters.AddWithValue("$cutoff", cutoff);
        return delete.ExecuteNonQuery();
    }
}
