namespace LogWarden.Detect.Baselines;

/// <summary>
/// How long a source is normally quiet: the longest gap between two of its lines in each hour of the
/// week (the gap is counted in the hour it ends), as last seen within the past seven days, and whether
/// an hour had no line at all. The silence scale at a time is the upper median of the same hour over the
/// past week, so one outage does not teach the source that outages are normal, and a source that is
/// quiet every night is never silent at night.
/// </summary>
/// <remarks>
/// Also the tail of each hour's gaps (<see cref="QuietLimit"/>). Past a threshold u, the gaps of a source whose
/// lines (or bursts of lines) arrive at random are u plus an exponential excess, whatever its rate or clustering
/// (a job that writes "started" and "completed" a second apart has its long gaps between jobs), so the count n
/// of gaps over u in an hour and their mean excess s say how long a gap the hour shows by chance:
/// u + s·ln(24·n / <see cref="FalseSilencesPerDay"/>) is exceeded that often a day (s taken at the upper 90 % bound
/// of its estimate, so the few dozen long gaps of a sparse source's two days do not promise more than they know). Counted per hour for
/// u = 1, 2, 4 … 1,024 s and pooled over the same hour of the past week's days; the limit is the largest over
/// the thresholds with ≥ 30 gaps (a tail heavier than exponential shows as a mean excess that grows with u), and
/// never under twice the hour's longest gap of those days (real logs pause now and then in ways no rate
/// predicts). A cron-driven or bursty source has few gaps over the long thresholds and long ones between its
/// bursts, so its limit stays long; a source writing every few seconds gets a limit of a minute or two.
/// </remarks>
internal sealed class GapProfile
{
    private const int DaysKept = 7;

    /// <summary>Chance silences per day at the quiet limit of a source whose gaps follow the tail they showed …</summary>
    public const double FalseSilencesPerDay = 0.05;

    /// <summary>… and of a host, shared among its sources: a host with a dozen logs is not told of a chance silence every other day.</summary>
    public const double HostFalseSilencesPerDay = 0.2;

    /// <summary>The quiet limit is at least this many times the hour's longest gap of the past days (the longest of them, not the hour being counted).</summary>
    public const double LongestGapFactor = 2;

    private const int TailThresholds = 11; // 1 s … 1,024 s

    private const int MinTailGaps = 30;

    /// <summary>The one-sided 90 % normal quantile: the mean excess of the tail is taken at its upper bound.</summary>
    private const double MeanExcessZ = 1.28;

    private readonly float[] _longestGap = new float[LogClock.HoursPerWeek];

    /// <summary>Day index + 1 of the day each slot was last written (0 = never).</summary>
    private readonly int[] _day = new int[LogClock.HoursPerWeek];

    /// <summary>Per slot and threshold, the gaps over it and their summed excess (seconds); allocated once an hour is closed.</summary>
    private int[]? _tailCount;
    private float[]? _tailExcess;

    /// <summary>Per slot, the day stamp of the hour whose tail it holds (0 = none).</summary>
    private readonly int[] _tailDay = new int[LogClock.HoursPerWeek];

    /// <summary>The hour being counted (slot, day stamp), and its gaps over each threshold with their summed excess.</summary>
    private int _openSlot = -1;
    private int _openDay;
    private readonly int[] _openCount = new int[TailThresholds];
    private readonly double[] _openExcess = new double[TailThresholds];

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
        if (slot != _openSlot || day != _openDay)
        {
            OpenHour(slot, day);
        }
        for (int i = 0; i < TailThresholds && seconds > (1 << i); i++)
        {
            _openCount[i]++;
            _openExcess[i] += seconds - (1 << i);
        }
    }

    /// <summary>Closes the hour being counted (its tail is kept in its slot) and opens this one.</summary>
    private void OpenHour(int slot, int day)
    {
        if (_openSlot >= 0 && _day[_openSlot] == _openDay && !float.IsPositiveInfinity(_longestGap[_openSlot]))
        {
            _tailCount ??= new int[LogClock.HoursPerWeek * TailThresholds];
            _tailExcess ??= new float[LogClock.HoursPerWeek * TailThresholds];
            for (int i = 0; i < TailThresholds; i++)
            {
                _tailCount[(_openSlot * TailThresholds) + i] = _openCount[i];
                _tailExcess[(_openSlot * TailThresholds) + i] = (float)_openExcess[i];
            }
            _tailDay[_openSlot] = _openDay;
        }
        _openSlot = slot;
        _openDay = day;
        Array.Clear(_openCount);
        Array.Clear(_openExcess);
    }

    public static int DayStamp(long hour) => (int)(hour / 24) + 1;

    /// <summary>An hour in which the source wrote nothing: quiet is normal then.</summary>
    public void NoteQuietHour(long hour)
    {
        int slot = LogClock.HourOfWeek(hour);
        _day[slot] = DayStamp(hour);
        _longestGap[slot] = float.PositiveInfinity;
    }

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

    /// <summary>
    /// How long a silence from <paramref name="fromHour"/> to <paramref name="toHour"/> may last before it is not
    /// chance (seconds): the largest over its hours (the last three) of the hour's quiet limit, from the same hour
    /// of the past week's days (the hour being counted is not used); infinity when unknown or when that hour was
    /// ever without a line.
    /// </summary>
    public double QuietLimit(long fromHour, long toHour, double falsePerDay = FalseSilencesPerDay)
    {
        double limit = 0;
        for (long hour = Math.Max(fromHour, toHour - 2); hour <= toHour; hour++)
        {
            limit = Math.Max(limit, QuietAt(hour, falsePerDay));
        }
        return limit;
    }

    private double QuietAt(long hour, double falsePerDay)
    {
        if (_tailCount is null || _tailExcess is null)
        {
            return double.PositiveInfinity;
        }
        Span<int> counts = stackalloc int[TailThresholds];
        Span<double> excess = stackalloc double[TailThresholds];
        counts.Clear();
        excess.Clear();
        int days = 0;
        float longest = 0;
        Span<int> slots = stackalloc int[DaysKept];
        foreach (int slot in slots[..PastSlots(hour, slots)])
        {
            if (float.IsPositiveInfinity(_longestGap[slot]))
            {
                return double.PositiveInfinity;
            }
            if (slot == _openSlot && _day[slot] == _openDay)
            {
                continue; // the hour being counted
            }
            longest = Math.Max(longest, _longestGap[slot]);
            if (_tailDay[slot] != _day[slot])
            {
                continue; // an hour whose tail was not kept
            }
            days++;
            for (int i = 0; i < TailThresholds; i++)
            {
                counts[i] += _tailCount[(slot * TailThresholds) + i];
                excess[i] += _tailExcess[(slot * TailThresholds) + i];
            }
        }
        if (days == 0)
        {
            return double.PositiveInfinity;
        }
        return Math.Max(Limit(counts, excess, days, falsePerDay), LongestGapFactor * Math.Max(longest, 1));
    }

    /// <summary>
    /// The quiet limit of <paramref name="days"/> days' worth of an hour with these gaps over each threshold
    /// (pooled): the largest u + s·ln(24·n / rate) (s the mean excess at its upper bound) of the thresholds with at least 30 gaps, n the count per day, rate
    /// <paramref name="falsePerDay"/>.
    /// </summary>
    internal static double Limit(ReadOnlySpan<int> counts, ReadOnlySpan<double> excess, int days, double falsePerDay = FalseSilencesPerDay)
    {
        double limit = double.PositiveInfinity;
        for (int i = 0; i < counts.Length; i++)
        {
            if (counts[i] < MinTailGaps)
            {
                break;
            }
            // The mean excess of n gaps is an estimate good to about 1/√n (exponential excesses), and the limit multiplies
            // it by ln(24·n/rate), about 9: thirty gaps' mean, 18 % low by chance, would make chance silences five times as
            // frequent as promised. Its upper 90 % bound is taken instead.
            double mean = excess[i] / counts[i] * (1 + (MeanExcessZ / Math.Sqrt(counts[i])));
            double at = (1 << i) + (mean * Math.Log(24.0 * counts[i] / days / falsePerDay));
            limit = double.IsPositiveInfinity(limit) ? at : Math.Max(limit, at);
        }
        return limit;
    }

    /// <summary>The slots of the same hour of day on the past week's days (up to <paramref name="hour"/>'s day) that were written; returns how many.</summary>
    private int PastSlots(long hour, Span<int> slots)
    {
        int count = 0;
        int today = (int)(hour / 24) + 1;
        int hourOfDay = (int)(hour % 24);
        int weekStart = LogClock.HourOfWeek(hour) - hourOfDay;
        for (int day = 0; day < DaysKept; day++)
        {
            int slot = (weekStart + (day * 24) + hourOfDay + LogClock.HoursPerWeek) % LogClock.HoursPerWeek;
            if (_day[slot] != 0 && _day[slot] > today - DaysKept && _day[slot] <= today)
            {
                slots[count++] = slot;
            }
        }
        return count;
    }

    private double ScaleAt(long hour)
    {
        Span<int> slots = stackalloc int[DaysKept];
        Span<float> values = stackalloc float[DaysKept];
        int count = PastSlots(hour, slots);
        for (int i = 0; i < count; i++)
        {
            values[i] = _longestGap[slots[i]];
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

    internal GapState Save() => new((float[])_longestGap.Clone(), (int[])_day.Clone(), (int[]?)_tailCount?.Clone(), (float[]?)_tailExcess?.Clone(), (int[])_tailDay.Clone());

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
        if (state.TailCounts is { Length: LogClock.HoursPerWeek * TailThresholds } counts && state.TailExcess is { Length: LogClock.HoursPerWeek * TailThresholds } excess
            && state.TailDay is { Length: LogClock.HoursPerWeek } tailDays)
        {
            _tailCount = [.. counts.Select(c => Math.Max(0, c))];
            _tailExcess = [.. excess.Select(e => float.IsFinite(e) && e >= 0 ? e : 0)];
            for (int i = 0; i < LogClock.HoursPerWeek; i++)
            {
                _tailDay[i] = Math.Max(0, tailDays[i]);
            }
        }
    }
}
