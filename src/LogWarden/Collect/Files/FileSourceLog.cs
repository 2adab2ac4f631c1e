using Microsoft.Extensions.Logging;

namespace LogWarden.Collect.Files;

/// <summary>The file source's log messages (source-generated: no formatting unless the level is enabled).</summary>
internal static partial class FileSourceLog
{
    [LoggerMessage(1, LogLevel.Information, "Following {Path} ({Identity}) from byte {Offset}{How}")]
    public static partial void Following(ILogger logger, string path, FileIdentity identity, long offset, string how);

    [LoggerMessage(2, LogLevel.Information, "{Path} was rotated or deleted; reading it to its end by its open handle")]
    public static partial void Orphaned(ILogger logger, string path);

    [LoggerMessage(3, LogLevel.Information, "Finished {Path} ({Identity}) at byte {Offset}; released")]
    public static partial void Finished(ILogger logger, string path, FileIdentity identity, long offset);

    [LoggerMessage(4, LogLevel.Warning, "{Path} was truncated or rewritten ({Reason}) at byte {Offset}; reading it again from its start")]
    public static partial void Restarted(ILogger logger, string path, string reason, long offset);

    [LoggerMessage(5, LogLevel.Information, "Recovered {Lines} lines of {Path} from its copy {CopyPath}")]
    public static partial void Recovered(ILogger logger, string path, string copyPath, long lines);

    [LoggerMessage(6, LogLevel.Information, "{Path} holds content already read ({Original}); not reading it again")]
    public static partial void CopySkipped(ILogger logger, string path, string original);

    [LoggerMessage(7, LogLevel.Information, "Not reading {Path}: {Reason}")]
    public static partial void Skipped(ILogger logger, string path, string reason);

    [LoggerMessage(8, LogLevel.Warning, "Cannot read {Path}: {Message}; retrying in {Delay}")]
    public static partial void FileError(ILogger logger, string path, string message, TimeSpan delay);

    [LoggerMessage(9, LogLevel.Warning, "Cannot list {Directory}: {Message}")]
    public static partial void DirectoryError(ILogger logger, string directory, string message);

    [LoggerMessage(10, LogLevel.Warning, "Ignoring checkpoint {Key}: {Message}")]
    public static partial void BadCheckpoint(ILogger logger, string key, string message);

    [LoggerMessage(11, LogLevel.Information, "Not watching {Directory} for changes ({Message}); polling every {Interval}")]
    public static partial void WatchUnavailable(ILogger logger, string directory, string message, TimeSpan interval);

    [LoggerMessage(12, LogLevel.Information, "{Path} ({Identity}) is gone; forgetting its checkpoint")]
    public static partial void Forgotten(ILogger logger, string path, FileIdentity identity);
}
