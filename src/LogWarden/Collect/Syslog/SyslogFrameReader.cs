using System.Buffers;
using System.Globalization;

namespace LogWarden.Collect.Syslog;

/// <summary>What <see cref="SyslogFrameReader.TryRead"/> found.</summary>
internal enum FrameStatus
{
    /// <summary>No whole frame in the buffer yet: read more.</summary>
    NeedMoreData,

    /// <summary>A frame (possibly cut to the limit: see the skipped byte count).</summary>
    Frame,

    /// <summary>The framing is broken (a bad octet count, a huge length): nothing after it can be trusted; close the connection.</summary>
    Broken,
}

/// <summary>
/// Splits a TCP syslog byte stream into frames (RFC 6587), one instance per connection. The framing is
/// detected from the connection's first byte, as RFC 6587 §3.4 allows: a digit starts octet counting
/// (<c>LEN SP MSG</c>, §3.4.1), anything else is non-transparent framing, where a frame ends at LF
/// (§3.4.2) or NUL (which some senders use instead) and a CR before the LF is dropped.
/// <para>
/// Memory is bounded by <c>maxMessageBytes</c>: a frame longer than that keeps its first
/// <c>maxMessageBytes</c> bytes (copied out once) and the rest is counted and skipped as it streams in,
/// never buffered. An octet count beyond <see cref="MaxOctetCountFactor"/> times the limit, or a count
/// that is not a number, breaks the stream: no sender writes such frames, and after a bad count there is
/// no telling where the next frame starts.
/// </para>
/// </summary>
internal sealed class SyslogFrameReader : IDisposable
{
    /// <summary>Octet counts up to this multiple of the message limit are truncated; larger ones break the stream.</summary>
    public const int MaxOctetCountFactor = 16;

    // "LEN SP": at most ten digits (a count under 10^10) and the space.
    private const int MaxHeaderBytes = 11;

    private enum Framing : byte
    {
        Unknown,
        OctetCounting,
        NonTransparent,
    }

    private static ReadOnlySpan<byte> Delimiters => "\n\0"u8;

    private readonly int _maxMessageBytes;
    private Framing _framing;

    // A frame longer than the limit: its first _maxMessageBytes bytes, and how much of the rest is skipped.
    private byte[]? _kept;
    private int _keptLength;
    private bool _truncating;
    private long _skipped;
    private long _remaining; // octet counting: bytes of the frame still to skip

    public SyslogFrameReader(int maxMessageBytes)
    {
        _maxMessageBytes = maxMessageBytes;
    }

    /// <summary>Why the stream broke, when <see cref="TryRead"/> returned <see cref="FrameStatus.Broken"/>.</summary>
    public string? BrokenReason { get; private set; }

    /// <summary>Whether the connection uses octet counting (known once its first byte arrived).</summary>
    public bool IsOctetCounting => _framing == Framing.OctetCounting;

    /// <summary>
    /// Takes the next frame off the front of <paramref name="buffer"/>. The frame stays valid until the next
    /// call (it points into <paramref name="buffer"/> or into this reader's copy of a truncated frame).
    /// </summary>
    /// <param name="isCompleted">The peer closed its side: what is left is the last frame, delimiter or not.</param>
    /// <param name="skippedBytes">For a frame cut to the limit, how many bytes were dropped after it; else 0.</param>
    public FrameStatus TryRead(ref ReadOnlySequence<byte> buffer, bool isCompleted, out ReadOnlySequence<byte> frame, out long skippedBytes)
    {
        frame = default;
        skippedBytes = 0;
        while (true)
        {
            if (_truncating)
            {
                if (!SkipRestOfLongFrame(ref buffer, isCompleted))
                {
                    return FrameStatus.NeedMoreData;
                }

                _truncating = false;
                frame = new ReadOnlySequence<byte>(_kept!, 0, _keptLength);
                skippedBytes = _skipped;
                return FrameStatus.Frame;
            }

            if (buffer.IsEmpty)
            {
                return FrameStatus.NeedMoreData;
            }

            if (_framing == Framing.Unknown)
            {
                byte first = buffer.FirstSpan[0];
                _framing = first is >= (byte)'1' and <= (byte)'9' ? Framing.OctetCounting : Framing.NonTransparent;
            }

            var status = _framing == Framing.OctetCounting
                ? TryReadOctetCounted(ref buffer, isCompleted, out frame, out skippedBytes)
                : TryReadNonTransparent(ref buffer, isCompleted, out frame, out skippedBytes);
            if (status != FrameStatus.NeedMoreData || !_truncating)
            {
                return status;
            }
        }
    }

    private FrameStatus TryReadOctetCounted(ref ReadOnlySequence<byte> buffer, bool isCompleted, out ReadOnlySequence<byte> frame, out long skippedBytes)
    {
        frame = default;
        skippedBytes = 0;

        // Tolerate the stray LF (or CR, NUL) some senders write after an octet-counted frame.
        var reader = new SequenceReader<byte>(buffer);
        reader.AdvancePastAny((byte)'\n', (byte)'\r', (byte)0);
        buffer = buffer.Slice(reader.Position);
        if (buffer.IsEmpty)
        {
            return FrameStatus.NeedMoreData;
        }

        Span<byte> header = stackalloc byte[MaxHeaderBytes];
        int available = (int)Math.Min(buffer.Length, MaxHeaderBytes);
        buffer.Slice(0, available).CopyTo(header);
        header = header[..available];
        int space = header.IndexOf((byte)' ');
        var digits = space >= 0 ? header[..space] : header;
        if (digits.IsEmpty || digits[0] is < (byte)'1' or > (byte)'9' || digits.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return Broken($"bad octet count: the frame starts with '{Printable(header)}', not 'LEN SP'");
        }

        if (space < 0)
        {
            if (available == MaxHeaderBytes)
            {
                return Broken($"bad octet count: '{Printable(header)}' has no space after at most ten digits");
            }

            return isCompleted ? Broken("the stream ended inside an octet count") : FrameStatus.NeedMoreData;
        }

        long length = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        if (length > (long)_maxMessageBytes * MaxOctetCountFactor)
        {
            return Broken($"octet count {length} is beyond {MaxOctetCountFactor} times the {_maxMessageBytes}-byte message limit");
        }

        int headerLength = space + 1;
        if (length <= _maxMessageBytes)
        {
            if (buffer.Length - headerLength < length)
            {
                return isCompleted ? Broken($"the stream ended inside a {length}-byte frame") : FrameStatus.NeedMoreData;
            }

            frame = buffer.Slice(headerLength, length);
            buffer = buffer.Slice(frame.End);
            return FrameStatus.Frame;
        }

        if (buffer.Length - headerLength < _maxMessageBytes)
        {
            return isCompleted ? Broken($"the stream ended inside a {length}-byte frame") : FrameStatus.NeedMoreData;
        }

        StartTruncating(buffer.Slice(headerLength, _maxMessageBytes));
        buffer = buffer.Slice(headerLength + _maxMessageBytes);
        _remaining = length - _maxMessageBytes;
        return FrameStatus.NeedMoreData;
    }

    private FrameStatus TryReadNonTransparent(ref ReadOnlySequence<byte> buffer, bool isCompleted, out ReadOnlySequence<byte> frame, out long skippedBytes)
    {
        frame = default;
        skippedBytes = 0;
        while (!buffer.IsEmpty)
        {
            var reader = new SequenceReader<byte>(buffer);
            if (reader.TryReadToAny(out ReadOnlySequence<byte> line, Delimiters, advancePastDelimiter: true))
            {
                buffer = buffer.Slice(reader.Position);
                line = TrimCarriageReturn(line);
                if (line.IsEmpty)
                {
                    continue; // blank line or CR LF after a NUL: no frame
                }

                if (line.Length > _maxMessageBytes)
                {
                    skippedBytes = line.Length - _maxMessageBytes;
                    line = line.Slice(0, _maxMessageBytes);
                }

                frame = line;
                return FrameStatus.Frame;
            }

            if (buffer.Length > _maxMessageBytes)
            {
                StartTruncating(buffer.Slice(0, _maxMessageBytes));
                _skipped = buffer.Length - _maxMessageBytes;
                _remaining = -1;
                buffer = buffer.Slice(buffer.End);
                return FrameStatus.NeedMoreData;
            }

            if (!isCompleted)
            {
                return FrameStatus.NeedMoreData;
            }

            // The peer closed without a final LF: what is left is the last frame.
            frame = TrimCarriageReturn(buffer);
            buffer = buffer.Slice(buffer.End);
            return frame.IsEmpty ? FrameStatus.NeedMoreData : FrameStatus.Frame;
        }

        return FrameStatus.NeedMoreData;
    }

    /// <summary>Skips the part of an over-long frame past the limit; true once the frame has ended.</summary>
    private bool SkipRestOfLongFrame(ref ReadOnlySequence<byte> buffer, bool isCompleted)
    {
        if (_remaining >= 0)
        {
            long take = Math.Min(_remaining, buffer.Length);
            buffer = buffer.Slice(take);
            _remaining -= take;
            _skipped += take;
            return _remaining == 0 || isCompleted;
        }

        var reader = new SequenceReader<byte>(buffer);
        if (reader.TryAdvanceToAny(Delimiters, advancePastDelimiter: false))
        {
            _skipped += reader.Consumed;
            buffer = buffer.Slice(reader.Consumed + 1);
            return true;
        }

        _skipped += buffer.Length;
        buffer = buffer.Slice(buffer.End);
        return isCompleted;
    }

    private void StartTruncating(ReadOnlySequence<byte> keep)
    {
        _kept ??= ArrayPool<byte>.Shared.Rent(_maxMessageBytes);
        keep.CopyTo(_kept);
        _keptLength = (int)keep.Length;
        _skipped = 0;
        _truncating = true;
    }

    private FrameStatus Broken(string reason)
    {
        BrokenReason = reason;
        return FrameStatus.Broken;
    }

    private static ReadOnlySequence<byte> TrimCarriageReturn(ReadOnlySequence<byte> line) =>
        !line.IsEmpty && line.Slice(line.Length - 1).FirstSpan[0] == '\r' ? line.Slice(0, line.Length - 1) : line;

    /// <summary>Bytes for an error message: ASCII as is, anything else as \xNN.</summary>
    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new System.Text.StringBuilder(bytes.Length * 2);
        foreach (byte b in bytes)
        {
            if (b is >= 0x20 and < 0x7F)
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
            }
        }

        return text.ToString();
    }

    public void Dispose()
    {
        if (_kept is not null)
        {
            ArrayPool<byte>.Shared.Return(_kept);
            _kept = null;
        }
    }
}
