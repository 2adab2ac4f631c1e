namespace LogWarden.Detect.Rules;

/// <summary>
/// Whether at least a few distinct values (source addresses of one network) fell within a window of log time, in
/// fixed memory: the last time of at most <see cref="MaxValues"/> value hashes. A value seen again takes its new time;
/// a new one takes a free slot, or the oldest, so once the window holds the minimum the newest of them are kept.
/// </summary>
internal sealed class DistinctValuesInWindow(int minimum, TimeSpan window)
{
    public const int MaxValues = 64;

    private readonly int[] _hashes = new int[Math.Clamp(minimum, 1, MaxValues)];
    private readonly long[] _ticks = new long[Math.Clamp(minimum, 1, MaxValues)];
    private readonly long _window = window.Ticks;
    private int _used;

    /// <summary>Counts <paramref name="value"/> at <paramref name="time"/>; returns how many distinct values (up to the minimum) fell within the window before it.</summary>
    public int Add(string value, DateTimeOffset time)
    {
        int hash = string.GetHashCode(value, StringComparison.Ordinal);
        long ticks = time.UtcTicks;
        int slot = -1;
        for (int i = 0; i < _used; i++)
        {
            if (_hashes[i] == hash)
            {
                slot = i;
                break;
            }
        }

        if (slot < 0)
        {
            if (_used < _hashes.Length)
            {
                slot = _used++;
            }
            else
            {
                slot = 0;
                for (int i = 1; i < _used; i++)
                {
                    if (_ticks[i] < _ticks[slot])
                    {
                        slot = i;
                    }
                }
            }

            _hashes[slot] = hash;
            _ticks[slot] = ticks;
        }
        else
        {
            _ticks[slot] = Math.Max(_ticks[slot], ticks);
        }

        int within = 0;
        for (int i = 0; i < _used; i++)
        {
            if (ticks - _ticks[i] < _window)
            {
                within++;
            }
        }

        return within;
    }
}
