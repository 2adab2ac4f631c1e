using System.Globalization;
using LogWarden.Config;

namespace LogWarden.Web.Loki;

/// <summary>Loki's ways of writing a time and a step in a query string.</summary>
internal static class LokiTime
{
    /// <summary>
    /// As Loki reads <c>start</c>, <c>end</c> and <c>time</c>: a number with a '.' is epoch seconds with a
    /// fraction; an integer of at most 10 digits is epoch seconds, a longer one epoch nanoseconds; anything
    /// else must be RFC 3339. Empty: <paramref name="fallback"/>.
    /// </summary>
    public static DateTimeOffset Parse(string? value, DateTimeOffset fallback, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }
        try
        {
            if (value.Contains('.', StringComparison.Ordinal)
                && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
            {
                return DateTimeOffset.UnixEpoch.AddTicks(checked((long)Math.Round(seconds * TimeSpan.TicksPerSecond)));
            }
            if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number))
            {
                return value.TrimStart('-').Length <= 10
                    ? DateTimeOffset.FromUnixTimeSeconds(number)
                    : DateTimeOffset.UnixEpoch.AddTicks(number / 100);
            }
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            throw new LogQlException($"invalid {name}: '{value}' is out of range");
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset time)
            && value.Contains('T', StringComparison.Ordinal))
        {
            return time;
        }
        throw new LogQlException($"invalid {name}: '{value}' is neither epoch seconds/nanoseconds nor RFC 3339");
    }

    /// <summary>A step or interval: a Prometheus duration (<c>15s</c>, <c>1m</c>) or (fractional) seconds.</summary>
    public static TimeSpan? ParseStep(string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
        {
            if (seconds <= 0 || double.IsNaN(seconds) || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
            {
                throw new LogQlException($"invalid {name}: zero or negative query resolution step widths are not accepted. Try a positive integer");
            }
            return TimeSpan.FromSeconds(seconds);
        }
        if (ConfigLoader.TryParseDuration(value, out TimeSpan step) && step > TimeSpan.Zero)
        {
            return step;
        }
        throw new LogQlException($"invalid {name}: '{value}' is not a duration such as 15s or a number of seconds");
    }

    /// <summary>Loki's default step: the range over 250 points, at least a second.</summary>
    public static TimeSpan DefaultStep(DateTimeOffset start, DateTimeOffset end) =>
        TimeSpan.FromSeconds(Math.Max(Math.Ceiling((end - start).TotalSeconds / 250), 1));

    /// <summary>Nanoseconds since the epoch, as text (Loki writes stream timestamps so).</summary>
    public static string Nanoseconds(DateTimeOffset time) =>
        ((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100).ToString(CultureInfo.InvariantCulture);

    /// <summary>The same as UTF-8 digits in <paramref name="digits"/> (20 bytes hold any), with no string per line.</summary>
    public static ReadOnlySpan<byte> Nanoseconds(DateTimeOffset time, Span<byte> digits)
    {
        ((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100).TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        return digits[..written];
    }
}
