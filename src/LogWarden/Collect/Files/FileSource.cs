using Microsoft.Extensions.Logging;

namespace LogWarden.Collect.Files;

/// <summary>
/// Follows log files named by paths and patterns (<see cref="FileSourceOptions.Include"/>) and writes their
/// records, decoded and multi-line-joined, to the sink with exact checkpoints. One loop serves every file
/// (a thousand files need no thousand threads): it polls each followed file, reads whatever whole lines were
/// appended, and re-evaluates the patterns now and then; inotify (FileSystemWatcher) only wakes it sooner.
/// Rotation (rename + create, copytruncate, compression), truncation, replacement, deletion and restarts are
/// handled as described in this folder's README. I/O errors on one file are counted
/// (<see cref="Stats"/>), logged and retried; they never end <see cref="RunAsync"/>.
/// </summary>
internal sealed class FileSource : ILogSource
{
    private readonly FileSourceOptions _options;
    private readonly ILogger<FileSource> _logger;
    private readonly FileCounters _counters = new();

    /// <exception cref="ArgumentException">The options are invalid (<see cref="FileSourceOptions.Validate"/>).</exception>
    public FileSource(FileSourceOptions options, ILogger<FileSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _options = options;
        _logger = logger;
    }

    public string Id => _options.Id;

    /// <summary>Counts since this instance was created (across runs).</summary>
    public FileSourceStats Stats => _counters.Snapshot();

    public async Task RunAsync(IIngestSink sink, ICheckpointReader checkpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(checkpoints);
        using var follower = new FileFollower(_options, _logger, _counters, new FileBatchWriter(_options.Id, sink, _options, _counters));
        await follower.RunAsync(checkpoints, cancellationToken).ConfigureAwait(false);
    }
}
