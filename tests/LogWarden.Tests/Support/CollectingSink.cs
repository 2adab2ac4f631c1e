using System.Threading.Channels;
using LogWarden.Collect;

namespace LogWarden.Tests.Support;

/// <summary>
/// The pipeline's side of <see cref="IIngestSink"/> for source tests: bounded like the real one (a full
/// sink makes <see cref="WriteAsync"/> wait), with a consumer that keeps every record in memory and
/// completes each batch's <see cref="IngestBatch.Durable"/>, committing its checkpoints to <see cref="Checkpoints"/>
/// as the store would. <see cref="Pause"/> stops the consumer, as a
/// slow store would; <see cref="FailNextBatch"/> faults the next batch, as a full disk would.
/// </summary>
internal sealed class CollectingSink : IIngestSink, IAsyncDisposable
{
    private readonly Channel<IngestBatch> _batches;
    private readonly List<IngestRecord> _records = [];
    private readonly List<IngestBatch> _stored = [];
    private readonly Task _consumer;
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _running = CompletedGate();
    private Exception? _failNext;
    private int _written;
    private int _disposed;

    public CollectingSink(int capacity = 16)
    {
        _batches = Channel.CreateBounded<IngestBatch>(new BoundedChannelOptions(capacity) { SingleReader = true });
        _consumer = Task.Run(ConsumeAsync);
    }

    public async ValueTask WriteAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        await _batches.Writer.WriteAsync(batch, cancellationToken);
        Interlocked.Increment(ref _written);
    }

    /// <summary>Batches taken by <see cref="WriteAsync"/> so far (stored or still queued).</summary>
    public int Written => Volatile.Read(ref _written);

    /// <summary>The checkpoints of the batches stored so far, as a restarted source would read them.</summary>
    public InMemoryCheckpoints Checkpoints { get; } = new();

    /// <summary>Every record stored so far, in order.</summary>
    public IReadOnlyList<IngestRecord> Records
    {
        get
        {
            lock (_records)
            {
                return [.. _records];
            }
        }
    }

    /// <summary>Every batch stored so far, in order.</summary>
    public IReadOnlyList<IngestBatch> Batches
    {
        get
        {
            lock (_records)
            {
                return [.. _stored];
            }
        }
    }

    /// <summary>The consumer stops taking batches until <see cref="Resume"/>.</summary>
    public void Pause()
    {
        lock (_records)
        {
            if (_running.Task.IsCompleted)
            {
                _running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Resume()
    {
        lock (_records)
        {
            _running.TrySetResult();
        }
    }

    /// <summary>The next batch is not stored: its <see cref="IngestBatch.Durable"/> faults with <paramref name="error"/>.</summary>
    public void FailNextBatch(Exception error) => Volatile.Write(ref _failNext, error);

    /// <summary>Waits (polling, up to 20 s) until at least <paramref name="count"/> records are stored; returns them all.</summary>
    public async Task<IReadOnlyList<IngestRecord>> WaitForRecordsAsync(int count)
    {
        await Eventually.TrueAsync(() => Records.Count >= count, $"{count} records");
        return Records;
    }

    private async Task ConsumeAsync()
    {
        try
        {
            await foreach (var batch in _batches.Reader.ReadAllAsync(_stop.Token))
            {
                Task gate;
                lock (_records)
                {
                    gate = _running.Task;
                }

                await gate.WaitAsync(_stop.Token);
                var failure = Interlocked.Exchange(ref _failNext, null);
                if (failure is not null)
                {
                    batch.Durable?.TrySetException(failure);
                    continue;
                }

                lock (_records)
                {
                    _records.AddRange(batch.Records);
                    _stored.Add(batch);
                }

                Checkpoints.Commit(batch.Checkpoints);

                batch.Durable?.TrySetResult();
            }
        }
        catch (OperationCanceledException)
        {
            // disposed
        }
    }

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        _batches.Writer.TryComplete();
        await _consumer;
        _stop.Dispose();
    }
}
