using System.Threading.Channels;
using LogWarden.Collect;
using LogWarden.Collect.LokiPush;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Parse;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LogWarden.Ship;

/// <summary>
/// An agent's own findings on their way to its central. Hears the agent's tracker (a finding new to its incident,
/// or escalated) and writes each as one line of the reserved stream <c>{__lw_kind="findings", host=…}</c> into the
/// agent's own pipeline, so the store — the shipper's disk-backed buffer — keeps it and the
/// <see cref="DestinationShipper"/> sends it with the lines, exactly once, through a central outage or an agent
/// restart. The agent's own detection does not judge these lines (Daemon/DaemonDetection skips its reserved
/// streams); the central raises them into its fleet correlation (<see cref="Detect.Fleet.ShippedFindings"/>).
/// The tracker calls from the pipeline's writer thread, which must never wait on its own queue: findings wait in a
/// bounded queue of their own and are written from here; past its bound they are dropped and counted.
/// The pipeline is taken lazily: the pipeline depends on detection, detection on its listeners (this one), so
/// resolving it at construction would be a cycle.
/// </summary>
internal sealed partial class FindingForwarder(Lazy<IIngestSink> pipeline, string host, ILogger<FindingForwarder> logger) : BackgroundService, IIncidentListener
{
    private const int MaxQueued = 10_000;

    private readonly Channel<IngestRecord> _queue = Channel.CreateBounded<IngestRecord>(
        new BoundedChannelOptions(MaxQueued) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly StreamLabels _labels = new((LokiRecordBuilder.KindLabel, LokiRecordBuilder.FindingsKind), ("host", host));

    private long _dropped;

    /// <summary>Findings not forwarded because the queue was full (the pipeline stalled for a long time).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void OnIncidentEvent(in IncidentEvent e)
    {
        if (e.Kind != IncidentEventKind.FindingRaised || e.Finding is not { } finding)
        {
            return;
        }
        var record = new LogRecord
        {
            Raw = Detect.Fleet.ShippedFindings.Line(finding, e.Incident, (e.Changes & IncidentChanges.Downgraded) != 0),
            Message = finding.Kind + ": " + finding.Title,
            Timestamp = finding.Timestamp,
            Level = finding.Severity switch
            {
                FindingSeverity.Critical => Severity.Critical,
                FindingSeverity.Warning => Severity.Warning,
                _ => Severity.Info,
            },
            Host = host,
            Program = "logwarden",
        };
        if (!_queue.Writer.TryWrite(new IngestRecord(record, _labels)))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var records = new List<IngestRecord>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                records.Clear();
                while (records.Count < 1000 && _queue.Reader.TryRead(out IngestRecord record))
                {
                    records.Add(record);
                }
                await pipeline.Value.WriteAsync(new IngestBatch([.. records], []), stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (ChannelClosedException)
        {
            LogPipelineClosed(); // the daemon is stopping: the findings still queued are not shipped
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "findings: the pipeline closed; findings still queued are not shipped")]
    private partial void LogPipelineClosed();
}
