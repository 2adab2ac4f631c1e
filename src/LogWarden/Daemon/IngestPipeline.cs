using System.Threading.Channels;
using LogWarden.Collect;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Store;
using Microsoft.Extensions.Logging;

namespace LogWarden.Daemon;

/// <summary>Limits of the pipeline between sources and the store.</summary>
internal sealed record PipelineOptions
{
    /// <summary>
    /// Batches waiting for the writer; a full queue makes sources wait (back-pressure). Small on purpose: every
    /// queued record is alive until it is stored, and records that outlive a gen-0 collection make every
    /// collection dearer (64 batches of 1,000 records and transactions of 16,384 lines cost a third of the ingest rate in collections; `bench ingest`).
    /// </summary>
    public int QueueBatches { get; init; } = 16;

    /// <summary>
    /// Text (characters of the records' raw lines) accepted from the sources and not yet stored: queued, or in
    /// the transaction being written. A source whose batch would go past it waits (one batch is always let in,
    /// however large). The count bounds above do not bound memory — 16 batches of 1,000 long lines is a
    /// different thing from 16 batches of 3 short ones — and every record in flight costs about five times its
    /// text (the line and message strings, the record): 2 Mi characters is ≈ 12,000 typical lines, a second of
    /// ingest at 10,000 lines/s, ≈ 10 MB of objects.
    /// </summary>
    public long MaxInFlightChars { get; init; } = 2L << 20;

    /// <summary>
    /// Lines per store transaction at most: enough to spread the fsync over thousands of lines, few enough that
    /// the lines waiting for it stay young (see <see cref="QueueBatches"/>).
    /// </summary>
    public int MaxLinesPerAppend { get; init; } = 8192;

    /// <summary>
    /// Text per store transaction at most (with <see cref="MaxLinesPerAppend"/> and <see cref="MaxDelay"/>, whichever
    /// comes first): half of <see cref="MaxInFlightChars"/>, so the sources can fill the next transaction while
    /// this one is written.
    /// </summary>
    public long MaxCharsPerAppend { get; init; } = 1L << 20;

    /// <summary>
    /// How long the first waiting batch may wait for others to share its transaction. Every record waiting is
    /// alive, and one that outlives a gen-0 collection is promoted and becomes garbage of an older generation once
    /// stored: at 10,000 lines/s, 100 ms instead of 200 took the AOT daemon from 100 to 91 MiB median with
    /// <see cref="HeapGrowthCollector"/>'s tighter limits (docs/BENCHMARKS.md, 27 Nov). At high rates the size
    /// limits above close a transaction first, so this costs fsyncs only at moderate rates (10 a second at most).
    /// </summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Wait between retries when the store refuses a write (disk full, I/O error).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>Counters of the pipeline, read by `stats`, /metrics and the self-monitoring.</summary>
internal sealed class PipelineCounters
{
    private long _lines;
    private long _appends;
    private long _failedAppends;

    public long Lines => Interlocked.Read(ref _lines);

    public long Appends => Interlocked.Read(ref _appends);

    public long FailedAppends => Interlocked.Read(ref _failedAppends);

    internal void Appended(int lines)
    {
        Interlocked.Add(ref _lines, lines);
        Interlocked.Increment(ref _appends);
    }

    internal void Failed() => Interlocked.Increment(ref _failedAppends);
}

/// <summary>
/// Sources → bounded queue → one writer: mines each record's message, and stores lines, changed templates
/// and the batches' checkpoints in one transaction (group commit: batches that arrive within
/// <see cref="PipelineOptions.MaxDelay"/> share it). A batch's <see cref="IngestBatch.Durable"/> completes
/// after that transaction, never before. When the store refuses (disk full, I/O error) the writer keeps the
/// batch and retries; the queue fills and the sources wait, so nothing accepted is dropped.
/// </summary>
internal sealed partial class IngestPipeline : IIngestSink
{
    /// <summary>A queued batch with its characters, counted once by the source's thread (walking a thousand records again is a cache miss per record).</summary>
    private readonly record struct QueuedBatch(IngestBatch Batch, long Chars);

    private readonly Channel<QueuedBatch> _queue;
    private readonly ILogStore _store;
    private readonly TemplateMiner _miner;
    private readonly PipelineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DaemonDetection? _detection;
    private readonly InFlightBudget _inFlight;

    /// <summary>Local records (<see cref="TryAddLocal"/>) waiting at most: past it they are refused (and counted by their producer).</summary>
    public const int MaxLocalRecords = 10_000;

    // Queued by the writer to itself (or by a producer of local records) only to end its wait for batches.
    private static readonly IngestBatch WakeUp = new([], []);

    private readonly System.Collections.Concurrent.ConcurrentQueue<IngestRecord> _local = new();
    private int _localCount;
    private volatile bool _writerDone;

    // The writer's lists, reused transaction after transaction.
    private readonly List<StoredLine> _lines;
    private readonly List<TemplateState> _templates = [];
    private readonly Dictionary<(string, string), Checkpoint> _checkpoints = [];
    private readonly List<(LogRecord, StreamLabels, int)> _observed;
    private char[] _messageScratch = new char[256]; // a message made of two slices of its line is joined here, not in a string

    /// <param name="detection">The detection stage, fed with each group of records once it is durable; null to only store.</param>
    public IngestPipeline(ILogStore store, TemplateMiner miner, PipelineOptions options, TimeProvider time, ILogger<IngestPipeline> logger, DaemonDetection? detection = null)
    {
        _detection = detection;
        _store = store;
        _miner = miner;
        _options = options;
        _time = time;
        _logger = logger;
        _inFlight = new InFlightBudget(options.MaxInFlightChars);
        _lines = new List<StoredLine>(options.MaxLinesPerAppend);
        _observed = new List<(LogRecord, StreamLabels, int)>(detection is null ? 0 : options.MaxLinesPerAppend);
        _queue = Channel.CreateBounded<QueuedBatch>(new BoundedChannelOptions(options.QueueBatches)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public PipelineCounters Counters { get; } = new();

    /// <summary>Batches waiting for the writer (for /metrics: a queue that stays full means the store is the bottleneck).</summary>
    public int QueuedBatches => _queue.Reader.Count;

    public int QueueCapacity => _options.QueueBatches;

    /// <summary>Characters of text accepted and not yet stored (for /metrics and tests).</summary>
    public long InFlightChars => _inFlight.Taken;

    public async ValueTask WriteAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        long chars = CharsOf(batch);
        await _inFlight.TakeAsync(chars, cancellationToken).ConfigureAwait(false);
        try
        {
            await _queue.Writer.WriteAsync(new QueuedBatch(batch, chars), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _inFlight.Release(chars);
            throw;
        }
    }

    private static long CharsOf(IngestBatch batch)
    {
        long chars = 0;
        foreach (IngestRecord r in batch.Records)
        {
            chars += r.Record.Raw.Length;
        }
        return chars;
    }

    /// <summary>No more batches: <see cref="RunAsync"/> stores what is queued and returns.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>
    /// The writer loop. Returns when <see cref="Complete"/> was called and the queue is empty, or when
    /// cancelled (what is queued then stays unstored and unacknowledged: its sources resume from their
    /// last committed checkpoints).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var group = new List<IngestBatch>();
        ChannelReader<QueuedBatch> reader = _queue.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            group.Clear();
            int lineCount = 0;
            long groupChars = 0;
            long started = _time.GetTimestamp();
            while (lineCount < _options.MaxLinesPerAppend && groupChars < _options.MaxCharsPerAppend)
            {
                if (reader.TryRead(out QueuedBatch queued))
                {
                    group.Add(queued.Batch);
                    lineCount += queued.Batch.Records.Count;
                    groupChars += queued.Chars;
                    continue;
                }
                if (_inFlight.Waiting)
                {
                    break; // a source waits for room that only this transaction will make: waiting longer gains nothing
                }
                TimeSpan left = _options.MaxDelay - _time.GetElapsedTime(started);
                if (left <= TimeSpan.Zero || reader.Completion.IsCompleted)
                {
                    break;
                }
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(left);
                try
                {
                    if (!await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }
            TakeLocalRecords(group);
            if (group.TrueForAll(b => ReferenceEquals(b, WakeUp)))
            {
                continue; // woken for local records another transaction already took
            }
            await CommitAsync(group, cancellationToken).ConfigureAwait(false);
            _inFlight.Release(groupChars);
        }
        // The local records detection raised on the last transaction are stored before the writer stops.
        group.Clear();
        if (TakeLocalRecords(group))
        {
            await CommitAsync(group, cancellationToken).ConfigureAwait(false);
        }
        _writerDone = true;
    }

    /// <summary>
    /// A record of this node's own — a finding on its way to this node's central (Ship/FindingForwarder) — stored
    /// with the writer's next transaction, the last one at shutdown included (and by <see cref="StoreLocalRecords"/>
    /// after that), so it is in the store, the shipper's buffer, unless the process dies before that commit. Never
    /// waits: the caller may be the writer itself (the incident tracker hears detection on the writer's thread).
    /// False (nothing queued) when <see cref="MaxLocalRecords"/> are already waiting.
    /// </summary>
    public bool TryAddLocal(IngestRecord record)
    {
        if (Interlocked.Increment(ref _localCount) > MaxLocalRecords)
        {
            Interlocked.Decrement(ref _localCount);
            return false;
        }
        _local.Enqueue(record);
        // A writer waiting for batches takes it now; when the queue is full the writer is busy and takes it next.
        _queue.Writer.TryWrite(new QueuedBatch(WakeUp, 0));
        return true;
    }

    /// <summary>
    /// Stores the local records added after the writer stopped (the detection stage's last tick at shutdown); does
    /// nothing while the writer runs, which stores them itself.
    /// </summary>
    public void StoreLocalRecords()
    {
        var group = new List<IngestBatch>();
        if (_writerDone && TakeLocalRecords(group))
        {
            // At shutdown a store that still refuses after 10 s does not hold the daemon up: those records are lost.
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                CommitAsync(group, patience.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Local records not yet stored (for tests).</summary>
    public int PendingLocalRecords => Volatile.Read(ref _localCount);

    private bool TakeLocalRecords(List<IngestBatch> group)
    {
        if (_local.IsEmpty)
        {
            return false;
        }
        var records = new List<IngestRecord>();
        while (_local.TryDequeue(out IngestRecord record))
        {
            records.Add(record);
        }
        Interlocked.Add(ref _localCount, -records.Count);
        group.Add(new IngestBatch(records, []));
        return true;
    }

    /// <summary>One transaction: mines the group's records, stores them with the changed templates and the checkpoints, then lets detection see them.</summary>
    private async Task CommitAsync(List<IngestBatch> group, CancellationToken cancellationToken)
    {
        List<StoredLine> lines = _lines;
        List<(LogRecord, StreamLabels, int)> observed = _observed;
        lines.Clear();
        _templates.Clear();
        _checkpoints.Clear();
        observed.Clear();
        DateTimeOffset now = _time.GetUtcNow();
        foreach (IngestBatch batch in group)
        {
            foreach (IngestRecord r in batch.Records)
            {
                int id = _miner.Add(r.Record.MessageChars(ref _messageScratch), r.Record.Timestamp, r.Record.Level);
                lines.Add(new StoredLine(r.Record.Timestamp ?? now, r.Labels, r.Record.Raw, id, r.Record.Level));
                if (_detection is not null)
                {
                    observed.Add((r.Record, r.Labels, id));
                }
            }
            foreach (Checkpoint c in batch.Checkpoints)
            {
                _checkpoints[(c.SourceId, c.Key)] = c; // later batches of a source supersede earlier ones
            }
        }
        _miner.CollectChanges(_templates);
        await AppendWithRetryAsync(lines, _templates, [.. _checkpoints.Values], cancellationToken).ConfigureAwait(false);
        Counters.Appended(lines.Count);
        foreach (IngestBatch batch in group)
        {
            batch.Durable?.TrySetResult();
        }
        // After the transaction: detection never delays durability, and its findings are about stored lines.
        _detection?.Observe(observed, now);
        // Only now are the group's records garbage: the room they took is given back (by the caller) after detection has seen them.
        lines.Clear();
        observed.Clear();
        group.Clear();
    }

    private async Task AppendWithRetryAsync(List<StoredLine> lines, List<TemplateState> templates, List<Checkpoint> checkpoints, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                _store.Append(lines, templates, checkpoints);
                return;
            }
            catch (Exception e) when (e is IOException or Microsoft.Data.Sqlite.SqliteException)
            {
                Counters.Failed();
                LogAppendFailed(e.Message, lines.Count, _options.RetryDelay);
                await Task.Delay(_options.RetryDelay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The room <see cref="PipelineOptions.MaxInFlightChars"/> gives: taken by a source before its batch is queued,
    /// given back by the writer once the batch is stored. One taker is let in when nothing is taken, so a batch
    /// larger than the whole budget still passes (alone).
    /// </summary>
    private sealed class InFlightBudget(long limit)
    {
        private readonly Lock _gate = new();
        private long _taken;
        private TaskCompletionSource? _room;

        public long Taken
        {
            get
            {
                lock (_gate)
                {
                    return _taken;
                }
            }
        }

        /// <summary>A source is waiting for room.</summary>
        public bool Waiting
        {
            get
            {
                lock (_gate)
                {
                    return _room is not null;
                }
            }
        }

        public async ValueTask TakeAsync(long chars, CancellationToken cancellationToken)
        {
            while (true)
            {
                Task room;
                lock (_gate)
                {
                    if (_taken == 0 || _taken + chars <= limit)
                    {
                        _taken += chars;
                        return;
                    }
                    _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    room = _room.Task;
                }
                await room.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public void Release(long chars)
        {
            TaskCompletionSource? room;
            lock (_gate)
            {
                _taken -= chars;
                room = _room;
                _room = null;
            }
            room?.TrySetResult();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "store refused {Lines} lines ({Reason}); holding them and retrying in {Delay}")]
    private partial void LogAppendFailed(string reason, int lines, TimeSpan delay);
}
