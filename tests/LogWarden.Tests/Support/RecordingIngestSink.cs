using System.Collections.Concurrent;
using LogWarden.Collect;

namespace LogWarden.Tests.Support;

/// <summary>
/// A source's sink for tests: keeps every batch and commits its checkpoints to <see cref="Checkpoints"/>
/// as the store would, so a second source run over the same checkpoints resumes like a restarted daemon.
/// <see cref="BeforeWrite"/> lets a test slow the sink down or make it refuse a batch.
/// </summary>
internal sealed class RecordingIngestSink : IIngestSink
{
    private readonly ConcurrentQueue<IngestBatch> _batches = new();

    public RecordingIngestSink(InMemoryCheckpoints? checkpoints = null)
    {
        Checkpoints = checkpoints ?? new InMemoryCheckpoints();
    }

    public InMemoryCheckpoints Checkpoints { get; }

    /// <summary>Runs before a batch is accepted; throwing refuses it (nothing recorded, nothing committed).</summary>
    public Func<IngestBatch, CancellationToken, ValueTask>? BeforeWrite { get; set; }

    public IReadOnlyList<IngestBatch> Batches => [.. _batches];

    public IReadOnlyList<IngestRecord> Records => [.. _batches.SelectMany(b => b.Records)];

    public async ValueTask WriteAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        if (BeforeWrite is { } before)
        {
            await before(batch, cancellationToken);
        }

        _batches.Enqueue(batch);
        Checkpoints.Commit(batch.Checkpoints);
    }

    /// <summary>Waits (polling, generous deadline) until at least <paramref name="count"/> records arrived.</summary>
    public async Task WaitForRecordsAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (Records.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"expected {count} records, got {Records.Count}");
            }

            await Task.Delay(20);
        }
    }
}

/// <summary>Checkpoints as the store keeps them: per source, key → value; a null value deletes the key.</summary>
internal sealed class InMemoryCheckpoints : ICheckpointReader
{
    private readonly ConcurrentDictionary<(string Source, string Key), string> _values = new();

    public void Commit(IEnumerable<Checkpoint> checkpoints)
    {
        foreach (var checkpoint in checkpoints)
        {
            if (checkpoint.Value is null)
            {
                _values.TryRemove((checkpoint.SourceId, checkpoint.Key), out _);
            }
            else
            {
                _values[(checkpoint.SourceId, checkpoint.Key)] = checkpoint.Value;
            }
        }
    }

    public string? Get(string sourceId, string key) => _values.TryGetValue((sourceId, key), out string? value) ? value : null;

    public IReadOnlyDictionary<string, string> GetAll(string sourceId) =>
        _values.Where(p => p.Key.Source == sourceId).ToDictionary(p => p.Key.Key, p => p.Value);
}
