using Npgsql;

namespace LogWarden.Store.Postgres;

/// <summary>Host metrics as the embedded store keeps them (same series, points and roll-ups), in PostgreSQL.</summary>
internal sealed partial class PostgresStore
{
    private readonly MetricSeriesIds _seriesIds = new();

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
            IReadOnlyDictionary<(string Host, string Name, string Labels), long> added;
            try
            {
                using NpgsqlTransaction transaction = writer.BeginTransaction();
                long[] ids = _seriesIds.Resolve(samples, writer, transaction, out added);
                // One statement for the call's points; the last sample of a series and time wins, as it replaces an earlier one.
                var points = new Dictionary<(long Series, long Time), double>();
                for (int i = 0; i < samples.Count; i++)
                {
                    points[(ids[i], samples[i].Timestamp.ToUnixTimeMilliseconds())] = samples[i].Value;
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
            _seriesIds.Learn(added);
        }
    }

    public IReadOnlyList<MetricSeries> ReadMetrics(MetricQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        using NpgsqlConnection connection = OpenReader();
        using NpgsqlTransaction transaction = connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        return SharedTables.ReadMetrics(connection, transaction, query);
    }

    /// <summary>Rolls raw samples up into 1-minute, then 1-hour averages (weighted by samples), as the embedded store does.</summary>
    public long DownsampleMetrics()
    {
        lock (_writeLock)
        {
            return SharedTables.DownsampleMetrics(Writer(), _options.Time.GetUtcNow(), _options.MetricsRawFor, _options.MetricsMinuteFor, _options.MetricsMaxAge);
        }
    }
}
