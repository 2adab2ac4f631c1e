using System.Globalization;
using System.Text;
using LogWarden.Collect;
using LogWarden.Collect.HostMetrics;
using LogWarden.Collect.LokiPush;
using LogWarden.Config;
using LogWarden.Detect.Metrics;
using LogWarden.Store;
using Microsoft.Extensions.Logging;

namespace LogWarden.Ship;

/// <summary>
/// Ships this host's metrics to a LogWarden central: every <see cref="ShipDestinationConfig.MetricsInterval"/>
/// the samples the local store gained since the last acknowledged one (<see cref="StoredMetricsReader"/>: the
/// store is the buffer, as for lines), as entries of the reserved stream
/// <c>{__lw_kind="metrics", host="…"}</c> in <see cref="MetricsFileWriter"/>'s JSON; when there is none, one
/// empty sample, the heartbeat by which the central tells a quiet host from a dead one. The central stores a
/// sample under its series and time (replacing an equal one), so a push sent twice stores nothing twice; the
/// time of the last acknowledged sample is the checkpoint <c>ship-metrics</c>/<c>NAME</c>.
/// </summary>
internal sealed partial class MetricShipper
{
    public const string CheckpointSource = "ship-metrics";

    /// <summary>Samples per push at most (an hour at the default interval): a backlog after an outage goes in steps.</summary>
    internal const int MaxSamplesPerPush = 360;

    /// <summary>The store is read at most this much time at once (an empty stretch is passed in such steps, quickly).</summary>
    private static readonly TimeSpan ReadStep = TimeSpan.FromHours(1);

    /// <summary>How far back a first start with <c>backfill</c> begins: the store keeps samples as taken about this long.</summary>
    private static readonly TimeSpan BackfillFrom = TimeSpan.FromDays(1);

    private readonly ShipDestinationConfig _destination;
    private readonly string _host;
    private readonly IMetricStore _store;
    private readonly ICheckpointReader _checkpoints;
    private readonly IIngestSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _labels;
    private long _samples, _heartbeats;

    public MetricShipper(ShipDestinationConfig destination, string host, IMetricStore store, ICheckpointReader checkpoints, IIngestSink sink, TimeProvider time, ILogger logger)
    {
        _destination = destination;
        _host = host;
        _store = store;
        _checkpoints = checkpoints;
        _sink = sink;
        _time = time;
        _logger = logger;
        _labels = LokiPushEncoder.LabelText(new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [LokiRecordBuilder.KindLabel] = LokiRecordBuilder.MetricsKind,
            ["host"] = host,
        });
    }

    public string Name => _destination.Name;

    /// <summary>Samples the central acknowledged.</summary>
    public long Samples => Interlocked.Read(ref _samples);

    /// <summary>Empty samples sent because there was nothing new.</summary>
    public long Heartbeats => Interlocked.Read(ref _heartbeats);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Without a checkpoint: from now (history stays local unless lines are backfilled too).
        long after = long.TryParse(_checkpoints.Get(CheckpointSource, Name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long saved)
            ? saved
            : (_time.GetUtcNow() - (_destination.Backfill ? BackfillFrom : TimeSpan.Zero)).ToUnixTimeMilliseconds();
        using var client = new LokiPushClient(DestinationShipper.ClientOptions(_destination, new Dictionary<string, string>()), _time, _logger);
        using var timer = new PeriodicTimer(_destination.MetricsInterval, _time);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                DateTimeOffset now = _time.GetUtcNow();
                DateTimeOffset from = DateTimeOffset.FromUnixTimeMilliseconds(after + 1);
                DateTimeOffset to = now - from > ReadStep ? from + ReadStep : now;
                List<HostMetricsSample> samples = [.. StoredMetricsReader.Read(_store, from, to, _host).Take(MaxSamplesPerPush)];
                if (samples.Count == 0 && to < now)
                {
                    after = to.ToUnixTimeMilliseconds() - 1; // nothing stored in this stretch: on to the next
                    continue;
                }
                bool heartbeat = samples.Count == 0;
                if (heartbeat)
                {
                    samples.Add(new HostMetricsSample(now, _host, [], [], []));
                }
                PushResult result = await client.PushAsync(Encode(samples), cancellationToken).ConfigureAwait(false);
                if (!result.Accepted)
                {
                    LogRejected(Name, result.StatusCode, result.Reason ?? "", samples.Count);
                }
                if (heartbeat)
                {
                    Interlocked.Increment(ref _heartbeats);
                }
                else
                {
                    Interlocked.Add(ref _samples, result.Accepted ? samples.Count : 0);
                    after = samples[^1].Timestamp.ToUnixTimeMilliseconds();
                    // Not waited for: a crash before it is stored only means these samples are sent (and replaced) again.
                    await _sink.WriteAsync(new IngestBatch([], [new Checkpoint(CheckpointSource, Name, after.ToString(CultureInfo.InvariantCulture))]), cancellationToken).ConfigureAwait(false);
                }
                bool backlog = samples.Count == MaxSamplesPerPush || to < now;
                if (!backlog && !await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // The pipeline closed under us (shutdown): the samples since the last stored checkpoint go again next time.
        }
    }

    private byte[] Encode(List<HostMetricsSample> samples)
    {
        var entries = new List<ShipEntry>(samples.Count);
        using var buffer = new MemoryStream();
        foreach (HostMetricsSample sample in samples)
        {
            buffer.SetLength(0);
            MetricsFileWriter.Write(buffer, sample);
            entries.Add(new ShipEntry(sample.Timestamp, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length - 1), 0));
        }
        return LokiPushEncoder.Encode([new ShipStream(_labels, entries)], withSequence: false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ship {Destination}: metrics refused for good with {StatusCode} ({Reason}); {Samples} samples skipped")]
    private partial void LogRejected(string destination, int statusCode, string reason, int samples);
}
