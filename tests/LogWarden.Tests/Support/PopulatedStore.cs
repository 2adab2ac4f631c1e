using System.Globalization;
using System.Text;
using LogWarden.Collect;
using LogWarden.Detect.Incidents;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Store;
using Microsoft.Data.Sqlite;
using static LogWarden.Tests.Detect.Incidents.TestFindings;

namespace LogWarden.Tests.Support;

/// <summary>
/// A store with something of everything the daemon keeps: LogHub lines (sealed blocks and the tail) and
/// the hostile ones, checkpoints, incidents with findings (one resolved). And a way to compare two stores
/// row by row, for backups and schema upgrades.
/// </summary>
internal static class PopulatedStore
{
    public static void Fill(EmbeddedStore store)
    {
        List<StoredLine> lines = [.. StoreTestData.LogHubLines(perDataset: 150), .. StoreTestData.HostileLines()];
        for (int i = 0; i < lines.Count; i += 400)
        {
            store.Append(lines[i..Math.Min(lines.Count, i + 400)], [], [new Checkpoint("file", "/var/log/app.log", (i * 100).ToString(CultureInfo.InvariantCulture))]);
        }
        store.Append([], [], [new Checkpoint("journal", "cursor", "s=abc;i=42"), new Checkpoint("docker", "c0ffee", "{\"offset\":7}")]);
        RecordIncidents(store);
    }

    /// <summary>
    /// Three incidents through the real tracker: 1 a brute force from 203.0.113.7 (open), 2 an OOM kill
    /// with its memory curve (open, two findings), 3 a brute force from 198.51.100.9 (resolved).
    /// </summary>
    public static void RecordIncidents(IIncidentStore store)
    {
        var tracker = new IncidentTracker();
        var recorder = new IncidentRecorder();
        tracker.AddListener(recorder);
        tracker.Raise(BruteForce("203.0.113.7", T0));
        tracker.Raise(MemoryThreshold(T0.AddMinutes(1)));
        tracker.Raise(OomKill(T0.AddMinutes(2)));
        tracker.Raise(BruteForce("198.51.100.9", T0.AddMinutes(3)));
        tracker.Resolve(3, T0.AddMinutes(4));
        recorder.Flush(store);
    }

    /// <summary>Every line the store returns, oldest first, as text with its time, labels, template and level.</summary>
    public static List<string> Lines(ILogStore store) =>
        [.. store.Search(new SearchQuery { Limit = int.MaxValue, NewestFirst = false, AfterSequence = 0 })
            .Select(h => $"{h.Sequence} {h.Timestamp:O} {h.Labels.Key} {h.TemplateId} {h.Level} {h.Line}")];

    /// <summary>Every row of every table of the store's database but <paramref name="except"/>, one string per row, by table.</summary>
    public static SortedDictionary<string, List<string>> Rows(string dataDirectory, params string[] except)
    {
        var rows = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        using var connection = new SqliteConnection($"Data Source={Path.Join(dataDirectory, EmbeddedStore.DatabaseFileName)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }
        foreach (string table in tables.Except(except))
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = select.ExecuteReader();
            var text = new List<string>();
            while (reader.Read())
            {
                var row = new StringBuilder();
                for (int c = 0; c < reader.FieldCount; c++)
                {
                    object value = reader.GetValue(c);
                    row.Append(reader.GetName(c)).Append('=').Append(value is byte[] blob ? Convert.ToHexString(blob) : Convert.ToString(value, CultureInfo.InvariantCulture)).Append('|');
                }
                text.Add(row.ToString());
            }
            text.Sort(StringComparer.Ordinal);
            rows[table] = text;
        }
        return rows;
    }
}
