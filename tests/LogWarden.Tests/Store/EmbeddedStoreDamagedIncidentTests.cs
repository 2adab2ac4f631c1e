using LogWarden.Detect.Incidents;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Parse;
using static LogWarden.Tests.Detect.Incidents.TestFindings;

namespace LogWarden.Tests.Store;

/// <summary>What only the embedded store's incidents face: its SQLite file edited by hand.</summary>
public sealed class EmbeddedStoreDamagedIncidentTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private EmbeddedStore Open(bool readOnly = false) => EmbeddedStore.Open(_dir.Path, StoreTestData.SmallBlocks() with { ReadOnly = readOnly });

    [Fact]
    public void Damaged_details_read_as_empty_rather_than_failing_the_listing()
    {
        var tracker = new IncidentTracker();
        var recorder = new IncidentRecorder();
        tracker.AddListener(recorder);
        tracker.Raise(MemoryThreshold(T0));
        tracker.Raise(OomKill(T0.AddMinutes(2)));
        using (var store = Open())
        {
            recorder.Flush(store);
        }
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dir.Path, EmbeddedStore.DatabaseFileName)};Pooling=False"))
        {
            connection.Open();
            using var damage = connection.CreateCommand();
            damage.CommandText = "UPDATE incidents SET details = '{not json'; UPDATE incident_findings SET evidence = '[1,2', entities = 'null'";
            damage.ExecuteNonQuery();
        }
        using var reopened = Open(readOnly: true);
        IncidentRecord incident = reopened.GetIncident(1)!;
        Assert.Empty(incident.Entities);
        Assert.All(incident.Findings, f => Assert.Empty(f.Evidence.Samples));
        Assert.Single(reopened.ListIncidents(new IncidentQuery()));
    }
}
