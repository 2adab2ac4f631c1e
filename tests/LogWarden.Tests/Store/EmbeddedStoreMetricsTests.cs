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
