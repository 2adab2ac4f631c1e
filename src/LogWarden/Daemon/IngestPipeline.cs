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
    /// Lines per store transaction at most: enough to spread the fsync over thousands of lines, few enough that
    /// the lines waiting for it stay young (see <see cref="QueueBatches"/>).
    /// </summary>
    public int MaxLinesPerAppend { get; init; } = 8192;

    /// <summary>How long the first waiting batch may wait for others to share its transaction.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(200);

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
    private readonly Channel<IngestBatch> _queue;
    private readonly ILogStore _store;
    private readonly TemplateMiner _miner;
    private readonly PipelineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DaemonDetection? _detection;

    /// <param name="detection">The detection stage, fed with each group of records once it is durable; null to only store.</param>
    public IngestPipeline(ILogStore store, TemplateMiner miner, PipelineOptions options, TimeProvider time, ILogger<IngestPipeline> logger, DaemonDetection? detection = null)
    {
        _detection = detection;
        _store = store;
        _miner = miner;
        _options = options;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<IngestBatch>(new BoundedChannelOptions(options.QueueBatches)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public PipelineCounters Counters { get; } = new();

    /// <summary>Batches waiting for the writer (for /metrics: a queue that stays full means the store is the bottleneck).</summary>
    public int QueuedBatches => _queue.Reader.Count;

    public int QueueCapacity => _options.QueueBatches;

    public ValueTask WriteAsync(IngestBatch batch, CancellationToken cancellationToken) => _queue.Writer.WriteAsync(batch, cancellationToken);

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
        var lines = new List<StoredLine>(_options.MaxLinesPerAppend);
        var templates = new List<TemplateState>();
        var checkpoints = new Dictionary<(string, string), Checkpoint>();
        var observed = new List<(LogRecord, StreamLabels, int)>(_detection is null ? 0 : _options.MaxLinesPerAppend);
        ChannelReader<IngestBatch> reader = _queue.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            group.Clear();
            int lineCount = 0;
            long started = _time.GetTimestamp();
            while (lineCount < _options.MaxLinesPerAppend)
            {
                if (reader.TryRead(out IngestBatch? batch))
                {
                    group.Add(batch);
                    lineCount += batch.Records.Count;
                    continue;
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
            if (group.Count == 0)
            {
                continue;
            }

            lines.Clear();
            templates.Clear();
            checkpoints.Clear();
            observed.Clear();
            DateTimeOffset now = _time.GetUtcNow();
            foreach (IngestBatch batch in group)
            {
                foreach (IngestRecord r in batch.Records)
                {
                    int id = _miner.Add(r.Record.Message, r.Record.Timestamp, r.Record.Level);
                    lines.Add(new StoredLine(r.Record.Timestamp ?? now, r.Labels, r.Record.Raw, id, r.Record.Level));
                    if (_detection is not null)
                    {
                        observed.Add((r.Record, r.Labels, id));
                    }
                }
                foreach (Checkpoint c in batch.Checkpoints)
                {
                    checkpoints[(c.SourceId, c.Key)] = c; // later batches of a source supersede earlier ones
                }
            }
            _miner.CollectChanges(templates);
            await AppendWithRetryAsync(lines, templates, [.. checkpoints.Values], cancellationToken).ConfigureAwait(false);
            Counters.Appended(lines.Count);
            foreach (IngestBatch batch in group)
            {
                batch.Durable?.TrySetResult();
            }
            // After the transaction: detection never delays durability, and its findings are about stored lines.
            _detection?.Observe(observed, now);
        }
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

    [LoggerMessage(Level = LogLevel.Error, Message = "store refused {Lines} lines ({Reason}); holding them and retrying in {Delay}")]
    private partial void LogAppendFailed(string reason, int lines, TimeSpan delay);
}
