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
    /// <summary>The text as read (all lines of a multi-line event, joined with '\n').</summary>
    public required string Raw { get; init; }

    /// <summary>The message part: what is left when the header (time, host, program, level…) is taken off.</summary>
    public required string Message { get; init; }

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

    /// <summary>First line number (1-based) of this record in its source, when read from a file or stream.</summary>
    public long LineNumber { get; init; }

    /// <summary>True when the text was cut to the reader's line limit.</summary>
    public bool Truncated { get; init; }
}
