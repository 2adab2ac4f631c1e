using LogWarden.Collect;
using LogWarden.Collect.LokiPush;
using LogWarden.Daemon;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogWarden.Tests.Ship;

/// <summary>
/// An agent's findings (Ship/FindingForwarder) go into its store as local records of the pipeline: stored with the
/// writer's next transaction, or after the writer stopped (the last detection tick at shutdown), so none is lost
/// at shutdown and the shipper sends each once. Real stores, both kinds.
/// </summary>
public sealed class FindingForwarderTests
{
    private static readonly StreamLabels Findings = new((LokiRecordBuilder.KindLabel, LokiRecordBuilder.FindingsKind), ("host", "web1"));

    private static IngestRecord Finding(int n) =>
        new(new LogRecord { Raw = $"{{\"kind\":\"ssh-brute-force\",\"n\":{n}}}", Message = "ssh-brute-force: finding " + n, Timestamp = DateTimeOffset.UtcNow }, Findings);

    private static IngestPipeline Pipeline(ILogStore store) =>
        new(store, new TemplateMiner(), new PipelineOptions { MaxDelay = TimeSpan.FromMilliseconds(20) }, TimeProvider.System, NullLogger<IngestPipeline>.Instance);

    private static List<string> StoredFindings(ILogStore store) =>
        [.. store.Search(new SearchQuery { Labels = [new LabelMatcher(LokiRecordBuilder.KindLabel, LokiRecordBuilder.FindingsKind)], Limit = 1000, NewestFirst = false }).Select(h => h.Line)];

    [Theory]
    [InlineData(StoreKindUnderTest.Embedded)]
    [InlineData(StoreKindUnderTest.Postgres)]
    public async Task A_finding_is_stored_while_no_line_arrives_to_carry_it(StoreKindUnderTest kind)
    {
        using var location = new TestStoreLocation(kind);
        using ILogStore store = location.Open();
        IngestPipeline pipeline = Pipeline(store);
        Task writer = Task.Run(() => pipeline.RunAsync(CancellationToken.None));

        Assert.True(pipeline.TryAddLocal(Finding(1)));
        await Eventually.TrueAsync(() => StoredFindings(store).Count == 1, "the finding stored with no batch of lines", TimeSpan.FromSeconds(30));

        pipeline.Complete();
        await writer.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, pipeline.PendingLocalRecords);
        Assert.Equal(["{\"kind\":\"ssh-brute-force\",\"n\":1}"], StoredFindings(store));
    }

    [Theory]
    [InlineData(StoreKindUnderTest.Embedded)]
    [InlineData(StoreKindUnderTest.Postgres)]
    public async Task Findings_raised_after_the_writer_stopped_are_stored_at_shutdown_each_once(StoreKindUnderTest kind)
    {
        using var location = new TestStoreLocation(kind);
        using (ILogStore store = location.Open())
        {
            IngestPipeline pipeline = Pipeline(store);
            Task writer = Task.Run(() => pipeline.RunAsync(CancellationToken.None));
            Assert.True(pipeline.TryAddLocal(Finding(1)));
            pipeline.Complete();
            await writer.WaitAsync(TimeSpan.FromSeconds(30));

            // The detection stage's last tick comes after the writer's last transaction (Daemon/DetectionClockService).
            Assert.True(pipeline.TryAddLocal(Finding(2)));
            Assert.True(pipeline.TryAddLocal(Finding(3)));
            pipeline.StoreLocalRecords();
            pipeline.StoreLocalRecords(); // nothing left: stores nothing twice
            Assert.Equal(0, pipeline.PendingLocalRecords);
        }

        using ILogStore reopened = location.Open(readOnly: true);
        Assert.Equal(
            ["{\"kind\":\"ssh-brute-force\",\"n\":1}", "{\"kind\":\"ssh-brute-force\",\"n\":2}", "{\"kind\":\"ssh-brute-force\",\"n\":3}"],
            StoredFindings(reopened));
    }

    [Fact]
    public void Past_the_bound_a_finding_is_refused_not_queued()
    {
        using var location = new TestStoreLocation(StoreKindUnderTest.Embedded);
        using ILogStore store = location.Open();
        IngestPipeline pipeline = Pipeline(store); // its writer is not running: nothing is taken
        for (int i = 0; i < IngestPipeline.MaxLocalRecords; i++)
        {
            Assert.True(pipeline.TryAddLocal(Finding(i)));
        }
        Assert.False(pipeline.TryAddLocal(Finding(-1)));
        Assert.Equal(IngestPipeline.MaxLocalRecords, pipeline.PendingLocalRecords);
    }
}
