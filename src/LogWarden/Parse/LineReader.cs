using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace LogWarden.Parse;

/// <summary>What a <see cref="LineReader"/> has seen so far.</summary>
/// <param name="Lines">Lines returned.</param>
/// <param name="Bytes">Bytes read from the stream, newlines included.</param>
/// <param name="TruncatedLines">Lines cut to <see cref="LineReader.MaxLineBytes"/>.</param>
/// <param name="InvalidUtf8Lines">Lines holding bytes that are not UTF-8, decoded with U+FFFD in their place.</param>
/// <param name="NulBytes">NUL bytes seen (dropped at the start of a line, U+FFFD elsewhere).</param>
/// <param name="Error">Why reading stopped early (a read error, a truncated gzip), or null.</param>
internal readonly record struct LineReaderStats(long Lines, long Bytes, long TruncatedLines, long InvalidUtf8Lines, long NulBytes, string? Error);

/// <summary>
/// Splits a byte stream into lines on '\n' (a '\r' before it is dropped; the last line needs no newline)
/// and decodes each as UTF-8. This is the hot path of every file read, so it works on pooled byte buffers
/// with vectorised searches and allocates nothing per line but the line's string.
/// <para>
/// It never throws on content. Invalid UTF-8 becomes U+FFFD; NUL bytes at the start of a line are dropped
/// (the zero-filled gap a crash leaves in a log file, after which the next line is written on the same
/// "line") and elsewhere become U+FFFD; a line longer than <see cref="MaxLineBytes"/> keeps its first
/// <see cref="MaxLineBytes"/> bytes (cut back to a whole UTF-8 character) plus a " …[truncated N bytes]"
/// marker, and the rest is skipped without being buffered. A read error (an I/O error, a corrupt or
/// truncated gzip) ends the stream: lines read so far stand, and the error is kept in <see cref="Stats"/>.
/// </para>
/// </summary>
internal sealed class LineReader : IDisposable
{
    public const int DefaultMaxLineBytes = 1 << 20;

    // One read of this size amortises the syscall; it is also the most the buffer grows beyond MaxLineBytes.
    private const int ReadChunkBytes = 64 * 1024;
    private const int MinimumMaxLineBytes = 16;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private byte[] _buffer;
    private int _start; // first byte of the line being assembled
    private int _end; // end of the bytes read so far
    private bool _endOfStream;
    private bool _atStreamStart = true;
    private int _maxLineBytes = DefaultMaxLineBytes;

    private long _lines;
    private long _bytes;
    private long _truncatedLines;
    private long _invalidUtf8Lines;
    private long _nulBytes;
    private string? _error;

    public LineReader(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _buffer = ArrayPool<byte>.Shared.Rent(ReadChunkBytes);
    }

    /// <summary>Longest line kept whole, in bytes; longer lines are cut. Default 1 MiB.</summary>
    public int MaxLineBytes
    {
        get => _maxLineBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, MinimumMaxLineBytes);
            _maxLineBytes = value;
        }
    }

    /// <summary>
    /// For a file that is still being written (tailing): at the end of the stream a last line without its
    /// newline is not returned, since the writer may not have finished it; <see cref="TryReadLine"/> returns
    /// false and <see cref="ConsumedBytes"/> stays at the start of that line, where a later reader picks it up
    /// whole. A pending line already longer than <see cref="MaxLineBytes"/> is returned cut, as it would be anyway.
    /// </summary>
    public bool HoldIncompleteLine { get; init; }

    /// <summary>
    /// Bytes of the stream up to the end of the line last returned, its newline included: the offset, from
    /// where this reader started, at which the next line begins.
    /// </summary>
    public long ConsumedBytes { get; private set; }

    /// <summary>Whether the line last returned was cut to <see cref="MaxLineBytes"/>.</summary>
    public bool LastLineTruncated { get; private set; }

    /// <summary>Number of lines returned so far; the 1-based number of the line last returned.</summary>
    public long LineNumber => _lines;

    public LineReaderStats Stats => new(_lines, _bytes, _truncatedLines, _invalidUtf8Lines, _nulBytes, _error);

    /// <summary>Reads the next line; false at the end of the stream (or after a read error, see <see cref="Stats"/>).</summary>
    public bool TryReadLine([MaybeNullWhen(false)] out string line)
    {
        if (!ReadNextLine(out line))
        {
            return false;
        }

        ConsumedBytes = _bytes - (_end - _start);
        return true;
    }

    private bool ReadNextLine([MaybeNullWhen(false)] out string line)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        int scanned = 0; // bytes after _start already known to hold no '\n'
        while (true)
        {
            int newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                int lineEnd = _start + scanned + newline;
                line = EmitLine(_start, lineEnd - _start, skippedBytes: 0);
                _start = lineEnd + 1;
                return true;
            }

            scanned = _end - _start;
            if (_endOfStream)
            {
                if (scanned == 0 || (HoldIncompleteLine && scanned < _maxLineBytes))
                {
                    line = null;
                    return false;
                }

                line = EmitLine(_start, scanned, skippedBytes: 0);
                _start = _end;
                return true;
            }

            if (scanned >= _maxLineBytes)
            {
                line = ReadOverlongLine();
                return true;
            }

            Fill();
        }
    }

    /// <summary>
    /// The pending line has reached <see cref="MaxLineBytes"/> without a newline: keep its first
    /// <see cref="MaxLineBytes"/> bytes at the buffer start and stream past the rest, counting it.
    /// </summary>
    private string ReadOverlongLine()
    {
        Compact(minimumCapacity: _maxLineBytes + ReadChunkBytes);
        int keep = _maxLineBytes;
        long skipped = 0;
        bool skippedEndsInCarriageReturn = false;
        int position = keep;
        while (true)
        {
            int newline = _buffer.AsSpan(position, _end - position).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                skipped += newline;
                if (newline > 0)
                {
                    skippedEndsInCarriageReturn = _buffer[position + newline - 1] == '\r';
                }

                _start = position + newline + 1;
                break;
            }

            skipped += _end - position;
            if (_end > position)
            {
                skippedEndsInCarriageReturn = _buffer[_end - 1] == '\r';
            }

            _end = keep;
            position = keep;
            if (_endOfStream)
            {
                _start = _end;
                break;
            }

            Fill();
        }

        if (skippedEndsInCarriageReturn)
        {
            skipped--;
        }

        return EmitLine(0, keep, skipped);
    }

    /// <summary>Turns <paramref name="length"/> bytes at <paramref name="offset"/> into the next line.</summary>
    private string EmitLine(int offset, int length, long skippedBytes)
    {
        _lines++;
        var bytes = _buffer.AsSpan(offset, length);
        if (_atStreamStart)
        {
            _atStreamStart = false;
            if (bytes.StartsWith("\uFEFF"u8))
            {
                bytes = bytes[3..];
            }
        }

        if (skippedBytes == 0 && bytes.Length > 0 && bytes[^1] == '\r')
        {
            bytes = bytes[..^1];
        }

        if (bytes.Length > _maxLineBytes)
        {
            skippedBytes += bytes.Length - _maxLineBytes;
            bytes = bytes[.._maxLineBytes];
        }

        LastLineTruncated = skippedBytes > 0;
        if (!LastLineTruncated)
        {
            return Decode(bytes);
        }

        _truncatedLines++;
        int whole = WholeCharactersLength(bytes);
        skippedBytes += bytes.Length - whole;
        return string.Concat(Decode(bytes[..whole]), " …[truncated ", skippedBytes.ToString(CultureInfo.InvariantCulture), " bytes]");
    }

    private string Decode(Span<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        // Most lines are ASCII without NUL: one search says so, and their UTF-8 is their Latin-1, which widens
        // each byte to its character without the UTF-8 decoder's validation and counting passes.
        if (bytes.IndexOfAnyExceptInRange((byte)1, (byte)0x7F) < 0)
        {
            return Encoding.Latin1.GetString(bytes);
        }

        if (bytes.IndexOf((byte)0) >= 0)
        {
            _nulBytes += bytes.Count((byte)0);
            int firstText = bytes.IndexOfAnyExcept((byte)0);
            if (firstText < 0)
            {
                return string.Empty;
            }

            bytes = bytes[firstText..];
            if (!Utf8.IsValid(bytes))
            {
                _invalidUtf8Lines++;
            }

            // 0xFF never occurs in UTF-8, so the decoder below turns each remaining NUL into U+FFFD
            // without a copy of the line.
            bytes.Replace((byte)0, (byte)0xFF);
            return Encoding.UTF8.GetString(bytes);
        }

        if (!Utf8.IsValid(bytes))
        {
            _invalidUtf8Lines++;
        }

        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Length of <paramref name="bytes"/> without a UTF-8 sequence cut off at its end.</summary>
    private static int WholeCharactersLength(ReadOnlySpan<byte> bytes)
    {
        // Walk back over at most three continuation bytes (10xxxxxx) to the lead byte of the last sequence.
        int lead = bytes.Length - 1;
        while (lead >= 0 && bytes.Length - lead <= 3 && (bytes[lead] & 0xC0) == 0x80)
        {
            lead--;
        }

        if (lead < 0)
        {
            return bytes.Length;
        }

        byte first = bytes[lead];
        int sequenceLength = first switch
        {
            < 0x80 => 1,
            >= 0xC0 and < 0xE0 => 2,
            >= 0xE0 and < 0xF0 => 3,
            >= 0xF0 and < 0xF8 => 4,
            _ => 1,
        };
        return bytes.Length - lead < sequenceLength ? lead : bytes.Length;
    }

    /// <summary>Reads more bytes after <see cref="_end"/>, first making room by moving the pending line to the start.</summary>
    private void Fill()
    {
        Compact(minimumCapacity: (_end - _start) + ReadChunkBytes);
        int read;
        try
        {
            read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or NotSupportedException)
        {
            // A damaged source (bad disk, a gzip cut in half, a pipe torn down) ends this input, not the program.
            _error = ex.Message;
            read = 0;
        }

        if (read == 0)
        {
            _endOfStream = true;
        }

        _end += read;
        _bytes += read;
    }

    /// <summary>Moves the pending bytes to the buffer start and makes sure the buffer holds at least <paramref name="minimumCapacity"/>.</summary>
    private void Compact(int minimumCapacity)
    {
        int pending = _end - _start;
        if (_buffer.Length < minimumCapacity)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(minimumCapacity, _buffer.Length * 2));
            _buffer.AsSpan(_start, pending).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        else if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }

        _start = 0;
        _end = pending;
    }

    public void Dispose()
    {
        if (_buffer.Length == 0)
        {
            return;
        }

        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }
}
