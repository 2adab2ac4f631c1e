using System.Buffers;
using System.Globalization;
using LogWarden.Parse;

namespace LogWarden.Collect.Docker;

/// <summary>
/// Follows one log file that a writer rotates by renaming (<c>x.log</c> → <c>x.log.1</c> → <c>x.log.2</c>,
/// possibly compressed to <c>x.log.1.gz</c>, the oldest deleted), as Docker's json-file driver does.
/// <para>
/// A file is identified by a fingerprint of its first line (FNV-1a of up to 4 KiB), not by its inode:
/// Docker's first line carries a nanosecond timestamp, so fingerprints do not repeat; a fingerprint
/// survives compression of the rotated file; and an inode number is reused as soon as the oldest
/// generation is deleted. A file whose first line is not complete yet has no fingerprint and is waited for.
/// </para>
/// <para>
/// While following, the open handle keeps reading the file it opened even after it is renamed, so
/// nothing written before a rotation is missed. At the end of the live file it checks whether the path
/// now holds another file; if so it drains the old handle, reads any generations rotated in between
/// (found by fingerprint), then the new file from its start. On resume, the checkpointed fingerprint is
/// looked for among all generations and reading continues at its offset.
/// </para>
/// </summary>
internal sealed class RotatingLogFileFollower : ILogFileFollower
{
    private const int FingerprintBytes = 4096;
    private const int ReadChunkBytes = 64 * 1024;
    private const int MaxGenerations = 32;

    private readonly string _path;
    private readonly int _maxLineBytes;
    // Generations still to read, opened when they were found: a handle keeps reading its file after Docker
    // renames it again, compresses it (deleting the plain one) or deletes it as the oldest.
    private readonly Queue<(Stream Stream, bool Live)> _next = new();
    private FilePosition? _resume;

    private Stream? _stream;
    private bool _live;
    private string? _fingerprint;
    private long _offset;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ReadChunkBytes);
    private int _start;
    private int _end;
    private bool _endOfStream;
    private bool _skippingLongLine;

    public RotatingLogFileFollower(string path, FilePosition? resumeAt, int maxLineBytes = 1 << 20)
    {
        _path = path;
        _resume = resumeAt;
        _maxLineBytes = maxLineBytes;
    }

    public FilePosition? Position => _fingerprint is null ? null : new FilePosition(_fingerprint, _offset);

    public long SkippedLongLines { get; private set; }

    public long ResumeFilesMissing { get; private set; }

    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            if (_stream is null && !OpenNext())
            {
                line = default;
                return false;
            }

            if (TryTakeLine(out line))
            {
                return true;
            }

            // At the end of what the current file holds.
            if (!_live)
            {
                CloseCurrent(); // a rotated generation, read to its end: on to the next one
                continue;
            }

            if (!RotatedAway())
            {
                return false;
            }

            // The path now names another file: finish this one through the handle, then move on.
            _live = false;
            _endOfStream = false;
        }
    }

    /// <summary>Takes the next line from the buffer, reading more as needed; false at the end of the data for now.</summary>
    private bool TryTakeLine(out ReadOnlySpan<byte> line)
    {
        int scanned = 0;
        while (true)
        {
            int newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                int length = scanned + newline;
                line = _buffer.AsSpan(_start, length);
                bool first = _offset == 0;
                _start += length + 1;
                _offset += length + 1;
                if (first && _fingerprint is null)
                {
                    _fingerprint = Fingerprint(_buffer.AsSpan(_start - length - 1, Math.Min(length + 1, FingerprintBytes)));
                }

                if (_skippingLongLine)
                {
                    _skippingLongLine = false;
                    scanned = 0;
                    continue;
                }

                return true;
            }

            scanned = _end - _start;
            if (scanned >= _maxLineBytes)
            {
                // Too long to be a json-file line: drop what is buffered, and the rest up to its newline.
                if (_offset == 0 && _fingerprint is null)
                {
                    _fingerprint = Fingerprint(_buffer.AsSpan(_start, FingerprintBytes));
                }

                if (!_skippingLongLine)
                {
                    SkippedLongLines++;
                }

                _skippingLongLine = true;
                _offset += scanned;
                _start = _end;
                scanned = 0;
            }

            if (_endOfStream || !Fill())
            {
                if (!_live && scanned > 0)
                {
                    // A finished file's last line needs no newline.
                    line = _buffer.AsSpan(_start, scanned);
                    _start = _end;
                    _offset += scanned;
                    bool skipped = _skippingLongLine;
                    _skippingLongLine = false;
                    if (!skipped)
                    {
                        return true;
                    }
                }

                line = default;
                return false;
            }
        }
    }

    /// <summary>Reads more bytes; false when the stream had none (for a live file: for now).</summary>
    private bool Fill()
    {
        int pending = _end - _start;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            _start = 0;
            _end = pending;
        }

        if (_buffer.Length - _end < ReadChunkBytes / 2)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _maxLineBytes + ReadChunkBytes));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        int read;
        try
        {
            read = _stream!.Read(_buffer, _end, _buffer.Length - _end);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            read = 0; // a damaged rotated .gz ends that generation
        }

        _end += read;
        if (read == 0 && !_live)
        {
            _endOfStream = true;
        }

        return read > 0;
    }

    /// <summary>Opens the next file to read: a queued generation, the resume point, or the live file from its start.</summary>
    private bool OpenNext()
    {
        if (_next.TryDequeue(out var next))
        {
            Start(next.Stream, next.Live, fingerprint: null, offset: 0);
            return true;
        }

        if (_resume is { } resume)
        {
            _resume = null;
            var generations = ListGenerations();
            int found = generations.FindIndex(g => FingerprintOfGeneration(g) == resume.Fingerprint);
            if (found < 0)
            {
                // Rotated away and deleted while we were not running: every generation left is newer.
                ResumeFilesMissing++;
                Enqueue(generations, newest: generations.Count - 1);
                return OpenNext();
            }

            if (TryOpenGeneration(generations[found]) is not { } resumed)
            {
                return false;
            }

            if (found > 0)
            {
                Enqueue(generations, newest: found - 1);
            }

            Start(resumed, live: found == 0, resume.Fingerprint, resume.Offset);
            return true;
        }

        if (TryOpen(_path) is not { } live)
        {
            return false; // not there yet: try again at the next poll
        }

        Start(live, live: true, fingerprint: null, offset: 0);
        return true;
    }

    /// <summary>Opens and queues generations[newest] down to generations[1], then the live file.</summary>
    private void Enqueue(List<string> generations, int newest)
    {
        for (int i = newest; i >= 1; i--)
        {
            if (TryOpenGeneration(generations[i]) is { } stream)
            {
                _next.Enqueue((stream, false));
            }
        }

        if (TryOpen(_path) is { } live)
        {
            _next.Enqueue((live, true));
        }
    }

    /// <summary>
    /// Opens a rotated generation listed as plain text that may have been compressed since it was listed
    /// (gzip writes x.1.gz, then deletes x.1): the .gz is the same generation.
    /// </summary>
    private static Stream? TryOpenGeneration(string path) =>
        TryOpen(path) ?? (Compressed(path) is { } gz ? TryOpen(gz) : null);

    private static string? FingerprintOfGeneration(string path) =>
        FingerprintOf(path) ?? (Compressed(path) is { } gz ? FingerprintOf(gz) : null);

    /// <summary>x.N.gz when the plain x.N is gone; else null.</summary>
    private static string? Compressed(string path) =>
        !path.EndsWith(".gz", StringComparison.Ordinal) && !File.Exists(path) ? path + ".gz" : null;

    private static Stream? TryOpen(string path)
    {
        try
        {
            return LogInput.Open(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    private void Start(Stream stream, bool live, string? fingerprint, long offset)
    {
        _stream = stream;
        _live = live;
        _fingerprint = fingerprint;
        _offset = 0;
        _start = _end = 0;
        _endOfStream = false;
        _skippingLongLine = false;
        if (offset > 0)
        {
            Skip(offset);
        }
    }

    private void Skip(long offset)
    {
        if (_stream!.CanSeek)
        {
            long length = _stream.Length;
            _offset = Math.Min(offset, length);
            _stream.Seek(_offset, SeekOrigin.Begin);
            return;
        }

        // A compressed generation: decompress up to the offset.
        while (_offset < offset && Fill())
        {
            int take = (int)Math.Min(_end - _start, offset - _offset);
            _start += take;
            _offset += take;
        }
    }

    /// <summary>Whether the path now holds another file than the one being read (checked at the end of the live file).</summary>
    private bool RotatedAway()
    {
        if (_fingerprint is null)
        {
            return false; // nothing read from this file yet: nothing to lose by staying on it
        }

        var current = new FileInfo(_path);
        if (!current.Exists)
        {
            return false; // between Docker's rename and create: look again next time
        }

        string? now = FingerprintOf(_path);
        if (now == _fingerprint || (now is null && current.Length > 0))
        {
            return false; // the same file; or a new one whose first line is still being written
        }

        // Queue what was rotated after this file (found by fingerprint), then the new live file.
        var generations = ListGenerations();
        int mine = generations.FindIndex(1, g => FingerprintOfGeneration(g) == _fingerprint);
        Enqueue(generations, newest: mine < 0 ? generations.Count - 1 : mine - 1);
        return true;
    }

    /// <summary>The path, then its rotated generations newest first (x.1 or x.1.gz, x.2…), as far as they go.</summary>
    private List<string> ListGenerations()
    {
        var generations = new List<string> { _path };
        for (int i = 1; i <= MaxGenerations; i++)
        {
            string plain = _path + "." + i.ToString(CultureInfo.InvariantCulture);
            if (File.Exists(plain))
            {
                generations.Add(plain);
            }
            else if (File.Exists(plain + ".gz"))
            {
                generations.Add(plain + ".gz");
            }
            else
            {
                break;
            }
        }

        return generations;
    }

    /// <summary>The fingerprint of a file's first line (decompressed if gzip), or null when it has no complete first line yet.</summary>
    internal static string? FingerprintOf(string path)
    {
        try
        {
            using var stream = LogInput.Open(path);
            var head = new byte[FingerprintBytes];
            int length = 0;
            int read;
            while (length < head.Length && (read = stream.Read(head, length, head.Length - length)) > 0)
            {
                length += read;
            }

            int newline = head.AsSpan(0, length).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return Fingerprint(head.AsSpan(0, newline + 1));
            }

            return length == FingerprintBytes ? Fingerprint(head) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or InvalidDataException)
        {
            return null;
        }
    }

    private static string Fingerprint(ReadOnlySpan<byte> head)
    {
        ulong hash = 14695981039346656037UL; // FNV-1a 64
        foreach (byte b in head)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    private void CloseCurrent()
    {
        _stream?.Dispose();
        _stream = null;
    }

    public void Dispose()
    {
        CloseCurrent();
        while (_next.TryDequeue(out var queued))
        {
            queued.Stream.Dispose();
        }

        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
