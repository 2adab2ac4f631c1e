namespace LogWarden.Detect.Baselines;

/// <summary>
/// What a count is expected to be per hour: an overall mean and, once worth it, one mean per hour of the
/// week. With little history the hour of the week falls back to the hour of the day (the same hour on
/// the other weekdays seen so far), then to the overall mean. Each level is also shrunk toward the level
/// above by one pseudo-observation, and the cautious one of the two is used, so one odd day does not
/// become the rule.
/// </summary>
/// <remarks>
/// The overall mean is a running mean for the first week of hours, then an exponentially weighted one
/// with a week's memory. A slot mean is a running mean for its first four samples (four weeks), then
/// weighted 1/4: a changed weekly rhythm is learned within a month. Slots are kept as floats (168 × 5 bytes
/// with the sample counts) and only for sources and for templates busy enough for a rhythm to show.
/// </remarks>
internal sealed class RateProfile
{
    private const int OverallMemoryHours = LogClock.HoursPerWeek;

    private float[]? _slotMeans;
    private byte[]? _slotSamples;

    /// <summary>Mean count per hour over all hours observed.</summary>
    public double MeanPerHour { get; private set; }

    /// <summary>Hours observed (saturates).</summary>
    public int Hours { get; private set; }

    public bool HasSlots => _slotMeans is not null;

    public void EnableSlots()
    {
        _slotMeans ??= new float[LogClock.HoursPerWeek];
        _slotSamples ??= new byte[LogClock.HoursPerWeek];
    }

    /// <summary>One closed hour with <paramref name="count"/> lines.</summary>
    public void AddHour(int hourOfWeek, double count)
    {
        Hours = Hours < int.MaxValue ? Hours + 1 : Hours;
        double alpha = Math.Max(1.0 / Hours, 1.0 / OverallMemoryHours);
        MeanPerHour += alpha * (count - MeanPerHour);
        if (_slotMeans is null || _slotSamples is null)
        {
            return;
        }
        int n = _slotSamples[hourOfWeek];
        double slotAlpha = n < 4 ? 1.0 / (n + 1) : 0.25;
        _slotMeans[hourOfWeek] += (float)(slotAlpha * (count - _slotMeans[hourOfWeek]));
        _slotSamples[hourOfWeek] = (byte)Math.Min(255, n + 1);
    }

    /// <summary>Adds another profile's learning into this one (two templates the miner merged count as one now).</summary>
    public void Absorb(RateProfile other)
    {
        MeanPerHour += other.MeanPerHour;
        Hours = Math.Max(Hours, other.Hours);
        if (_slotMeans is null || _slotSamples is null || other._slotMeans is null || other._slotSamples is null)
        {
            return;
        }
        for (int i = 0; i < _slotMeans.Length; i++)
        {
            _slotMeans[i] += other._slotMeans[i];
            _slotSamples[i] = Math.Max(_slotSamples[i], other._slotSamples[i]);
        }
    }

    /// <summary>
    /// Expected count per hour in this hour of the week, by the fallback chain, on the cautious side:
    /// the larger (<paramref name="high"/>, for spikes) or smaller (for drops) of the slot's own mean and
    /// its mean shrunk toward the overall one. With one day seen, a quiet night hour is expected quiet
    /// when judging drops and as busy as the day when judging spikes, until more days agree.
    /// </summary>
    public double SlotRate(int hourOfWeek, bool high)
    {
        if (_slotMeans is null || _slotSamples is null)
        {
            return MeanPerHour;
        }
        // The same hour on every weekday seen: the daily rhythm, learned after a day.
        int hourOfDay = hourOfWeek % 24;
        double daySum = 0;
        int dayCount = 0;
        for (int slot = hourOfDay; slot < LogClock.HoursPerWeek; slot += 24)
        {
            int samples = _slotSamples[slot];
            daySum += samples * (double)_slotMeans[slot];
            dayCount += samples;
        }
        if (dayCount == 0)
        {
            return MeanPerHour;
        }
        double daily = daySum / dayCount;
        double shrunk = (daySum + MeanPerHour) / (dayCount + 1);
        double rate = high ? Math.Max(daily, shrunk) : Math.Min(daily, shrunk);
        int n = _slotSamples[hourOfWeek];
        if (n >= 2)
        {
            // The weekly rhythm once this weekday's hour has been seen twice.
            double weekly = _slotMeans[hourOfWeek];
            double weeklyShrunk = ((n * weekly) + daily) / (n + 1);
            rate = high ? Math.Max(weekly, weeklyShrunk) : Math.Min(weekly, weeklyShrunk);
        }
        return rate;
    }

    /// <summary>
    /// Expected count per hour around <paramref name="ticks"/>: the larger (for spikes) or smaller (for
    /// drops) of the two hour slots whose centres bracket it, so a ramp at 9 am is neither a spike at
    /// 8:55 nor a drop at 9:05.
    /// </summary>
    public double Expected(long ticks, bool high)
    {
        long hour = LogClock.Hour(ticks);
        bool secondHalf = ticks % LogClock.TicksPerHour >= LogClock.TicksPerHour / 2;
        long other = secondHalf ? hour + 1 : hour - 1;
        double a = SlotRate(LogClock.HourOfWeek(hour), high);
        double b = SlotRate(LogClock.HourOfWeek(Math.Max(0, other)), high);
        return high ? Math.Max(a, b) : Math.Min(a, b);
    }

    internal RateProfileState Save() => new(MeanPerHour, Hours, _slotMeans is null ? null : (float[])_slotMeans.Clone(), _slotSamples is null ? null : (byte[])_slotSamples.Clone());

    internal void Load(RateProfileState? state)
    {
        if (state is null || !double.IsFinite(state.MeanPerHour) || state.MeanPerHour < 0)
        {
            return;
        }
        MeanPerHour = state.MeanPerHour;
        Hours = Math.Max(0, state.Hours);
        if (state.SlotMeans is { Length: LogClock.HoursPerWeek } means && state.SlotSamples is { Length: LogClock.HoursPerWeek } samples)
        {
            _slotMeans = [.. means.Select(m => float.IsFinite(m) && m >= 0 ? m : 0)];
            _slotSamples = (byte[])samples.Clone();
        }
    }
}
