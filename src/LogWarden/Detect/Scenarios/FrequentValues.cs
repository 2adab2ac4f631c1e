namespace LogWarden.Detect.Scenarios;

/// <summary>
/// Misra–Gries counters over a few slots: a value that makes up more than a slot's share of what was counted
/// keeps its slot (and a lower bound of its count), however many other values pass. What a bucket uses to
/// name the user a brute force is on, or the busiest address of an hour, without a map per bucket.
/// </summary>
internal static class FrequentValues
{
    /// <summary>Counts <paramref name="value"/> in <paramref name="values"/>/<paramref name="counts"/> (slots of the same length).</summary>
    public static void Count(Span<string?> values, Span<long> counts, string value)
    {
        int free = -1;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] == value)
            {
                counts[i]++;
                return;
            }

            if (values[i] is null && free < 0)
            {
                free = i;
            }
        }

        if (free >= 0)
        {
            values[free] = value;
            counts[free] = 1;
            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (--counts[i] == 0)
            {
                values[i] = null;
            }
        }
    }
}
