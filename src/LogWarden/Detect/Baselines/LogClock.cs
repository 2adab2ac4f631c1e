namespace LogWarden.Detect.Baselines;

/// <summary>
/// Log time as the baselines count it: UTC ticks, minute and hour indexes since 0001-01-01, and the
/// hour of the week (Monday 00:00 UTC = 0). UTC keeps a learned rhythm stable across machines and
/// decoders; a daylight-saving shift moves it by one hour, which the neighbouring-slot rule absorbs.
/// </summary>
internal static class LogClock
{
    public const long TicksPerSecond = TimeSpan.TicksPerSecond;
    public const long TicksPerMinute = TimeSpan.TicksPerMinute;
    public const long TicksPerHour = TimeSpan.TicksPerHour;
    public const long TicksPerDay = TimeSpan.TicksPerDay;
    public const int HoursPerWeek = 168;

    public static long Minute(long ticks) => ticks / TicksPerMinute;

    public static long Hour(long ticks) => ticks / TicksPerHour;

    /// <summary>0 = Monday 00:00–01:00 UTC … 167 = Sunday 23:00–24:00 (0001-01-01 was a Monday).</summary>
    public static int HourOfWeek(long hour) => (int)(hour % HoursPerWeek);

    public static int HourOfDay(long ticks) => (int)(ticks / TicksPerHour % 24);

    /// <summary>0 = Monday … 6 = Sunday.</summary>
    public static int DayOfWeek(long ticks) => (int)(ticks / TicksPerDay % 7);

    public static DateTimeOffset ToTime(long ticks) => new(Math.Clamp(ticks, 0, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero);

    /// <summary>"40 s", "12 min", "3.5 h", "2.1 d": durations in titles.</summary>
    public static string Describe(TimeSpan span)
    {
        double seconds = Math.Abs(span.TotalSeconds);
        return seconds switch
        {
            < 90 => $"{seconds:0} s",
            < 90 * 60 => $"{seconds / 60:0} min",
            < 36 * 3600 => $"{seconds / 3600:0.#} h",
            _ => $"{seconds / 86400:0.#} d",
        };
    }
}
