using System.Text.Json;
using LogWarden.Parse;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace LogWarden.Collect.Files;

/// <summary>
/// One run of the <see cref="FileSource"/>: the set of followed files keyed by identity, the loop that polls
/// them, and the decisions about what a file is (new, resumed, rotated, truncated, a copy). Single-threaded:
/// only the directory watchers' callbacks come from other threads, and they only set a wake-up flag.
/// </summary>
internal sealed class FileFollower : IDisposable
{
    private const int MaxRememberedContents = 10_000;
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private const int OrphanFailuresBeforeGivingUp = 5;
    private static readonly bool[] OrphansFirst = [true, false];

    private readonly FileSourceOptions _options;
    private readonly ILogger _logger;
    private readonly FileCounters _counters;
    private readonly FileBatchWriter _batch;
    private readonly TimeProvider _time;
    private readonly PathGlob[] _include;
    private readonly PathGlob[] _exclude;
    private readonly bool _persistFinishedContents;
    private readonly List<TailedFile> _files = [];
    private readonly Dictionary<FileIdentity, TailedFile> _byIdentity = [];
    private readonly Dictionary<FileIdentity, FileCheckpoint> _unclaimed = [];
    private readonly List<FinishedContent> _finished = [];
    private readonly Dictionary<string, PathFailure> _pathFailures = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reportedSkips = new(StringComparer.Ordinal);
    private readonly HashSet<FileIdentity> _recoveredCopies = [];
    private readonly List<FileSystemWatcher> _watchers = [];
    private TaskCompletionSource _wake = NewWake();
    private volatile bool _rescanRequested;
    private DateTimeOffset _nextRescan;
    private bool _rescannedThisRound;

    public FileFollower(FileSourceOptions options, ILogger logger, FileCounters counters, FileBatchWriter batch)
    {
        _options = options;
        _logger = logger;
        _counters = counters;
        _batch = batch;
        _time = options.TimeProvider;
        _include = [.. options.Include.Select(p => new PathGlob(p))];
        _exclude = [.. options.Exclude.Select(p => new PathGlob(p))];
        // Fingerprints of finished files matter across restarts only when a compressed copy can match later.
        _persistFinishedContents = _include.Any(g => g.MatchesCompressed);
    }

    public async Task RunAsync(ICheckpointReader checkpoints, CancellationToken cancellationToken)
    {
        try
        {
            LoadCheckpoints(checkpoints);
            if (_options.WatchDirectories)
            {
                StartWatchers();
            }

            await StartAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _wake = NewWake(); // events from now on wake the wait below
                _rescannedThisRound = false;
                if (_rescanRequested || _time.GetUtcNow() >= _nextRescan)
                {
                    Rescan();
                }

                bool more = await PollAllAsync(cancellationToken).ConfigureAwait(false);
                await FinishIdleOrphansAsync(cancellationToken).ConfigureAwait(false);
                await _batch.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (!more)
                {
                    await WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: what was not written is not checkpointed either, and is read again next time.
        }
    }

    /// <summary>
    /// First round: files whose checkpoint matches their identity resume; checkpointed files no longer at a
    /// followed path are looked for under a rotated name in the same directory and finished from their
    /// offset (or forgotten); only then are the new files taken up, so a compressed copy of a checkpointed
    /// file is recognised by its fingerprint.
    /// </summary>
    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var later = new List<string>();
        foreach (string path in CollectMatches())
        {
            if (TryStat(path) is { } status && _unclaimed.ContainsKey(status.Identity))
            {
                Discover(path);
            }
            else
            {
                later.Add(path);
            }
        }

        AdoptRotated(forgetMissing: false);
        foreach (string path in later)
        {
            Discover(path);
        }

        TakeOverCopiesOfGoneFiles();
        await _batch.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Copies resumed from their checkpoints (files skipped because another followed file held the same
    /// content) whose original is no longer followed: the daemon stopped while it was reading the copy's
    /// lines on behalf of the original (copytruncate, see <see cref="RecoverFromCopyAsync"/>), and the
    /// original was rotated away or deleted since. The copy now holds the only remaining copy of that
    /// content, so it carries on from where the original's content was read to.
    /// </summary>
    private void TakeOverCopiesOfGoneFiles()
    {
        foreach (var copy in _files.ToArray())
        {
            if (copy.Role != FileRole.Copy || !IsFollowed(copy)
                || !Identifies(copy.Fingerprint, copy.Compressed)
                || _files.Exists(f => f.Role == FileRole.Read && f.Fingerprint == copy.Fingerprint)
                || ClaimReadContent(copy.Fingerprint, copy.Handle, copy.Compressed, copy.Path) is not { } readBefore)
            {
                continue;
            }

            ReadOnBehalfOf(copy, readBefore, $" (a copy of {readBefore.Path}, which is gone before all of it was read)");
        }
    }

    private void LoadCheckpoints(ICheckpointReader checkpoints)
    {
        foreach (var (key, value) in checkpoints.GetAll(_options.Id))
        {
            try
            {
                if (key.StartsWith(FinishedContent.KeyPrefix, StringComparison.Ordinal))
                {
                    _finished.Add(FileCheckpointJson.ReadFinishedContent(value));
                }
                else
                {
                    var checkpoint = FileCheckpointJson.ReadCheckpoint(value);
                    if (!ContentFingerprint.TryParse(checkpoint.Fingerprint, checkpoint.FingerprintLength, out _))
                    {
                        throw new JsonException($"bad fingerprint '{checkpoint.Fingerprint}'");
                    }

                    // Another file source with the same id (other patterns) owns a checkpoint of a path we
                    // do not follow: not ours to resume, adopt or forget.
                    if (Follows(checkpoint.Path))
                    {
                        _unclaimed[checkpoint.Identity] = checkpoint;
                    }
                }
            }
            catch (JsonException ex)
            {
                FileSourceLog.BadCheckpoint(_logger, key, ex.Message);
                _batch.Set(key, null);
            }
        }
    }

    /// <summary>Only a full-length fingerprint identifies content: two new tiny files may well start alike (a whole .gz read is full length).</summary>
    private bool Identifies(ContentFingerprint fingerprint, bool compressed) =>
        fingerprint.Length == _options.FingerprintBytes || (compressed && fingerprint.Length > 0);

    /// <summary>Whether <paramref name="path"/> is one of this source's: matched by an include pattern and by no exclude pattern.</summary>
    private bool Follows(string path) =>
        Array.Exists(_include, g => g.IsMatch(path)) && !Array.Exists(_exclude, g => g.IsMatch(path));

    private List<string> CollectMatches()
    {
        var matches = new HashSet<string>(StringComparer.Ordinal);
        foreach (var glob in _include)
        {
            glob.Collect(matches, (directory, ex) =>
            {
                _counters.Errors++;
                if (ShouldReport(directory, ex.Message))
                {
                    FileSourceLog.DirectoryError(_logger, directory, ex.Message);
                }
            });
        }

        var included = matches.Where(p => !Array.Exists(_exclude, g => g.IsMatch(p))).ToList();
        return [.. RotationOrder.Sort(included)]; // rotated generations before the live file
    }

    private void Rescan()
    {
        _rescanRequested = false;
        _rescannedThisRound = true;
        var now = _time.GetUtcNow();
        _nextRescan = now + _options.RescanInterval;
        foreach (string path in CollectMatches())
        {
            Discover(path);
        }

        AdoptRotated(forgetMissing: true);
        ForgetOldContents(now);
    }

    /// <summary>Takes up the file at <paramref name="path"/> unless it is followed already (then notes where it is now).</summary>
    private void Discover(string path)
    {
        var now = _time.GetUtcNow();
        if (_pathFailures.TryGetValue(path, out var failure) && now < failure.RetryAt)
        {
            return;
        }

        FileStatus? status;
        try
        {
            status = FileStatusReader.TryGet(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            PathFailed(path, ex);
            return;
        }

        if (status is not { } found)
        {
            return; // gone again, or a dangling symlink: nothing to read
        }

        if (!found.IsRegularFile)
        {
            // A FIFO would block the loop on open; devices and sockets are not logs.
            Skip(path, "not a regular file");
            return;
        }

        if (_byIdentity.TryGetValue(found.Identity, out var known))
        {
            if (known.OrphanedAt is not null)
            {
                known.OrphanedAt = null; // renamed to a name we follow too: carry on there
                known.Path = path;
            }

            return;
        }

        SafeFileHandle handle;
        FileStatus opened;
        try
        {
            handle = UnlockedFile.OpenForReading(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            PathFailed(path, ex);
            return;
        }

        try
        {
            opened = FileStatusReader.Get(handle, path); // what we opened, should the path have changed since
            if (_byIdentity.ContainsKey(opened.Identity) || !Adopt(handle, opened, path))
            {
                handle.Dispose();
            }

            _pathFailures.Remove(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            handle.Dispose();
            PathFailed(path, ex);
        }
    }

    /// <summary>Decides how to read a file not followed yet; false to leave it for a later scan.</summary>
    private bool Adopt(SafeFileHandle handle, FileStatus status, string path)
    {
        string name = Path.GetFileName(path);
        string? compression = PathGlob.CompressedExtension(name);
        bool compressed = compression == ".gz";
        if (_unclaimed.Remove(status.Identity, out var checkpoint))
        {
            ContentFingerprint.TryParse(checkpoint.Fingerprint, checkpoint.FingerprintLength, out var saved);
            var resumed = new TailedFile(_options, _counters, handle, status.Identity, path, checkpoint.Path, compressed);
            resumed.Resume(checkpoint, saved, stored: true);
            Track(resumed);
            FileSourceLog.Following(_logger, path, status.Identity, checkpoint.Offset, " (resumed from its checkpoint)");
            return true;
        }

        ContentFingerprint fingerprint = ContentFingerprint.Empty;
        bool binary = false;
        if (compression is null || compressed)
        {
            try
            {
                fingerprint = TailedFile.ReadFingerprint(handle, compressed, _options.FingerprintBytes, out binary);
            }
            catch (InvalidDataException)
            {
                return false; // a .gz still being written: decide once it is whole
            }
        }

        bool identifying = Identifies(fingerprint, compressed);
        var sameContent = identifying ? FindReadFileWithSameContent(null, fingerprint, handle, compressed, path) : null;
        bool readable = (compression is null || compressed) && !binary;
        var readBefore = readable && identifying && sameContent is null ? ClaimReadContent(fingerprint, handle, compressed, path) : null;
        var file = new TailedFile(_options, _counters, handle, status.Identity, path, readBefore?.Path ?? path, compressed)
        {
            Fingerprint = fingerprint,
        };
        if (compression is not null && !compressed)
        {
            file.Role = FileRole.Skipped;
            Skip(path, $"{compression} compression is not read (only gzip)");
        }
        else if (binary)
        {
            file.Role = FileRole.Skipped;
            Skip(path, "binary content");
        }
        else if (sameContent is not null)
        {
            file.Role = FileRole.Copy;
            _counters.CopiesSkipped++;
            FileSourceLog.CopySkipped(_logger, path, sameContent.Path);
        }
        else if (readBefore is not null)
        {
            file.Resume(
                readBefore.ToResumePoint(),
                fingerprint,
                stored: false);
            FileSourceLog.Following(_logger, path, status.Identity, readBefore.Offset, $" (its content was read before as {readBefore.Path})");
        }
        else
        {
            FileSourceLog.Following(_logger, path, status.Identity, 0, "");
        }

        Track(file);
        if (file.Role != FileRole.Skipped)
        {
            // Checkpoint it now, not with its first record: should it be rotated away before it has any and
            // the daemon restart, the checkpoint is how the file is found again under its rotated name.
            _batch.MarkDue(file);
        }

        return true;
    }

    private void Track(TailedFile file)
    {
        file.LastGrowthAt = _time.GetUtcNow();
        _files.Add(file);
        _byIdentity[file.Identity] = file;
        _counters.FilesOpened++;
    }

    /// <summary>
    /// Checkpointed files not found at any followed path: logrotate renamed them (<c>syslog</c> →
    /// <c>syslog.1</c>) while we were down, so look for the inode in the same directory and finish it from
    /// its checkpoint; if it is gone, forget its checkpoint (and remember its content, for compressed copies).
    /// Forgetting waits for a second look (the first scan of the loop): a directory listing taken while
    /// logrotate renames may miss the renamed entry.
    /// </summary>
    private void AdoptRotated(bool forgetMissing)
    {
        if (_unclaimed.Count == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        foreach (var group in _unclaimed.Values.GroupBy(c => Path.GetDirectoryName(c.Path) ?? "/").ToList())
        {
            var byIdentity = new Dictionary<FileIdentity, string>();
            try
            {
                foreach (string candidate in Directory.EnumerateFiles(group.Key))
                {
                    if (TryStat(candidate) is { IsRegularFile: true } status)
                    {
                        byIdentity.TryAdd(status.Identity, candidate);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                FileSourceLog.DirectoryError(_logger, group.Key, ex.Message);
            }

            foreach (var checkpoint in group)
            {
                if (byIdentity.TryGetValue(checkpoint.Identity, out string? rotatedPath) && AdoptRotated(checkpoint, rotatedPath, now))
                {
                    _unclaimed.Remove(checkpoint.Identity);
                }
                else if (forgetMissing)
                {
                    FileSourceLog.Forgotten(_logger, checkpoint.Path, checkpoint.Identity);
                    _batch.Set(checkpoint.Identity.Key, null);
                    if (!checkpoint.Copy)
                    {
                        Remember(FinishedContent.Of(checkpoint, now));
                    }
                }
            }
        }

        if (forgetMissing)
        {
            _unclaimed.Clear();
        }
    }

    private bool AdoptRotated(FileCheckpoint checkpoint, string rotatedPath, DateTimeOffset now)
    {
        SafeFileHandle? handle = null;
        try
        {
            handle = UnlockedFile.OpenForReading(rotatedPath);
            var status = FileStatusReader.Get(handle, rotatedPath);
            ContentFingerprint.TryParse(checkpoint.Fingerprint, checkpoint.FingerprintLength, out var saved);
            if (status.Identity != checkpoint.Identity
                || TailedFile.ReadFingerprint(handle, checkpoint.Compressed, saved.Length, out _) != saved)
            {
                handle.Dispose();
                return false; // the inode number was reused by another file
            }

            var file = new TailedFile(_options, _counters, handle, status.Identity, rotatedPath, checkpoint.Path, checkpoint.Compressed);
            file.Resume(checkpoint, saved, stored: true);
            file.OrphanedAt = now;
            Track(file);
            FileSourceLog.Following(_logger, rotatedPath, status.Identity, checkpoint.Offset, $" (rotated from {checkpoint.Path}; finishing it)");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            handle?.Dispose();
            _counters.Errors++;
            FileSourceLog.FileError(_logger, rotatedPath, ex.Message, TimeSpan.Zero);
            return false;
        }
    }

    /// <summary>Polls every followed file, rotated ones first (their lines are older); true if one has more to read right away.</summary>
    private async ValueTask<bool> PollAllAsync(CancellationToken cancellationToken)
    {
        bool more = false;
        var files = _files.ToArray();
        foreach (bool orphans in OrphansFirst)
        {
            foreach (var file in files)
            {
                if ((file.OrphanedAt is not null) != orphans || !IsFollowed(file) || _time.GetUtcNow() < file.RetryAt)
                {
                    continue;
                }

                try
                {
                    more |= await PollAsync(file, cancellationToken).ConfigureAwait(false);
                    file.FailureStreak = 0;
                    file.LastError = null;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
                {
                    FileFailed(file, ex); // InvalidDataException: a .gz cut short (still being written) or damaged
                }
            }
        }

        return more;
    }

    private bool IsFollowed(TailedFile file) => _byIdentity.TryGetValue(file.Identity, out var current) && current == file;

    private async ValueTask<bool> PollAsync(TailedFile file, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var status = FileStatusReader.Get(file.Handle, file.Path);
        if (file.OrphanedAt is null)
        {
            CheckStillAtPath(file, status, now);
        }

        if (file.Role == FileRole.Skipped)
        {
            file.LastStatus = status;
            return false;
        }

        bool changed = file.LastStatus is not { } last || last.Size != status.Size || last.ModifiedNanoseconds != status.ModifiedNanoseconds;
        if (changed)
        {
            file.LastGrowthAt = now;
            try
            {
                await CheckContentAsync(file, status, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException)
            {
                return false; // a .gz being rewritten; look again when it changes next
            }

            if (!IsFollowed(file))
            {
                return true; // another follower reads this file now (ReadOnBehalfOf): its turn comes at once
            }
        }

        file.LastStatus = status;
        if (file.Role != FileRole.Read)
        {
            return false;
        }

        bool more = false;
        if (file.Compressed ? changed : status.Size > file.Offset)
        {
            // A .gz is read whole: with no way to seek, reading it in rounds would decompress its start again each time.
            long budget = file.Compressed ? long.MaxValue : _options.MaxBytesPerFileRound;
            var outcome = await file.ReadAsync(file.Handle, file.Compressed, final: false, budget, _batch, cancellationToken).ConfigureAwait(false);
            if (file.Compressed && outcome is { Error: null, HeldBytes: true })
            {
                // The gzip stream ended whole, so its last line is whole too, newline or not.
                outcome = await file.ReadAsync(file.Handle, file.Compressed, final: true, long.MaxValue, _batch, cancellationToken).ConfigureAwait(false);
            }

            if (outcome.Replaced)
            {
                // Truncated and written again since CheckContentAsync looked: what was read is the old content's,
                // the rest of it is in the copy, if copytruncate made one.
                await RestartAsync(file, "its first bytes changed while it was read", FindCopy(file), cancellationToken).ConfigureAwait(false);
                return true;
            }

            if (outcome.Error is { } error && !file.Compressed)
            {
                throw new IOException(error); // a .gz cut short is one still being written: read the rest when it changes
            }

            more = outcome.MoreToRead;
        }

        if (!more)
        {
            file.CaughtUp = (status.ChangedNanoseconds, status.ModifiedNanoseconds);
            if (file.Fingerprint.Length == 0)
            {
                _batch.MarkDue(file); // see ReadPosition.EmptyFileSeen
            }

            if (file.OrphanedAt is not null)
            {
                // A rotated file's last record is complete once its end is read: it must not wait for the
                // idle timeout and come out after the new file's first records.
                await file.FlushAsync(_batch, cancellationToken).ConfigureAwait(false);
            }
        }

        await file.OnIdleAsync(now, _batch, cancellationToken).ConfigureAwait(false);
        return more;
    }

    /// <summary>Notices a deletion or a rename away (rotation) and takes up the new file created at the path.</summary>
    private void CheckStillAtPath(TailedFile file, FileStatus status, DateTimeOffset now)
    {
        bool gone = status.Links == 0;
        FileStatus? atPath = null;
        if (!gone)
        {
            try
            {
                atPath = FileStatusReader.TryGet(file.Path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return; // cannot tell: keep following; the handle is what we read anyway
            }

            gone = atPath?.Identity != file.Identity;
        }

        if (!gone)
        {
            return;
        }

        file.OrphanedAt = now;
        _counters.Rotations++;
        FileSourceLog.Orphaned(_logger, file.Path);
        if (atPath is not null)
        {
            Discover(file.Path);
        }
    }

    /// <summary>
    /// On any change of size or mtime: a size below our offset or a changed fingerprint means the file was
    /// truncated (copytruncate) or rewritten, so it is read again from its start; otherwise the fingerprint
    /// grows with a file still shorter than <see cref="FileSourceOptions.FingerprintBytes"/>.
    /// </summary>
    private async ValueTask CheckContentAsync(TailedFile file, FileStatus status, CancellationToken cancellationToken)
    {
        if (!file.Compressed && status.Size < file.Offset)
        {
            await RestartAsync(file, $"size {status.Size} below offset {file.Offset}", FindCopy(file), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!file.HoldsFingerprintedContent())
        {
            await RestartAsync(file, "its first bytes changed", FindCopy(file), cancellationToken).ConfigureAwait(false);
            return;
        }

        bool firstContent = file.Fingerprint.Length == 0 && file.Offset == 0;
        // A file we last saw empty has no fingerprint to tell a truncation by: if it was written and
        // copytruncated since, only the copy (born after we looked) holds those lines.
        if (firstContent && file.Role == FileRole.Read && FindCopy(file) is { } copy)
        {
            await RestartAsync(file, "emptied by copytruncate before its first lines were read", copy, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (file.Fingerprint.Length < _options.FingerprintBytes && (file.Compressed || status.Size > file.Fingerprint.Length))
        {
            file.Fingerprint = TailedFile.ReadFingerprint(file.Handle, file.Compressed, _options.FingerprintBytes, out bool binary);
            _batch.MarkDue(file);
            if (firstContent && binary)
            {
                file.Role = FileRole.Skipped;
                Skip(file.Path, "binary content");
            }
            else if (firstContent && file.Role == FileRole.Read)
            {
                RecogniseContent(file, "first seen empty");
            }
        }
    }

    /// <summary>
    /// A file taken up while empty has just got its first bytes, none read yet. An empty file looks like a new
    /// log, but it may be a copy being written: File.Copy and cp (copytruncate) create the copy before they
    /// write to it, and the directory watcher wakes us in between. Once its fingerprint identifies content,
    /// it is decided as a file found with that content would be (<see cref="Adopt"/>): a copy of a followed
    /// file is not read; content read before (the truncated original, finished meanwhile) is read on from
    /// where it was read to, on behalf of the original.
    /// </summary>
    /// <remarks>
    /// Also for a followed file whose content was replaced (<see cref="RestartAsync"/>): its inode may be a new
    /// file's, the number reused after a deletion while the daemon was down, e.g. copytruncate's new copy.
    /// </remarks>
    private void RecogniseContent(TailedFile file, string why)
    {
        if (!Identifies(file.Fingerprint, file.Compressed))
        {
            return;
        }

        if (FindReadFileWithSameContent(file, file.Fingerprint, file.Handle, file.Compressed, file.Path) is { } original)
        {
            file.Role = FileRole.Copy;
            _counters.CopiesSkipped++;
            FileSourceLog.CopySkipped(_logger, file.Path, original.Path);
        }
        else if (ClaimReadContent(file.Fingerprint, file.Handle, file.Compressed, file.Path) is { } readBefore)
        {
            ReadOnBehalfOf(file, readBefore, $" (its content was read before as {readBefore.Path}; {why})");
        }
    }

    /// <summary>
    /// Replaces the follower of <paramref name="file"/> by one on the same handle that carries on from where
    /// <paramref name="readBefore"/> was read to, labelled as the original was: the lines are the original's.
    /// </summary>
    private void ReadOnBehalfOf(TailedFile file, FinishedContent readBefore, string how)
    {
        var reader = new TailedFile(_options, _counters, file.Handle, file.Identity, file.Path, readBefore.Path, file.Compressed)
        {
            Fingerprint = file.Fingerprint,
            OrphanedAt = file.OrphanedAt,
            LastGrowthAt = file.LastGrowthAt,
        };
        reader.Resume(readBefore.ToResumePoint(), file.Fingerprint, stored: false);
        _files[_files.IndexOf(file)] = reader;
        _byIdentity[file.Identity] = reader;
        if (file.CheckpointDue)
        {
            _batch.Remove(file); // its checkpoint is replaced by the reader's below
        }

        _batch.MarkDue(reader);
        FileSourceLog.Following(_logger, file.Path, file.Identity, readBefore.Offset, how);
    }

    /// <summary>
    /// The content under our offset is gone or different. Before reading the file again from its start,
    /// finish the old content: copytruncate leaves a copy (<c>app.log.1</c>) holding the lines appended since
    /// our last read, so read that copy's tail from our offset. Lines written between logrotate's copy and
    /// its truncate are in neither file: that loss is copytruncate's own and no reader can avoid it.
    /// </summary>
    private async ValueTask RestartAsync(TailedFile file, string reason, FileCopy? copy, CancellationToken cancellationToken)
    {
        _counters.Truncations++;
        FileSourceLog.Restarted(_logger, file.Path, reason, file.Offset);
        if (file.Role == FileRole.Read)
        {
            if (copy is { } found)
            {
                await RecoverFromCopyAsync(file, found, cancellationToken).ConfigureAwait(false);
            }

            await file.FlushAsync(_batch, cancellationToken).ConfigureAwait(false);
            if (file.Fingerprint.Length > 0)
            {
                Remember(file.ToFinishedContent(_time.GetUtcNow()));
            }
        }
        else
        {
            copy?.Handle.Dispose();
        }

        file.RestartFromBeginning(TailedFile.ReadFingerprint(file.Handle, file.Compressed, _options.FingerprintBytes, out _));
        _batch.MarkDue(file);
        if (file.Fingerprint.Length > 0)
        {
            RecogniseContent(file, "its content was replaced");
        }
    }

    private async ValueTask RecoverFromCopyAsync(TailedFile file, FileCopy copy, CancellationToken cancellationToken)
    {
        using (copy.Handle)
        {
            if (_recoveredCopies.Count >= MaxRememberedContents)
            {
                _recoveredCopies.Clear();
            }

            _recoveredCopies.Add(copy.Identity); // read once: timestamps of a coarse clock must not make it a candidate again
            long before = file.LineNumber;
            try
            {
                await file.ReadAsync(copy.Handle, copy.Compressed, final: true, long.MaxValue, _batch, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                _counters.Errors++;
                FileSourceLog.FileError(_logger, copy.Path, ex.Message, TimeSpan.Zero);
            }

            _counters.RecoveredLines += file.LineNumber - before;
            FileSourceLog.Recovered(_logger, file.Path, copy.Path, file.LineNumber - before);
        }
    }

    /// <summary>
    /// The copy logrotate's copytruncate made of <paramref name="file"/>'s old content, if there is one: a
    /// rotated generation of it in the same directory (<c>app.log.1</c>, <c>app.log-20250101</c>, possibly
    /// .gz), not followed itself, created after we last read the file to its end (a generation made before
    /// holds nothing we had not read), starting with the bytes we fingerprinted, and longer than what we
    /// read. The newest wins. Without a fingerprint (the file was empty when we looked), the candidate must
    /// also not be content we have read and finished (a renamed generation written late).
    /// </summary>
    private FileCopy? FindCopy(TailedFile file)
    {
        string? directory = Path.GetDirectoryName(file.Path);
        if (directory is null)
        {
            return null;
        }

        // The log's name, not the file's: a file checkpointed as app.log may be app.log.1 by now (renamed
        // while we were down), and its copy then sits beside it as app.log.2.gz, not as app.log.1.N.
        string name = RotationOrder.Parse(Path.GetFileName(file.Path)).BaseName;
        FileCopy? best = null;
        long bestBorn = long.MinValue;
        try
        {
            foreach (string candidate in Directory.EnumerateFiles(directory, name + "*"))
            {
                string candidateName = Path.GetFileName(candidate);
                string? compression = PathGlob.CompressedExtension(candidateName);
                var (baseName, generation) = RotationOrder.Parse(candidateName);
                if (baseName != name || generation.Kind == RotationOrder.Generation.Current || compression is not (null or ".gz")
                    || TryStat(candidate) is not { IsRegularFile: true } status
                    || status.Identity == file.Identity
                    || _recoveredCopies.Contains(status.Identity)
                    || (_byIdentity.TryGetValue(status.Identity, out var followed) && followed.Role == FileRole.Read)
                    || !MadeAfterCatchingUp(file, status)
                    || (compression is null && status.Size <= file.Offset)
                    || BornOrModified(status) <= bestBorn)
                {
                    continue;
                }

                var handle = UnlockedFile.OpenForReading(candidate);
                bool matches;
                try
                {
                    // Without a fingerprint, anything born since the file was emptied could be its copy: not content we
                    // read and finished, and not content another followed file is reading (logrotate's delaycompress
                    // compresses the previous generation in the same rotation as this copytruncate, born just after it).
                    matches = TailedFile.ReadFingerprint(handle, compression is not null, file.Fingerprint.Length, out _) == file.Fingerprint
                        && (file.Fingerprint.Length > 0 || IsNobodysContent(file, handle, compression is not null, candidate));
                }
                catch (InvalidDataException)
                {
                    matches = false;
                }

                if (!matches)
                {
                    handle.Dispose();
                    continue;
                }

                best?.Handle.Dispose();
                best = new FileCopy(handle, status.Identity, candidate, compression is not null);
                bestBorn = BornOrModified(status);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            FileSourceLog.DirectoryError(_logger, directory, ex.Message);
        }

        return best;
    }

    /// <summary>Whether the file open as <paramref name="handle"/> holds neither finished content nor that of a followed file other than <paramref name="file"/>.</summary>
    private bool IsNobodysContent(TailedFile file, SafeFileHandle handle, bool compressed, string path)
    {
        ContentFingerprint full = TailedFile.ReadFingerprint(handle, compressed, _options.FingerprintBytes, out _);
        return FindFinished(full) is null
            && (!Identifies(full, compressed) || FindReadFileWithSameContent(file, full, handle, compressed, path) is null);
    }

    /// <summary>Whether <paramref name="candidate"/> was created after <paramref name="file"/> was last read to its end.</summary>
    private static bool MadeAfterCatchingUp(TailedFile file, FileStatus candidate)
    {
        if (file.Fingerprint.Length == 0 && file.CaughtUp == default)
        {
            return false; // never looked at: nothing tells a copy of it from an older generation
        }

        if (candidate.BornNanoseconds != 0)
        {
            // Born no earlier than the file's last change we saw. Without a fingerprint to confirm it, strictly
            // later: copytruncate's own copy is born in the same clock tick as the truncation that emptied the
            // file, and its content was read before that truncation.
            return file.Fingerprint.Length > 0
                ? candidate.BornNanoseconds >= file.CaughtUp.Changed
                : candidate.BornNanoseconds > file.CaughtUp.Changed;
        }

        // No birth time on this file system: ctime and mtime tell less (a rename moves ctime; timestamps are
        // coarse), so an empty file's copy, which has no fingerprint to confirm it, is not guessed at.
        return file.Fingerprint.Length > 0
            && candidate.ChangedNanoseconds >= file.CaughtUp.Changed && candidate.ModifiedNanoseconds >= file.CaughtUp.Modified;
    }

    private static long BornOrModified(FileStatus status) => status.BornNanoseconds != 0 ? status.BornNanoseconds : status.ModifiedNanoseconds;

    /// <summary>
    /// Rotated or deleted files that have not grown for <see cref="FileSourceOptions.RotatedFileIdleTimeout"/>
    /// are read to their very end (the last line even without a newline), released, and their checkpoint
    /// deleted; unless a fresh scan finds them under a followed name, where they are simply followed on.
    /// </summary>
    private async ValueTask FinishIdleOrphansAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var due = _files.FindAll(f => f.OrphanedAt is { } at && now >= f.RetryAt
            && (f.FailureStreak >= OrphanFailuresBeforeGivingUp || now - Max(at, f.LastGrowthAt) >= _options.RotatedFileIdleTimeout));
        if (due.Count == 0)
        {
            return;
        }

        if (!_rescannedThisRound)
        {
            Rescan();
        }

        foreach (var file in due)
        {
            if (file.OrphanedAt is null || !IsFollowed(file))
            {
                continue;
            }

            try
            {
                if (file.Role == FileRole.Read && file.FailureStreak < OrphanFailuresBeforeGivingUp)
                {
                    var outcome = await file.ReadAsync(file.Handle, file.Compressed, final: true, long.MaxValue, _batch, cancellationToken).ConfigureAwait(false);
                    if (outcome.Error is { } error && !file.Compressed)
                    {
                        throw new IOException(error);
                    }

                    await file.FlushAsync(_batch, cancellationToken).ConfigureAwait(false);
                }

                Finish(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                FileFailed(file, ex);
            }
        }
    }

    private void Finish(TailedFile file)
    {
        _files.Remove(file);
        _byIdentity.Remove(file.Identity);
        _batch.Remove(file);
        if (file.Role == FileRole.Read && file.Fingerprint.Length > 0)
        {
            Remember(file.ToFinishedContent(_time.GetUtcNow()));
        }

        file.Dispose();
        _counters.FilesFinished++;
        FileSourceLog.Finished(_logger, file.Path, file.Identity, file.Offset);
    }

    private void Remember(FinishedContent content)
    {
        if (content.FingerprintLength == 0)
        {
            return;
        }

        _finished.RemoveAll(c => c.Key == content.Key);
        _finished.Add(content);
        if (_persistFinishedContents)
        {
            _batch.Set(content.Key, FileCheckpointJson.Write(content));
        }

        if (_finished.Count > MaxRememberedContents)
        {
            ForgetContent(_finished[0]);
        }
    }

    /// <summary>
    /// Content a new file (<paramref name="path"/>, open as <paramref name="handle"/>) holds that was read
    /// before, under another identity: a finished file, or (at start) a checkpointed file that is gone, whose
    /// compressed copy this may be (<c>syslog.1</c> was compressed to <c>syslog.1.gz</c> while we were down,
    /// before we had finished it). Whoever claims it carries on from where that content was read to; the old
    /// record of it is deleted.
    /// </summary>
    /// <remarks>
    /// A checkpoint taken while its file was young has a fingerprint shorter than the new file's full one: it
    /// is compared with as many of the new file's first bytes, for a rotated generation of the same log only
    /// (a short prefix alone is weak evidence; two logs may well start alike).
    /// </remarks>
    private FinishedContent? ClaimReadContent(ContentFingerprint fingerprint, SafeFileHandle handle, bool compressed, string path)
    {
        if (FindFinished(fingerprint) is { } finished)
        {
            ForgetContent(finished);
            return finished;
        }

        string hash = fingerprint.HashText;
        foreach (var checkpoint in _unclaimed.Values)
        {
            if (checkpoint.Copy)
            {
                continue;
            }

            bool same = checkpoint.FingerprintLength == fingerprint.Length
                ? checkpoint.Fingerprint == hash
                : checkpoint.FingerprintLength > 0 && checkpoint.FingerprintLength < fingerprint.Length && SameLog(checkpoint.Path, path)
                    && ContentFingerprint.TryParse(checkpoint.Fingerprint, checkpoint.FingerprintLength, out var young)
                    && StartsLike(handle, compressed, young);
            if (same)
            {
                _unclaimed.Remove(checkpoint.Identity);
                _batch.Set(checkpoint.Identity.Key, null);
                return FinishedContent.Of(checkpoint, _time.GetUtcNow());
            }
        }

        return null;
    }

    /// <summary>
    /// The followed file being read (other than <paramref name="except"/>) whose content the file at
    /// <paramref name="path"/> with <paramref name="fingerprint"/> holds too: the same fingerprint, or a
    /// generation of the same log whose shorter fingerprint (a young file's) the new file starts with.
    /// </summary>
    private TailedFile? FindReadFileWithSameContent(TailedFile? except, ContentFingerprint fingerprint, SafeFileHandle handle, bool compressed, string path) =>
        _files.Find(f => f != except && f.Role == FileRole.Read && f.Fingerprint == fingerprint)
        ?? _files.Find(f => f != except && f.Role == FileRole.Read
            && f.Fingerprint.Length > 0 && f.Fingerprint.Length < fingerprint.Length && SameLog(f.Path, path) && StartsLike(handle, compressed, f.Fingerprint));

    /// <summary>Whether the file open as <paramref name="handle"/> starts with the bytes <paramref name="prefix"/> was taken of.</summary>
    private static bool StartsLike(SafeFileHandle handle, bool compressed, ContentFingerprint prefix)
    {
        try
        {
            return TailedFile.ReadFingerprint(handle, compressed, prefix.Length, out _) == prefix;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>Whether two paths name generations of one log (<c>app.log</c>, <c>app.log.2.gz</c>) in one directory.</summary>
    private static bool SameLog(string a, string b) =>
        Path.GetDirectoryName(a) == Path.GetDirectoryName(b)
        && RotationOrder.Parse(Path.GetFileName(a)).BaseName == RotationOrder.Parse(Path.GetFileName(b)).BaseName;

    private FinishedContent? FindFinished(ContentFingerprint fingerprint)
    {
        string hash = fingerprint.HashText;
        return _finished.FindLast(c => c.FingerprintLength == fingerprint.Length && c.Fingerprint == hash);
    }

    private void ForgetContent(FinishedContent content)
    {
        _finished.Remove(content);
        if (_persistFinishedContents)
        {
            _batch.Set(content.Key, null);
        }
    }

    private void ForgetOldContents(DateTimeOffset now)
    {
        foreach (var content in _finished.FindAll(c => now - c.FinishedAt > _options.RememberFinishedFilesFor))
        {
            ForgetContent(content);
        }
    }

    private void FileFailed(TailedFile file, Exception ex)
    {
        _counters.Errors++;
        file.FailureStreak++;
        var delay = RetryDelay(file.FailureStreak);
        file.RetryAt = _time.GetUtcNow() + delay;
        if (ex.Message != file.LastError)
        {
            file.LastError = ex.Message;
            FileSourceLog.FileError(_logger, file.Path, ex.Message, delay);
        }
    }

    private void PathFailed(string path, Exception ex)
    {
        _counters.Errors++;
        _pathFailures.TryGetValue(path, out var previous);
        int streak = previous.Streak + 1;
        var delay = RetryDelay(streak);
        _pathFailures[path] = new PathFailure(_time.GetUtcNow() + delay, streak);
        if (ShouldReport(path, ex.Message))
        {
            FileSourceLog.FileError(_logger, path, ex.Message, delay);
        }
    }

    private TimeSpan RetryDelay(int streak) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, _options.PollInterval.Ticks << Math.Min(streak, 20)));

    private void Skip(string path, string reason)
    {
        _counters.FilesSkipped++;
        if (ShouldReport(path, reason))
        {
            FileSourceLog.Skipped(_logger, path, reason);
        }
    }

    // One report per path and reason: a file that stays unreadable does not flood the log every scan.
    private bool ShouldReport(string path, string reason) => _reportedSkips.Add(path + "\n" + reason);

    private static FileStatus? TryStat(string path)
    {
        try
        {
            return FileStatusReader.TryGet(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void StartWatchers()
    {
        foreach (var (directory, recursive) in _include.SelectMany(g => g.Roots).Distinct())
        {
            try
            {
                var watcher = new FileSystemWatcher(directory)
                {
                    IncludeSubdirectories = recursive,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
                };
                watcher.Changed += (_, _) => Wake(rescan: false);
                watcher.Created += (_, _) => Wake(rescan: true);
                watcher.Deleted += (_, _) => Wake(rescan: true);
                watcher.Renamed += (_, _) => Wake(rescan: true);
                watcher.Error += (_, _) => Wake(rescan: true); // e.g. the event queue overflowed: polling still sees everything
                watcher.EnableRaisingEvents = true;
                _watchers.Add(watcher);
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                // A directory that does not exist yet, or inotify's instance/watch limit: polling covers it.
                FileSourceLog.WatchUnavailable(_logger, directory, ex.Message, _options.PollInterval);
            }
        }
    }

    private void Wake(bool rescan)
    {
        if (rescan)
        {
            _rescanRequested = true;
        }

        _wake.TrySetResult();
    }

    private async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        var wake = _wake;
        if (wake.Task.IsCompleted)
        {
            // Woken while polling: go again, after a short breath so a busy log cannot keep us spinning.
            await Task.Delay(MinimumWakeGap(), _time, cancellationToken).ConfigureAwait(false);
            return;
        }

        await Task.WhenAny(Task.Delay(UntilNextDeadline(), _time, cancellationToken), wake.Task).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>The poll interval, or less when a file has work waiting on time sooner (a multi-line flush, a rotated file to finish).</summary>
    private TimeSpan UntilNextDeadline()
    {
        var now = _time.GetUtcNow();
        var next = now + _options.PollInterval;
        foreach (var file in _files)
        {
            if (file.IdleDeadline is { } idle && idle < next)
            {
                next = idle;
            }

            if (file.OrphanedAt is { } orphaned && Max(orphaned, file.LastGrowthAt) + _options.RotatedFileIdleTimeout is var finish && finish < next)
            {
                next = finish;
            }
        }

        return Max(next - now, TimeSpan.FromMilliseconds(1));
    }

    private TimeSpan MinimumWakeGap() => TimeSpan.FromTicks(Math.Min(_options.PollInterval.Ticks, TimeSpan.FromMilliseconds(20).Ticks));

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        foreach (var file in _files)
        {
            file.Dispose();
        }

        _watchers.Clear();
        _files.Clear();
        _byIdentity.Clear();
    }

    private readonly record struct PathFailure(DateTimeOffset RetryAt, int Streak);

    /// <summary>An open copy of a file's old content (copytruncate's <c>NAME.1</c>).</summary>
    private readonly record struct FileCopy(SafeFileHandle Handle, FileIdentity Identity, string Path, bool Compressed);
}
