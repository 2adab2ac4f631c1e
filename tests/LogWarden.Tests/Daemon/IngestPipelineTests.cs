using LogWarden.Collect;
using LogWarden.Daemon;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogWarden.Tests.Daemon;

public sealed class IngestPipelineTests
{
    /// <summary>Records each Append; fails the first <c>failures</c> calls with an IOException (a full disk).</summary>
    private sealed class RecordingStore(int failures = 0) : ILogStore
    {
        private int _failuresLeft = failures;

        public List<(List<StoredLine> Lines, List<TemplateState> Templates, List<Checkpoint> Checkpoints)> Appends { get; } = [];

        public int Attempts { get; private set; }

        public void Append(IReadOnlyList<StoredLine> lines, IReadOnlyList<TemplateState> templates, IReadOnlyList<Checkpoint> checkpoints)
        {
            Attempts++;
            if (_failuresLeft-- > 0)
            {
                throw new StoreFullException("disk full");
            }
            Appends.Add(([.. lines], [.. templates], [.. checkpoints]));
        }

        public IEnumerable<SearchHit> Search(SearchQuery query, CancellationToken cancellationToken = default) => [];

        public IReadOnlyList<TemplateState> LoadTemplates() => [];

        public StoreStats GetStats() => new(0, 0, 0, null, null, new Dictionary<string, long>(), 0);

        public long ApplyRetention(RetentionPolicy policy) => 0;

        public string? Get(string sourceId, string key) => null;

        public IReadOnlyDictionary<string, string> GetAll(string sourceId) => new Dictionary<string, string>();

        public void Dispose()
        {
        }
    }

    private static IngestBatch Batch(string source, int offset, params string[] messages)
    {
        var labels = new StreamLabels(("job", source));
        var records = messages.Select(m => new IngestRecord(new LogRecord { Raw = "raw " + m, Message = m, Timestamp = DateTimeOffset.UnixEpoch }, labels)).ToList();
        return new IngestBatch(records, [new Checkpoint(source, "f", offset.ToString(System.Globalization.CultureInfo.InvariantCulture))], new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    private static IngestPipeline Pipeline(ILogStore store, TimeSpan? retry = null) =>
        new(store, new TemplateMiner(), new PipelineOptions { MaxDelay = TimeSpan.FromMilliseconds(20), RetryDelay = retry ?? TimeSpan.FromMilliseconds(10) },
            TimeProvider.System, NullLogger<IngestPipeline>.Instance);

    [Fact]
    public async Task Lines_templates_and_the_last_checkpoint_of_each_key_are_stored_together()
    {
        var store = new RecordingStore();
        var pipeline = Pipeline(store);
        var a = Batch("files", 10, "user alice logged in", "user bob logged in");
        var b = Batch("files", 20, "user carol logged in");
        await pipeline.WriteAsync(a, default);
        await pipeline.WriteAsync(b, default);
        pipeline.Complete();
        await pipeline.RunAsync(default);

        var lines = store.Appends.SelectMany(x => x.Lines).ToList();
        Assert.Equal(["raw user alice logged in", "raw user bob logged in", "raw user carol logged in"], lines.Select(l => l.Line));
        // Ids are the miner's at the time; the stored templates say how they merged.
        var merged = store.Appends.SelectMany(x => x.Templates).Where(t => t.MergedInto != 0).ToList();
        Assert.All(lines, l => Assert.True(l.TemplateId == 1 || merged.Any(t => t.Id == l.TemplateId && t.MergedInto == 1)));
        Assert.Equal("20", store.Appends.Last().Checkpoints.Single(c => c.Key == "f").Value);
        Assert.Contains(store.Appends.SelectMany(x => x.Templates), t => string.Join(' ', t.Tokens) == "user <*> logged in");
        await a.Durable!.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await b.Durable!.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, pipeline.Counters.Lines);
    }

    [Fact]
    public async Task A_refused_write_is_retried_and_nothing_is_acknowledged_before_it_succeeds()
    {
        var store = new RecordingStore(failures: 3);
        var pipeline = Pipeline(store);
        var batch = Batch("files", 5, "disk is full");
        await pipeline.WriteAsync(batch, default);
        pipeline.Complete();
        Task run = pipeline.RunAsync(default);
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(4, store.Attempts);
        Assert.Single(store.Appends);
        Assert.True(batch.Durable!.Task.IsCompletedSuccessfully);
        Assert.Equal(3, pipeline.Counters.FailedAppends);
    }

    [Fact]
    public async Task A_full_queue_makes_the_source_wait()
    {
        var (store, _) = await ThirdBatchWaitsForTheWriter(new PipelineOptions { QueueBatches = 2 }, "a");
        Assert.Equal(3, store.Appends.Sum(x => x.Lines.Count));
    }

    /// <summary>
    /// Writes three one-record batches while nobody reads, checks that the third has to wait, then runs the
    /// writer: the third gets in once the first two are stored.
    /// </summary>
    private static async Task<(RecordingStore Store, IngestPipeline Pipeline)> ThirdBatchWaitsForTheWriter(PipelineOptions options, string message, Action<IngestPipeline>? beforeThird = null)
    {
        var store = new RecordingStore();
        var pipeline = new IngestPipeline(store, new TemplateMiner(), options, TimeProvider.System, NullLogger<IngestPipeline>.Instance);
        await pipeline.WriteAsync(Batch("s", 1, message), default);
        await pipeline.WriteAsync(Batch("s", 2, message), default);
        beforeThird?.Invoke(pipeline);
        ValueTask third = pipeline.WriteAsync(Batch("s", 3, message), default);
        Assert.False(third.IsCompleted); // nobody is reading: the writer must wait
        Task run = pipeline.RunAsync(default);
        await third.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        pipeline.Complete();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        return (store, pipeline);
    }

    [Fact]
    public async Task Text_in_flight_past_the_budget_makes_the_source_wait_and_storing_it_lets_the_source_go_on()
    {
        // "raw " + 46 characters = 50 characters a record; room for two records' text, and the queue has room for 16 batches.
        var options = new PipelineOptions { MaxInFlightChars = 100, MaxDelay = TimeSpan.FromMilliseconds(20) };
        var (store, pipeline) = await ThirdBatchWaitsForTheWriter(options, new string('x', 46), p => Assert.Equal(100, p.InFlightChars));
        Assert.Equal(3, store.Appends.Sum(x => x.Lines.Count));
        Assert.Equal(0, pipeline.InFlightChars);
    }

    [Fact]
    public async Task A_batch_larger_than_the_whole_budget_is_let_in_alone_and_stored()
    {
        var store = new RecordingStore();
        var pipeline = new IngestPipeline(store, new TemplateMiner(), new PipelineOptions { MaxInFlightChars = 10, MaxDelay = TimeSpan.FromMilliseconds(20) },
            TimeProvider.System, NullLogger<IngestPipeline>.Instance);
        ValueTask first = pipeline.WriteAsync(Batch("s", 1, "a line far longer than ten characters", "and another"), default);
        Assert.True(first.IsCompleted);
        ValueTask second = pipeline.WriteAsync(Batch("s", 2, "small"), default);
        Assert.False(second.IsCompleted);
        Task run = pipeline.RunAsync(default);
        await second.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        pipeline.Complete();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["raw a line far longer than ten characters", "raw and another", "raw small"], store.Appends.SelectMany(x => x.Lines).Select(l => l.Line));
    }

    [Fact]
    public async Task A_transaction_is_cut_at_the_text_limit()
    {
        var store = new RecordingStore();
        var pipeline = new IngestPipeline(store, new TemplateMiner(), new PipelineOptions { MaxCharsPerAppend = 30, MaxDelay = TimeSpan.FromSeconds(5) },
            TimeProvider.System, NullLogger<IngestPipeline>.Instance);
        for (int i = 0; i < 4; i++)
        {
            await pipeline.WriteAsync(Batch("s", i, "twenty characters..."), default); // 24 with "raw "
        }
        pipeline.Complete();
        await pipeline.RunAsync(default).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([2, 2], store.Appends.Select(a => a.Lines.Count));
    }
}
