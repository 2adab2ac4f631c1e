using LogWarden.Collect;
using LogWarden.Collect.LokiPush;
using LogWarden.Daemon;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Parse;

namespace LogWarden.Ship;

/// <summary>
/// An agent's own findings on their way to its central. Hears the agent's tracker (a finding new to its incident,
/// or escalated) and hands each, as one line of the reserved stream <c>{__lw_kind="findings", host=…}</c>, to the
/// agent's own pipeline as a local record (<see cref="IngestPipeline.TryAddLocal"/>): the writer stores it with its
/// next transaction — at shutdown too, after the last lines and the last tick — so the store, the shipper's
/// disk-backed buffer, keeps it and the <see cref="DestinationShipper"/> sends it with the lines, exactly once,
/// through a central outage or an agent restart. The agent's own detection does not judge these lines
/// (Daemon/DaemonDetection skips its reserved streams); the central raises them into its fleet correlation
/// (<see cref="Detect.Fleet.ShippedFindings"/>). The tracker calls from the pipeline's writer thread, which must
/// never wait on its own queue: adding never waits; past <see cref="IngestPipeline.MaxLocalRecords"/> findings not
/// yet stored (a store refusing writes for a long time) a finding is dropped and counted.
/// The pipeline is taken lazily: the pipeline depends on detection, detection on its listeners (this one), so
/// resolving it at construction would be a cycle.
/// </summary>
internal sealed class FindingForwarder(Lazy<IngestPipeline> pipeline, string host) : IIncidentListener
{
    private readonly StreamLabels _labels = new((LokiRecordBuilder.KindLabel, LokiRecordBuilder.FindingsKind), ("host", host));

    private long _dropped;

    /// <summary>Findings not forwarded because too many were waiting to be stored.</summary>
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
        if (!pipeline.Value.TryAddLocal(new IngestRecord(record, _labels)))
        {
            Interlocked.Increment(ref _dropped);
        }
    }
}
