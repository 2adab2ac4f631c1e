using System.Globalization;
using LogWarden.Collect;
using LogWarden.Config;
using LogWarden.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LogWarden.Ship;

/// <summary>What one destination's shipper has done (read with <see cref="Interlocked"/>).</summary>
internal sealed class ShipStats
{
    private long _lines;
    private long _rejectedLines;
    private long _acknowledged;

    /// <summary>Lines the destination acknowledged (2xx).</summary>
    public long Lines => Interlocked.Read(ref _lines);

    /// <summary>Lines in pushes the destination refused for good (4xx other than 429): skipped, logged.</summary>
    public long RejectedLines => Interlocked.Read(ref _rejectedLines);

    /// <summary>The store sequence of the last line acknowledged or rejected.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    internal void Pushed(int lines, bool accepted, long sequence)
    {
        Interlocked.Add(ref accepted ? ref _lines : ref _rejectedLines, lines);
        Interlocked.Exchange(ref _acknowledged, sequence);
    }

    internal void Skipped(long sequence) => Interlocked.Exchange(ref _acknowledged, sequence);
}

/// <summary>
/// Follows the local store by sequence and pushes its lines to one destination (<see cref="LokiPushClient"/>):
/// the store is the disk-backed buffer, so a destination that is down for hours loses nothing as long as
/// retention keeps the lines (it warns when the backlog nears that). The last acknowledged sequence is
/// committed as the checkpoint <c>ship</c>/<c>NAME</c> through the pipeline (one writer, one transaction)
/// only after a 2xx, at most every <see cref="CommitEvery"/>; after a crash the lines since are pushed again,
/// which a LogWarden central drops by their <c>lw_seq</c> (exactly once) and Loki stores again only where
/// the entry differs (Loki drops an identical entry of the same stream and time): at least once.
/// </summary>
internal sealed partial class DestinationShipper
{
    public const string CheckpointSource = "ship";

    /// <summary>The checkpoint key of this agent's instance id (survives restarts; a new store gets a new one).</summary>
    public const string InstanceKey = "agent-instance";

    /// <summary>The header naming the pushing agent (<c>host/instance</c>) to a LogWarden central.</summary>
    public const string AgentHeader = "X-LogWarden-Agent";

    internal static readonly TimeSpan CommitEvery = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan BacklogCheckEvery = TimeSpan.FromMinutes(1);

    private readonly ShipDestinationConfig _destination;
    private readonly ILogStore _store;
    private readonly IIngestSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _host;
    private readonly TimeSpan? _warnBacklog;
    private readonly Dictionary<StreamLabels, string> _labelText = [];

    public DestinationShipper(ShipDestinationConfig destination, string host, TimeSpan? retention, ILogStore store, IIngestSink sink, TimeProvider time, ILogger logger)
    {
        _destination = destination;
        _host = host;
        _store = store;
        _sink = sink;
        _time = time;
        _logger = logger;
        _warnBacklog = destination.MaxBacklog ?? (retention is { } r ? r * 0.8 : null);
    }

    public string Name => _destination.Name;

    /// <summary>
    /// This agent runs detection on its own lines and ships its findings: each push to a LogWarden central says so
    /// (<see cref="Collect.LokiPush.AgentDetectionModes.Header"/>), and the central then only correlates them.
    /// </summary>
    public bool DetectsLocally { get; init; }

    /// <summary>What a Loki destination is not sent: LogWarden's reserved streams (this agent's findings), which only a LogWarden central reads.</summary>
    private static readonly LabelMatcher NotReserved = new(Collect.LokiPush.LokiRecordBuilder.KindLabel, "");

    public ShipStats Stats { get; } = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        long acknowledged = await StartingSequenceAsync(cancellationToken).ConfigureAwait(false);
        Stats.Skipped(acknowledged);
        using var client = new LokiPushClient(ClientOptions(await InstanceAsync(cancellationToken).ConfigureAwait(false)), _time, _logger);
        long committed = acknowledged;
        long lastCommit = _time.GetTimestamp();
        long lastBacklogCheck = 0;
        var streams = new Dictionary<StreamLabels, ShipStream>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                long newest = NewestSequence();
                var batch = NextBatch(acknowledged, streams, out long last, out int lines, out DateTimeOffset? oldest);
                if (lines == 0)
                {
                    // Nothing (more) passes the matchers up to what the store held before the search began.
                    if (newest > acknowledged)
                    {
                        acknowledged = newest;
                        Stats.Skipped(acknowledged);
                    }
                    (committed, lastCommit) = await CommitIfDueAsync(acknowledged, committed, lastCommit, force: true, cancellationToken).ConfigureAwait(false);
                    await Task.Delay(IdlePoll, _time, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                if (oldest is { } o && _warnBacklog is { } warn && _time.GetElapsedTime(lastBacklogCheck) > BacklogCheckEvery && _time.GetUtcNow() - o > warn)
                {
                    lastBacklogCheck = _time.GetTimestamp();
                    LogBacklog(Name, o, warn);
                }
                PooledBody body = LokiPushEncoder.EncodePooled(batch, withSequence: _destination.Kind == ShipKind.LogWarden);
                // Returned only after a push that ended normally: a cancelled one may leave a send reading it; the GC has it then.
                PushResult result = await client.PushAsync(body.Memory, cancellationToken).ConfigureAwait(false);
                body.Return();
                if (!result.Accepted)
                {
                    LogRejected(Name, result.StatusCode, result.Reason ?? "", lines, acknowledged + 1, last);
                }
                acknowledged = last;
                Stats.Pushed(lines, result.Accepted, last);
                (committed, lastCommit) = await CommitIfDueAsync(acknowledged, committed, lastCommit, force: false, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        // What was acknowledged since the last commit: the pipeline is still running (it stops after us).
        await CommitIfDueAsync(acknowledged, committed, lastCommit, force: true, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The next push: lines after <paramref name="after"/> in stored order, grouped by stream, bounded by lines and bytes.</summary>
    private List<ShipStream> NextBatch(long after, Dictionary<StreamLabels, ShipStream> streams, out long last, out int lines, out DateTimeOffset? oldest)
    {
        streams.Clear();
        var batch = new List<ShipStream>();
        last = after;
        lines = 0;
        oldest = null;
        long bytes = 0;
        var query = new SearchQuery { AfterSequence = after, NewestFirst = false, Limit = _destination.BatchLines, ReadOnce = true,
            Labels = _destination.Kind == ShipKind.LogWarden ? _destination.Match : [.. _destination.Match, NotReserved],
        };
        foreach (SearchHit hit in _store.Search(query))
        {
            bytes += hit.Line.Length;
            if (lines > 0 && bytes > _destination.BatchBytes)
            {
                break; // the rest goes in the next push
            }
            if (!streams.TryGetValue(hit.Labels, out ShipStream? stream))
            {
                streams[hit.Labels] = stream = new ShipStream(LabelText(hit.Labels), []);
                batch.Add(stream);
            }
            stream.Entries.Add(new ShipEntry(hit.Timestamp, hit.Line, hit.Sequence));
            oldest ??= hit.Timestamp;
            last = hit.Sequence;
            lines++;
        }
        return batch;
    }

    /// <summary>The stream's labels with the destination's added, and this host's <c>host</c> where the stream names none.</summary>
    private string LabelText(StreamLabels labels)
    {
        if (_labelText.TryGetValue(labels, out string? text))
        {
            return text;
        }
        var pairs = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host"] = _host };
        foreach (var (name, value) in labels.Pairs)
        {
            pairs[name] = value;
        }
        foreach (var (name, value) in _destination.Labels)
        {
            pairs[name] = value;
        }
        if (_labelText.Count > 10_000)
        {
            _labelText.Clear();
        }
        return _labelText[labels] = LokiPushEncoder.LabelText(pairs);
    }

    private long NewestSequence() =>
        _store.Search(new SearchQuery { AfterSequence = 0, NewestFirst = true, Limit = 1, ReadOnce = true }).FirstOrDefault()?.Sequence ?? 0;

    private async Task<long> StartingSequenceAsync(CancellationToken cancellationToken)
    {
        if (_store.Get(CheckpointSource, Name) is { } saved && long.TryParse(saved, NumberStyles.None, CultureInfo.InvariantCulture, out long sequence))
        {
            return sequence;
        }
        long start = _destination.Backfill ? 0 : NewestSequence();
        await CommitAsync(Name, start.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        return start;
    }

    /// <summary>This store's agent id (random, kept in the checkpoint table): a central's high-water mark is per instance, so a new store starting again at sequence 1 is not taken for a replay.</summary>
    private async Task<string> InstanceAsync(CancellationToken cancellationToken)
    {
        if (_store.Get(CheckpointSource, InstanceKey) is { } instance)
        {
            return instance;
        }
        instance = Guid.NewGuid().ToString("N")[..16];
        await CommitAsync(InstanceKey, instance, cancellationToken).ConfigureAwait(false);
        return instance;
    }

    private async Task CommitAsync(string key, string value, CancellationToken cancellationToken)
    {
        var durable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _sink.WriteAsync(new IngestBatch([], [new Checkpoint(CheckpointSource, key, value)], durable), cancellationToken).ConfigureAwait(false);
        await durable.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<(long Committed, long At)> CommitIfDueAsync(long acknowledged, long committed, long lastCommit, bool force, CancellationToken cancellationToken)
    {
        if (acknowledged == committed || (!force && _time.GetElapsedTime(lastCommit) < CommitEvery))
        {
            return (committed, lastCommit);
        }
        try
        {
            // Not waited for: the pipeline stores it with its next transaction; a crash before then only means a resend.
            var checkpoint = new Checkpoint(CheckpointSource, Name, acknowledged.ToString(CultureInfo.InvariantCulture));
            await _sink.WriteAsync(new IngestBatch([], [checkpoint]), cancellationToken).ConfigureAwait(false);
            return (acknowledged, _time.GetTimestamp());
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            return (committed, lastCommit); // the pipeline is already closed: the lines are pushed again next time
        }
    }

    private LokiPushClientOptions ClientOptions(string instance) => ClientOptions(
        _destination,
        _destination.Kind == ShipKind.LogWarden
            ? new Dictionary<string, string>
            {
                [AgentHeader] = $"{_host}/{instance}",
                [Collect.LokiPush.AgentDetectionModes.Header] = DetectsLocally ? Collect.LokiPush.AgentDetectionModes.Local : "central",
            }
            : new Dictionary<string, string>());

    /// <summary>How to reach <paramref name="destination"/> (its URL, credentials, CA, timeouts) with <paramref name="headers"/>.</summary>
    internal static LokiPushClientOptions ClientOptions(ShipDestinationConfig destination, IReadOnlyDictionary<string, string> headers) => new()
    {
        Url = destination.Url,
        BearerToken = destination.Token,
        Username = destination.Username,
        Password = destination.Password,
        CaFile = destination.TlsCa,
        Timeout = destination.Timeout,
        MaxBackoff = destination.MaxBackoff,
        Headers = headers,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "ship {Destination}: refused for good with {StatusCode} ({Reason}); {Lines} lines (sequence {First}–{Last}) skipped")]
    private partial void LogRejected(string destination, int statusCode, string reason, int lines, long first, long last);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ship {Destination}: the oldest line not yet delivered is from {Oldest}, past the warning age {Warn}: retention deletes lines whether shipped or not")]
    private partial void LogBacklog(string destination, DateTimeOffset oldest, TimeSpan warn);
}

/// <summary>Runs a <see cref="DestinationShipper"/> per <c>ship:</c> destination; one that fails is logged and restarted.</summary>
internal sealed partial class ShipService(IReadOnlyList<DestinationShipper> shippers, IReadOnlyList<MetricShipper> metricShippers, TimeProvider time, ILogger<ShipService> logger) : BackgroundService
{
    public IReadOnlyList<DestinationShipper> Shippers => shippers;

    /// <summary>The destinations that take this host's metrics (LogWarden centrals).</summary>
    public IReadOnlyList<MetricShipper> MetricShippers => metricShippers;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(shippers.Select(s => Task.Run(() => RunWithRestartsAsync(s.Name, s.RunAsync, stoppingToken), CancellationToken.None))
            .Concat(metricShippers.Select(m => Task.Run(() => RunWithRestartsAsync(m.Name + " (metrics)", m.RunAsync, stoppingToken), CancellationToken.None))));

    private Task RunWithRestartsAsync(string name, Func<CancellationToken, Task> run, CancellationToken stoppingToken) =>
        Daemon.RestartOnFailure.RunAsync(run, (e, delay) => LogFailed(name, e.Message, delay, e), time, stoppingToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "ship {Destination} failed ({Reason}); restarting in {Delay}")]
    private partial void LogFailed(string destination, string reason, TimeSpan delay, Exception exception);
}
