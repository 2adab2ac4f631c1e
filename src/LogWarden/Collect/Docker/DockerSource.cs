using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogWarden.Collect.Docker;

/// <summary>What a <see cref="DockerSource"/> has done so far.</summary>
/// <param name="Containers">Containers being followed.</param>
/// <param name="Records">Records handed to the sink.</param>
/// <param name="UnreadableLines">json-file lines that were not Docker log entries, skipped.</param>
/// <param name="SkippedLongLines">Lines over the line limit, skipped.</param>
/// <param name="ResumeFilesMissing">Checkpointed files that had been rotated away and deleted before the restart.</param>
/// <param name="LastError">The last failure (a sink that refused a batch, an unreadable container), or null.</param>
internal readonly record struct DockerSourceStats(int Containers, long Records, long UnreadableLines, long SkippedLongLines, long ResumeFilesMissing, string? LastError);

/// <summary>
/// Reads the logs Docker's json-file driver writes, <c>/var/lib/docker/containers/&lt;id&gt;/&lt;id&gt;-json.log</c>
/// and its rotations, straight from disk: no Docker API, no socket access. Each record is labelled
/// <c>{job="docker", host, container, image, stream, compose_service}</c> from the container's config.v2.json.
/// <para>
/// New containers are found every <see cref="DockerSourceOptions.DiscoveryInterval"/> and read from the start
/// of their current log file; removed ones are dropped along with their checkpoint. Each container's batch
/// carries its checkpoint (key: container id; value: the file's fingerprint and byte offset), so a restart
/// resumes exactly there, in whichever rotated generation that file now is. Files are followed through
/// <see cref="ILogFileFollower"/> (by default <see cref="RotatingLogFileFollower"/>), the seam where the
/// general file tailer can take over.
/// </para>
/// </summary>
internal sealed partial class DockerSource : ILogSource
{
    private readonly DockerSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<string, FilePosition?, ILogFileFollower> _openFollower;
    private readonly Dictionary<string, ContainerLog> _containers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _configWrites = new(StringComparer.Ordinal);
    private long _records;
    private long _retiredUnreadable;
    private long _retiredSkipped;
    private long _retiredMissing;
    private string? _lastError;
    private bool _reportedMissingDirectory;

    public DockerSource(
        DockerSourceOptions options,
        ILogger<DockerSource>? logger = null,
        TimeProvider? timeProvider = null,
        Func<string, FilePosition?, ILogFileFollower>? openFollower = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _openFollower = openFollower ?? ((path, resume) => new RotatingLogFileFollower(path, resume, options.MaxLineBytes));
    }

    public string Id => _options.SourceId;

    public DockerSourceStats Stats
    {
        get
        {
            lock (_containers)
            {
                return new DockerSourceStats(
                    _containers.Count,
                    Interlocked.Read(ref _records),
                    _retiredUnreadable + _containers.Values.Sum(c => c.UnreadableLines),
                    _retiredSkipped + _containers.Values.Sum(c => c.SkippedLongLines),
                    _retiredMissing + _containers.Values.Sum(c => c.ResumeFilesMissing),
                    _lastError);
            }
        }
    }

    public async Task RunAsync(IIngestSink sink, ICheckpointReader checkpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(checkpoints);
        var saved = new Dictionary<string, string>(checkpoints.GetAll(Id), StringComparer.Ordinal);
        long lastDiscovery = long.MinValue;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (lastDiscovery == long.MinValue || _time.GetElapsedTime(lastDiscovery) >= _options.DiscoveryInterval)
                {
                    lastDiscovery = _time.GetTimestamp();
                    var removed = Discover(saved);
                    if (removed.Count > 0)
                    {
                        await WriteAsync(sink, new IngestBatch([], [.. removed.Select(id => new Checkpoint(Id, id, null))]), cancellationToken).ConfigureAwait(false);
                    }
                }

                bool backlog = false;
                foreach (var container in SnapshotContainers())
                {
                    backlog |= await ReadContainerAsync(sink, container, cancellationToken).ConfigureAwait(false);
                }

                if (backlog)
                {
                    continue;
                }

                if (_options.StopAtEnd)
                {
                    return;
                }

                await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: what was not accepted is read again from the checkpoints next time.
        }
        finally
        {
            lock (_containers)
            {
                foreach (string id in _containers.Keys.ToList())
                {
                    Retire(id);
                }
            }
        }
    }

    /// <summary>Reads one container's next batch into the sink; true when it had more than one batch's worth.</summary>
    private async Task<bool> ReadContainerAsync(IIngestSink sink, ContainerLog container, CancellationToken cancellationToken)
    {
        var records = new List<IngestRecord>();
        string? checkpoint;
        try
        {
            checkpoint = container.Read(records, _options.BatchSize);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _lastError = $"{container.Metadata.Name}: {ex.Message}";
            LogContainerFailed(container.Metadata.Name, ex.Message);
            container.Rewind();
            return false;
        }

        if (records.Count == 0 && checkpoint is null)
        {
            return false;
        }

        Checkpoint[] checkpoints = checkpoint is null ? [] : [new Checkpoint(Id, container.Id, checkpoint)];
        if (!await WriteAsync(sink, new IngestBatch(records, checkpoints), cancellationToken).ConfigureAwait(false))
        {
            container.Rewind();
            return false;
        }

        container.Accept();
        Interlocked.Add(ref _records, records.Count);
        return records.Count >= _options.BatchSize;
    }

    /// <summary>Writes a batch; false (logged, counted) when the sink refused it, so the caller reads it again later.</summary>
    private async Task<bool> WriteAsync(IIngestSink sink, IngestBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            await sink.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _lastError = "the sink refused a batch: " + ex.Message;
            LogSinkFailed(ex.Message);
            return false;
        }
    }

    private ContainerLog[] SnapshotContainers()
    {
        lock (_containers)
        {
            return [.. _containers.Values];
        }
    }

    /// <summary>Starts following new containers, refreshes renamed ones, and returns the ids of removed ones.</summary>
    private List<string> Discover(Dictionary<string, string> saved)
    {
        var removed = new List<string>();
        string[] directories;
        try
        {
            directories = System.IO.Directory.GetDirectories(_options.ContainersDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (!_reportedMissingDirectory)
            {
                _reportedMissingDirectory = true;
                _lastError = $"{_options.ContainersDirectory} cannot be read ({ex.Message}); looking again every {_options.DiscoveryInterval}";
                LogDirectoryUnreadable(_lastError);
            }

            return removed;
        }

        _reportedMissingDirectory = false;
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (string directory in directories)
        {
            string id = Path.GetFileName(directory);
            bool following;
            lock (_containers)
            {
                following = _containers.ContainsKey(id);
            }

            // A container we follow stays while its directory does: Docker rotates by renaming the log and
            // creating it again, so for a moment there is no log file, and retiring the container then would
            // drop its position (and its checkpoint) mid-rotation. `docker rm` deletes the whole directory.
            if (!following && !File.Exists(Path.Combine(directory, id + "-json.log")))
            {
                continue; // another log driver, or not a container directory
            }

            present.Add(id);
            string config = Path.Combine(directory, ContainerMetadata.ConfigFileName);
            var configWritten = File.GetLastWriteTimeUtc(config);
            lock (_containers)
            {
                if (_containers.TryGetValue(id, out var known))
                {
                    if (_configWrites.GetValueOrDefault(id) != configWritten)
                    {
                        known.Metadata = ContainerMetadata.Read(directory, id); // renamed, or config rewritten
                        _configWrites[id] = configWritten;
                    }

                    continue;
                }

                var resume = ContainerLog.ParseCheckpoint(saved.GetValueOrDefault(id));
                saved.Remove(id);
                _containers[id] = new ContainerLog(directory, ContainerMetadata.Read(directory, id), resume, _options, _openFollower);
                _configWrites[id] = configWritten;
            }
        }

        lock (_containers)
        {
            foreach (var (id, container) in _containers)
            {
                if (!present.Contains(id))
                {
                    removed.Add(id);
                }
            }

            foreach (string id in removed)
            {
                Retire(id);
            }
        }

        // Checkpoints of containers removed while we were not running.
        foreach (string id in saved.Keys)
        {
            if (!present.Contains(id))
            {
                removed.Add(id);
            }
        }

        saved.Clear();
        return removed;
    }

    /// <summary>Stops following a container, keeping its counts in the totals. Call with the lock held.</summary>
    private void Retire(string id)
    {
        var container = _containers[id];
        _retiredUnreadable += container.UnreadableLines;
        _retiredSkipped += container.SkippedLongLines;
        _retiredMissing += container.ResumeFilesMissing;
        container.Dispose();
        _containers.Remove(id);
        _configWrites.Remove(id);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "docker: {Reason}")]
    private partial void LogDirectoryUnreadable(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "docker: reading {Container} failed: {Reason}; trying again from its checkpoint")]
    private partial void LogContainerFailed(string container, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "docker: the sink refused a batch ({Reason}); it is read again")]
    private partial void LogSinkFailed(string reason);
}
