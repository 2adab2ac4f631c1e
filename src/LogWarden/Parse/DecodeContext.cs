namespace LogWarden.Parse;

/// <summary>
/// What a decoder needs to know about where a line comes from and when it was read: the source name that
/// ends up in <see cref="LogRecord.Source"/>, the current line number, the time zone for timestamps that
/// carry no offset, and the reference time that resolves the missing year of RFC 3164 timestamps.
/// One context per input; the reader advances <see cref="LineNumber"/> as it goes.
/// </summary>
internal sealed class DecodeContext
{
    // rsyslog and friends write "Mmm dd" with no year. The reference is the file's last write, which no
    // line of it can postdate; another host's clock may run a little ahead and time zones shift a date by
    // up to a day. So a date more than two days past the reference belongs to the previous year: the
    // December line read in January, and a "Dec 10" line in a file last written on 25 November.
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(2);

    public DecodeContext(string? source = null, DateTimeOffset? referenceTime = null, TimeZoneInfo? timeZone = null)
    {
        Source = source;
        ReferenceTime = referenceTime ?? TimeProvider.System.GetUtcNow();
        TimeZone = timeZone ?? TimeZoneInfo.Local;
    }

    /// <summary>Where the lines come from (a path, "-" for stdin, a unit name).</summary>
    public string? Source { get; }

    /// <summary>The time the lines are read relative to: a file's last write time, or now for a stream.</summary>
    public DateTimeOffset ReferenceTime { get; }

    /// <summary>Zone of timestamps that carry no UTC offset (RFC 3164, most application logs).</summary>
    public TimeZoneInfo TimeZone { get; }

    private readonly string?[] _names = new string?[16];

    /// <summary>
    /// A string of <paramref name="text"/>, the same one each time for text seen lately: an input names the same
    /// few hosts and programs line after line, and each would otherwise be a string per line.
    /// </summary>
    public string Name(ReadOnlySpan<char> text)
    {
        int slot = text.IsEmpty ? 0 : (text[0] + text[^1] * 7 + text.Length * 31) & (_names.Length - 1);
        if (_names[slot] is { } known && text.SequenceEqual(known))
        {
            return known;
        }
        return _names[slot] = text.ToString();
    }

    /// <summary>
    /// What a header line of this input said about the lines after it: the columns of a W3C or Zeek log
    /// (<see cref="W3cDecoder"/>), which only that decoder reads; null until such a header is seen.
    /// </summary>
    internal object? Columns { get; set; }

    /// <summary>1-based number of the line being decoded; set by whoever reads the lines.</summary>
    public long LineNumber { get; set; }

    /// <summary>
    /// The record a header-parsing decoder produces for the line being decoded, stamped with this context's
    /// <see cref="Source"/> and <see cref="LineNumber"/>; <paramref name="fields"/> may be null when none were found.
    /// </summary>
    public LogRecord CreateRecord(
        string raw,
        string message,
        DateTimeOffset? timestamp,
        Severity level,
        string? host,
        string? program,
        int? pid,
        List<KeyValuePair<string, string>>? fields) => new()
        {
            Raw = raw,
            Message = message,
            Timestamp = timestamp,
            Level = level,
            Host = host,
            Program = program,
            Pid = pid,
            Fields = RecordFields.OrEmpty(fields),
            Source = Source,
            LineNumber = LineNumber,
        };

    /// <summary>
    /// <see cref="CreateRecord(string, string, DateTimeOffset?, Severity, string?, string?, int?, List{KeyValuePair{string, string}}?)"/>
    /// for a message that is the end of the line, from <paramref name="messageStart"/> on: kept as a slice of the
    /// line, with no string of its own until <see cref="LogRecord.Message"/> is read.
    /// </summary>
    public LogRecord CreateRecord(
        string raw,
        int messageStart,
        DateTimeOffset? timestamp,
        Severity level,
        string? host,
        string? program,
        int? pid,
        List<KeyValuePair<string, string>>? fields) => new(raw, new MessageSlices(messageStart, raw.Length - messageStart))
        {
            Timestamp = timestamp,
            Level = level,
            Host = host,
            Program = program,
            Pid = pid,
            Fields = RecordFields.OrEmpty(fields),
            Source = Source,
            LineNumber = LineNumber,
        };

    /// <summary>A wall-clock time in <see cref="TimeZone"/> as an absolute instant.</summary>
    public DateTimeOffset FromLocal(DateTime wallClock)
    {
        var unspecified = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, TimeZone.GetUtcOffset(unspecified));
    }

    /// <summary>
    /// The instant of a year-less timestamp: the latest year (from the reference year back) for which the
    /// date is valid and not more than a month after <see cref="ReferenceTime"/>. Looking back several years
    /// finds the leap year for a "Feb 29" line.
    /// </summary>
    public bool TryInferYear(int month, int day, TimeSpan timeOfDay, out DateTimeOffset timestamp)
    {
        var latest = ReferenceTime + FutureTolerance;
        int referenceYear = TimeZoneInfo.ConvertTime(ReferenceTime, TimeZone).Year;
        for (int year = referenceYear + 1; year >= referenceYear - 7; year--)
        {
            if (year < 1 || day > DateTime.DaysInMonth(year, month))
            {
                continue;
            }

            var candidate = FromLocal(new DateTime(year, month, day).Add(timeOfDay));
            if (candidate <= latest)
            {
                timestamp = candidate;
                return true;
            }
        }

        timestamp = default;
        return false;
    }
}
