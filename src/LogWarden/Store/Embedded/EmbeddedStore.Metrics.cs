using Microsoft.Data.Sqlite;

namespace LogWarden.Store.Embedded;

internal sealed partial class EmbeddedStore
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
            SqliteConnection writer = Writer();
            _guard.EnsureRoom(WriteSlackBytes + 2L * samples.Sum(s => 64L + s.Host.Length + s.Name.Length + s.Labels.Key.Length));
            IReadOnlyDictionary<(string Host, string Name, string Labels), long> added;
            using SqliteTransaction transaction = writer.BeginTransaction();
            try
            {
                long[] ids = _seriesIds.Resolve(samples, writer, transaction, out added);
                using var insert = writer.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT OR REPLACE INTO metric_points(series_id, resolution_s, time_ms, value, samples) VALUES ($series, 0, $time, $value, 1)";
                var series = insert.Parameters.Add("$series", SqliteType.Integer);
                var time = insert.Parameters.Add("$time", SqliteType.Integer);
                var value = insert.Parameters.Add("$value", SqliteType.Real);
                for (int i = 0; i < samples.Count; i++)
                {
                    series.Value = ids[i];
                    time.Value = samples[i].Timestamp.ToUnixTimeMilliseconds();
                    value.Value = samples[i].Value;
                    insert.ExecuteNonQuery();
                }
                transaction.Commit();
            }
            catch (SqliteException e) when (IsDiskFull(e))
            {
                throw new StoreFullException($"log store: the disk of {_directory} is full ({e.Message}); no metric sample of this call was written");
            }
            _seriesIds.Learn(added);
        }
    }

    public IReadOnlyList<MetricSeries> ReadMetrics(MetricQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        using SqliteConnection connection = OpenReader();
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: true);
        return SharedTables.ReadMetrics(connection, transaction, query);
    }

    public long DownsampleMetrics()
    {
        lock (_writeLock)
        {
            return DownsampleMetricsLocked(Writer());
        }
    }

    /// <summary>Raw samples into 1-minute, then 1-hour averages, and the oldest dropped (<see cref="SharedTables.DownsampleMetrics"/>).</summary>
    private long DownsampleMetricsLocked(SqliteConnection writer) =>
        SharedTables.DownsampleMetrics(writer, _options.Time.GetUtcNow(), _options.MetricsRawFor, _options.MetricsMinuteFor, _options.MetricsMaxAge);
}
