using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace LogWarden.Parse;

/// <summary>
/// Logs whose columns a header line names: the W3C extended log format (<c>#Fields: date time c-ip cs-method
/// cs-uri-stem sc-status …</c>, then one space-separated record a line: IIS, Microsoft's FTP service, Windows
/// Firewall's <c>pfirewall.log</c>, and applications that copied the format) and Zeek's TSV logs (<c>#separator \x09</c>,
/// <c>#fields ts uid id.orig_h …</c>). Directive lines (<c>#Software:</c>, <c>#Date:</c>, <c>#Time Format: Local</c>…) are
/// records of their own; a <c>#Fields</c> line sets the columns of the records after it, in this input's
/// <see cref="DecodeContext"/>, until the next one (IIS writes the header again whenever the service restarts).
/// <para>
/// A record's columns become its fields (a "-" is an empty column and is left out; IIS writes a value's spaces as
/// '+', kept as written). Its time is the <c>date</c> and <c>time</c> columns (UTC, as the format prescribes, unless a
/// <c>#Time Format: Local</c> directive says local time), or a single <c>datetime</c>/<c>timestamp</c>/<c>ts</c>
/// column (ISO or an epoch number). Its message is a <c>message</c> column when one exists, else the other columns as
/// <c>name=value</c> words in their order — the columns named, so that what reads a line's words (the template miner,
/// the security rules: <c>action=DROP</c>, <c>cs-method=PASS … sc-status=530</c>) reads what each value is.
/// Records whose message is so rendered are <see cref="LogRecord.Columnar"/>; one with a message column of its own keeps
/// its line, whose words (an address among them) read as any line's do. A record with fewer values than the header names columns lacks
/// the last ones; one with more keeps the extra values in its last column (writers add a column and not its name). A
/// data line before any header, or whose time columns do not read as a time, is not in this format (it falls back, as
/// any undecodable line does).
/// </para>
/// <para>
/// The columns live in the input's context, so a line of such a log read alone (re-decoded from the store, or shipped
/// line by line without its header) is not decoded here. The daemon's file source carries them from one context of a file
/// to the next, and a file resumed at a checkpoint has its header lines before it read again (<c>TailedFile</c>).
/// </para>
/// </summary>
internal sealed class W3cDecoder : ILogDecoder
{
    public static readonly W3cDecoder Instance = new();

    /// <summary>At most this many columns are read from a header (a record's fields are bounded anyway: <see cref="RecordFields.MaxCount"/>).</summary>
    public const int MaxColumns = 64;

    public string Name => "w3c";

    /// <summary>The columns a header named, and where the time and the message are among them.</summary>
    internal sealed class Layout
    {
        public required string[] Columns { get; init; }

        /// <summary>Tab for Zeek's logs and a header written with tabs; else a space (W3C).</summary>
        public required char Separator { get; init; }

        public int Date { get; init; } = -1;
        public int Time { get; init; } = -1;

        /// <summary>A column holding the whole instant (datetime, timestamp, ts).</summary>
        public int Instant { get; init; } = -1;

        public int Message { get; init; } = -1;
        public int Level { get; init; } = -1;
        public int Status { get; init; } = -1;

        /// <summary>Times without an offset are local (<c>#Time Format: Local</c>), not UTC.</summary>
        public bool LocalTime { get; set; }
    }

    /// <summary>Per-input state kept in <see cref="DecodeContext.Columns"/> before the first header (a separator or time-format directive).</summary>
    private sealed class Pending
    {
        public char Separator = ' ';
        public bool LocalTime;
    }

    public bool TryDecode(string line, DecodeContext context, [NotNullWhen(true)] out LogRecord? record)
    {
        record = null;
        if (line.Length == 0)
        {
            return false;
        }

        if (line[0] == '#')
        {
            return TryDirective(line, context, out record);
        }

        if (context.Columns is not Layout layout)
        {
            return false;
        }

        var s = line.AsSpan();
        Span<Range> ranges = stackalloc Range[MaxColumns + 1];
        s = s.TrimEnd('\r');
        int count = s.Split(ranges, layout.Separator);
        if (count < 2)
        {
            return false;
        }

        if (count > layout.Columns.Length)
        {
            // more values than names (a writer that added a column and not its name): the extra ones stay with the last column
            ranges[layout.Columns.Length - 1] = ranges[layout.Columns.Length - 1].Start..ranges[count - 1].End;
            count = layout.Columns.Length;
        }

        if (!TryTime(s, ranges, count, layout, context, out DateTimeOffset? timestamp))
        {
            return false;
        }

        List<KeyValuePair<string, string>>? fields = null;
        for (int i = 0; i < count; i++)
        {
            var value = s[ranges[i]];
            if (i != layout.Date && i != layout.Time && !IsEmpty(value))
            {
                RecordFields.Add(ref fields, layout.Columns[i], value);
            }
        }

        var level = Severity.Info;
        if (layout.Level >= 0 && layout.Level < count && SeverityNames.TryParse(FirstWord(s[ranges[layout.Level]]), out var named))
        {
            level = named;
        }
        else if (layout.Status >= 0 && layout.Status < count && int.TryParse(s[ranges[layout.Status]], NumberStyles.None, CultureInfo.InvariantCulture, out int status))
        {
            level = status switch
            {
                >= 500 and <= 599 => Severity.Error,
                >= 400 and <= 499 => Severity.Warning,
                _ => Severity.Info,
            };
        }

        bool own = layout.Message >= 0 && layout.Message < count && !IsEmpty(s[ranges[layout.Message]]);
        string message = own ? s[ranges[layout.Message]].ToString() : Render(s, ranges, count, layout);
        record = new LogRecord
        {
            Raw = line,
            Message = message,
            Timestamp = timestamp,
            Level = level,
            Fields = RecordFields.OrEmpty(fields),
            Source = context.Source,
            LineNumber = context.LineNumber,
            Columnar = !own,
        };
        return true;
    }

    /// <summary>
    /// The W3C identifiers whose prefix says whose value it is (<c>c-</c> the client, <c>s-</c> the server, <c>cs-</c> sent by the
    /// client, <c>sc-</c> by the server, <c>cs(Header)</c> a request header), by the plain names other logs use: what reads a
    /// record's fields by name (the security recogniser: the client's address, the user, the request's parts) reads them.
    /// </summary>
    private static readonly Dictionary<string, string> PlainNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["c-ip"] = "client_ip",
        ["c-port"] = "client_port",
        ["s-ip"] = "server_ip",
        ["s-port"] = "server_port",
        ["s-computername"] = "server_name",
        ["s-sitename"] = "site",
        ["r-ip"] = "upstream_ip",
        ["r-port"] = "upstream_port",
        ["cs-username"] = "username",
        ["cs-method"] = "method",
        ["cs-uri-stem"] = "uri_stem",
        ["cs-uri-query"] = "uri_query",
        ["cs-uri"] = "uri",
        ["cs-host"] = "http_host",
        ["cs-version"] = "protocol",
        ["sc-status"] = "status",
        ["cs(User-Agent)"] = "user_agent",
        ["cs(Referer)"] = "referer",
        ["cs(Cookie)"] = "cookie",
    };

    /// <summary>A W3C field identifier by its plain name (<c>c-ip</c> → <c>client_ip</c>); any other name as it is.</summary>
    public static string ConventionalName(string name) => PlainNames.TryGetValue(name, out string? plain) ? plain : name;

    /// <summary>"-" (W3C) and Zeek's "(empty)" are a column with no value.</summary>
    private static bool IsEmpty(ReadOnlySpan<char> value) => value.IsEmpty || value is "-" or "(empty)";

    private static ReadOnlySpan<char> FirstWord(ReadOnlySpan<char> value)
    {
        int space = value.IndexOf(' ');
        return space < 0 ? value : value[..space];
    }

    /// <summary>The columns other than the time's, as <c>name=value</c> words (a value with spaces in Zeek's logs is kept whole).</summary>
    private static string Render(ReadOnlySpan<char> s, Span<Range> ranges, int count, Layout layout)
    {
        int length = 0;
        for (int i = 0; i < count; i++)
        {
            if (i != layout.Date && i != layout.Time && i != layout.Instant && !IsEmpty(s[ranges[i]]))
            {
                length += layout.Columns[i].Length + 2 + (ranges[i].End.Value - ranges[i].Start.Value);
            }
        }

        if (length == 0)
        {
            return "";
        }

        var text = new System.Text.StringBuilder(length);
        for (int i = 0; i < count; i++)
        {
            var value = s[ranges[i]];
            if (i != layout.Date && i != layout.Time && i != layout.Instant && !IsEmpty(value))
            {
                if (text.Length > 0)
                {
                    text.Append(' ');
                }

                text.Append(layout.Columns[i]).Append('=').Append(value);
            }
        }

        return text.ToString();
    }

    private static bool TryTime(ReadOnlySpan<char> s, Span<Range> ranges, int count, Layout layout, DecodeContext context, out DateTimeOffset? timestamp)
    {
        timestamp = null;
        if (layout.Date >= 0 && layout.Time >= 0)
        {
            if (Math.Max(layout.Date, layout.Time) >= count)
            {
                return false;
            }

            var date = s[ranges[layout.Date]];
            var time = s[ranges[layout.Time]];
            if (!DateTime.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                || !TimeSpan.TryParseExact(time, ["hh\\:mm\\:ss", "hh\\:mm\\:ss\\.FFFFFFF", "hh\\:mm"], CultureInfo.InvariantCulture, out var clock)
                || clock >= TimeSpan.FromDays(1))
            {
                return false;
            }

            var wall = day + clock;
            timestamp = layout.LocalTime ? context.FromLocal(wall) : new DateTimeOffset(DateTime.SpecifyKind(wall, DateTimeKind.Unspecified), TimeSpan.Zero);
            return true;
        }

        if (layout.Instant >= 0 && layout.Instant < count)
        {
            var value = s[ranges[layout.Instant]];
            if (IsEmpty(value))
            {
                return true;
            }

            if (!TimestampParser.TryParseValue(value, context, out var instant))
            {
                return false;
            }

            timestamp = instant;
        }

        return true; // no time column: the record is stamped when read, as a plain line is
    }

    /// <summary>A directive line: a record of its own (no time), and a <c>#Fields</c> line sets the columns.</summary>
    private static bool TryDirective(string line, DecodeContext context, [NotNullWhen(true)] out LogRecord? record)
    {
        record = null;
        var s = line.AsSpan(1).TrimEnd('\r');
        int nameEnd = s.IndexOfAny(':', ' ', '\t');
        var name = nameEnd < 0 ? s : s[..nameEnd];
        var rest = nameEnd < 0 ? [] : s[nameEnd..].TrimStart(':');
        var pending = context.Columns as Pending;
        var layout = context.Columns as Layout;
        if (name.Equals("Fields", StringComparison.OrdinalIgnoreCase))
        {
            // W3C separates with spaces, Zeek (and some imitations) with tabs: a header written with tabs is read with tabs
            char separator = rest.Contains('\t') ? '\t' : pending?.Separator ?? ' ';
            var columns = rest.Trim(' ').Trim('\t');
            if (Read(columns, separator, pending?.LocalTime ?? layout?.LocalTime ?? false) is not { } read)
            {
                return false;
            }

            context.Columns = read;
        }
        else if (name.Equals("separator", StringComparison.Ordinal))
        {
            var value = rest.Trim(' ');
            char separator = value is "\\x09" || value.Contains('\t') ? '\t' : value is "\\x20" || value.IsEmpty ? ' ' : value.Length == 1 ? value[0] : '\0';
            if (separator == '\0')
            {
                return false;
            }

            context.Columns = new Pending { Separator = separator, LocalTime = pending?.LocalTime ?? false };
        }
        else if (name.Equals("Time", StringComparison.OrdinalIgnoreCase))
        {
            // "#Time Format: Local" (Windows Firewall); the W3C default is UTC
            bool local = rest.Contains("Local", StringComparison.OrdinalIgnoreCase);
            if (layout is not null)
            {
                layout.LocalTime = local;
            }
            else
            {
                context.Columns = new Pending { Separator = pending?.Separator ?? ' ', LocalTime = local };
            }
        }
        else if (!IsDirective(name))
        {
            return false;
        }

        record = context.CreateRecord(line, line.TrimEnd('\r'), null, Severity.Info, null, null, null, null);
        return true;
    }

    /// <summary>The W3C directives (Version, Software, Date, Start-Date, End-Date, Remark) and Zeek's (set_separator, path, open…).</summary>
    private static bool IsDirective(ReadOnlySpan<char> name) =>
        name.Equals("Version", StringComparison.OrdinalIgnoreCase) || name.Equals("Software", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Date", StringComparison.OrdinalIgnoreCase) || name.Equals("Start-Date", StringComparison.OrdinalIgnoreCase)
        || name.Equals("End-Date", StringComparison.OrdinalIgnoreCase) || name.Equals("Remark", StringComparison.OrdinalIgnoreCase)
        || name is "set_separator" or "empty_field" or "unset_field" or "path" or "open" or "close" or "types";

    private static Layout? Read(ReadOnlySpan<char> header, char separator, bool localTime)
    {
        var columns = new List<string>();
        foreach (var range in header.Split(separator))
        {
            var column = header[range].Trim();
            if (column.IsEmpty)
            {
                if (separator == ' ')
                {
                    continue; // two spaces between names
                }

                return null;
            }

            if (columns.Count == MaxColumns)
            {
                return null;
            }

            columns.Add(column.ToString());
        }

        if (columns.Count < 2)
        {
            return null;
        }

        int date = -1, time = -1, instant = -1, message = -1, level = -1, status = -1;
        for (int i = 0; i < columns.Count; i++)
        {
            string column = columns[i];
            if (column.Equals("date", StringComparison.OrdinalIgnoreCase) && date < 0)
            {
                date = i;
            }
            else if (column.Equals("time", StringComparison.OrdinalIgnoreCase) && time < 0)
            {
                time = i;
            }
            else if (column is "datetime" or "timestamp" or "ts" or "@timestamp" or "date-time" && instant < 0)
            {
                instant = i;
            }
            else if (column is "message" or "msg" && message < 0)
            {
                message = i;
            }
            else if (column is "level" or "severity" or "priority" && level < 0)
            {
                level = i;
            }
            else if (column is "sc-status" or "status" && status < 0)
            {
                status = i;
            }
        }

        if (date < 0 || time < 0)
        {
            date = time = -1;
        }

        return new Layout
        {
            Columns = [.. columns],
            Separator = separator,
            Date = date,
            Time = time,
            Instant = date >= 0 ? -1 : instant,
            Message = message,
            Level = level,
            Status = status,
            LocalTime = localTime,
        };
    }
}
