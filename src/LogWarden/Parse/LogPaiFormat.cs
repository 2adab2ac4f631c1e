using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LogWarden.Parse;

/// <summary>
/// A log format given as a LogPAI format string, e.g. <c>&lt;Date&gt; &lt;Time&gt; &lt;Pid&gt; &lt;Level&gt; &lt;Component&gt;: &lt;Content&gt;</c>,
/// with exactly the semantics of logparser's <c>generate_logformat_regex</c> and <c>log_to_dataframe</c>:
/// each <c>&lt;Field&gt;</c> becomes the lazy group <c>(?&lt;Field&gt;.*?)</c>, each run of spaces between
/// fields becomes <c>\s+</c>, everything else is regex syntax (<c>\[</c> is a literal '[', <c>( … )?</c>
/// an optional part), the whole is anchored <c>^…$</c> and matched against the line with leading and
/// trailing whitespace removed (Python's <c>str.strip</c>).
/// <para>
/// Field mapping: Content → message; Level/Severity → level when it names one (LogPAI's "Level" is
/// sometimes a host name, as in its Linux set); Pid/PID/Process → pid when numeric; Component, Program,
/// Process, Logger → program; Node, Host, Hostname → host. The time is pieced together best-effort from
/// Month, Date, Day, Time, Year in format order, else from Timestamp, Time or Date alone. All fields but
/// Content are also kept as fields.
/// </para>
/// The regex runs with a match timeout: lazy groups backtrack, and a long line that almost matches could
/// otherwise take time polynomial in its length. A timed-out line is not decoded. The timeout is wall
/// time, so it must leave room for a busy machine: at 100 ms ordinary lines timed out under load (a
/// normal line takes microseconds); one second still bounds a hostile line.
/// </summary>
internal sealed partial class LogPaiFormat : ILogDecoder
{
    public static readonly TimeSpan DefaultMatchTimeout = TimeSpan.FromSeconds(1);

    private static readonly string[] DateTimeFieldNames = ["Month", "Date", "Day", "Time", "Year"];

    private readonly Regex _regex;
    private readonly string[] _fieldNames;
    private readonly int[] _groupNumbers;

    /// <exception cref="ArgumentException">The format has no field, a field name that is not a valid group name, a field twice, or invalid regex syntax.</exception>
    public LogPaiFormat(string format, TimeSpan? matchTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(format);
        Format = format;
        var pattern = new StringBuilder("^");
        var names = new List<string>();
        var parts = FieldPattern().Split(format); // with the capture group, odd elements are the <Field>s
        for (int i = 0; i < parts.Length; i++)
        {
            if (i % 2 == 0)
            {
                pattern.Append(SpaceRun().Replace(parts[i], @"\s+"));
                continue;
            }

            string name = parts[i][1..^1];
            if (!GroupName().IsMatch(name))
            {
                throw new ArgumentException($"Log format field <{name}> is not a valid name: use letters, digits and '_', starting with a letter.", nameof(format));
            }

            if (names.Contains(name))
            {
                throw new ArgumentException($"Log format field <{name}> appears twice.", nameof(format));
            }

            names.Add(name);
            pattern.Append("(?<").Append(name).Append(">.*?)");
        }

        if (names.Count == 0)
        {
            throw new ArgumentException($"Log format '{format}' has no <Field>; expected e.g. '<Date> <Time> <Level> <Content>'.", nameof(format));
        }

        pattern.Append('$');
        try
        {
            _regex = new Regex(pattern.ToString(), RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture,
                matchTimeout ?? DefaultMatchTimeout);
        }
        catch (RegexParseException ex)
        {
            throw new ArgumentException($"Log format '{format}' is not a valid pattern: {ex.Message}", nameof(format), ex);
        }

        _fieldNames = [.. names];
        _groupNumbers = [.. names.Select(_regex.GroupNumberFromName)];
    }

    public string Name => "logpai";

    /// <summary>The format string as given.</summary>
    public string Format { get; }

    /// <summary>The field names in format order.</summary>
    public IReadOnlyList<string> FieldNames => _fieldNames;

    /// <summary>Lines whose match ran past the timeout (and so were not decoded).</summary>
    public long MatchTimeouts { get; private set; }

    public bool TryDecode(string line, DecodeContext context, [NotNullWhen(true)] out LogRecord? record)
    {
        record = null;
        Match match;
        try
        {
            match = _regex.Match(line.Trim());
        }
        catch (RegexMatchTimeoutException)
        {
            MatchTimeouts++;
            return false;
        }

        if (!match.Success)
        {
            return false;
        }

        string message = string.Empty;
        var level = Severity.Unknown;
        int? pid = null;
        string? program = null;
        string? host = null;
        List<KeyValuePair<string, string>>? fields = null;
        for (int i = 0; i < _fieldNames.Length; i++)
        {
            string name = _fieldNames[i];
            string value = match.Groups[_groupNumbers[i]].Value;
            if (name == "Content")
            {
                message = value;
                continue;
            }

            RecordFields.Add(ref fields, name, value);
            switch (name)
            {
                case "Level" or "Severity" or "LogLevel" when level == Severity.Unknown:
                    level = SeverityNames.TryParse(value, out var named) ? named : Severity.Unknown;
                    break;
                case "Pid" or "PID" or "Process" when pid is null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed):
                    pid = parsed;
                    break;
                case "Component" or "Program" or "Process" or "Logger" when program is null:
                    program = value;
                    break;
                case "Node" or "Host" or "Hostname" when host is null:
                    host = value;
                    break;
            }
        }

        record = context.CreateRecord(line, message, FindTimestamp(match, context), level, host, program, pid, fields);
        return true;
    }

    private DateTimeOffset? FindTimestamp(Match match, DecodeContext context)
    {
        var joined = new StringBuilder();
        foreach (string name in _fieldNames)
        {
            if (Array.IndexOf(DateTimeFieldNames, name) >= 0)
            {
                joined.Append(joined.Length == 0 ? "" : " ").Append(match.Groups[name].Value);
            }
        }

        if (joined.Length > 0 && TimestampParser.TryParseValue(joined.ToString(), context, out var timestamp))
        {
            return timestamp;
        }

        foreach (string name in (ReadOnlySpan<string>)["Timestamp", "Time", "Date"])
        {
            if (_fieldNames.Contains(name) && TimestampParser.TryParseValue(match.Groups[name].Value, context, out timestamp))
            {
                return timestamp;
            }
        }

        return null;
    }

    [GeneratedRegex("(<[^<>]+>)")]
    private static partial Regex FieldPattern();

    [GeneratedRegex(" +")]
    private static partial Regex SpaceRun();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex GroupName();
}
