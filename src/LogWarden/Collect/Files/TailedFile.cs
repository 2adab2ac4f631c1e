using System.Buffers;
using LogWarden.Parse;
using Microsoft.Win32.SafeHandles;

namespace LogWarden.Collect.Files;

/// <summary>What the source does with a followed file.</summary>
internal enum FileRole
{
    /// <summary>Read as it grows.</summary>
    Read,

    /// <summary>Holds a copy of what another followed file holds (a copytruncate copy, a .gz of a rotated file): never read.</summary>
    Copy,

    /// <summary>Binary or in a compression we do not read: watched for replacement, never read.</summary>
    Skipped,
}

/// <summary>Where reading a file stands, as far as resuming is concerned.</summary>
/// <remarks>
/// <see cref="EmptyFileSeen"/> is when an empty file was last looked at: the only way to recognise, after a
/// restart, the copy copytruncate made of lines written to it meanwhile (it has no fingerprint yet).
/// </remarks>
internal readonly record struct ReadPosition(
    long Offset, long Line, ContentFingerprint Fingerprint, string? Format, FileRole Role, (long Changed, long Modified) EmptyFileSeen);

/// <summary>How one read of a file ended.</summary>
/// <param name="MoreToRead">Stopped at the per-round byte budget; the file has more.</param>
/// <param name="HeldBytes">Bytes after the last whole line: a line still being written (not returned yet).</param>
/// <param name="Error">Why reading stopped early (an I/O error, a gzip cut short), or null.</param>
/// <param name="Replaced">The file's first bytes changed while it was read (truncated and written again): reading stopped before the new content's bytes.</param>
internal readonly record struct ReadOutcome(bool MoreToRead, bool HeldBytes, string? Error, bool Replaced = false);

/// <summary>
/// One followed file: its open handle (kept for as long as the file is followed, so a renamed or deleted file
/// is still read to its end), where reading stands, and the decoding state (format sample, multi-line
/// assembler). It reads whole lines only; the byte offset of the next unread byte and the offset of the
/// first line of a record still being assembled together give the exact checkpoint (<see cref="SafeOffset"/>).
/// </summary>
internal sealed class TailedFile : IDisposable
{
    // A reference time a little stale only shifts year inference for RFC 3164 timestamps near New Year.
    private static readonly TimeSpan ContextLifetime = TimeSpan.FromHours(1);

    private readonly FileSourceOptions _options;
    private readonly SafeFileHandle _handle;
    private readonly FileCounters _counters;
    private readonly List<SampleLine> _sample = [];
    private ILogDecoder? _decoder;
    private MultilineAssembler? _assembler;
    private DateTimeOffset _contextCreatedAt;
    private DateTimeOffset _sampleStartedAt;
    private DateTimeOffset _lastLineAt;
    private bool _hadContinuations; // an earlier assembler of this file joined continuation lines
    private int _sampleNonBlank;
    private long _sampleChars;
    private long _pendingOffset; // first line of the record the assembler holds
    private long _pendingLine;
    private long _fedOffset; // end of the last line given to the assembler
    private long _fedLine;

    /// <summary>
    /// What header lines told the previous decode context (a W3C log's columns: <see cref="DecodeContext.Columns"/>), carried
    /// into the next one: a context is renewed every hour, and the header is not written again.
    /// </summary>
    private object? _columns;

    /// <summary>The offset a checkpoint resumed this file at, until its header lines before it are read into the first context (0: none to read).</summary>
    private long _headerBefore;

    public TailedFile(FileSourceOptions options, FileCounters counters, SafeFileHandle handle, FileIdentity identity, string path, string labelPath, bool compressed)
    {
        _options = options;
        _counters = counters;
        _handle = handle;
        Identity = identity;
        Path = path;
        LabelPath = labelPath;
        Compressed = compressed;
        var labels = new List<KeyValuePair<string, string>>
        {
            new("job", "file"),
            new("host", options.HostName),
        };
        labels.AddRange(options.Labels.Where(l => l.Key is not ("path" or "filename")));
        labels.Add(new("path", labelPath));
        labels.Add(new("filename", System.IO.Path.GetFileName(labelPath)));
        Labels = new StreamLabels(labels);
        if (options.Format is { } format)
        {
            _decoder = FormatDetector.FromName(format);
        }

        _lastLineAt = options.TimeProvider.GetUtcNow();
    }

    public FileIdentity Identity { get; }

    /// <summary>Where the file was last seen.</summary>
    public string Path { get; set; }

    /// <summary>The path it was first followed under: its stream's <c>path</c> label, kept across renames.</summary>
    public string LabelPath { get; }

    public StreamLabels Labels { get; }

    public bool Compressed { get; }

    public SafeFileHandle Handle => _handle;

    public FileRole Role { get; set; }

    /// <summary>Offset of the next byte to read (content offset for .gz).</summary>
    public long Offset { get; private set; }

    /// <summary>Lines read before <see cref="Offset"/>.</summary>
    public long LineNumber { get; private set; }

    public ContentFingerprint Fingerprint { get; set; } = ContentFingerprint.Empty;

    /// <summary>Size and times when last polled; null until the first poll, which verifies the fingerprint.</summary>
    public FileStatus? LastStatus { get; set; }

    /// <summary>ctime and mtime (ns) when the file was last read to its end.</summary>
    public (long Changed, long Modified) CaughtUp { get; set; }

    /// <summary>When the file was first seen renamed away or deleted; null while it is at a followed path.</summary>
    public DateTimeOffset? OrphanedAt { get; set; }

    /// <summary>When it last grew (or was found): a rotated file is finished once this is old enough.</summary>
    public DateTimeOffset LastGrowthAt { get; set; }

    /// <summary>Not polled before this time (after an error).</summary>
    public DateTimeOffset RetryAt { get; set; }

    public int FailureStreak { get; set; }

    public string? LastError { get; set; }

    /// <summary>Set by the batch writer while this file's checkpoint is due in the next batch.</summary>
    public bool CheckpointDue { get; set; }

    /// <summary>What the checkpoint last accepted by the sink said, to skip sending one that says the same.</summary>
    public ReadPosition? CommittedPosition { get; set; }

    /// <summary>What a checkpoint taken now would say about where to resume (the parts that matter for resuming).</summary>
    public ReadPosition Position =>
        new(SafeOffset, SafeLine, Fingerprint, FormatName, Role, Fingerprint.Length == 0 ? CaughtUp : default);

    /// <summary>Everything before this offset is in a batch already (or in the one being built).</summary>
    public long SafeOffset =>
        _sample.Count > 0 ? _sample[0].Start : _assembler?.HasPending == true ? _pendingOffset : _fedOffset;

    private long SafeLine =>
        _sample.Count > 0 ? _sample[0].Number - 1 : _assembler?.HasPending == true ? _pendingLine : _fedLine;

    /// <summary>When <see cref="OnIdleAsync"/> has work waiting on time (format detection, an open multi-line record), or null.</summary>
    public DateTimeOffset? IdleDeadline =>
        _sample.Count > 0 ? _sampleStartedAt + _options.DetectFormatAfter
        : _assembler?.HasPending == true ? _lastLineAt + FlushAfter
        : null;

    /// <summary>How long an open record waits for a continuation line (see <see cref="FileSourceOptions.SingleLineFlushAfter"/>).</summary>
    private TimeSpan FlushAfter =>
        _hadContinuations || _assembler?.ContinuationLines > 0 ? _options.MultilineFlushAfter : _options.SingleLineFlushAfter;

    /// <summary>Name of the decoder in use, once detected.</summary>
    public string? FormatName => _options.Format ?? _decoder?.Name;

    /// <summary>
    /// Carries on where a checkpoint says (the first poll verifies the fingerprint). <paramref name="stored"/>:
    /// the checkpoint is the one stored for this file, so it need not be sent again until it moves.
    /// </summary>
    public void Resume(FileCheckpoint checkpoint, ContentFingerprint fingerprint, bool stored)
    {
        Offset = _fedOffset = checkpoint.Offset;
        LineNumber = _fedLine = checkpoint.Line;
        _headerBefore = checkpoint.Offset;
        Fingerprint = fingerprint;
        Role = checkpoint.Copy ? FileRole.Copy : FileRole.Read;
        CaughtUp = (checkpoint.CaughtUpChanged, checkpoint.CaughtUpModified);
        if (_options.Format is null && checkpoint.Format is { } format)
        {
            try
            {
                _decoder = FormatDetector.FromName(format);
            }
            catch (ArgumentException)
            {
                _decoder = null; // a format this version does not know: detect again
            }
        }

        CommittedPosition = stored ? Position : null;
    }

    /// <summary>The content changed under us (truncated, rewritten): read it again from its first byte. Call <see cref="FlushAsync"/> first.</summary>
    public void RestartFromBeginning(ContentFingerprint fingerprint)
    {
        Offset = _fedOffset = 0;
        LineNumber = _fedLine = 0;
        Fingerprint = fingerprint;
        Role = FileRole.Read;
        CaughtUp = default;
    }

    public FileCheckpoint ToCheckpoint() => new()
    {
        Path = LabelPath,
        Device = Identity.Device,
        Inode = Identity.Inode,
        Offset = SafeOffset,
        Line = SafeLine,
        Fingerprint = Fingerprint.HashText,
        FingerprintLength = Fingerprint.Length,
        Format = FormatName,
        Compressed = Compressed,
        Copy = Role == FileRole.Copy,
        CaughtUpChanged = CaughtUp.Changed,
        CaughtUpModified = CaughtUp.Modified,
    };

    /// <summary>What this file's content was read up to, for recognising a copy of it later.</summary>
    public FinishedContent ToFinishedContent(DateTimeOffset now) => new()
    {
        Path = LabelPath,
        Fingerprint = Fingerprint.HashText,
        FingerprintLength = Fingerprint.Length,
        Offset = SafeOffset,
        Line = SafeLine,
        Format = FormatName,
        FinishedAt = now,
    };

    /// <summary>Whether the file's first bytes are still the ones <see cref="Fingerprint"/> was taken of (not truncated and rewritten).</summary>
    public bool HoldsFingerprintedContent() => ReadFingerprint(_handle, Compressed, Fingerprint.Length, out _) == Fingerprint;

    /// <summary>
    /// Fingerprint of the first <paramref name="length"/> bytes of a file (after gzip decompression when
    /// <paramref name="compressed"/>), and whether those bytes look binary.
    /// </summary>
    /// <exception cref="InvalidDataException">A gzip file shorter than <paramref name="length"/> ends early (it is still being written).</exception>
    public static ContentFingerprint ReadFingerprint(SafeFileHandle handle, bool compressed, int length, out bool looksBinary)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            int read = 0;
            using (var stream = OpenContent(handle, compressed, 0))
            {
                while (read < length)
                {
                    int n = stream.Read(buffer, read, length - read);
                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                }
            }

            var prefix = buffer.AsSpan(0, read);
            looksBinary = LogInput.LooksBinary(prefix);
            return ContentFingerprint.Of(prefix);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads the whole lines after <see cref="Offset"/> of <paramref name="source"/> (this file's handle, or a
    /// copy of its old content being recovered) and hands the completed records to <paramref name="batch"/>.
    /// With <paramref name="final"/> a last line without newline is read too (the file is finished).
    /// </summary>
    public async ValueTask<ReadOutcome> ReadAsync(
        SafeFileHandle source, bool compressed, bool final, long budget, FileBatchWriter batch, CancellationToken cancellationToken)
    {
        long start = Offset;
        // Reading this file's own plain content as it grows: each read is checked against the fingerprint (see
        // FileHandleStream), so that a copytruncate landing between our check of the first bytes and our reads
        // cannot hand us its new content from the old offset. A final read (a rotated file, a copy) is not checked:
        // it would keep a cut line as the last.
        FileHandleStream? checkedContent = !compressed && !final && source == _handle && Fingerprint.Length > 0
            ? new FileHandleStream(source, start, HoldsFingerprintedContent)
            : null;
        using var reader = new LineReader(checkedContent ?? OpenContent(source, compressed, start))
        {
            MaxLineBytes = _options.MaxLineBytes,
            HoldIncompleteLine = !final,
        };
        bool more = false;
        var now = _options.TimeProvider.GetUtcNow();
        while (reader.TryReadLine(out string? line))
        {
            long lineStart = Offset;
            Offset = start + reader.ConsumedBytes;
            LineNumber++;
            _counters.Lines++;
            _counters.Bytes += Offset - lineStart;
            var read = new SampleLine(line, lineStart, Offset, LineNumber, reader.LastLineTruncated);
            if (_decoder is null)
            {
                await SampleAsync(read, batch, cancellationToken).ConfigureAwait(false);
            }
            else if (Feed(read, batch, now) is { } record)
            {
                await batch.AddAsync(this, record, cancellationToken).ConfigureAwait(false);
            }

            if (Offset - start >= budget)
            {
                more = true;
                break;
            }
        }

        var stats = reader.Stats;
        _counters.TruncatedLines += stats.TruncatedLines;
        _counters.InvalidUtf8Lines += stats.InvalidUtf8Lines;
        if (checkedContent?.Replaced == true)
        {
            return new ReadOutcome(false, false, null, Replaced: true);
        }

        return new ReadOutcome(more, !more && stats.Bytes > reader.ConsumedBytes, more ? null : stats.Error);
    }

    /// <summary>Completes what waits on time: the format sample after <see cref="FileSourceOptions.DetectFormatAfter"/>, an open record after <see cref="FlushAfter"/>.</summary>
    public async ValueTask OnIdleAsync(DateTimeOffset now, FileBatchWriter batch, CancellationToken cancellationToken)
    {
        if (_sample.Count > 0 && now - _sampleStartedAt >= _options.DetectFormatAfter)
        {
            await DetectFormatAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        if (_assembler is null)
        {
            return;
        }

        if (_assembler.HasPending)
        {
            if (now - _lastLineAt >= FlushAfter)
            {
                await FlushAssemblerAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (now - _contextCreatedAt >= ContextLifetime)
        {
            _hadContinuations |= _assembler.ContinuationLines > 0;
            _columns = _assembler.Context.Columns;
            _assembler = null; // the next line gets a fresh reference time
        }
    }

    /// <summary>Completes everything read so far: detects the format from what was sampled and returns the open record.</summary>
    public async ValueTask FlushAsync(FileBatchWriter batch, CancellationToken cancellationToken)
    {
        if (_sample.Count > 0)
        {
            await DetectFormatAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        await FlushAssemblerAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask FlushAssemblerAsync(FileBatchWriter batch, CancellationToken cancellationToken)
    {
        if (_assembler?.Flush() is { } record)
        {
            await batch.AddAsync(this, record, cancellationToken).ConfigureAwait(false);
        }

        batch.MarkDue(this);
    }

    private async ValueTask SampleAsync(SampleLine line, FileBatchWriter batch, CancellationToken cancellationToken)
    {
        if (_sample.Count == 0)
        {
            _sampleStartedAt = _options.TimeProvider.GetUtcNow();
        }

        _sample.Add(line);
        _sampleChars += line.Text.Length;
        if (!string.IsNullOrWhiteSpace(line.Text))
        {
            _sampleNonBlank++;
        }

        // Detection holds its sample in memory: stop sampling early when lines are huge.
        if (_sampleNonBlank >= FormatDetector.SampleSize || _sampleChars >= 4 * _options.MaxLineBytes)
        {
            await DetectFormatAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask DetectFormatAsync(FileBatchWriter batch, CancellationToken cancellationToken)
    {
        var lines = _sample.ToArray();
        _sample.Clear();
        _sampleNonBlank = 0;
        _sampleChars = 0;
        _decoder ??= FormatDetector.Detect(Array.ConvertAll(lines, l => l.Text));
        var now = _options.TimeProvider.GetUtcNow();
        foreach (var line in lines)
        {
            if (Feed(line, batch, now) is { } record)
            {
                await batch.AddAsync(this, record, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Gives a line to the assembler and moves the checkpoint; returns the record the line completed, which
    /// the caller hands to the batch before feeding the next line. The checkpoint moves first: handing the
    /// record on may cut a batch, and that batch's checkpoint must point at the first line of the record
    /// now open.
    /// </summary>
    private LogRecord? Feed(in SampleLine line, FileBatchWriter batch, DateTimeOffset now)
    {
        if (_assembler is null)
        {
            var context = new DecodeContext(LabelPath, now, _options.TimeZone) { Columns = _columns };
            if (_headerBefore > 0 && _decoder is W3cDecoder && !Compressed)
            {
                ReadHeaderLines(context, _headerBefore);
            }

            _headerBefore = 0;
            _assembler = new MultilineAssembler(_decoder!, context, _options.Multiline);
            _contextCreatedAt = now;
        }

        bool hadPending = _assembler.HasPending;
        var completed = _assembler.Add(line.Text, line.Number, line.Truncated);
        if (completed is not null || (!hadPending && _assembler.HasPending))
        {
            _pendingOffset = line.Start;
            _pendingLine = line.Number - 1;
        }

        _fedOffset = line.End;
        _fedLine = line.Number;
        _lastLineAt = now;
        batch.MarkDue(this);
        return completed;
    }

    /// <summary>Bytes of a file's start, and of the stretch before a resumed offset, searched for header lines.</summary>
    private const int HeaderSearchBytes = 64 * 1024;

    /// <summary>
    /// A file resumed in its middle (a restart at its checkpoint) whose format names its columns in header lines (W3C: IIS's
    /// <c>#Fields:</c>): the header lines of its start and of the 64 KiB before <paramref name="offset"/> (a service restarted
    /// since writes them again), decoded in order into <paramref name="context"/> so that the lines after the offset read as
    /// the columns say. Their records are not emitted again.
    /// </summary>
    private void ReadHeaderLines(DecodeContext context, long offset)
    {
        try
        {
            int headLength = (int)Math.Min(offset, HeaderSearchBytes);
            long tailStart = Math.Max(headLength, offset - HeaderSearchBytes);
            var buffer = new byte[headLength + (int)(offset - tailStart)];
            int head = RandomAccess.Read(_handle, buffer.AsSpan(0, headLength), 0);
            int tail = offset > tailStart ? RandomAccess.Read(_handle, buffer.AsSpan(headLength), tailStart) : 0;
            DecodeHeaderLines(context, System.Text.Encoding.UTF8.GetString(buffer, 0, head), skipFirst: false);
            // the stretch before the offset starts in a line, unless it goes on from the start's last whole line
            bool onLineStart = tailStart == head && head > 0 && buffer[head - 1] == (byte)'\n';
            DecodeHeaderLines(context, System.Text.Encoding.UTF8.GetString(buffer, headLength, tail), skipFirst: !onLineStart);
        }
        catch (IOException)
        {
            // the lines after the offset decode as they can: a header line seen later sets the columns again
        }
    }

    private void DecodeHeaderLines(DecodeContext context, string text, bool skipFirst)
    {
        var lines = text.Split('\n');
        for (int i = skipFirst ? 1 : 0; i < lines.Length - 1; i++) // the last piece may be a line cut short
        {
            if (lines[i].StartsWith('#'))
            {
                _decoder!.TryDecode(lines[i].TrimEnd('\r'), context, out _);
            }
        }
    }

    private static Stream OpenContent(SafeFileHandle handle, bool compressed, long offset)
    {
        if (!compressed)
        {
            return new FileHandleStream(handle, offset);
        }

        // gzip cannot seek: decompress from the start and drop what was read before.
        var content = new GzipInputStream(new FileHandleStream(handle, 0));
        byte[] scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long left = offset;
            while (left > 0)
            {
                int n = content.Read(scratch, 0, (int)Math.Min(left, scratch.Length));
                if (n == 0)
                {
                    break;
                }

                left -= n;
            }
        }
        catch
        {
            content.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }

        return content;
    }

    public void Dispose() => _handle.Dispose();

    private readonly record struct SampleLine(string Text, long Start, long End, long Number, bool Truncated);
}
