using LogWarden.Parse;

namespace LogWarden.Collect.Files;

/// <summary>
/// Builds the source's <see cref="IngestBatch"/>es: records in the order they were read, cut at the record
/// and byte limits, each carrying the checkpoints of the files that moved since the last batch, taken at the
/// moment the batch is cut, so they cover exactly what this batch and the earlier ones hold. Writing waits
/// while the sink is full (back-pressure), which stops reading.
/// </summary>
internal sealed class FileBatchWriter(string sourceId, IIngestSink sink, FileSourceOptions options, FileCounters counters)
{
    private readonly List<TailedFile> _due = [];
    private readonly List<Checkpoint> _other = [];
    private List<IngestRecord> _records = NewRecordList(options);
    private long _bytes;

    /// <summary>Adds a record; writes the batch when it is full (so this waits while the sink is full).</summary>
    public ValueTask AddAsync(TailedFile file, LogRecord record, CancellationToken cancellationToken)
    {
        _records.Add(new IngestRecord(record, file.Labels));
        _bytes += record.Raw.Length;
        counters.Records++;
        MarkDue(file);
        return _records.Count >= options.MaxBatchRecords || _bytes >= options.MaxBatchBytes
            ? FlushAsync(cancellationToken)
            : ValueTask.CompletedTask;
    }

    /// <summary>The file's checkpoint may have moved: send it with the next batch if it did.</summary>
    public void MarkDue(TailedFile file)
    {
        if (!file.CheckpointDue)
        {
            file.CheckpointDue = true;
            _due.Add(file);
        }
    }

    /// <summary>The file is finished: its checkpoint is deleted with the next batch.</summary>
    public void Remove(TailedFile file)
    {
        if (file.CheckpointDue)
        {
            file.CheckpointDue = false;
            _due.Remove(file);
        }

        _other.Add(new Checkpoint(sourceId, file.Identity.Key, null));
    }

    /// <summary>Any other key of the source (remembered content), set or deleted with the next batch.</summary>
    public void Set(string key, string? value) => _other.Add(new Checkpoint(sourceId, key, value));

    // Sized for a full batch up front: growing it by doubling copies every record several times.
    private static List<IngestRecord> NewRecordList(FileSourceOptions options) => new(Math.Min(options.MaxBatchRecords, 4096));

    /// <summary>Writes what is pending: records, or only checkpoints that moved; nothing if neither.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        // Deletions and other keys first: a key deleted and then taken again by a new file (an inode number
        // reused within one batch) must end up holding the new file's checkpoint.
        var checkpoints = new List<Checkpoint>(_due.Count + _other.Count);
        checkpoints.AddRange(_other);
        _other.Clear();
        var written = new List<(TailedFile File, ReadPosition Position)>(_due.Count);
        foreach (var file in _due)
        {
            file.CheckpointDue = false;
            var position = file.Position;
            if (position != file.CommittedPosition)
            {
                checkpoints.Add(new Checkpoint(sourceId, file.Identity.Key, FileCheckpointJson.Write(file.ToCheckpoint())));
                written.Add((file, position));
            }
        }

        _due.Clear();
        if (_records.Count == 0 && checkpoints.Count == 0)
        {
            return;
        }

        // The sink keeps the list: start a new one rather than clearing it.
        var batch = new IngestBatch(_records, checkpoints);
        _records = NewRecordList(options);
        _bytes = 0;
        await sink.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        counters.Batches++;
        foreach (var (file, position) in written)
        {
            file.CommittedPosition = position;
        }
    }
}
