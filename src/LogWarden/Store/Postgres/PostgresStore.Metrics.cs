using LogWarden.Collect;
using LogWarden.Store.Embedded;
using Npgsql;
using NpgsqlTypes;

namespace LogWarden.Store.Postgres;

/// <summary>Host metrics as the embedded store keeps them (same series, points and roll-ups), in PostgreSQL.</summary>
internal sealed partial class PostgresStore
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
            NpgsqlConnection writer = Writer();
            var added = new List<((string, string, string) Key, long Id)>();
            try
            {
                using NpgsqlTransaction transaction = writer.BeginTransaction();
                using var findSeries = new NpgsqlCommand("""
                    INSERT INTO metric_series(host, name, labels_key, labels) VALUES (@host, @name, @key, @labels)
                    ON CONFLICT (host, name, labels_key) DO UPDATE SET labels = excluded.labels RETURNING id
                    """, writer, transaction);
                var host = findSeries.Parameters.Add("host", NpgsqlDbType.Text);
                var name = findSeries.Parameters.Add("name", NpgsqlDbType.Text);
                var key = findSeries.Parameters.Add("key", NpgsqlDbType.Text);
                var labels = findSeries.Parameters.Add("labels", NpgsqlDbType.Text);
                // One statement for the call's points; the last sample of a series and time wins, as it replaces an earlier one.
                var points = new Dictionary<(long Series, long Time), double>();
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
                    points[(id, sample.Timestamp.ToUnixTimeMilliseconds())] = sample.Value;
                }
                using var insert = new NpgsqlCommand("""
                    INSERT INTO metric_points(series_id, resolution_s, time_ms, value, samples)
                    SELECT series, 0, time, value, 1 FROM unnest(@series, @time, @value) AS p(series, time, value)
                    ON CONFLICT (series_id, resolution_s, time_ms) DO UPDATE SET value = excluded.value, samples = 1
                    """, writer, transaction);
                insert.Parameters.AddWithValue("series", points.Keys.Select(k => k.Series).ToArray());
                insert.Parameters.AddWithValue("time", points.Keys.Select(k => k.Time).ToArray());
                insert.Parameters.AddWithValue("value", points.Values.ToArray());
                insert.ExecuteNonQuery();
                transaction.Commit();
            }
            catch (PostgresException e) when (e.SqlState == DiskFull)
            {
                throw new StoreFullException($"log store: the disk of {Describe} is full ({e.MessageText}); no metric sample of this call was written");
            }
            catch (NpgsqlException)
            {
                _writer?.Dispose();
                _writer = null;
                throw;
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
        using NpgsqlConnection connection = OpenReader();
        using NpgsqlTransaction transaction = connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        var matching = new List<(long Id, string Host, StreamLabels Labels)>();
        using (var command = new NpgsqlCommand(
            "SELECT id, host, labels FROM metric_series WHERE name = @name AND (@host::text IS NULL OR host = @host) ORDER BY host, labels_key", connection, transaction))
        {
            command.Parameters.AddWithValue("name", query.Name);
            command.Parameters.Add(new NpgsqlParameter("host", NpgsqlDbType.Text) { Value = (object?)query.Host ?? DBNull.Value });
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
        using var points = new NpgsqlCommand(
            "SELECT time_ms, value, resolution_s FROM metric_points WHERE series_id = @id AND time_ms >= @from AND time_ms < @to ORDER BY time_ms, resolution_s", connection, transaction);
        var seriesId = points.Parameters.Add("id", NpgsqlDbType.Bigint);
        points.Parameters.AddWithValue("from", query.From.ToUnixTimeMilliseconds());
        points.Parameters.AddWithValue("to", query.To.ToUnixTimeMilliseconds());
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

    /// <summary>Rolls raw samples up into 1-minute, then 1-hour averages (weighted by samples), as the embedded store does.</summary>
    public long DownsampleMetrics()
    {
        lock (_writeLock)
        {
            NpgsqlConnection writer = Writer();
            long now = _options.Time.GetUtcNow().ToUnixTimeMilliseconds();
            long removed = 0;
            using NpgsqlTransaction transaction = writer.BeginTransaction();
            removed += RollUp(writer, transaction, 0, MinuteSeconds, now - (long)_options.MetricsRawFor.TotalMilliseconds);
            removed += RollUp(writer, transaction, MinuteSeconds, HourSeconds, now - (long)_options.MetricsMinuteFor.TotalMilliseconds);
            if (_options.MetricsMaxAge is { } maxAge)
            {
                using var drop = new NpgsqlCommand("DELETE FROM metric_points WHERE time_ms < @cutoff", writer, transaction);
                drop.Parameters.AddWithValue("cutoff", now - (long)maxAge.TotalMilliseconds);
                removed += drop.ExecuteNonQuery();
            }
            transaction.Commit();
            return removed;
        }
    }

    private static long RollUp(NpgsqlConnection writer, NpgsqlTransaction transaction, int from, int to, long olderThanMs)
    {
        long bucket = to * 1000L;
        long cutoff = Math.Max(0, olderThanMs) / bucket * bucket;
        using var insert = new NpgsqlCommand("""
            INSERT INTO metric_points(series_id, resolution_s, time_ms, value, samples)
            SELECT series_id, @to, time_ms / @bucket * @bucket, SUM(value * samples) / SUM(samples), SUM(samples)
            FROM metric_points WHERE resolution_s = @from AND time_ms >= 0 AND time_ms < @cutoff
            GROUP BY series_id, time_ms / @bucket
            ON CONFLICT (series_id, resolution_s, time_ms) DO UPDATE SET
                value = (metric_points.value * metric_points.samples + excluded.value * excluded.samples) / (metric_points.samples + excluded.samples),
                samples = metric_points.samples + excluded.samples
            """, writer, transaction);
        insert.Parameters.AddWithValue("to", to);
        insert.Parameters.AddWithValue("from", from);
        insert.Parameters.AddWithValue("bucket", bucket);
        insert.Parameters.AddWithValue("cutoff", cutoff);
        insert.ExecuteNonQuery();
        using var delete = new NpgsqlCommand("DELETE FROM metric_points WHERE resolution_s = @from AND time_ms >= 0 AND time_ms < @cutoff", writer, transaction);
        delete.Parameters.AddWithValue("from", from);
        delete.Parameters.AddWithValue("cutoff", cutoff);
        return delete.ExecuteNonQuery();
    }
}
