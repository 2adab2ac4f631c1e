namespace LogWarden.Store.Embedded;

/// <summary>
/// What counting needs of one block section, and nothing else: each line's time, grouped by template (the lines of
/// one template together, in their stored order), kept as 32-bit steps of the section's time unit from its first
/// time whenever they fit (they do for any section of second- or millisecond-stamped lines spanning less than 24
/// days) — 4 bytes a line instead of a decoded section's 30 and more. A template's
/// count over a range is then a binary search per bucket in its group (a line's time without its text), and
/// a count of all lines the same over every group: `/api/v1/templates/{id}/counts` over 24 h decoded every
/// section of the day to its per-logtype template rows at each request (400 ms, the sections flushing each other
/// out of the decoded cache) and now reads these, kept under their own budget so that large sections read by
/// searches do not push them out.
/// </summary>
internal sealed class SectionTimeIndex
{
    private readonly long _baseTicks;
    private readonly long _unit;
    private readonly int[]? _steps; // time = _baseTicks + _steps[i] * _unit
    private readonly long[]? _ticks; // when the steps do not fit 32 bits

    private SectionTimeIndex(long baseTicks, long unit, int[]? steps, long[]? ticks, int[] templateIds, int[] groupStarts, bool ascending)
    {
        _baseTicks = baseTicks;
        _unit = unit;
        _steps = steps;
        _ticks = ticks;
        TemplateIds = templateIds;
        GroupStarts = groupStarts;
        Ascending = ascending;
    }

    /// <summary>The templates of the section's lines, ascending; group g holds the lines of <c>TemplateIds[g]</c>.</summary>
    public int[] TemplateIds { get; }

    /// <summary>Group g is the lines [GroupStarts[g], GroupStarts[g + 1]).</summary>
    public int[] GroupStarts { get; }

    /// <summary>Whether the section's times never decrease in stored order (then neither do any group's).</summary>
    public bool Ascending { get; }

    public int LineCount => GroupStarts[^1];

    /// <summary>What this occupies, for the cache's bound.</summary>
    public long ApproximateBytes => 96 + (_steps is null ? _ticks!.Length * 8L : _steps.Length * 4L) + (TemplateIds.Length * 8L);

    public long TicksAt(int index) => _steps is null ? _ticks![index] : _baseTicks + (_steps[index] * _unit);

    /// <summary>Builds the index from a decoded section (its template per line, its times).</summary>
    public static SectionTimeIndex Build(SectionData section)
    {
        int count = section.LineCount;
        var templateOfLine = new int[count];
        for (int i = 0; i < count; i++)
        {
            templateOfLine[i] = section.TemplateOf(i);
        }
        int[] templateIds = [.. templateOfLine.Distinct().Order()];
        // A counting sort by template keeps each group's lines in stored (so, usually, time) order.
        var groupStarts = new int[templateIds.Length + 1];
        var groupOfLine = new int[count];
        for (int i = 0; i < count; i++)
        {
            int group = Array.BinarySearch(templateIds, templateOfLine[i]);
            groupOfLine[i] = group;
            groupStarts[group + 1]++;
        }
        for (int g = 0; g < templateIds.Length; g++)
        {
            groupStarts[g + 1] += groupStarts[g];
        }
        var next = (int[])groupStarts.Clone();
        long[] ticks = section.Ticks;
        long baseTicks = count == 0 ? 0 : ticks.Min();
        long unit = BlockFormat.TickUnitOf(ticks);
        bool narrow = count == 0 || (ticks.Max() - baseTicks) / unit <= int.MaxValue;
        int[]? steps = narrow ? new int[count] : null;
        long[]? wide = narrow ? null : new long[count];
        for (int i = 0; i < count; i++)
        {
            int at = next[groupOfLine[i]]++;
            if (steps is not null)
            {
                steps[at] = (int)((ticks[i] - baseTicks) / unit);
            }
            else
            {
                wide![at] = ticks[i];
            }
        }
        return new SectionTimeIndex(baseTicks, unit, steps, wide, templateIds, groupStarts, section.TicksAscending);
    }

    /// <summary>
    /// Adds the lines of group <paramref name="group"/> with a time in [<paramref name="fromTicks"/>,
    /// <paramref name="toTicks"/>) to <paramref name="perBucket"/> (bucket i from fromTicks + i·bucketTicks): by binary
    /// search per bucket when the times are sorted (a day's buckets are a few hundred, its lines a million), else
    /// line by line. Returns how many lines it added.
    /// </summary>
    public long CountGroup(int group, long fromTicks, long bucketTicks, long toTicks, long[] perBucket)
    {
        int start = GroupStarts[group], end = GroupStarts[group + 1];
        long counted = 0;
        if (!Ascending)
        {
            for (int i = start; i < end; i++)
            {
                long t = TicksAt(i);
                if (t >= fromTicks && t < toTicks)
                {
                    perBucket[(t - fromTicks) / bucketTicks]++;
                    counted++;
                }
            }
            return counted;
        }
        end = LowerBound(toTicks, start, end);
        for (int i = LowerBound(fromTicks, start, end); i < end;)
        {
            long bucketIndex = (TicksAt(i) - fromTicks) / bucketTicks;
            int next = LowerBound(fromTicks + ((bucketIndex + 1) * bucketTicks), i, end);
            perBucket[bucketIndex] += next - i;
            counted += next - i;
            i = next;
        }
        return counted;
    }

    /// <summary>The first index in [<paramref name="start"/>, <paramref name="end"/>) of a sorted group whose time is ≥ <paramref name="ticks"/>.</summary>
    private int LowerBound(long ticks, int start, int end)
    {
        while (start < end)
        {
            int mid = (start + end) >>> 1;
            if (TicksAt(mid) < ticks)
            {
                start = mid + 1;
            }
            else
            {
                end = mid;
            }
        }
        return start;
    }
}
