namespace LogWarden.Collect.Files;

/// <summary>What the file source has done since it started; written by its one loop, read by anyone.</summary>
internal sealed class FileCounters
{
    public long Lines;
    public long Bytes;
    public long Records;
    public long Batches;
    public long TruncatedLines;
    public long InvalidUtf8Lines;

    /// <summary>Files taken up (new, resumed from a checkpoint, or found under a rotated name).</summary>
    public long FilesOpened;

    /// <summary>Files read to their end after a rotation or deletion, and released.</summary>
    public long FilesFinished;

    /// <summary>Renames away (rotations) and deletions seen.</summary>
    public long Rotations;

    /// <summary>Files truncated or rewritten in place (copytruncate), read again from their start.</summary>
    public long Truncations;

    /// <summary>Files recognised by fingerprint as a copy of content already read, and not read again.</summary>
    public long CopiesSkipped;

    /// <summary>Lines recovered from a copytruncate copy that the truncated file no longer held.</summary>
    public long RecoveredLines;

    /// <summary>Files left unread: binary content, or compressed in a format we do not read.</summary>
    public long FilesSkipped;

    /// <summary>I/O errors (permission denied, vanished, read errors, unreadable directories); each is retried later.</summary>
    public long Errors;

    public FileSourceStats Snapshot() => new(
        Lines, Bytes, Records, Batches, TruncatedLines, InvalidUtf8Lines, FilesOpened, FilesFinished, Rotations, Truncations,
        CopiesSkipped, RecoveredLines, FilesSkipped, Errors);
}

/// <summary>A snapshot of <see cref="FileCounters"/>.</summary>
internal readonly record struct FileSourceStats(
    long Lines, long Bytes, long Records, long Batches, long TruncatedLines, long InvalidUtf8Lines, long FilesOpened,
    long FilesFinished, long Rotations, long Truncations, long CopiesSkipped, long RecoveredLines, long FilesSkipped, long Errors);
