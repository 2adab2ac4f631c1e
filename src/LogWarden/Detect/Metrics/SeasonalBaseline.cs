namespace LogWarden.Detect.Metrics;

/// <summary>What a baseline expects of one minute: the hour's mean and spread, and the peak it usually reaches.</summary>
/// <param name="Ready">False until the hour has enough history (then nothing may be judged).</param>
/// <param name="Envelope">The highest 1-minute average of this hour (or the hour before or after) on previous days,
/// decayed: a nightly job's peak is normal there.</param>
internal readonly record struct BaselineView(bool Ready, double Mean, double Sigma, double Envelope);

/// <summary>
/// The learned normal of one series by hour of week, falling back to hour of day while weeks are few: per hour
/// an exponentially weighted mean and variance of its 1-minute averages (winsorised at 4σ so an outage does not
/// teach itself as normal) and a decayed daily peak. A day's peak per hour is what makes a backup that pegs the
/// CPU from 02:00 to 02:20 normal after two nights, where a mean would still call it a 10σ deviation.
/// About 5 KB per series, fixed.
/// </summary>
internal sealed class SeasonalBaseline
{
    public const int HoursPerDay = 24;
    public const int HoursPerWeek = 168;
    private const int Slots = HoursPerDay + HoursPerWeek;

    /// <summary>The mean forgets at the pace of about a week of one hour's minutes.</summary>
    private const int EffectiveMinutes = 7 * 60;

    /// <summary>An hour counts as seen on a day when it had at least this many minutes.</summary>
    private const int MinMinutesPerHour = 30;

    /// <summary>Peaks fade by this factor per day (hour of day) or per week (hour of week): a job that stops running is forgotten within weeks.</summary>
    private const float PeakDecay = 0.9f;

    private const int MinWeeks = 2;

    private readonly float[] _mean = new float[Slots];
    private readonly float[] _variance = new float[Slots];
    private readonly float[] _peak = new float[Slots];
    private readonly int[] _minutes = new int[Slots];
    private readonly int[] _days = new int[Slots];

    // The peak before the latest fold, and the hour of that fold: a neighbour hour folded today (the hour that
    // just ended) must not lend today's values, an ongoing anomaly included, to the envelope of the next.
    private readonly float[] _previousPeak = new float[Slots];
    private readonly int[] _foldHour = new int[Slots];
    private long _runHour = long.MinValue;
    private float _runPeak = float.NaN;
    private int _runMinutes;

    /// <summary>Learns one closed minute. <paramref name="countsTowardsPeak"/> is false during an alerting anomaly, which must not become tomorrow's normal peak.</summary>
    public void Learn(long minute, double value, bool countsTowardsPeak)
    {
        long hour = FloorDiv(minute, 60);
        if (hour != _runHour)
        {
            Fold();
            _runHour = hour;
            _runPeak = float.NaN;
            _runMinutes = 0;
        }
        _runMinutes++;
        if (countsTowardsPeak && (float.IsNaN(_runPeak) || value > _runPeak))
        {
            _runPeak = (float)value;
        }
        Update(HourOfDay(hour), value);
        Update(HoursPerDay + HourOfWeek(hour), value);
    }

    /// <summary>The expectation for <paramref name="minute"/>: hour of week once it has two weeks, else hour of day once it has <paramref name="minDays"/>.</summary>
    public BaselineView Judge(long minute, int minDays)
    {
        long hour = FloorDiv(minute, 60);
        int week = HoursPerDay + HourOfWeek(hour);
        if (_days[week] >= MinWeeks)
        {
            return View(week, Neighbours(week, HoursPerDay, HoursPerWeek), hour);
        }
        int day = HourOfDay(hour);
        if (_days[day] >= Math.Max(minDays, 1))
        {
            return View(day, Neighbours(day, 0, HoursPerDay), hour);
        }
        return default;
    }

    /// <summary>Days (hour of day) this series has been learnt for at the given minute's hour.</summary>
    public int DaysAt(long minute) => _days[HourOfDay(FloorDiv(minute, 60))];

    private BaselineView View(int slot, (int Before, int After) neighbours, long hour)
    {
        double envelope = PeakBefore(slot, hour);
        foreach (int neighbour in (ReadOnlySpan<int>)[neighbours.Before, neighbours.After])
        {
            double peak = PeakBefore(neighbour, hour);
            if (!double.IsNaN(peak))
            {
                envelope = double.IsNaN(envelope) ? peak : Math.Max(envelope, peak);
            }
        }
        return new BaselineView(true, _mean[slot], Math.Sqrt(Math.Max(_variance[slot], 0)), double.IsNaN(envelope) ? _mean[slot] : envelope);
    }

    /// <summary>A slot's peak as of previous days (NaN when it has none).</summary>
    private double PeakBefore(int slot, long hour)
    {
        if (_days[slot] == 0)
        {
            return double.NaN;
        }
        if (hour - _foldHour[slot] < HoursPerDay - 1)
        {
            return _days[slot] > 1 ? _previousPeak[slot] : double.NaN; // folded today
        }
        return _peak[slot];
    }

    private static (int Before, int After) Neighbours(int slot, int first, int count)
    {
        int index = slot - first;
        return (first + ((index + count - 1) % count), first + ((index + 1) % count));
    }

    private void Update(int slot, double value)
    {
        int n = ++_minutes[slot];
        double mean = _mean[slot];
        double variance = _variance[slot];
        if (n > 60)
        {
            double limit = 4 * Math.Sqrt(Math.Max(variance, 0)) + 1e-9;
            value = Math.Clamp(value, mean - limit, mean + limit);
        }
        double alpha = 1.0 / Math.Min(n, EffectiveMinutes);
        double delta = value - mean;
        _mean[slot] = (float)(mean + (alpha * delta));
        _variance[slot] = (float)((1 - alpha) * (variance + (alpha * delta * delta)));
    }

    /// <summary>At the end of an hour: its peak joins the hour's decayed peak, and the hour counts one more day.</summary>
    private void Fold()
    {
        if (_runHour == long.MinValue || _runMinutes < MinMinutesPerHour)
        {
            return;
        }
        foreach (int slot in (ReadOnlySpan<int>)[HourOfDay(_runHour), HoursPerDay + HourOfWeek(_runHour)])
        {
            _previousPeak[slot] = _peak[slot];
            _foldHour[slot] = (int)_runHour;
            float decayed = _days[slot] == 0 ? float.NaN : _peak[slot] * PeakDecay;
            _peak[slot] = float.IsNaN(_runPeak) ? (float.IsNaN(decayed) ? _mean[slot] : decayed)
                : float.IsNaN(decayed) ? _runPeak : Math.Max(_runPeak, decayed);
            _days[slot]++;
        }
    }

    private static int HourOfDay(long hour) => (int)(((hour % HoursPerDay) + HoursPerDay) % HoursPerDay);

    private static int HourOfWeek(long hour) => (int)(((hour % HoursPerWeek) + HoursPerWeek) % HoursPerWeek);

    private static long FloorDiv(long value, long divisor) => Math.DivRem(value, divisor, out long rest) - (rest < 0 ? 1 : 0);

    /// <summary>Everything as floats: mean, variance, peak, minutes, days, previous peak, fold hour per slot, then the running hour.</summary>
    public float[] Save()
    {
        var state = new float[(7 * Slots) + 3];
        _mean.CopyTo(state, 0);
        _variance.CopyTo(state, Slots);
        _peak.CopyTo(state, 2 * Slots);
        for (int i = 0; i < Slots; i++)
        {
            state[(3 * Slots) + i] = _minutes[i];
            state[(4 * Slots) + i] = _days[i];
        }
        _previousPeak.CopyTo(state, 5 * Slots);
        for (int i = 0; i < Slots; i++)
        {
            state[(6 * Slots) + i] = _foldHour[i];
        }
        state[7 * Slots] = _runHour == long.MinValue ? float.NaN : _runHour;
        state[(7 * Slots) + 1] = _runPeak;
        state[(7 * Slots) + 2] = _runMinutes;
        return state;
    }

    /// <summary>Restores <see cref="Save"/>'s output; false (and unchanged) when it does not fit.</summary>
    public bool Load(ReadOnlySpan<float> state)
    {
        if (state.Length != (7 * Slots) + 3)
        {
            return false;
        }
        foreach (float f in state[..(3 * Slots)])
        {
            if (float.IsInfinity(f))
            {
                return false;
            }
        }
        state[..Slots].CopyTo(_mean);
        state.Slice(Slots, Slots).CopyTo(_variance);
        state.Slice(2 * Slots, Slots).CopyTo(_peak);
        for (int i = 0; i < Slots; i++)
        {
            _minutes[i] = (int)Math.Clamp(state[(3 * Slots) + i], 0, int.MaxValue);
            _days[i] = (int)Math.Clamp(state[(4 * Slots) + i], 0, int.MaxValue);
        }
        state.Slice(5 * Slots, Slots).CopyTo(_previousPeak);
        for (int i = 0; i < Slots; i++)
        {
            _foldHour[i] = (int)Math.Clamp(state[(6 * Slots) + i], 0, int.MaxValue);
        }
        float runHour = state[7 * Slots];
        _runHour = float.IsNaN(runHour) ? long.MinValue : (long)runHour;
        _runPeak = state[(7 * Slots) + 1];
        _runMinutes = (int)Math.Clamp(state[(7 * Slots) + 2], 0, int.MaxValue);
        return true;
    }
}
