namespace LogWarden.Detect.Baselines;

/// <summary>
/// How long a source is normally quiet: the longest gap between two of its lines in each hour of the
/// week (the gap is counted in the hour it ends), as last seen within the past seven days, and whether
/// an hour had no line at all. The silence scale at a time is the upper median of the same hour over the
/// past week, so one outage does not teach the source that outages are normal, and a source that is
/// quiet every night is never silent at night.
/// </summary>
internal sealed class GapProfile
{
    private const int DaysKept = 7;

    private readonly float[] _longestGap = new float[LogClock.HoursPerWeek];

    /// <summary>Day index + 1 of the day each slot was last written (0 = never).</summary>
    private readonly int[] _day = new int[LogClock.HoursPerWeek];

    /// <summary>Counts a gap of <paramref name="seconds"/> that ended in <paramref name="hour"/>.</summary>
    public void Note(long hour, float seconds) => Note(LogClock.HourOfWeek(hour), (int)(hour / 24) + 1, seconds);

    /// <summary>The hot-path form: the hour's slot and day stamp (<see cref="DayStamp"/>) computed once per hour by the caller.</summary>
    public void Note(int slot, int day, float seconds)
    {
        if (_day[slot] != day)
        {
            _day[slot] = day;
            _longestGap[slot] = seconds;
        }
        else if (seconds > _longestGap[slot])
        {
            _longestGap[slot] = seconds;
        }
    }

    public static int DayStamp(long hour) => (int)(hour / 24) + 1;

    /// <summary>An hour in which the source wrote nothing: quiet is normal then.</summary>
    public void NoteQuietHour(long hour) => Note(hour, float.PositiveInfinity);

    /// <summary>The longest normal gap for a silence from <paramref name="fromHour"/> to <paramref name="toHour"/> (seconds; infinity when unknown).</summary>
    public double Scale(long fromHour, long toHour)
    {
        double scale = 0;
        for (long hour = Math.Max(fromHour, toHour - 2); hour <= toHour; hour++)
        {
            scale = Math.Max(scale, ScaleAt(hour));
        }
        return scale;
    }

    private double ScaleAt(long hour)
    {
        int today = (int)(hour / 24) + 1;
        int hourOfDay = (int)(hour % 24);
        Span<float> values = stackalloc float[DaysKept];
        int count = 0;
        int weekStart = LogClock.HourOfWeek(hour) - hourOfDay;
        for (int day = 0; day < DaysKept; day++)
        {
            int slot = (weekStart + (day * 24) + hourOfDay + LogClock.HoursPerWeek) % LogClock.HoursPerWeek;
            if (_day[slot] != 0 && _day[slot] > today - DaysKept && _day[slot] <= today)
            {
                values[count++] = _longestGap[slot];
            }
        }
        if (count == 0)
        {
            return double.PositiveInfinity;
        }
        values[..count].Sort();
        return values[count / 2]; // upper median
    }

    /// <summary>
    /// When the source wrote in every one of at least a day's worth of hours of the past week (it is never
    /// quiet): the longest gap of its hours but the longest twentieth of them (the 95th percentile), so one
    /// outage — a restart loop that morning — does not teach it that long silences are normal. Null otherwise.
    /// </summary>
    public double? BusyGap(long hour)
    {
        int today = (int)(hour / 24) + 1;
        Span<float> gaps = stackalloc float[LogClock.HoursPerWeek];
        int hours = 0;
        for (int slot = 0; slot < LogClock.HoursPerWeek; slot++)
        {
            if (_day[slot] == 0 || _day[slot] <= today - DaysKept)
            {
                continue;
            }
            if (float.IsPositiveInfinity(_longestGap[slot]))
            {
                return null;
            }
            gaps[hours++] = _longestGap[slot];
        }
        if (hours < 24)
        {
            return null;
        }
        gaps[..hours].Sort();
        return gaps[(int)(0.95 * (hours - 1))];
    }

    internal GapState Save() => new((float[])_longestGap.Clone(), (int[])_day.Clone());

    internal void Load(GapState? state)
    {
        if (state?.LongestGap is not { Length: LogClock.HoursPerWeek } gaps || state.Day is not { Length: LogClock.HoursPerWeek } days)
        {
            return;
        }
        for (int i = 0; i < LogClock.HoursPerWeek; i++)
        {
            _longestGap[i] = float.IsNaN(gaps[i]) || gaps[i] < 0 ? 0 : gaps[i];
            _day[i] = Math.Max(0, days[i]);
        }
    }
}
