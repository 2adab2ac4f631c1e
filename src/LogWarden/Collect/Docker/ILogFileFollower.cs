namespace LogWarden.Collect.Docker;

/// <summary>
/// Where reading stopped in a log file: which file (<see cref="Fingerprint"/>, see
/// <see cref="RotatingLogFileFollower"/>) and how many bytes of it were consumed.
/// </summary>
internal readonly record struct FilePosition(string Fingerprint, long Offset);

/// <summary>
/// What <see cref="DockerSource"/> needs from a file tailer: the complete lines of a log file as they are
/// appended, across rotations, each followed by the position to resume from. Kept this small so the
/// general file tailer of Collect/Files can take over behind it once it lands.
/// </summary>
internal interface ILogFileFollower : IDisposable
{
    /// <summary>
    /// The next complete line (without '\n'), valid until the next call; false when nothing more is
    /// available now (call again later).
    /// </summary>
    bool TryReadLine(out ReadOnlySpan<byte> line);

    /// <summary>The position after the last line returned, or null while the file is not identified yet.</summary>
    FilePosition? Position { get; }

    /// <summary>Lines longer than the limit, skipped.</summary>
    long SkippedLongLines { get; }

    /// <summary>Times the file to resume in was gone (rotated away and deleted): what it still held was lost.</summary>
    long ResumeFilesMissing { get; }
}
