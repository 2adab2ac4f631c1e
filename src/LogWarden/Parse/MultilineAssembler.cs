using System.Text;
using System.Text.RegularExpressions;

namespace LogWarden.Parse;

/// <summary>Bounds on one multi-line event, so a runaway stack dump cannot grow a record without end.</summary>
/// <param name="MaxLines">Most lines in one event, the first included; further continuation lines are dropped (counted).</param>
/// <param name="MaxChars">Most characters in one event; further continuation lines are dropped (counted).</param>
/// <param name="JoinContinuations">False to keep every line a record of its own (its own line number), for
/// callers that report per physical line, such as <c>logwarden events</c>.</param>
internal sealed record MultilineOptions(int MaxLines = 500, int MaxChars = 256 * 1024, bool JoinContinuations = true)
{
    /// <summary>Every non-blank line is a record of its own.</summary>
    public static MultilineOptions LinePerRecord { get; } = new(JoinContinuations: false);
}

/// <summary>What a <see cref="MultilineAssembler"/> has done so far.</summary>
/// <param name="Records">Records completed.</param>
/// <param name="ContinuationLines">Lines joined to the record before them.</param>
/// <param name="FallbackLines">Lines the decoder could not read that became plain records of their own.</param>
/// <param name="DroppedLines">Continuation lines past an event's bounds.</param>
/// <param name="BlankLines">Empty or whitespace-only lines, which carry nothing and are skipped.</param>
internal readonly record struct MultilineStats(long Records, long ContinuationLines, long FallbackLines, long DroppedLines, long BlankLines);

/// <summary>
/// Decodes lines and groups continuation lines into the record before them. The rule, line by line:
/// <list type="number">
/// <item>A blank line is skipped.</item>
/// <item>A line the decoder reads (other than the plain decoder, which reads anything) starts a new record:
/// it has a header (a timestamp, a JSON object…), whatever its indentation.</item>
/// <item>Otherwise, if a record is pending and the line is a continuation, it is appended to that record.
/// Continuations are: indented lines (space or tab: Java's "\tat …", .NET's "   at … in file:line N", Python's
/// frames, wrapped text); "Caused by: …", "Suppressed: …", "... N more" (Java); .NET's "--- End of … ---";
/// an exception line such as "java.lang.IllegalStateException: boom" (a dotted name ending in Exception or
/// Error); Python's "Traceback (most recent call last):" and chained-exception sentences, and, while in a
/// Python traceback, its closing "ValueError: …" line.</item>
/// <item>Otherwise the line is a record of its own, never dropped: for the plain decoder as it is; for any
/// other decoder a "fallback" record (counted), decoded by the first other format that reads it (files do mix
/// formats: an RFC 5424 line among RFC 3164 ones), else plain (<see cref="FormatDetector.DecodeWithAnyFormat"/>).</item>
/// </list>
/// So unindented lines that do not decode are not joined (the Logstash "every line without a timestamp
/// continues the previous one" rule would swallow whole files of an unexpected format), and in files
/// without timestamps only the continuation shapes above join lines.
/// <para>
/// A record is complete only when the next record starts, so a streaming caller must call
/// <see cref="Flush"/> when its input goes idle, or the last event waits for the next line.
/// </para>
/// </summary>
internal sealed partial class MultilineAssembler
{
    private readonly ILogDecoder _decoder;
    private readonly DecodeContext _context;
    private readonly MultilineOptions _options;

    private LogRecord? _pending;
    private StringBuilder? _continuation;
    private int _pendingLines;
    private int _pendingChars;
    private int _pendingDropped;
    private bool _pendingTruncated;
    private bool _pendingHasStackTrace;
    private bool _inPythonTraceback;

    private long _records;
    private long _continuationLines;
    private long _fallbackLines;
    private long _droppedLines;
    private long _blankLines;

    /// <summary>The input's decode context (what its header lines said lives there).</summary>
    internal DecodeContext Context => _context;

    public MultilineAssembler(ILogDecoder decoder, DecodeContext context, MultilineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(context);
        _decoder = decoder;
        _context = context;
        _options = options ?? new MultilineOptions();
    }

    public MultilineStats Stats => new(_records, _continuationLines, _fallbackLines, _droppedLines, _blankLines);

    /// <summary>Lines joined to the record before them so far.</summary>
    public long ContinuationLines => _continuationLines;

    /// <summary>Whether a record is started and not yet returned (it completes with the next record or <see cref="Flush"/>).</summary>
    public bool HasPending => _pending is not null;

    /// <summary>
    /// Takes the next line (its 1-based number in the source, and whether the reader truncated it).
    /// Returns the previous record if this line completed it, else null.
    /// </summary>
    public LogRecord? Add(string line, long lineNumber, bool truncated = false)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (string.IsNullOrWhiteSpace(line))
        {
            _blankLines++;
            return null;
        }

        _context.LineNumber = lineNumber;
        bool decodesEverything = _decoder is PlainDecoder;
        if (!decodesEverything && _decoder.TryDecode(line, _context, out var header))
        {
            return Start(header, truncated);
        }

        if (_pending is not null && _options.JoinContinuations && IsContinuationOfPending(line))
        {
            Append(line, truncated);
            return null;
        }

        if (decodesEverything)
        {
            _decoder.TryDecode(line, _context, out var plain);
            return Start(plain!, truncated);
        }

        _fallbackLines++;
        return Start(FormatDetector.DecodeWithAnyFormat(line, _context), truncated);
    }

    /// <summary>Completes and returns the pending record, if any: at the end of input, or when a stream goes idle.</summary>
    public LogRecord? Flush()
    {
        if (_pending is null)
        {
            return null;
        }

        var completed = Complete();
        _pending = null;
        _continuation?.Clear();
        return completed;
    }

    /// <summary>
    /// Whether <paramref name="line"/> has the shape of a continuation line in any context (indentation,
    /// stack-trace syntax); Python's closing exception line needs the traceback before it and is not included.
    /// </summary>
    public static bool IsContinuation(string line)
    {
        if (line.Length == 0)
        {
            return false;
        }

        if (line[0] is ' ' or '\t')
        {
            return true;
        }

        return line.StartsWith("Caused by: ", StringComparison.Ordinal)
            || line.StartsWith("Suppressed: ", StringComparison.Ordinal)
            || (line.StartsWith("... ", StringComparison.Ordinal) && line.Length > 4 && char.IsAsciiDigit(line[4]))
            || line.StartsWith("--- End of ", StringComparison.Ordinal)
            || IsPythonTracebackStart(line)
            || line.StartsWith("During handling of the above exception", StringComparison.Ordinal)
            || line.StartsWith("The above exception was the direct cause", StringComparison.Ordinal)
            || QualifiedExceptionLine().IsMatch(line);
    }

    private bool IsContinuationOfPending(string line)
    {
        if (_inPythonTraceback && line[0] is not (' ' or '\t') && !IsPythonTracebackStart(line))
        {
            if (PythonExceptionSummary().IsMatch(line))
            {
                _inPythonTraceback = false;
                return true;
            }

            return IsContinuation(line);
        }

        if (!IsContinuation(line))
        {
            return false;
        }

        if (IsPythonTracebackStart(line))
        {
            _inPythonTraceback = true;
        }

        return true;
    }

    private static bool IsPythonTracebackStart(string line) =>
        line.StartsWith("Traceback (most recent call last):", StringComparison.Ordinal);

    private LogRecord? Start(LogRecord record, bool truncated)
    {
        var completed = Flush();
        _pending = record;
        _pendingLines = 1;
        _pendingChars = record.Raw.Length;
        _pendingDropped = 0;
        _pendingTruncated = truncated;
        _pendingHasStackTrace = false;
        _inPythonTraceback = false;
        return completed;
    }

    private void Append(string line, bool truncated)
    {
        if (_pendingLines >= _options.MaxLines || _pendingChars + 1 + line.Length > _options.MaxChars)
        {
            _pendingDropped++;
            _droppedLines++;
            return;
        }

        _continuation ??= new StringBuilder();
        _continuation.Append('\n').Append(line);
        _pendingLines++;
        _pendingChars += 1 + line.Length;
        _pendingTruncated |= truncated;
        _continuationLines++;
        if (!_pendingHasStackTrace)
        {
            _pendingHasStackTrace = LooksLikeStackTrace(line);
        }
    }

    private static bool LooksLikeStackTrace(string line)
    {
        var trimmed = line.AsSpan().TrimStart();
        return trimmed.StartsWith("at ") || trimmed.StartsWith("Caused by: ") || trimmed.StartsWith("File \"")
            || IsPythonTracebackStart(line) || QualifiedExceptionLine().IsMatch(line);
    }

    private LogRecord Complete()
    {
        var header = _pending!;
        _records++;
        if (_continuation is null || _continuation.Length == 0)
        {
            if (!_pendingTruncated || header.Truncated)
            {
                return header;
            }
        }

        string continuation = _continuation?.ToString() ?? string.Empty;
        if (_pendingDropped > 0)
        {
            continuation += $"\n…[{_pendingDropped} more lines dropped]";
        }

        return new LogRecord
        {
            Raw = header.Raw + continuation,
            Message = header.Message + continuation,
            Timestamp = header.Timestamp,
            // An event whose level the header did not tell but which carries a stack trace is an error.
            Level = header.Level == Severity.Unknown && _pendingHasStackTrace ? Severity.Error : header.Level,
            Host = header.Host,
            Source = header.Source,
            Program = header.Program,
            Pid = header.Pid,
            Fields = header.Fields,
            LineNumber = header.LineNumber,
            Truncated = header.Truncated || _pendingTruncated || _pendingDropped > 0,
        };
    }

    // java.lang.IllegalStateException: boom / System.InvalidOperationException / requests.exceptions.ConnectionError: …
    [GeneratedRegex(@"^(?:[A-Za-z_$][\w$]*\.)+[A-Za-z_$][\w$]*(?:Exception|Error|Throwable|Fault)(?::\s.*|:)?$")]
    private static partial Regex QualifiedExceptionLine();

    // ValueError: bad value / KeyboardInterrupt / myapp.errors.Boom: x — the line closing a Python traceback.
    [GeneratedRegex(@"^[A-Za-z_][\w.]*(?::\s.*|:)?$")]
    private static partial Regex PythonExceptionSummary();
}
