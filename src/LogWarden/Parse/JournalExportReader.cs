using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace LogWarden.Parse;

/// <summary>
/// Reads <c>journalctl -o export</c> files (systemd's journal export format,
/// https://systemd.io/JOURNAL_EXPORT_FORMATS/): entries of <c>NAME=value\n</c> fields separated by a blank
/// line, where a value holding newlines or control bytes is written <c>NAME\n</c> + 64-bit little-endian
/// length + the bytes + <c>\n</c>. Fields map to a record as <see cref="JournalJsonDecoder"/> maps
/// <c>-o json</c>; the record's <see cref="LogRecord.Raw"/> is the entry as <c>journalctl -o short-iso</c>
/// would print it (time, host, program[pid]: message), since the entry itself is dozens of lines.
/// Never throws on content: a damaged binary field ends the input (counted in <see cref="Error"/>).
/// </summary>
internal sealed class JournalExportReader : IDisposable
{
    /// <summary>How export files begin: journalctl writes the cursor (or, without it, the realtime stamp) first.</summary>
    public static bool LooksLikeExport(ReadOnlySpan<byte> head) =>
        head.StartsWith("__CURSOR="u8) || head.StartsWith("__REALTIME_TIMESTAMP="u8);

    private const int MaxFieldBytes = 1 << 20;
    private const int MaxFieldsPerEntry = 1024;

    private readonly Stream _stream;
    private readonly DecodeContext _context;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _start;
    private int _end;
    private bool _endOfStream;

    public JournalExportReader(Stream stream, DecodeContext context)
    {
        _stream = stream;
        _context = context;
    }

    public long Lines { get; private set; }

    public long Records { get; private set; }

    /// <summary>Why reading stopped early, or null.</summary>
    public string? Error { get; private set; }

    public IEnumerable<LogRecord> ReadRecords()
    {
        var fields = new List<KeyValuePair<string, string>>();
        long firstLine = 0;
        while (true)
        {
            if (!TryReadLine(out ReadOnlySpan<byte> line, out bool atEnd))
            {
                break;
            }
            if (atEnd && line.IsEmpty && fields.Count == 0)
            {
                break;
            }
            if (line.IsEmpty)
            {
                if (fields.Count > 0)
                {
                    yield return ToRecord(fields, firstLine);
                    fields.Clear();
                }
                if (atEnd)
                {
                    break;
                }
                continue;
            }
            if (fields.Count == 0)
            {
                firstLine = Lines;
            }
            int equals = line.IndexOf((byte)'=');
            if (equals > 0)
            {
                if (fields.Count < MaxFieldsPerEntry)
                {
                    fields.Add(new(Encoding.UTF8.GetString(line[..equals]), Encoding.UTF8.GetString(line[(equals + 1)..])));
                }
            }
            else
            {
                string name = Encoding.UTF8.GetString(line);
                if (!TryReadBinary(out string? value))
                {
                    break;
                }
                if (fields.Count < MaxFieldsPerEntry)
                {
                    fields.Add(new(name, value));
                }
            }
            if (atEnd)
            {
                break;
            }
        }
        // An entry the input ends in is kept (the final blank line may be missing), unless damage cut it.
        if (fields.Count > 0 && Error is null)
        {
            yield return ToRecord(fields, firstLine);
        }
    }

    private LogRecord ToRecord(List<KeyValuePair<string, string>> fields, long lineNumber)
    {
        Records++;
        string? message = null, realtime = null, priority = null, hostName = null, identifier = null, command = null, pidText = null, syslogPid = null, unit = null;
        List<KeyValuePair<string, string>>? kept = null;
        foreach ((string name, string value) in fields)
        {
            switch (name)
            {
                case "MESSAGE": message ??= value; break;
                case "__REALTIME_TIMESTAMP": realtime = value; break;
                case "PRIORITY": priority = value; break;
                case "_HOSTNAME": hostName = value; break;
                case "SYSLOG_IDENTIFIER": identifier = value; break;
                case "_COMM": command = value; break;
                case "_PID": pidText = value; break;
                case "SYSLOG_PID": syslogPid = value; break;
                case "_SYSTEMD_UNIT": unit = value; break;
                default:
                    if (!JournalJsonDecoder.IsMappedOrBookkeeping(name))
                    {
                        RecordFields.Add(ref kept, name, value);
                    }
                    break;
            }
        }
        DateTimeOffset? timestamp = null;
        if (long.TryParse(realtime, NumberStyles.None, CultureInfo.InvariantCulture, out long microseconds)
            && microseconds < DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() * 1000)
        {
            timestamp = DateTimeOffset.UnixEpoch.AddTicks(microseconds * 10);
        }
        Severity level = int.TryParse(priority, NumberStyles.None, CultureInfo.InvariantCulture, out int code) ? SeverityNames.FromSyslogSeverity(code) : Severity.Unknown;
        int? pid = int.TryParse(pidText ?? syslogPid, NumberStyles.None, CultureInfo.InvariantCulture, out int p) ? p : null;
        string? program = identifier ?? command;
        if (unit is not null)
        {
            kept ??= [];
            kept.Insert(0, new("unit", unit));
        }
        message ??= "";
        string raw = string.Create(CultureInfo.InvariantCulture,
            $"{timestamp?.ToString("yyyy-MM-ddTHH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture) ?? "-"} {hostName ?? "-"} {program ?? "-"}{(pid is { } n ? $"[{n}]" : "")}: {message}");
        return new LogRecord
        {
            Raw = raw,
            Message = message,
            Timestamp = timestamp,
            Level = level,
            Host = hostName,
            Program = program,
            Pid = pid,
            Fields = RecordFields.OrEmpty(kept),
            Source = _context.Source,
            LineNumber = lineNumber,
        };
    }

    /// <summary>The next line without its '\n' (valid until the next read); false at the end of input with nothing left.</summary>
    private bool TryReadLine(out ReadOnlySpan<byte> line, out bool atEnd)
    {
        atEnd = false;
        int scanned = 0;
        while (true)
        {
            int newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                int length = scanned + newline;
                line = _buffer.AsSpan(_start, length);
                _start += length + 1;
                Lines++;
                return true;
            }
            scanned = _end - _start;
            if (_endOfStream)
            {
                line = _buffer.AsSpan(_start, _end - _start);
                _start = _end;
                atEnd = true;
                if (!line.IsEmpty)
                {
                    Lines++;
                }
                return true;
            }
            if (scanned > MaxFieldBytes)
            {
                Error = $"a field line longer than {MaxFieldBytes} bytes";
                line = default;
                return false;
            }
            if (!Fill())
            {
                line = default;
                return false;
            }
        }
    }

    /// <summary>A binary field's value: 64-bit little-endian length, the bytes, and a newline.</summary>
    private bool TryReadBinary([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
    {
        value = null;
        if (!Ensure(8))
        {
            Error ??= "the input ends inside a binary field";
            return false;
        }
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(_buffer.AsSpan(_start, 8));
        if (length > MaxFieldBytes)
        {
            Error = $"a binary field of {length} bytes (over {MaxFieldBytes}): the input is damaged or not an export";
            return false;
        }
        _start += 8;
        int size = (int)length;
        if (!Ensure(size + 1))
        {
            Error ??= "the input ends inside a binary field";
            return false;
        }
        value = Encoding.UTF8.GetString(_buffer.AsSpan(_start, size));
        _start += size + 1; // the newline after the bytes
        Lines++;
        return true;
    }

    private bool Ensure(int bytes)
    {
        while (_end - _start < bytes)
        {
            if (_endOfStream || !Fill())
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Reads more bytes, moving what is left to the front (and growing the buffer when a field needs it).</summary>
    private bool Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            byte[] bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        int read;
        try
        {
            read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            Error = e.Message;
            _endOfStream = true;
            return _end > _start;
        }
        if (read == 0)
        {
            _endOfStream = true;
            return _end > _start;
        }
        _end += read;
        return true;
    }

    public void Dispose()
    {
        _stream.Dispose();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
