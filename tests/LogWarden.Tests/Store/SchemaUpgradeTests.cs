using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Parse;
using LogWarden.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LogWarden.Tests.Store;

/// <summary>
/// A store written by an older LogWarden opens in this one with every line, template, checkpoint and
/// incident intact. The older stores are made as their version wrote them: the schema up to that step,
/// holding the rows of a populated store in the tables that step had.
/// </summary>
public sealed class SchemaUpgradeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1)] // the oldest: lines, streams, templates, checkpoints
    [InlineData(4)] // the first with the incident tracker's incidents and findings
    [InlineData(6)]
    public void A_store_from_an_older_schema_is_upgraded_keeping_every_line_and_incident(int oldVersion)
    {
        string current = Path.Join(_dir.Path, "current");
        List<string> lines;
        using (var store = EmbeddedStore.Open(current, StoreTestData.SmallBlocks()))
        {
            PopulatedStore.Fill(store);
            lines = PopulatedStore.Lines(store);
        }
        string old = Path.Join(_dir.Path, "old");
        IReadOnlyCollection<string> oldTables = MakeOldStore(current, old, oldVersion);
        var expected = PopulatedStore.Rows(current, "schema_version");
        var before = PopulatedStore.Rows(old, "schema_version");
        Assert.Equal(oldTables.Where(expected.ContainsKey).Order(StringComparer.Ordinal), before.Keys.Where(expected.ContainsKey));
        Assert.NotEmpty(before["tail"].Concat(before["blocks"]));

        using (var upgraded = EmbeddedStore.Open(old, StoreTestData.SmallBlocks()))
        {
            Assert.Equal(lines, PopulatedStore.Lines(upgraded));
            Assert.Equal("s=abc;i=42", upgraded.Get("journal", "cursor"));
            if (oldVersion >= 4)
            {
                Assert.Equal(3, upgraded.ListIncidents(new LogWarden.Store.IncidentQuery()).Count);
                Assert.Equal(2, upgraded.GetIncident(2)!.FindingCount);
            }
        }
        var after = PopulatedStore.Rows(old, "schema_version");
        foreach (string table in oldTables.Where(expected.ContainsKey))
        {
            Assert.Equal(expected[table], after[table]);
        }
        Assert.Equal(SchemaMigrations.LatestVersion, Version(old));
    }

    /// <summary>A database at <paramref name="version"/> holding the rows of <paramref name="from"/> in the tables that version had.</summary>
    private static List<string> MakeOldStore(string from, string to, int version)
    {
        Directory.CreateDirectory(to);
        using var connection = new SqliteConnection($"Data Source={Path.Join(to, EmbeddedStore.DatabaseFileName)};Pooling=False");
        connection.Open();
        SchemaMigrations.Apply(connection, TimeProvider.System, target: version);
        Execute(connection, $"ATTACH DATABASE '{Path.Join(from, EmbeddedStore.DatabaseFileName)}' AS current");
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_version' AND name IN (SELECT name FROM current.sqlite_master)";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }
        foreach (string table in tables)
        {
            // The columns that version had (later steps only add columns or tables).
            var columns = new List<string>();
            using (var info = connection.CreateCommand())
            {
                info.CommandText = $"SELECT name FROM pragma_table_info('{table}', 'main')";
                using var reader = info.ExecuteReader();
                while (reader.Read())
                {
                    columns.Add(reader.GetString(0));
                }
            }
            string list = string.Join(", ", columns);
            Execute(connection, $"INSERT INTO main.{table}({list}) SELECT {list} FROM current.{table}");
        }
        Execute(connection, "DETACH DATABASE current");
        Assert.Equal(version, Version(to));
        return tables;
    }

    [Fact]
    public void The_responders_budget_count_reads_recent_audit_rows_through_an_index()
    {
        string dir = Directory.CreateTempSubdirectory("logwarden-schema-").FullName;
        try
        {
            EmbeddedStore.Open(dir, StoreTestData.SmallBlocks()).Dispose();
            using var connection = new SqliteConnection($"Data Source={Path.Join(dir, EmbeddedStore.DatabaseFileName)};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + SharedTables.CountActionsSql("@r0");
            foreach (string name in new[] { "@since", "@action", "@arguments", "@firstLine", "@r0" })
            {
                command.Parameters.AddWithValue(name, DBNull.Value);
            }
            using var plan = command.ExecuteReader();
            var steps = new List<string>();
            while (plan.Read())
            {
                steps.Add(plan.GetString(3));
            }
            Assert.Contains(steps, s => s.Contains("USING INDEX response_actions_at", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int Version(string directory)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Join(directory, EmbeddedStore.DatabaseFileName)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return SchemaMigrations.CurrentVersion(connection);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
