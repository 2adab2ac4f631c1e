using LogWarden.Parse;

namespace LogWarden.Collect;

/// <summary>
/// A place logs come from (files, the journal, a syslog socket, Loki pushes, …): one small plug-in each.
/// A source reads, decodes, and writes <see cref="IngestBatch"/>es to the sink; the sink is bounded, so a
/// slow store slows the source down instead of growing memory. A source never commits its own progress:
/// it attaches a <see cref="Checkpoint"/> to a batch, and the store commits it in the same transaction as
/// the batch's records, so a crash at any moment loses nothing and duplicates nothing.
/// </summary>
internal interface ILogSource
{
    /// <summary>Stable id, the namespace of this source's checkpoints, e.g. <c>file</c>, <c>journal</c>, <c>syslog-udp:514</c>.</summary>
    string Id { get; }

    /// <summary>Runs until cancelled (a file source follows its files; an import source returns at EOF).</summary>
    Task RunAsync(IIngestSink sink, ICheckpointReader checkpoints, CancellationToken cancellationToken);
}

/// <summary>Where sources write. Bounded: <see cref="WriteAsync"/> waits while the pipeline is full.</summary>
internal interface IIngestSink
{
    ValueTask WriteAsync(IngestBatch batch, CancellationToken cancellationToken);
}

/// <summary>What a source committed last time, to resume from (read at start).</summary>
internal interface ICheckpointReader
{
    /// <summary>The value stored for <paramref name="key"/> (e.g. a file's identity) of a source, or null.</summary>
    string? Get(string sourceId, string key);

    /// <summary>Every key → value a source has committed.</summary>
    IReadOnlyDictionary<string, string> GetAll(string sourceId);
}

/// <summary>A source's progress marker, opaque to everyone else (a source usually stores JSON).</summary>
/// <param name="SourceId">The <see cref="ILogSource.Id"/>.</param>
/// <param name="Key">What within the source: a file identity, a journal, a listener.</param>
/// <param name="Value">Where to resume; null deletes the key (a file that is gone for good).</param>
internal sealed record Checkpoint(string SourceId, string Key, string? Value);

/// <summary>One decoded record and the stream it belongs to.</summary>
internal readonly record struct IngestRecord(LogRecord Record, StreamLabels Labels);

/// <summary>
/// Records in order and the checkpoints that become true once they are stored. A batch may carry
/// checkpoints and no records (a rotated file finished), or records and no checkpoint (pushed data).
/// </summary>
/// <param name="Durable">
/// When set, completed once the batch is durably stored (or faulted with the reason it was not): how a
/// push receiver answers its client only after the data is safe.
/// </param>
internal sealed record IngestBatch(
    IReadOnlyList<IngestRecord> Records,
    IReadOnlyList<Checkpoint> Checkpoints,
    TaskCompletionSource? Durable = null);
