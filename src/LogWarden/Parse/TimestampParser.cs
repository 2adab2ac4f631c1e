using System.Globalization;

namespace LogWarden.Parse;

/// <summary>
/// Recognises the timestamps that log lines start with, by hand over spans (this runs on every line during
/// format detection and decoding, so no regex and no allocation). Each method parses a prefix and reports
/// how many characters it took. Supported shapes:
/// <list type="bullet">
/// <item>ISO 8601 / RFC 3339: <c>2024-03-01T12:00:00.123456+01:00</c>, <c>2015-10-18 18:01:47,978</c>, <c>+0200</c> offsets</item>
/// <item>slashed dates: <c>2024/01/01 12:00:00</c> (nginx, Go's log), <c>2011.11.21 14:29:16</c>, <c>17/06/09 20:10:40</c> (yy/MM/dd, Spark's log4j)</item>
/// <item>BSD syslog: <c>Dec 10 06:55:46</c>, year inferred by <see cref="DecodeContext.TryInferYear"/>; <c>Oct 27 2015 09:24:46</c> (macOS)</item>
/// <item>PHP's error_log: <c>22-Jan-2013 22:28:21 +0200</c></item>
/// <item>ctime: <c>Sun Dec 04 04:47:44 2005</c>, with optional fraction (Apache error log)</item>
/// <item>common log format: <c>10/Oct/2000:13:55:36 -0700</c></item>
/// <item>compact dates: <c>20171223-22:15:29:606</c>, <c>20240101T120000</c>, <c>081109 203615</c> (yyMMdd HHmmss, Hadoop)</item>
/// <item>DB2's <c>2005-06-03-15.42.50.675872</c>; logcat's <c>03-17 16:13:38.811</c> (no year: inferred as for syslog)</item>
/// <item>Unix epoch: 10 digits (seconds, optional fraction), 13 (ms), 16 (µs) or 19 (ns), 2000..2100</item>
/// <item>TAI64N labels of daemontools-style loggers: <c>@400000004c91b044077a9e94</c></item>
/// </list>
/// Any of them may be wrapped in square brackets. An offset may follow (<c>Z</c>, <c>+01:00</c>, <c>+0100</c>,
/// <c> UTC</c>, <c> GMT</c>); times without one are in the context's zone.
/// Ambiguous numeric dates (dd/MM/yyyy against MM/dd/yyyy) are deliberately not guessed.
/// </summary>
internal static class TimestampParser
{
    private static readonly DateTimeOffset EarliestEpoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LatestEpoch = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Parses a timestamp at the start of <paramref name="text"/> in any supported shape.</summary>
    public static bool TryParsePrefix(ReadOnlySpan<char> text, DecodeContext context, out DateTimeOffset timestamp, out int length)
    {
        if (text.Length > 2 && text[0] == '[')
        {
            if (TryParseUnbracketed(text[1..], context, out timestamp, out length)
                && length + 1 < text.Length && text[length + 1] == ']')
            {
                length += 2;
                return true;
            }

            timestamp = default;
            length = 0;
            return false;
        }

        return TryParseUnbracketed(text, context, out timestamp, out length);
    }

    /// <summary>Parses a whole value (a JSON or logfmt time field): one of the shapes above, or an epoch number.</summary>
    public static bool TryParseValue(ReadOnlySpan<char> text, DecodeContext context, out DateTimeOffset timestamp)
    {
        text = text.Trim();
        if (TryParsePrefix(text, context, out timestamp, out int length) && length == text.Length)
        {
            return true;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
        {
            return TryFromEpochNumber(number, out timestamp);
        }

        // Other shapes (RFC 1123, a space before the offset) are left to .NET's lenient parser, but only
        // for text with a time of day in it: that parser also reads "2005.06" or "1 2" as dates.
        return text.Length >= 10 && text.Contains(':')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out timestamp);
    }

    /// <summary>
    /// An epoch number of unknown unit, told apart by magnitude: seconds (pino's "time" is ms, zap's "ts" is
    /// fractional seconds, journald counts µs). Only instants between 2000 and 2100 are accepted.
    /// </summary>
    public static bool TryFromEpochNumber(double value, out DateTimeOffset timestamp)
    {
        double seconds = value switch
        {
            >= 1e17 => value / 1e9,
            >= 1e14 => value / 1e6,
            >= 1e11 => value / 1e3,
            _ => value,
        };
        timestamp = default;
        if (double.IsNaN(seconds) || seconds < EarliestEpoch.ToUnixTimeSeconds() || seconds >= LatestEpoch.ToUnixTimeSeconds())
        {
            return false;
        }

        timestamp = DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    private static bool TryParseUnbracketed(ReadOnlySpan<char> text, DecodeContext context, out DateTimeOffset timestamp, out int length)
    {
        timestamp = default;
        length = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        if (char.IsAsciiDigit(text[0]))
        {
            return TryParseIso(text, context, out timestamp, out length)
                || TryParseSlashed(text, context, out timestamp, out length)
                || TryParseCommonLog(text, context, out timestamp, out length)
                || TryParseDashedMonthName(text, context, out timestamp, out length)
                || TryParseCompact(text, context, out timestamp, out length)
                || TryParseDashedDotted(text, context, out timestamp, out length)
                || TryParseMonthDay(text, context, out timestamp, out length)
                || TryParseDayMonthNameYear(text, context, out timestamp, out length)
                || TryParseEpoch(text, out timestamp, out length);
        }

        if (char.IsAsciiLetter(text[0]))
        {
            return TryParseBsd(text, context, out timestamp, out length)
                || TryParseCtime(text, context, out timestamp, out length);
        }

        return text[0] == '@' && TryParseTai64N(text, out timestamp, out length);
    }

    /// <summary>
    /// <c>@4000000065920080075bcd15</c>: a TAI64N label as daemontools' multilog, runit's svlogd and s6-log
    /// write it — 16 hex digits of 2^62 + 10 + Unix seconds (those tools ignore leap seconds), then 8 of nanoseconds.
    /// </summary>
    private static bool TryParseTai64N(ReadOnlySpan<char> s, out DateTimeOffset timestamp, out int length)
    {
        const ulong Tai64Base = (1UL << 62) + 10;
        timestamp = default;
        length = 25;
        if (s.Length < length || (s.Length > length && !IsBoundary(s[length]))
            || !ulong.TryParse(s.Slice(1, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong label)
            || !uint.TryParse(s.Slice(17, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint nanoseconds)
            || label < Tai64Base || nanoseconds >= 1_000_000_000)
        {
            return false;
        }

        return TryFromEpochNumber((label - Tai64Base) + (nanoseconds / 1e9), out timestamp);
    }

    /// <summary><c>YYYY-MM-DD[T ]HH:MM[:SS[.,fraction]][Z|±HH[:]MM]</c>.</summary>
    public static bool TryParseIso(ReadOnlySpan<char> s, DecodeContext context, out DateTimeOffset timestamp, out int length)
    {
        timestamp = default;
        length = 0;
        if (s.Length < 16 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ' && s[10] != 't')
            || !TryDigits(s, 0, 4, out int year) || !TryDigits(s, 5, 2, out int month) || !TryDigits(s, 8, 2, out int day))
        {
            return false;
        }

        if (s[10] == ' ' && s[11] == ' ' && char.IsAsciiDigit(s[12]) && s[13] == ':')
        {
            // An hour padded with a space, as MariaDB writes its error log ("2024-05-01  3:10:02 0 [ERROR] …"):
            // read as "03", which has the same length.
            Span<char> padded = stackalloc char[Math.Min(s.Length, 48)];
            s[..padded.Length].CopyTo(padded);
            padded[11] = '0';
            return TryParseIso(padded, context, out timestamp, out length);
        }

        if (!TryParseTimeOfDay(s, 11, out var timeOfDay, out int position))
        {
            return false;
        }

        return TryFinish(s, context, year, month, day, timeOfDay, position, out timestamp, out length);
    }

    /// <summary><c>YYYY/MM/DD HH:MM:SS</c>, <c>YYYY.MM.DD HH:MM:SS</c> (stunnel) and <c>YY/MM/DD HH:MM:SS</c>.</summary>
    private static bool TryParseSlashed(ReadOnlySpan<char> s, DecodeContext context, out DateTimeOffset timestamp, out int length)
    {
        timestamp = default;
        length = 0;
        int year;
        int datePart;
        if (s.Length >= 19 && s[4] is '/' or '.' && s[7] == s[4] && TryDigits(s, 0, 4, out year))
        {
            datePart = 5;
        }
        else if (s.Length >= 17 && s[2] == '/' && s[5] == '/' && TryDigits(s, 0, 2, out year))
        {
            year += 2000;
            datePart = 3;
        }
        else
        {
            return false;
        }

        if (!TryDigits(s, datePart, 2, out int month) || !TryDigits(s, datePart + 3, 2, out int day)
            || s[datePart + 5] != ' ' || !TryParseTimeOfDay(s, datePart + 6, out var timeOfDay, out int position))
        {
            return false;
        }

        return TryFinish(s, context, year, month, day, timeOfDay, position, out timestamp, out length);
    }

    /// <summary>
    /// Dates without separators: <c>yyyyMMdd-HH:MM:SS[:fff|.fraction]</c> (the separator may also be <c>T</c>, a blank or
    /// <c>_</c>), <c>yyyyMMddTHHMMSS</c>, <c>yyMMdd HHMMSS</c> (Hadoop's HDFS: <c>081109 203615</c>) and <c>yyMMdd HH:MM:SS</c>
    /// with the hour padded by a space (MySQL's error log before 5.6: <c>130324  0:04:00</c>). A colon before
    /// one to three digits is a count of milliseconds (<c>22:15:29:606</c>, and unpadded <c>22:15:35:11</c>);
    /// after the eight-digit date the time's parts may be unpadded too (<c>20171224-1:0:0:794</c>).
    /// </summary>
    private static bool TryParseCompact(ReadOnlySpan<char> s, DecodeContext context, out DateTimeOffset timestamp, out int length)
    {
        timestamp = default;
        length = 0;
        int year, dateLength;
        if (s.Length >= 15 && TryDigits(s, 0, 8, out _) && s[8] is '-' or 'T' or ' ' or '_')
        {
            TryDigits(s, 0, 4, out year);
            dateLength = 8;
        }
        else if (s.Length >= 13 && TryDigits(s, 0, 6, out _) && s[6] == ' ')
        {
            TryDigits(s, 0, 2, out year);
            year += 2000;
            dateLength = 6;
        }
        else
        {
            return false;
        }

        TryDigits(s, dateLength - 4, 2, out int month);
        TryDigits(s, dateLength - 2, 2, out int day);
        int timeStart = dateLength + 1;
        TimeSpan timeOfDay;
        int position;
        if (dateLength == 8 && TryParseUnpaddedTimeOfDay(s, timeStart, out timeOfDay, out position))
        {
            int digits = 0;
            while (position + 1 + digits < s.Length && digits < 4 && char.IsAsciiDigit(s[position + 1 + digits]))
            {
                digits++;
            }

            if (position < s.Length && s[position] == ':' && digits is >= 1 and <= 3 && TryDigits(s, position + 1, digits, out int milliseconds))
            {
                timeOfDay += TimeSpan.FromMilliseconds(milliseconds); // written unpadded: ":11" is 11 ms
                position += 1 + digits;
            }
        }
        else if (dateLength == 6 && TryParseSpacePaddedTime(s, timeStart, out timeOfDay, out position))
        {
            // MySQL before 5.6 and MariaDB before 10.1: "130324  0:04:00 [ERROR] …", "130324 10:04:00 [Note] …"
        }
        else if (TryDigits(s, timeStart, 6, out int hhmmss) && (timeStart + 6 == s.Length || !char.IsAsciiDigit(s[timeStart + 6])))
        {
            int hour = hhmmss / 10000, minute = hhmmss / 100 % 100, second = hhmmss % 100;
            if (hour > 23 || minute > 59 || second > 59)
            {
                return false;
            }

            position = timeStart + 6;
            timeOfDay = new TimeSpan(hour, minute, second) + TimeSpan.FromTicks(ReadFraction(s, ref position));
        }
        else
        {
            return false;
        }

        return TryFinish(s, context, year, month, day, timeOfDay, position, out timestamp, out length);
    }

    /// <summary>
    /// <c>HH:MM:SS</c> with the hour padded with a space instead of a zero (<c>" 0:04:00"</c>, printf's <c>%2d</c>), as
    /// MySQL's and MariaDB's old error logs write it after a <c>yyMMdd</c> date; a fraction may follow.
    /// </summary>
    private static bool TryParseSpacePaddedTime(ReadOnlySpan<char> s, int start, out TimeSpan timeOfDay, out int end)
    {
        timeOfDay = default;
        end = start;
        int hourDigits = start + 2 < s.Length && s[start] == ' ' && char.IsAsciiDigit(s[start + 1]) && s[start + 2] == ':' ? 1 : 2;
        int hourStart = hourDigits == 1 ? start + 1 : start;
        int minuteStart = hourStart + hourDigits + 1;
        if (minuteStart + 5 > s.Length || !TryDigits(s, hourStart, hourDigits, out int hour) || s[minuteStart - 1] != ':'
            || !TryDigits(s, minuteStart, 2, out int minute) || s[minuteStart + 2] != ':' || !TryDigits(s, minuteStart + 3, 2, out int second)
            || hour > 23 || minute > 59 || second > 60 || (minuteStart + 5 < s.Length && char.IsAsciiDigit(s[minuteStart + 5])))
        {
            return false;
        }

        end = minuteStart + 5;
        timeOfDay = new TimeSpan(hour, minute, Math.Min(second, 59)) + TimeSpan.FromTicks(ReadFraction(s, ref end));
        return true;
    }

    /// <summary><c>H:M:S</c> with each part one or two digits (<c>1:0:0</c>, as some loggers write it unpadded), then a fraction.</summary>
    private static bool TryParseUnpaddedTimeOfDay(ReadOnlySpan<char> s, int start, out TimeSpan timeOfDay, out int end)
    {
        timeOfDay = default;
        end = start;
        Span<int> parts = stackalloc int[3];
        for (int part = 0; part < 3; part++)
        {
            if (part > 0)
            {
                if (end >= s.Length || s[end] != ':')
                {
                    return false;
                }

                end++;
            }

            int digits = 0;
            while (end + digits < s.Length && digits < 3 && char.IsAsciiDigit(s[end + digits]))
            {
                digits++;
            }

            if (digits is 0 or > 2 || !TryDigits(s, end, digits, out parts[part]))
            {
                return false;
            }

            end += digits;
        }

        if (parts[0] > 23 || parts[1] > 59 || parts[2] > 60)
        {
            return false;
        }

        timeOfDay = new TimeSpan(parts[0], parts[1], Math.Min(parts[2], 59)) + TimeSpan.FromTicks(ReadFraction(s, ref end));
        return true;
    }

    /// <summary><c>yyyy-MM-dd-HH.MM.SS[.fraction]</c>: DB2's timestamp, as IBM's systems (Blue Gene's RAS log) write it.</summary>
    private static bool TryParseDashedDotted(ReadOnlySpan<char> s, DecodeContext context, out DateTimeOffset timestamp, out int length)
    {
        timestamp = default;
        length = 0;
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || s[10] != '-' || s[13] != '.' || s[16] != '.'
            || !TryDigits(s, 0, 4, out int year) || !TryDigits(s, 5, 2, out int month) || !TryDigits(s, 8, 2, out int day)
            || !TryDigits(s, 11, 2, out int hour) || !TryDigits(s, 14, 2, out int minute) || !TryDigits(s, 17, 2, out int second)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        int position = 19;
        var timeOfDay = new TimeSpan(hour, minute, second) + TimeSpan.FromTicks(ReadFraction(s, ref position, commaToo: false));

        return TryFinish(s, context, year, month, day, timeOfDay, position, out timestamp, out length);
    }

    /// <summary>
    /// <c>MM-dd HH:MM:SS.fraction</c>, no year (Android's logcat, <c>-v threadtime</c>: <c>03-17 16:13:38.811</c>); the
    /// fraction is required, so that a bare "12-31 23:59" elsewhere is not taken for a time. The year is inferred as
    /// for syslog.
    /// </summary>
    private static bool TryParseMonthDay(ReadOnlySpan<char> s, DecodeContext context, out DateTimeOffset timestamp, out int length)
    {
        timestamp = default;
        length = 0;
        if (s.Length < 16 || s[2] != '-' || s[5] != ' ' || !TryDigits(s, 0, 2, out int month) || !TryDigits(s, 3, 2, out int day)
            || month is < 1 or > 12 || day is < 1 or > 31
            || !TryParseTimeOfDay(s, 6, out var timeOfDay, out int position) || position <= 15
            || (position < s.Length && char.IsAsciiLetterOrDigit(s[position])))
        {
            return false;
        }

        length = position;
        return context.TryInferYear(month, day, timeOfDay, out timestamp);
    }

    /// <summary><c>dd-Mmm-yyyy HH:MM:SS [±zzzz|UTC]</c>: PHP's error_log (Roundcube, WordPress, Laravel's php-fpm).</summary>
    private static bool TryParseDashedMonthName(ReadOnlySpan<char> s, DecodeContext context, out DateTimeOffset timestamp, out int length)
    {
        timestamp = default;
        length = 0;
        if (s.Length < 20 || s[2] != '-' || s[6] != '-' || s[11] != ' '
            || !TryDigits(s, 0, 2, out int day) || !TryMonth(s[3..6], out int month) || !TryDigits(s, 7, 4, out int year)
            || !TryParseTimeOfDay(s, 12, out var timeOfDay, out int position))
        {
            return false;
        }

        if (position + 6 <= s.Length && s[position] == ' ' && (s[position + 1] == '+' || s[position + 1] == '-'))
        {
            position++;
        }

        return TryFinish(s, context, year, month, day, timeOfDay, position, out timestamp, out length);
    }

    /// <summary><c>dd/Mmm/yyyy:HH:MM:SS[.fff] [±zzzz]</c> (Apache/nginx access logs, HAProxy).</summary>
    public static bool TryParseCommonLog(ReadOnlySpan<char> s, DecodeContext context, out DateTimeOffset timestamp, out int length)
    {
        timestamp = default;
        length = 0;
        if (s.Length < 20 || s[2] != '/' || s[6] != '/' || s[11] != ':'
            || !TryDigits(s, 0, 2, out int day) || !TryMonth(s[3..6], out int month) || !TryDigits(s, 7, 4, out int year)
            || !TryParseTimeOfDay(s, 12, out var timeOfDay, out int position))
        {
            return false;
        }

        if (position + 6 <= s.Length && s[position] == ' ' && (s[position + 1] == '+' || s[position + 1] == '-'))
        {
            position++; // the zone is separated by a space here, unlike ISO 8601
        }

        return TryFinish(s, context, year, month, day, timeOfDay, position, out timestamp, out length);
    }

    /// <summary>
    /// <c>Mmm dd HH:MM:SS[.fraction]</c>, the day padded with a space (RFC 3164), a zero, or not at all
    /// ("Feb 7 16:01:07", as some BSD syslogds and appliances write it); no year.
    /// </summary>
    public static bool TryParseBsd(ReadOnlySpan<char> s, DecodeContext context, out DateTimeOffset timestamp, out int length)
    {
        timestamp = default;
        length = 0;
        if (s.Length < 14 || s[3] != ' ' || !TryMonth(s[..3], out int month))
        {
            return false;
        }

        int timeStart = 7;
        int day;
        if (TryDayOfMonth(s, 4, out day) && s[6] == ' ')
        {
            timeStart = 7;
        }
        else if (char.IsAsciiDigit(s[4]) && s[4] != '0' && s[5] == ' ')
        {
            day = s[4] - '0';
            timeStart = 6;
        }
        else
        {
            return false;
        }

        // macOS and some appliances put the year after the day: "Oct 27 2015 09:24:46".
        int year = 0;
        if (timeStart + 5 < s.Length && s[timeStart + 4] == ' ' && TryDigits(s, timeStart, 4, out year))
        {
            timeStart += 5;
        }

        if (!TryParseTimeOfDay(s, timeStart, out var timeOfDay, out int position))
        {
            return false;
        }

        if (position < s.Length && char.IsAsciiLetterOrDigit(s[position]))
        {
            return false;
        }

        length = position;
        if (year == 0)
        {
            return context.TryInferYear(month, day, timeOfDay, out timestamp);
        }

        if (!TryDate(year, month, day, timeOfDay, out var wallClock))
        {
            return false;
        }

        timestamp = context.FromLocal(wallClock);
        return true;
    }

    /// <summary><c>Www Mmm dd HH:MM:SS[.fraction] YYYY</c> (C's ctime, Apache's error log).</summary>
    public static bool TryParseCtime(ReadOnlySpan<char> s, DecodeContext context, out DateTimeOffset timestamp, out int length)
    {
        timestamp = default;
        length = 0;
        if (s.Length < 24 || s[3] != ' ' || !IsDayName(s[..3]) || s[7] != ' ' || !TryMonth(s[4..7], out int month)
            || !TryDayOfMonth(s, 8, out int day) || s[10] != ' ' || !TryParseTimeOfDay(s, 11, out var timeOfDay, out int position)
            || position + 5 > s.Length || s[position] != ' ' || !TryDigits(s, position + 1, 4, out int year))
        {
            return false;
        }

        position += 5;
        if (position < s.Length && char.IsAsciiDigit(s[position]))
        {
            return false;
        }

        if (!TryDate(year, month, day, timeOfDay, out var wallClock))
        {
            return false;
        }

        timestamp = context.FromLocal(wallClock);
        length = position;
        return true;
    }

    private static bool TryParseEpoch(ReadOnlySpan<char> s, out DateTimeOffset timestamp, out int length)
    {
        timestamp = default;
        int digits = 0;
        while (digits < s.Length && char.IsAsciiDigit(s[digits]))
        {
            digits++;
        }

        length = digits;
        if (digits is not (10 or 13 or 16 or 19))
        {
            return false;
        }

        if (!long.TryParse(s[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out long whole))
        {
            return false; // 19 digits can exceed a long
        }

        double value = whole;
        if (digits == 10)
        {
            value += ReadFraction(s, ref length, commaToo: false) / (double)TimeSpan.TicksPerSecond;
        }

        if (length < s.Length && !IsBoundary(s[length]))
        {
            return false;
        }

        return TryFromEpochNumber(value, out timestamp);
    }

    /// <summary>
    /// <c>d[d] Mmm yyyy HH:MM[:SS[.,fraction]]</c>: log4j's DATE format (<c>22 Nov 2026 02:03:06,514</c>) and Redis's
    /// log (<c>22 Nov 2026 02:03:06.514</c>).
    /// </summary>
    private static bool TryParseDayMonthNameYear(ReadOnlySpan<char> s, DecodeContext context, out DateTimeOffset timestamp, out int length)
    {
        timestamp = default;
        length = 0;
        int dayLength = s.Length > 1 && char.IsAsciiDigit(s[1]) ? 2 : 1;
        int monthAt = dayLength + 1;
        int yearAt = monthAt + 4;
        if (s.Length < yearAt + 10 || s[dayLength] != ' ' || !TryDigits(s, 0, dayLength, out int day)
            || !TryMonth(s.Slice(monthAt, 3), out int month) || s[monthAt + 3] != ' '
            || !TryDigits(s, yearAt, 4, out int year) || s[yearAt + 4] != ' '
            || !TryParseTimeOfDay(s, yearAt + 5, out var timeOfDay, out int position))
        {
            return false;
        }

        return TryFinish(s, context, year, month, day, timeOfDay, position, out timestamp, out length);
    }

    /// <summary><c>HH:MM[:SS[.,fraction]]</c> at <paramref name="start"/>.</summary>
    private static bool TryParseTimeOfDay(ReadOnlySpan<char> s, int start, out TimeSpan timeOfDay, out int end)
    {
        timeOfDay = default;
        end = start;
        if (start + 5 > s.Length || s[start + 2] != ':' || !TryDigits(s, start, 2, out int hour) || !TryDigits(s, start + 3, 2, out int minute)
            || hour > 23 || minute > 59)
        {
            return false;
        }

        int second = 0;
        long fractionTicks = 0;
        end = start + 5;
        if (end + 3 <= s.Length && s[end] == ':' && TryDigits(s, end + 1, 2, out second))
        {
            end += 3;
            second = Math.Min(second, 59); // a leap second (":60") is folded into the one before it
            fractionTicks = ReadFraction(s, ref end);
        }
        else if (second > 59)
        {
            return false;
        }

        timeOfDay = new TimeSpan(hour, minute, second) + TimeSpan.FromTicks(fractionTicks);
        return true;
    }

    /// <summary>Reads an optional UTC offset at <paramref name="position"/> and builds the instant.</summary>
    private static bool TryFinish(ReadOnlySpan<char> s, DecodeContext context, int year, int month, int day, TimeSpan timeOfDay, int position,
        out DateTimeOffset timestamp, out int length)
    {
        timestamp = default;
        length = 0;
        if (!TryDate(year, month, day, timeOfDay, out var wallClock))
        {
            return false;
        }

        TimeSpan? offset = null;
        if (position < s.Length && (s[position] == 'Z' || s[position] == 'z'))
        {
            offset = TimeSpan.Zero;
            position++;
        }
        else if (position + 3 <= s.Length && (s[position] == '+' || s[position] == '-') && TryDigits(s, position + 1, 2, out int offsetHours))
        {
            int cursor = position + 3;
            int offsetMinutes = 0;
            if (cursor + 3 <= s.Length && s[cursor] == ':' && TryDigits(s, cursor + 1, 2, out offsetMinutes))
            {
                cursor += 3;
            }
            else if (cursor + 2 <= s.Length && TryDigits(s, cursor, 2, out offsetMinutes))
            {
                cursor += 2;
            }

            if (offsetHours <= 14 && offsetMinutes <= 59 && (cursor >= s.Length || !char.IsAsciiDigit(s[cursor])))
            {
                var magnitude = new TimeSpan(offsetHours, offsetMinutes, 0);
                offset = s[position] == '-' ? -magnitude : magnitude;
                position = cursor;
            }
        }

        else if (position + 4 <= s.Length && s[position] == ' ' && s.Slice(position + 1, 3) is "UTC" or "GMT"
            && (position + 4 == s.Length || !char.IsAsciiLetterOrDigit(s[position + 4])))
        {
            offset = TimeSpan.Zero;
            position += 4;
        }

        if (position < s.Length && char.IsAsciiLetterOrDigit(s[position]))
        {
            return false;
        }

        timestamp = offset is { } known ? new DateTimeOffset(wallClock, known) : context.FromLocal(wallClock);
        length = position;
        return true;
    }

    private static bool TryDate(int year, int month, int day, TimeSpan timeOfDay, out DateTime wallClock)
    {
        wallClock = default;
        // Years near the ends of DateTime's range would overflow once an offset is applied; no log is from there.
        if (year < 1000 || year > 9998 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        wallClock = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).Add(timeOfDay);
        return true;
    }

    /// <summary>
    /// A fraction of a second at <paramref name="position"/>: '.' (or ',' when <paramref name="commaToo"/>) and at least one
    /// digit. Its ticks, and <paramref name="position"/> moved past it; 0 and unmoved when there is none.
    /// </summary>
    private static long ReadFraction(ReadOnlySpan<char> s, ref int position, bool commaToo = true)
    {
        if (position + 1 >= s.Length || !(s[position] == '.' || (commaToo && s[position] == ',')) || !char.IsAsciiDigit(s[position + 1]))
        {
            return 0;
        }

        int fractionEnd = position + 1;
        while (fractionEnd < s.Length && char.IsAsciiDigit(s[fractionEnd]))
        {
            fractionEnd++;
        }

        long ticks = ParseFraction(s[(position + 1)..fractionEnd]);
        position = fractionEnd;
        return ticks;
    }

    /// <summary>Fraction digits as ticks (100 ns); digits past the seventh are below a tick and dropped.</summary>
    private static long ParseFraction(ReadOnlySpan<char> digits)
    {
        long ticks = 0;
        for (int i = 0; i < 7; i++)
        {
            ticks = (ticks * 10) + (i < digits.Length ? digits[i] - '0' : 0);
        }

        return ticks;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start < 0 || start + count > s.Length)
        {
            return false;
        }

        for (int i = start; i < start + count; i++)
        {
            char c = s[i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>A day of month padded with a space (" 4", as syslog writes it) or a zero ("04").</summary>
    private static bool TryDayOfMonth(ReadOnlySpan<char> s, int start, out int day)
    {
        day = 0;
        if (start + 2 > s.Length)
        {
            return false;
        }

        if (s[start] == ' ' && char.IsAsciiDigit(s[start + 1]))
        {
            day = s[start + 1] - '0';
            return day >= 1;
        }

        return TryDigits(s, start, 2, out day) && day is >= 1 and <= 31;
    }

    public static bool TryMonth(ReadOnlySpan<char> name, out int month)
    {
        month = 0;
        // The three letters in either case, packed in an int: one switch on a number instead of a lower-cased copy
        // and a string switch (every syslog and access line's timestamp asks). Only ASCII letters lower-case to a
        // month's letters (of the rest, only U+0130 and U+212A lower-case to ASCII, to 'i' and 'k', in no month name),
        // so the answer is the one ToLowerInvariant gave.
        if (name.Length != 3 || name[0] > 0x7F || name[1] > 0x7F || name[2] > 0x7F)
        {
            return false;
        }

        int key = ((name[0] | 0x20) << 16) | ((name[1] | 0x20) << 8) | (name[2] | 0x20);
        month = key switch
        {
            ('j' << 16) | ('a' << 8) | 'n' => 1,
            ('f' << 16) | ('e' << 8) | 'b' => 2,
            ('m' << 16) | ('a' << 8) | 'r' => 3,
            ('a' << 16) | ('p' << 8) | 'r' => 4,
            ('m' << 16) | ('a' << 8) | 'y' => 5,
            ('j' << 16) | ('u' << 8) | 'n' => 6,
            ('j' << 16) | ('u' << 8) | 'l' => 7,
            ('a' << 16) | ('u' << 8) | 'g' => 8,
            ('s' << 16) | ('e' << 8) | 'p' => 9,
            ('o' << 16) | ('c' << 8) | 't' => 10,
            ('n' << 16) | ('o' << 8) | 'v' => 11,
            ('d' << 16) | ('e' << 8) | 'c' => 12,
            _ => 0,
        };
        return month != 0;
    }

    private static bool IsDayName(ReadOnlySpan<char> name)
    {
        Span<char> lower = stackalloc char[3];
        return name.Length == 3 && name.ToLowerInvariant(lower) == 3
            && lower is "mon" or "tue" or "wed" or "thu" or "fri" or "sat" or "sun";
    }

    private static bool IsBoundary(char c) => !char.IsAsciiLetterOrDigit(c) && c != '.' && c != '-' && c != ':' && c != '/';
}
