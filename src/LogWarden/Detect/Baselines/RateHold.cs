namespace LogWarden.Detect.Baselines;

/// <summary>
/// The latest lines' times of a normal template or family (neither an error nor a security line) that began to run over
/// its rate, to ask on each line: has a rate far above this count's normal held for half a minute or more? It makes the
/// warning for a spike of a normal line (a cache that stopped caching, a retry loop at info, a resolver's lame servers)
/// come when the evidence is there, not when a 5-minute window has filled and three minutes have closed.
/// </summary>
/// <remarks>
/// <para>Kept only while needed: a count gets one when the lines of one minute reach its trigger
/// (<see cref="CountBaseline.HoldTrigger"/>: three lines and one more than twice its expected minute, for a count that is
/// judged and not bursty), and drops it at an hour's close when it is stale (<see cref="Stale"/>: half an hour without a
/// line, or made over half an hour ago with no spike episode open), so memory and time follow the counts that run hot,
/// not all templates.</para>
/// <para>On each line, for the latest K = 10, 16, 24 and 32 lines, spanning S, it holds when all of: S is at least
/// <see cref="MinSpan"/> and at most <see cref="MaxSpan"/> (a restart's batch of lines is not a rate that holds); the
/// middle of the K lines falls in the middle half of S (a batch and a trickle after it are not one rate); under the
/// count's cautious hourly rate λ (the high expectation of the hour, never under its mean since first seen plus three
/// lines, and scaled up by the source's traffic when that runs above its own expectation) P(Poisson(λS) ≥ K−1) is under
/// <see cref="BaselineOptions.StrongProbability"/>, K is at least <see cref="BaselineOptions.StrongRatio"/> times λS,
/// and the rate K / S is at least twice the learned peak window's own rate: the evidence a Warning needs
/// (<see cref="BaselineOptions.StrongRatio"/>, <see cref="BaselineOptions.StrongProbability"/>), read at line resolution.</para>
/// </remarks>
internal sealed class RateHold : IFiredLines
{
    public const int Capacity = 32;

    public static readonly TimeSpan MinSpan = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MaxSpan = TimeSpan.FromMinutes(5);

    /// <summary>A count's ring is dropped at an hour's close when it has had no line for this long, or was made this long ago and no spike episode is open.</summary>
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);

    private static readonly int[] Levels = [10, 16, 24, 32];

    private readonly long[] _times = new long[Capacity];
    private int _next;
    private int _count;

    /// <summary>Time of the latest line noted (ticks).</summary>
    public long Latest { get; private set; }

    /// <summary>Time of the first line noted (ticks).</summary>
    public long Since { get; private set; }

    /// <summary>Empties the ring for another count (rings are pooled: a count that runs hot now and then allocates nothing).</summary>
    public void Clear()
    {
        _next = _count = 0;
        Latest = Since = 0;
    }

    /// <summary>Whether the ring may go at <paramref name="now"/>: idle, or made a while ago with no spike episode of its count open.</summary>
    public bool Stale(long now, CountBaseline counts) =>
        now - Latest > Idle.Ticks || (counts.EpisodeStart < 0 && now - Since > Idle.Ticks);

    /// <summary>Lines and span (ticks) of the level that held, and the rate per hour it was judged against.</summary>
    public int FiredLines { get; private set; }

    public long FiredSpan { get; private set; }

    public double UsualPerHour { get; private set; }

    /// <summary>
    /// Notes a line at <paramref name="ticks"/>; true when the latest lines hold a rate the count's normal makes
    /// unbelievable (<see cref="FiredLines"/>, <see cref="FiredSpan"/>). <paramref name="floorPerHour"/>: the count's
    /// mean since first seen (plus three lines), under which its learned rate is not trusted.
    /// </summary>
    public bool Observe(long ticks, long minute, CountBaseline counts, CountBaseline traffic, double floorPerHour, BaselineOptions options)
    {
        ticks = Math.Max(ticks, Latest); // a line a little out of order counts as of the latest
        Latest = ticks;
        if (_count == 0)
        {
            Since = ticks;
        }
        _times[_next] = ticks;
        _next = (_next + 1) & (Capacity - 1);
        if (_count < Capacity)
        {
            _count++;
        }
        if (_count < Levels[0] || counts.HoldTrigger == int.MaxValue) // not judged, or bursty (as of the minute's threshold)
        {
            return false;
        }
        double perHour = -1, peakPerSecond = 0; // read when a level's span and spread pass (most lines stop before)
        foreach (int k in Levels)
        {
            if (_count < k)
            {
                break;
            }
            long first = _times[(_next - k) & (Capacity - 1)];
            long span = ticks - first;
            if (span < MinSpan.Ticks)
            {
                continue; // a larger K spans more
            }
            if (span > MaxSpan.Ticks)
            {
                break;
            }
            long middle = _times[(_next - k + (k / 2)) & (Capacity - 1)] - first;
            if (4 * middle < span || 4 * middle > 3 * span)
            {
                continue;
            }
            if (perHour < 0)
            {
                perHour = Math.Max(counts.Rate.Expected(minute * LogClock.TicksPerMinute, high: true), floorPerHour) * traffic.LoadFactor();
                peakPerSecond = counts.DecayedPeak(minute) / (counts.Rule.WindowMinutes * 60.0);
            }
            double seconds = span / (double)LogClock.TicksPerSecond;
            double expected = perHour * seconds / 3600;
            if (k < options.StrongRatio * expected
                || k < 2 * peakPerSecond * seconds
                || Poisson.UpperTail(k - 1, expected) >= options.StrongProbability)
            {
                continue;
            }
            FiredLines = k;
            FiredSpan = span;
            UsualPerHour = perHour;
            return true;
        }
        return false;
    }
}

/// <summary>The lines that made a spike at line resolution (<see cref="LineBurst"/>, <see cref="RateHold"/>): how many, over what span, against what rate.</summary>
internal interface IFiredLines
{
    int FiredLines { get; }

    long FiredSpan { get; }

    double UsualPerHour { get; }
}
