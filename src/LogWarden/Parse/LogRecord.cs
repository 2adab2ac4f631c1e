namespace LogWarden.Parse;

/// <summary>Severity as logs spell it, normalised to one scale (syslog order, most severe first).</summary>
public enum Severity : byte
{
    Unknown = 0,
    Emergency,
    Alert,
    Critical,
    Error,
    Warning,
    Notice,
    Info,
    Debug,
    Trace,
}

/// <summary>
/// One log event after decoding: the raw text as read, and what the decoder could tell about it.
/// Multi-line events (stack traces, indented continuations) are one record whose <see cref="Raw"/> and
/// <see cref="Message"/> hold every line joined with '\n'.
/// </summary>
public sealed class LogRecord
{
    private string? _message;
    private readonly MessageSlices _slices;
    private readonly string _raw = "";

    /// <summary>True while <see cref="Message"/> is known to be <see cref="Raw"/> from <see cref="MessageSlices.Start"/> to its end.</summary>
    private bool _messageIsTail;

    public LogRecord()
    {
    }

    /// <summary>
    /// A record whose message is made of slices of <paramref name="raw"/>: its string is made on first read of
    /// <see cref="Message"/>, which the ingest path (mine, store) never does — it reads <see cref="MessageChars"/>.
    /// A <paramref name="message"/> given (a decoder's rare rewritten message) is used instead of the slices.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
#pragma warning disable CS8618 // Message is not left null: its getter builds it from the slices
    internal LogRecord(string raw, MessageSlices slices, string? message = null)
#pragma warning restore CS8618
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slices.End, raw.Length, nameof(slices));
        Raw = raw;
        _slices = slices;
        _slicesOf = raw;
        _message = message;
        _slicesRewritten = message is not null;
        _messageIsTail = message is null && slices.SuffixLength == 0 && slices.Start + slices.Length == raw.Length;
    }

    /// <summary>A copy of <paramref name="other"/> (its message's slices kept, so no string is made for it).</summary>
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
#pragma warning disable CS8618 // Raw and Message are copied through their backing fields
    private LogRecord(LogRecord other)
#pragma warning restore CS8618
    {
        _raw = other._raw;
        _message = other._message;
        _slices = other._slices;
        _slicesOf = other._slicesOf;
        _slicesRewritten = other._slicesRewritten;
        DecodedMarks = other.DecodedMarks; // positions in the same raw line: a copy with another host (Docker's) keeps its client
        _messageIsTail = other._messageIsTail;
        _fields = other._fields;
        FieldsFromRaw = other.FieldsFromRaw;
        Timestamp = other.Timestamp;
        Level = other.Level;
        Host = other.Host;
        Source = other.Source;
        Program = other.Program;
        Pid = other.Pid;
        LineNumber = other.LineNumber;
        Truncated = other.Truncated;
        Columnar = other.Columnar;
    }

    /// <summary>
    /// This record with another time, host, program, source, line number and truncation, and other fields when
    /// <paramref name="fields"/> is not null (a line read inside a wrapper, such as Docker's json-file log).
    /// </summary>
    internal LogRecord With(
        DateTimeOffset? timestamp, string? host, string? program, string? source, long lineNumber, bool truncated,
        IReadOnlyList<KeyValuePair<string, string>>? fields = null)
    {
        var copy = new LogRecord(this)
        {
            Timestamp = timestamp,
            Host = host,
            Program = program,
            Source = source,
            LineNumber = lineNumber,
            Truncated = truncated,
        };
        if (fields is not null)
        {
            copy._fields = fields;
        }

        return copy;
    }

    /// <summary>This record without the access decoder's marks (<see cref="DecodedMarks"/>): its parts are read again from its slices.</summary>
    internal LogRecord WithoutMarks() => new(this) { DecodedMarks = 0 };

    /// <summary>The text as read (all lines of a multi-line event, joined with '\n').</summary>
    public required string Raw
    {
        get => _raw;
        init
        {
            _raw = value;
            _messageIsTail = false; // set again by the slices constructor, after this
        }
    }

    /// <summary>The message part: what is left when the header (time, host, program, level…) is taken off.</summary>
    public required string Message
    {
        get => _message ??= _slices.Build(Raw);
        init
        {
            _message = value;
            _messageIsTail = false;
        }
    }

    /// <summary>
    /// Where <see cref="Message"/> starts in <see cref="Raw"/> when the decoder took it as the rest of the line from
    /// there (a syslog or plain line's message), so that whoever needs the header's length reads it without making
    /// the message's string or comparing it with the line's end; -1 when that is not known (a message given whole,
    /// an access line's request and status): compare the texts.
    /// </summary>
    internal int MessageOffset => _messageIsTail ? _slices.Start : -1;

    /// <summary>The raw line the slices were given for (null: the record was made without slices).</summary>
    private readonly string? _slicesOf;

    /// <summary>
    /// Where the decoder found the message's parts in <see cref="Raw"/> (an access line's request and status), for
    /// readers of the line that would otherwise parse it again; null for a record made without slices.
    /// </summary>
    internal MessageSlices? DecodedSlices => _slicesOf is not null && ReferenceEquals(_slicesOf, _raw) ? _slices : null;

    /// <summary>
    /// What the access decoder found of its line besides the message's slices (<see cref="AccessLogDecoder"/>'s packed
    /// marks: where the client, ident and user end, the status, where the bytes end), so that the detectors reading the
    /// line's parts do not look for them again; 0 when none were kept. Valid only with <see cref="DecodedSlices"/> (the
    /// raw line they were found in); carried to a copy (<see cref="With"/>: the same raw line), so a copy with another
    /// host (Docker's json-file copy drops the line's virtual host) still finds the client where decoding did.
    /// </summary>
    internal long DecodedMarks { get; init; }

    /// <summary>
    /// Whether the decoder gave a message of its own instead of the text of <see cref="DecodedSlices"/> (the access
    /// decoder: the request holds a backslash escape, which the message unescapes).
    /// </summary>
    internal bool DecodedSlicesRewritten => _slicesRewritten;

    private readonly bool _slicesRewritten;

    /// <summary>
    /// The characters of <see cref="Message"/> without making its string: a slice of <see cref="Raw"/>, or, for a
    /// message of two slices, the two joined in <paramref name="scratch"/> (grown as needed). Valid until the next
    /// call with the same scratch.
    /// </summary>
    internal ReadOnlySpan<char> MessageChars(ref char[] scratch) =>
        _message is not null ? _message : _slices.Chars(Raw, ref scratch);

    /// <summary>When the event happened, if the line says so; null when it does not.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    public Severity Level { get; init; }

    /// <summary>Host name the line names (syslog HOSTNAME, journald _HOSTNAME…).</summary>
    public string? Host { get; init; }

    /// <summary>Where it was read: a file path, a journald unit, a container name.</summary>
    public string? Source { get; init; }

    /// <summary>Program / app name / logger (syslog TAG, APP-NAME, journald SYSLOG_IDENTIFIER…).</summary>
    public string? Program { get; init; }

    public int? Pid { get; init; }

    private IReadOnlyList<KeyValuePair<string, string>>? _fields;

    /// <summary>Further structured fields (JSON keys, logfmt pairs, RFC 5424 structured data, format-string fields).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields
    {
        get => _fields ??= FieldsFromRaw?.Invoke(Raw) ?? [];
        init => _fields = value;
    }

    /// <summary>
    /// Reads <see cref="Fields"/> from <see cref="Raw"/> on first use, instead of at decoding: for decoders whose
    /// fields cost more than the rest of the record (a dozen strings per access log line) while the ingest path
    /// (mine, store) never reads them. Ignored when <see cref="Fields"/> is given.
    /// </summary>
    internal Func<string, IReadOnlyList<KeyValuePair<string, string>>>? FieldsFromRaw { get; init; }

    /// <summary>Whether the record has fields already made (a structured record's), without making the ones read on demand.</summary>
    internal bool HasDecodedFields => _fields is { Count: > 0 };

    /// <summary>
    /// A record of a log whose columns a header named (<see cref="W3cDecoder"/>) and that has no message column: its
    /// <see cref="Raw"/> is bare values, its <see cref="Message"/> the values with their columns' names, which is what to
    /// read the line's words from.
    /// </summary>
    internal bool Columnar { get; init; }

    /// <summary>First line number (1-based) of this record in its source, when read from a file or stream.</summary>
    public long LineNumber { get; init; }

    /// <summary>True when the text was cut to the reader's line limit.</summary>
    public bool Truncated { get; init; }
}

/// <summary>
/// Where a record's message lies in its raw line: one slice, or two joined by one space (an access line's
/// request and status, which the line separates by a quote).
/// </summary>
internal readonly record struct MessageSlices(int Start, int Length, int SuffixStart = 0, int SuffixLength = 0)
{
    public int End => SuffixLength == 0 ? Start + Length : Math.Max(Start + Length, SuffixStart + SuffixLength);

    public string Build(string raw) => SuffixLength == 0
        ? raw.Substring(Start, Length)
        : string.Concat(raw.AsSpan(Start, Length), " ", raw.AsSpan(SuffixStart, SuffixLength));

    public ReadOnlySpan<char> Chars(string raw, ref char[] scratch)
    {
        if (SuffixLength == 0)
        {
            return raw.AsSpan(Start, Length);
        }
        int length = Length + 1 + SuffixLength;
        if (scratch.Length < length)
        {
            scratch = new char[Math.Max(length, scratch.Length * 2)];
        }
        raw.AsSpan(Start, Length).CopyTo(scratch);
        scratch[Length] = ' ';
        raw.AsSpan(SuffixStart, SuffixLength).CopyTo(scratch.AsSpan(Length + 1));
        return scratch.AsSpan(0, length);
    }
}
