using System.Buffers;
using System.Text;
using System.Text.Unicode;
using LogWarden.Parse;

namespace LogWarden.Collect.Syslog;

/// <summary>
/// Turns syslog frames (one UDP datagram, one TCP frame) into records for one listener or connection.
/// The wire form always starts with <c>&lt;PRI&gt;</c>; a version digit and a space after it mean RFC 5424
/// (<see cref="Rfc5424Decoder"/>), anything else RFC 3164 (<see cref="SyslogDecoder"/>). A frame whose PRI
/// is valid but whose header is not (a device that sends <c>&lt;13&gt;hello</c>) is still a message: RFC 3164
/// §4.3.3 has relays keep such packets, so it is kept whole with the time it arrived. A frame without a
/// valid PRI is malformed and skipped.
/// <para>
/// Labels: <c>job="syslog"</c>, <c>transport</c> (udp, tcp), <c>host</c> (the HOSTNAME the message names,
/// when it names one) and <c>peer</c> (the sender's IP address). The label sets are cached, so the steady
/// state allocates only the record and its strings.
/// </para>
/// </summary>
internal sealed class SyslogRecordBuilder : IDisposable
{
    /// <summary>RFC 5424 §6.2.4: HOSTNAME is at most 255 characters; a longer one is cut to that.</summary>
    private const int MaxHostLength = 255;

    // Senders and peers rarely change; a cache this big is never cleared in practice, and a flood of
    // made-up host names costs a clear now and then, not unbounded memory.
    private const int MaxCachedLabelSets = 1024;

    private readonly string _transport;
    private readonly TimeProvider _time;
    private readonly Dictionary<(string Peer, string? Host), StreamLabels> _labels = [];
    private byte[]? _scratch;
    private DecodeContext _context = new();
    private DateTimeOffset _receivedAt;
    private string? _contextPeer;

    public SyslogRecordBuilder(string transport, TimeProvider time)
    {
        _transport = transport;
        _time = time;
        StartChunk();
    }

    /// <summary>
    /// Takes the clock for the frames that follow: their arrival time, and the reference that infers the
    /// year of RFC 3164 timestamps. Called once per read, not per frame.
    /// </summary>
    public void StartChunk()
    {
        _receivedAt = _time.GetUtcNow();
        _context = new DecodeContext(_contextPeer is null ? null : string.Concat(_transport, ":", _contextPeer), _receivedAt);
    }

    /// <summary>Decodes one frame; false when it is malformed (no valid PRI).</summary>
    /// <param name="skippedBytes">Bytes of the message dropped after <paramref name="frame"/>: it was cut to the limit.</param>
    public bool TryBuild(ReadOnlySequence<byte> frame, long skippedBytes, string peer, long frameNumber, out IngestRecord record)
    {
        if (frame.IsSingleSegment)
        {
            return TryBuild(frame.FirstSpan, skippedBytes, peer, frameNumber, out record);
        }

        var scratch = Scratch((int)frame.Length);
        frame.CopyTo(scratch);
        return TryBuild(scratch.AsSpan(0, (int)frame.Length), skippedBytes, peer, frameNumber, out record);
    }

    /// <inheritdoc cref="TryBuild(ReadOnlySequence{byte}, long, string, long, out IngestRecord)"/>
    public bool TryBuild(ReadOnlySpan<byte> frame, long skippedBytes, string peer, long frameNumber, out IngestRecord record)
    {
        record = default;
        frame = TrimTrailingDelimiters(frame, skippedBytes);
        if (!TryParsePriority(frame, out int priority, out int priorityEnd))
        {
            return false;
        }

        if (!ReferenceEquals(peer, _contextPeer))
        {
            _contextPeer = peer;
            _context = new DecodeContext(string.Concat(_transport, ":", peer), _receivedAt);
        }

        _context.LineNumber = frameNumber;
        string text = DecodeText(frame, skippedBytes);
        bool isRfc5424 = priorityEnd + 1 < frame.Length && frame[priorityEnd] is >= (byte)'1' and <= (byte)'9' && frame[priorityEnd + 1] == ' ';
        bool decoded = isRfc5424
            ? Rfc5424Decoder.Instance.TryDecode(text, _context, out var logRecord)
            : SyslogDecoder.Instance.TryDecode(text, _context, out logRecord);
        if (!decoded || logRecord is null)
        {
            logRecord = HeaderlessRecord(text, priority, priorityEnd, truncated: skippedBytes > 0);
        }
        else if (logRecord.Timestamp is null || skippedBytes > 0)
        {
            logRecord = WithArrival(logRecord, skippedBytes > 0);
        }

        record = new IngestRecord(logRecord, Labels(peer, logRecord.Host));
        return true;
    }

    /// <summary><c>&lt;N&gt;</c> with N in 0..191, at most three digits (the bytes form of <see cref="SyslogDecoder.TryParsePriority"/>).</summary>
    private static bool TryParsePriority(ReadOnlySpan<byte> frame, out int priority, out int end)
    {
        priority = 0;
        end = 0;
        if (frame.Length < 3 || frame[0] != '<')
        {
            return false;
        }

        int i = 1;
        while (i < frame.Length && i <= 3 && frame[i] is >= (byte)'0' and <= (byte)'9')
        {
            priority = (priority * 10) + (frame[i] - '0');
            i++;
        }

        if (i == 1 || i >= frame.Length || frame[i] != '>' || priority > 191)
        {
            return false;
        }

        end = i + 1;
        return true;
    }

    /// <summary>Senders end frames with LF, CR LF or NUL inside the datagram or octet count; none of it is message.</summary>
    private static ReadOnlySpan<byte> TrimTrailingDelimiters(ReadOnlySpan<byte> frame, long skippedBytes)
    {
        if (skippedBytes > 0)
        {
            return frame; // the end was cut off: what ends the kept part is message text
        }

        int end = frame.Length;
        while (end > 0 && frame[end - 1] is (byte)'\n' or (byte)'\r' or 0)
        {
            end--;
        }

        return frame[..end];
    }

    /// <summary>
    /// UTF-8 to text; invalid sequences become U+FFFD, and so do NULs (which would end a C string later).
    /// A cut message keeps whole characters only and gets the marker the file reader uses.
    /// </summary>
    private string DecodeText(ReadOnlySpan<byte> bytes, long skippedBytes)
    {
        if (bytes.Contains((byte)0))
        {
            var copy = Scratch(bytes.Length);
            bytes.CopyTo(copy);
            var writable = copy.AsSpan(0, bytes.Length);
            writable.Replace((byte)0, (byte)0xFF); // 0xFF is never UTF-8: the decoder writes U+FFFD for it
            bytes = writable;
        }

        if (skippedBytes == 0)
        {
            return Encoding.UTF8.GetString(bytes);
        }

        char[] chars = ArrayPool<char>.Shared.Rent(bytes.Length);
        try
        {
            // isFinalBlock: false leaves a character cut at the end undecoded instead of turning it into U+FFFD.
            Utf8.ToUtf16(bytes, chars, out int read, out int written, replaceInvalidSequences: true, isFinalBlock: false);
            return string.Concat(chars.AsSpan(0, written), " …[truncated ", (skippedBytes + bytes.Length - read).ToString(System.Globalization.CultureInfo.InvariantCulture), " bytes]");
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private LogRecord HeaderlessRecord(string text, int priority, int priorityEnd, bool truncated)
    {
        string message = text.Length > priorityEnd && text[priorityEnd] == ' ' ? text[(priorityEnd + 1)..] : text[priorityEnd..];
        return new LogRecord
        {
            Raw = text,
            Message = message,
            Timestamp = _receivedAt,
            Level = SeverityNames.FromSyslogSeverity(priority % 8),
            Fields = [new("facility", SyslogDecoder.FacilityNames[priority / 8])],
            Source = _context.Source,
            LineNumber = _context.LineNumber,
            Truncated = truncated,
        };
    }

    /// <summary>The record with the arrival time where it names none (RFC 5424's "-"), and the truncation flag.</summary>
    private LogRecord WithArrival(LogRecord decoded, bool truncated) => new()
    {
        Raw = decoded.Raw,
        Message = decoded.Message,
        Timestamp = decoded.Timestamp ?? _receivedAt,
        Level = decoded.Level,
        Host = decoded.Host,
        Source = decoded.Source,
        Program = decoded.Program,
        Pid = decoded.Pid,
        Fields = decoded.Fields,
        LineNumber = decoded.LineNumber,
        Truncated = truncated,
    };

    private StreamLabels Labels(string peer, string? host)
    {
        if (host is { Length: > MaxHostLength })
        {
            host = host[..MaxHostLength];
        }

        if (_labels.TryGetValue((peer, host), out var labels))
        {
            return labels;
        }

        if (_labels.Count >= MaxCachedLabelSets)
        {
            _labels.Clear();
        }

        var pairs = new List<KeyValuePair<string, string>>(4)
        {
            new("job", "syslog"),
            new("transport", _transport),
            new("peer", peer),
        };
        if (!string.IsNullOrEmpty(host))
        {
            pairs.Add(new("host", host));
        }

        labels = new StreamLabels(pairs);
        _labels[(peer, host)] = labels;
        return labels;
    }

    private byte[] Scratch(int length)
    {
        if (_scratch is null || _scratch.Length < length)
        {
            if (_scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(_scratch);
            }

            _scratch = ArrayPool<byte>.Shared.Rent(length);
        }

        return _scratch;
    }

    public void Dispose()
    {
        if (_scratch is not null)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = null;
        }
    }
}
