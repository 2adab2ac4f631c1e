using LogWarden.Collect;
using LogWarden.Config;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Store.Postgres;
using LogWarden.Tests.Support;
using Npgsql;

namespace LogWarden.Tests.Store;

/// <summary>What only the PostgreSQL store has: day partitions, retention by dropping them, text PostgreSQL cannot hold, its configuration.</summary>
public sealed class PostgresStoreTests
{
    private static readonly StreamLabels Web = new(("job", "web"), ("host", "web1"));

    private static List<StoredLine> Day(DateTimeOffset day, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new StoredLine(day.AddMinutes(i * 10), Web, $"request {i} on {day:yyyy-MM-dd} took {i}ms", 1, Severity.Info))];

    private static List<string> Partitions(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'lines'::regclass ORDER BY 1", connection);
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    [Fact]
    public void Partitions_are_made_ahead_for_today_and_on_demand_for_old_days()
    {
        using var location = new TestStoreLocation(StoreKindUnderTest.Postgres);
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 26, 23, 0, 0, TimeSpan.Zero));
        using ILogStore store = location.Open(time: clock);
        Assert.Equal(["lines_20261126", "lines_20261127", "lines_20261128"], Partitions(location.ConnectionString!));
        store.Append(Day(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), 3), [], []);
        Assert.Contains("lines_20250301", Partitions(location.ConnectionString!));
        Assert.Equal(3, store.Search(new SearchQuery { Limit = 10 }).Count());
    }

    [Fact]
    public void Retention_by_age_drops_whole_day_partitions_and_counts_their_lines()
    {
        using var location = new TestStoreLocation(StoreKindUnderTest.Postgres);
        var today = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
        var clock = new ManualTimeProvider(today.AddHours(12));
        using ILogStore store = location.Open(time: clock);
        for (int d = 5; d >= 0; d--)
        {
            store.Append(Day(today.AddDays(-d), 20), [], [new Checkpoint("s", "k", d.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }
        Assert.Equal(120, store.GetStats().Lines);
        // Three days: the days ending before 3 days ago go (d = 5, 4); the day 3 days ago straddles the limit and stays whole.
        Assert.Equal(40, store.ApplyRetention(new RetentionPolicy(TimeSpan.FromDays(3), null)));
        Assert.DoesNotContain("lines_20261121", Partitions(location.ConnectionString!));
        Assert.DoesNotContain("lines_20261122", Partitions(location.ConnectionString!));
        Assert.Contains("lines_20261123", Partitions(location.ConnectionString!));
        StoreStats stats = store.GetStats();
        Assert.Equal(80, stats.Lines);
        Assert.Equal(today.AddDays(-3).UtcTicks, stats.Oldest!.Value.UtcTicks);
        Assert.Equal(80, store.Search(new SearchQuery { Limit = 1000 }).Count());
        Assert.Equal("0", store.Get("s", "k"));
        Assert.Equal(0, store.ApplyRetention(new RetentionPolicy(TimeSpan.FromDays(3), null)));
    }

    [Fact]
    public void Retention_by_size_drops_the_oldest_days_but_never_today()
    {
        using var location = new TestStoreLocation(StoreKindUnderTest.Postgres);
        var today = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
        using ILogStore store = location.Open(time: new ManualTimeProvider(today.AddHours(12)));
        for (int d = 3; d >= 0; d--)
        {
            store.Append(Day(today.AddDays(-d), 100), [], []);
        }
        long removed = store.ApplyRetention(new RetentionPolicy(null, 1));
        Assert.Equal(300, removed);
        Assert.Equal(100, store.GetStats().Lines);
        Assert.All(store.Search(new SearchQuery { Limit = 1000 }), h => Assert.Equal(today.Date, h.Timestamp.UtcDateTime.Date));
    }

    [Fact]
    public void Text_PostgreSQL_cannot_hold_is_stored_with_replacement_characters_and_the_batch_is_kept()
    {
        using var location = new TestStoreLocation(StoreKindUnderTest.Postgres);
        using ILogStore store = location.Open();
        var start = new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
        store.Append(
            [
                new StoredLine(start, Web, "binary\0garbage\0", 1, Severity.Info),
                new StoredLine(start.AddSeconds(1), Web, "lone \uD800 surrogate, pair \uD83D\uDE00 kept", 1, Severity.Info),
                new StoredLine(start.AddSeconds(2), Web, "plain", 1, Severity.Info),
            ],
            [],
            []);
        Assert.Equal(
            ["binary\uFFFDgarbage\uFFFD", "lone \uFFFD surrogate, pair \uD83D\uDE00 kept", "plain"],
            store.Search(new SearchQuery { NewestFirst = false }).Select(h => h.Line));
    }

    [Fact]
    public void A_central_database_of_the_previous_schema_upgrades_in_place_and_keeps_its_rows()
    {
        using var location = new TestStoreLocation(StoreKindUnderTest.Postgres);
        using (var connection = new NpgsqlConnection(location.ConnectionString))
        {
            connection.Open();
            // The database as the previous LogWarden left it: schema steps 1 and 2, with a checkpoint and a metric series.
            PostgresSchema.Apply(connection, TimeProvider.System, target: 2);
            using var rows = new NpgsqlCommand("""
                INSERT INTO checkpoints(source_id, key, value) VALUES ('file', '/var/log/app.log', '4096');
                INSERT INTO metric_series(host, name, labels_key, labels) VALUES ('web1', 'cpu', '', '{}');
                """, connection);
            rows.ExecuteNonQuery();
        }
        using (OpenedStore store = location.OpenAll())
        {
            Assert.Equal("4096", store.Logs.Get("file", "/var/log/app.log"));
            PopulatedStore.RecordIncidents(store.Incidents);
            store.Outbox.Enqueue([new OutboxEntry("k", "mail", 1, "opened", "warning", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "{}")]);
        }
        using OpenedStore reader = location.OpenAll(readOnly: true);
        using (var connection = new NpgsqlConnection(location.ConnectionString))
        {
            connection.Open();
            Assert.Equal(PostgresSchema.LatestVersion, PostgresSchema.CurrentVersion(connection));
        }
        Assert.Equal([3L, 2L, 1L], reader.Incidents.ListIncidents(new IncidentQuery()).Select(i => i.Id).Order().Reverse());
        Assert.Equal(2, reader.Incidents.GetIncident(2)!.Findings.Count);
        Assert.Single(reader.Outbox.ListOutbox(new OutboxQuery()));
        Assert.Equal("4096", reader.Logs.Get("file", "/var/log/app.log"));
    }

    [Fact]
    public void A_reader_refuses_a_database_without_the_schema()
    {
        using var location = new TestStoreLocation(StoreKindUnderTest.Postgres);
        var e = Assert.Throws<InvalidDataException>(() => location.Open(readOnly: true));
        Assert.Contains("schema version 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_store_section_selects_postgres_and_a_password_in_the_connection_string_is_refused_with_its_line()
    {
        LogWardenConfig config = ConfigLoader.Parse("store:\n  kind: postgres\n  connection: \"Host=db;Database=lw;Username=lw\"\n", "c.yaml");
        Assert.Equal(StoreKind.Postgres, config.Store.Kind);
        Assert.Equal("Host=db;Database=lw;Username=lw", config.Store.Connection);

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("store:\n  kind: postgres\n  connection: \"Host=db;Password=hunter2\"\n", "c.yaml"));
        ConfigError error = Assert.Single(e.Errors);
        Assert.Contains("password_file", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("c.yaml:3:", error.ToString(), StringComparison.Ordinal);

        e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("store:\n  kind: postgres\n", "c.yaml"));
        Assert.Contains("needs a 'connection'", Assert.Single(e.Errors).Message, StringComparison.Ordinal);
        e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("store:\n  kind: mysql\n", "c.yaml"));
        Assert.StartsWith("c.yaml:2:", Assert.Single(e.Errors).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_password_file_is_read_at_open_and_a_missing_one_is_a_clear_error()
    {
        using var location = new TestStoreLocation(StoreKindUnderTest.Postgres);
        string file = Path.Combine(location.DataDirectory, "pg.pass");
        File.WriteAllText(file, "not-the-password\n");
        // The test cluster trusts loopback, so any password logs in: what is checked is that the file is read at all.
        using var store = PostgresStore.Open(new PostgresStoreOptions { ConnectionString = location.ConnectionString!, PasswordFile = file });
        Assert.Contains("PostgreSQL database", store.Describe, StringComparison.Ordinal);
        Assert.Throws<IOException>(() => PostgresStore.Open(new PostgresStoreOptions { ConnectionString = location.ConnectionString!, PasswordFile = file + ".missing" }));
    }
}
