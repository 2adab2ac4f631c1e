namespace LogWarden.Detect.Baselines;

/// <summary>
/// The times of an error or warning template's latest lines, to ask on every line: did the last K lines
/// come closer together than this template's rate makes believable? A scan statistic over a sliding
/// window, exact to the line, so a line that normally comes twice an hour and now comes five times a
/// minute is a spike at its fifth line — not when a minute window has filled and closed.
/// </summary>
/// <remarks>
/// <para>Three levels, K = 5, 8 and 16 lines: under a Poisson rate λ the K−1 lines before this one fall
/// within S seconds with probability P(Poisson(λS) ≥ K−1); a level fires when the span is at most the S
/// at which that is <see cref="Probability"/>. Small K catches huge ratios of rare lines (≥ ~70×) within a
/// minute, K = 16 catches ~5× of busier ones. The rate is the cautious high expectation of the hour, and
/// never under (lines + 3) over the history seen: a rate learned from two lines is not trusted to be low; it
/// is scaled up by the source's traffic when that runs above its own expectation (warnings that follow load).</para>
/// <para>Guards: the K lines must span at least <see cref="MinSpread"/> (a restart writes a dozen lines at
/// once; a spike keeps coming), at most <see cref="MaxSpan"/>, and no more tightly than half the tightest
/// span this template showed in normal times divided by two (learned like the count's peak: from hours
/// that closed with no episode starting after them; it doubles in a month unless seen again), so a job
/// that always logs its retries in a cluster is judged against its clusters.</para>
/// </remarks>
internal sealed class LineBurst : IFiredLines
{
    public const int Capacity = 16;

    /// <summary>Per-line probability under the learned rate below which a level fires.</summary>
    public const double Probability = 1e-6;

    public static readonly TimeSpan MinSpread = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan MaxSpan = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A burst must be this many times tighter than the tightest of normal times: two days of learning see
    /// little of the tail of a line that follows traffic (a "slow request" warning on a busy evening). For a
    /// line whose gaps are Poisson-like, the tightest span of K lines over a period T shrinks as T^(-1/(K-1)), so
    /// a margin m stands for m^(K-1) learning periods at the 8-line level: 2 covers 128 (3 covered 2,187 and kept a
    /// 21× spike of a line 52 an hour to its 16th line, 75 s; replay seed 7).
    /// </summary>
    private const double TightMargin = 2;

    private const double HalfLifeMinutes = 30 * 24 * 60;

    private static readonly int[] Levels = [5, 8, 16];

    /// <summary>Per level, the Poisson mean m with P(Poisson(m) ≥ K−1) = <see cref="Probability"/>: the limit span is m / λ.</summary>
    private static readonly double[] QuietMeans = [.. Levels.Select(k => MeanWithTail(k - 1, Probability))];

    private readonly long[] _times = new long[Capacity];
    private readonly long[] _limit = new long[3];
    private readonly double[] _tightest = [double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity];
    private readonly long[] _tightestMinute = new long[3];
    private readonly double[] _hourTightest = [double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity];
    private readonly double[] _heldTightest = [double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity];
    private long _hourMinute;
    private long _heldMinute;
    private int _next;
    private int _count;
    private long _limitsMinute = -1;

    /// <summary>Lines of the level that fired last, and their span (ticks).</summary>
    public int FiredLines { get; private set; }

    public long FiredSpan { get; private set; }

    /// <summary>The rate per hour the limits were computed from.</summary>
    public double UsualPerHour { get; private set; }

    /// <summary>
    /// Notes a line at <paramref name="ticks"/>; true when the latest lines are a burst the rate makes
    /// unbelievable (<see cref="FiredLines"/>, <see cref="FiredSpan"/>). <paramref name="learn"/>: the
    /// spans may teach what is normal (no spike episode is open).
    /// </summary>
    public bool Observe(long ticks, long minute, TemplateBaseline template, CountBaseline traffic, bool learn)
    {
        _times[_next] = ticks;
        _next = (_next + 1) & (Capacity - 1);
        if (_count < Capacity)
        {
            _count++;
        }
        if (minute != _limitsMinute)
        {
            UpdateLimits(minute, ticks, template, traffic);
        }
        bool fired = false;
        for (int i = 0; i < Levels.Length; i++)
        {
            int k = Levels[i];
            if (_count < k)
            {
                break;
            }
            long span = Math.Max(0, ticks - _times[(_next - k) & (Capacity - 1)]);
            if (learn && span < _hourTightest[i] * LogClock.TicksPerSecond)
            {
                _hourTightest[i] = span / (double)LogClock.TicksPerSecond;
                _hourMinute = minute;
            }
            if (!fired && span <= _limit[i] && span >= MinSpread.Ticks)
            {
                fired = true;
                FiredLines = k;
                FiredSpan = span;
            }
        }
        return fired;
    }

    /// <summary>The hour closed: the previous hour's tightest spans become normal (no episode began since).</summary>
    public void CloseHour()
    {
        for (int i = 0; i < Levels.Length; i++)
        {
            if (_heldTightest[i] <= Tightest(i, _heldMinute))
            {
                _tightest[i] = _heldTightest[i];
                _tightestMinute[i] = _heldMinute;
            }
            _heldTightest[i] = _hourTightest[i];
            _hourTightest[i] = double.PositiveInfinity;
        }
        _heldMinute = _hourMinute;
    }

    /// <summary>A spike episode began: the spans of its rise are not normal.</summary>
    public void DiscardPending()
    {
        Array.Fill(_hourTightest, double.PositiveInfinity);
        Array.Fill(_heldTightest, double.PositiveInfinity);
    }

    /// <summary>Limits are recomputed at the first line of each minute (the rate changes by the hour).</summary>
    public void Invalidate() => _limitsMinute = -1;

    private void UpdateLimits(long minute, long ticks, TemplateBaseline template, CountBaseline traffic)
    {
        _limitsMinute = minute;
        CountBaseline counts = template.Counts;
        double hours = (ticks - template.FirstSeen) / (double)LogClock.TicksPerHour;
        if (!counts.Judged || hours <= 0)
        {
            Array.Clear(_limit);
            return;
        }
        double perHour = Math.Max(counts.Rate.Expected(minute * LogClock.TicksPerMinute, high: true), (template.Count + 3) / hours);
        // A warning that follows the load ("slow request … took 2300 ms") comes more often when the source is
        // busier than usual: judged against its rate at the source's current load (damped for small counts).
        perHour *= traffic.LoadFactor();
        UsualPerHour = perHour;
        double perSecond = perHour / 3600;
        for (int i = 0; i < Levels.Length; i++)
        {
            double seconds = Math.Min(QuietMeans[i] / perSecond, MaxSpan.TotalSeconds);
            seconds = Math.Min(seconds, Tightest(i, minute) / TightMargin);
            _limit[i] = (long)(seconds * LogClock.TicksPerSecond);
        }
    }

    /// <summary>The learned tightest span of level <paramref name="level"/> as it stands at <paramref name="minute"/> (it doubles in a month unless seen again).</summary>
    private double Tightest(int level, long minute) =>
        double.IsPositiveInfinity(_tightest[level]) ? double.PositiveInfinity
            : _tightest[level] * Math.Pow(2, Math.Max(0, minute - _tightestMinute[level]) / HalfLifeMinutes);

    internal BurstState Save() => new([.. _tightest.Select(t => double.IsPositiveInfinity(t) ? -1 : t)], (long[])_tightestMinute.Clone());

    internal void Load(BurstState? state)
    {
        if (state?.Tightest is not { Length: 3 } tightest || state.Minutes is not { Length: 3 } minutes)
        {
            return;
        }
        for (int i = 0; i < 3; i++)
        {
            _tightest[i] = double.IsFinite(tightest[i]) && tightest[i] >= 0 ? tightest[i] : double.PositiveInfinity;
            _tightestMinute[i] = minutes[i];
        }
    }

    /// <summary>The Poisson mean whose upper tail P(X ≥ <paramref name="count"/>) is <paramref name="probability"/> (bisection, at start-up).</summary>
    private static double MeanWithTail(int count, double probability)
    {
        double low = 0, high = count + 1;
        for (int i = 0; i < 100; i++)
        {
            double mid = (low + high) / 2;
            if (Poisson.UpperTail(count, mid) < probability)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }
}
