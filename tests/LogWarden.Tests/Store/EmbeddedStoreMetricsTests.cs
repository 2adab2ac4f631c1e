using LogWarden.Collect;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Store;

public sealed class EmbeddedStoreMetricsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly StreamLabels User = new(("mode", "user"));
    private static readonly StreamLabels System = new(("mode", "system"));

    [Fact]
    public void Samples_come_back_and_old_ones_become_minute_then_hour_averages()
    {
        using var dir = new TempDirectory();
        var clock = new ManualTimeProvider(Now);
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks() with { Time = clock, MetricsMaxAge = TimeSpan.FromDays(90) });
        // Every 10 s for three days, two series on web1 and one on web2.
        DateTimeOffset start = Now.AddDays(-3);
        var samples = new List<MetricSample>();
        for (var t = start; t < Now; t = t.AddSeconds(10))
        {
            long i = (t - start).Ticks / TimeSpan.TicksPerSecond / 10;
            samples.Add(new MetricSample(t, "web1", "cpu", User, i % 6));
            samples.Add(new MetricSample(t, "web1", "cpu", System, 1));
            samples.Add(new MetricSample(t, "web2", "cpu", User, 2));
        }
        foreach (MetricSample[] chunk in samples.Chunk(5000))
        {
            store.AppendMetrics(chunk);
        }
        var query = new MetricQuery { Name = "cpu", Host = "web1", Labels = [new LabelMatcher("mode", "user")], From = start, To = Now };
        MetricSeries series = Assert.Single(store.ReadMetrics(query));
        Assert.Equal(3 * 8640, series.Points.Count);
        Assert.All(series.Points, p => Assert.Equal(TimeSpan.Zero, p.Resolution));
        Assert.Equal(2, store.ReadMetrics(query with { Host = null, Labels = [] }).Count(s => s.Host == "web1"));
        Assert.Equal(3, store.ReadMetrics(query with { Host = null, Labels = [] }).Count);

        // Older than two days: one point per minute, the mean of its six samples (0..5 → 2.5).
        Assert.True(store.DownsampleMetrics() > 0);
        series = Assert.Single(store.ReadMetrics(query));
        var minutes = series.Points.Where(p => p.Resolution == TimeSpan.FromMinutes(1)).ToList();
        var raw = series.Points.Where(p => p.Resolution == TimeSpan.Zero).ToList();
        Assert.Equal(24 * 60, minutes.Count);
        Assert.Equal(2 * 8640, raw.Count);
        Assert.All(minutes, p => Assert.Equal(2.5, p.Value, 9));
        Assert.True(minutes[^1].Timestamp < raw[0].Timestamp);
        Assert.Equal(series.Points.OrderBy(p => p.Timestamp).Select(p => p.Timestamp), series.Points.Select(p => p.Timestamp));

        // 28.5 days later: every sample is past two days (minutes), and the first day and a half past
        // thirty (hours), still 2.5 on average.
        clock.Advance(TimeSpan.FromDays(28.5));
        store.DownsampleMetrics();
        series = Assert.Single(store.ReadMetrics(query with { To = clock.GetUtcNow() }));
        Assert.Equal(36, series.Points.Count(p => p.Resolution == TimeSpan.FromHours(1)));
        Assert.Equal(36 * 60, series.Points.Count(p => p.Resolution == TimeSpan.FromMinutes(1)));
        Assert.Equal(36 + 36 * 60, series.Points.Count);
        Assert.All(series.Points, p => Assert.Equal(2.5, p.Value, 9));

        // Past the maximum age: gone.
        clock.Advance(TimeSpan.FromDays(100));
        store.DownsampleMetrics();
        Assert.Empty(Assert.Single(store.ReadMetrics(query with { To = clock.GetUtcNow() })).Points);
    }

    [Fact]
    public void Bad_samples_are_refused_whole()
    {
        using var dir = new TempDirectory();
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks());
        Assert.Throws<ArgumentException>(() => store.AppendMetrics([new MetricSample(Now, "web1", "cpu", User, 1), new MetricSample(Now, "web1", "cpu", User, double.NaN)]));
        Assert.Empty(store.ReadMetrics(new MetricQuery { Name = "cpu", From = Now.AddDays(-1), To = Now.AddDays(1) }));
    }
}

public sealed class SchemaMigrationTests
{
    private static List<long> Versions(string directory)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory, EmbeddedStore.DatabaseFileName)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version ORDER BY version";
        using var reader = command.ExecuteReader();
        var versions = new List<long>();
        while (reader.Read())
        {
            versions.Add(reader.GetInt64(0));
        }
        return versions;
    }

    [Fact]
    public void A_new_store_has_every_step_and_the_tables_later_stages_need()
    {
        using var dir = new TempDirectory();
        using (EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks()))
        {
        }
        Assert.Equal(Enumerable.Range(1, SchemaMigrations.LatestVersion).Select(v => (long)v), Versions(dir.Path));
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir.Path, EmbeddedStore.DatabaseFileName)};Pooling=False");
        connection.Open();
        foreach (string table in new[] { "incidents", "alert_outbox", "alert_silences", "audit", "metric_series", "metric_points", "blocks", "tail", "templates", "checkpoints", "streams" })
        {
            Assert.Equal(1, EmbeddedStore.Scalar(connection, null, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"));
        }
        Assert.Equal("wal", (string)new Microsoft.Data.Sqlite.SqliteCommand("PRAGMA journal_mode", connection).ExecuteScalar()!);
    }

    [Fact]
    public void An_older_store_is_upgraded_in_order_and_keeps_its_data()
    {
        using var dir = new TempDirectory();
        string database = Path.Combine(dir.Path, EmbeddedStore.DatabaseFileName);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            SchemaMigrations.Apply(connection, TimeProvider.System, target: 1);
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO checkpoints(source_id, key, value) VALUES ('file', '/var/log/syslog', '42')";
            insert.ExecuteNonQuery();
        }
        Assert.Equal([1L], Versions(dir.Path));
        using (var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks()))
        {
            Assert.Equal("42", store.Get("file", "/var/log/syslog"));
            store.AppendMetrics([new MetricSample(DateTimeOffset.UnixEpoch, "h", "m", StreamLabels.Empty, 1)]);
        }
        Assert.Equal(Enumerable.Range(1, SchemaMigrations.LatestVersion).Select(v => (long)v), Versions(dir.Path));
    }

    [Fact]
    public void A_store_from_a_newer_LogWarden_is_refused()
    {
        using var dir = new TempDirectory();
        using (EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks()))
        {
        }
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir.Path, EmbeddedStore.DatabaseFileName)};Pooling=False"))
        {
            connection.Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO schema_version(version, applied_at) VALUES (999, 'later')";
            insert.ExecuteNonQuery();
        }
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks()));
        Assert.Contains("newer", e.Message, StringComparison.Ordinal);
    }
}
