namespace LogWarden.Detect.Rules;

/// <summary>
/// Counts events in a sliding window of log time with fixed memory: the window is cut into
/// <see cref="Buckets"/> slices and the count is the sum of the slices that overlap it, so the window
/// reaches back between 11/12 and all of its length (what "N within 5 min" needs, without keeping a time
/// per event). Events a little older than the newest (lines out of order across files) still count
/// while their slice is in the window.
/// </summary>
internal sealed class WindowCounter
{
    public const int Buckets = 12;

    private readonly int[] _counts = new int[Buckets];

    /// <summary>For a threshold with <c>distinct</c>: the values of the window's matches (<see cref="Rule.Threshold"/>).</summary>
    public DistinctValuesInWindow? Distinct { get; init; }
    private readonly long _sliceTicks;
    private long _newest = long.MinValue; // slice index of the newest event

    public WindowCounter(TimeSpan window)
    {
        _sliceTicks = Math.Max(TimeSpan.TicksPerSecond / 10, window.Ticks / Buckets);
    }

    /// <summary>Counts one event at <paramref name="time"/>; returns the count in the window ending at the newest event.</summary>
    public int Add(DateTimeOffset time)
    {
        long slice = time.UtcTicks / _sliceTicks;
        MoveTo(slice);
        if (slice > _newest - Buckets)
        {
            _counts[Mod(slice)]++;
        }

        return Total();
    }

    /// <summary>The count in the window ending at <paramref name="now"/> (without counting anything).</summary>
    public int CountAt(DateTimeOffset now)
    {
        long slice = now.UtcTicks / _sliceTicks;
        if (slice <= _newest)
        {
            return Total();
        }

        long age = slice - _newest;
        if (age >= Buckets)
        {
            return 0;
        }

        int total = 0;
        for (long s = slice - Buckets + 1; s <= _newest; s++)
        {
            total += _counts[Mod(s)];
        }

        return total;
    }

    /// <summary>The time of the newest event's slice end: after that plus the window, the counter is empty.</summary>
    public DateTimeOffset Newest => _newest == long.MinValue ? DateTimeOffset.MinValue : new DateTimeOffset(Math.Min(DateTimeOffset.MaxValue.UtcTicks, (_newest + 1) * _sliceTicks), TimeSpan.Zero);

    private void MoveTo(long slice)
    {
        if (_newest == long.MinValue)
        {
            _newest = slice;
            return;
        }

        if (slice <= _newest)
        {
            return;
        }

        long steps = Math.Min(slice - _newest, Buckets);
        for (long s = 1; s <= steps; s++)
        {
            _counts[Mod(_newest + s)] = 0;
        }

        _newest = slice;
    }

    private int Total()
    {
        int total = 0;
        foreach (int count in _counts)
        {
            total += count;
        }

        return total;
    }

    private static int Mod(long slice) => (int)(((slice % Buckets) + Buckets) % Buckets);
}
