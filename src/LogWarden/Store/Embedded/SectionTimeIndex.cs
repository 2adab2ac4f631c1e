namespace LogWarden.Store.Embedded;

/// <summary>
/// What counting needs of one block section, and nothing else: each line's time, grouped by template (the lines of
/// one template together, in their stored order), kept as 32-bit steps of the section's time unit from the first
/// time of a run of lines (a new run starts with each template and wherever a step would not fit) — 4 bytes a
/// line instead of a decoded section's 30 and more, even for microsecond times over hours. A template's count
/// over a range is then a binary search per bucket in its group (a line's time without its text), and a count of
/// all lines the same over every group: `/api/v1/templates/{id}/counts` over 24 h decoded every section of the
/// day to its per-logtype template rows at each request (400 ms, the sections flushing each other out of the
/// decoded cache) and now reads these, kept under their own budget so that large sections read by searches do
/// not push them out.
/// </summary>
internal sealed class SectionTimeIndex
{
    private readonly long _unit;
    private readonly int[] _steps; // time of line i = _anchors[run of i] + _steps[i] * _unit
    private readonly long[] _anchors; // per run: the time its steps count from
    private readonly int[] _runStarts; // per run: its first line; runs never straddle groups

    private SectionTimeIndex(long unit, int[] steps, long[] anchors, int[] runStarts, int[] templateIds, int[] groupStarts, bool ascending)
    {
        _unit = unit;
        _steps = steps;
        _anchors = anchors;
        _runStarts = runStarts;
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
    public long ApproximateBytes => 128 + (_steps.Length * 4L) + (_anchors.Length * 12L) + (TemplateIds.Length * 8L);

    public long TicksAt(int index) => _anchors[SortedStarts.LastAtOrBefore(_runStarts, index)] + (_steps[index] * _unit);

    /// <summary>
    /// Builds the index from a decoded section: grouped by template, or (not <paramref name="byTemplate"/>) every line
    /// in one group, listed as template 0 — a count of all lines then costs one search per bucket, not one per template.
    /// </summary>
    public static SectionTimeIndex Build(SectionData section, bool byTemplate = true)
    {
        if (!byTemplate)
        {
            return Build(section.Ticks, templateOfLine: null, section.TicksAscending);
        }
        var templateOfLine = new int[section.LineCount];
        for (int i = 0; i < templateOfLine.Length; i++)
        {
            templateOfLine[i] = section.TemplateOf(i);
        }
        return Build(section.Ticks, templateOfLine, section.TicksAscending);
    }

    /// <summary>Every line in one group (template 0), from the section's times alone (<see cref="SegmentReader.SectionTicks"/>).</summary>
    public static SectionTimeIndex FromTicks(long[] ticks) => Build(ticks, templateOfLine: null, BlockFormat.IsAscending(ticks));

    /// <param name="templateOfLine">Each line's template; null: every line in one group (template 0), kept in stored order.</param>
    private static SectionTimeIndex Build(long[] ticks, int[]? templateOfLine, bool ascending)
    {
        int count = ticks.Length;
        if (templateOfLine is null)
        {
            return FromGrouped(ticks, [0], [0, count], ascending);
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
        var grouped = new long[count];
        for (int i = 0; i < count; i++)
        {
            grouped[next[groupOfLine[i]]++] = ticks[i];
        }
        return FromGrouped(grouped, templateIds, groupStarts, ascending);
    }

    /// <summary>The index of times already grouped (group g is [groupStarts[g], groupStarts[g + 1])).</summary>
    private static SectionTimeIndex FromGrouped(long[] grouped, int[] templateIds, int[] groupStarts, bool ascending)
    {
        int count = grouped.Length;
        long unit = BlockFormat.TickUnitOf(grouped);
        var steps = new int[count];
        var anchors = new List<long>();
        var runStarts = new List<int>();
        int nextGroup = 0;
        for (int i = 0; i < count; i++)
        {
            bool groupStart = false;
            while (nextGroup < templateIds.Length && groupStarts[nextGroup] == i)
            {
                groupStart = true;
                nextGroup++;
            }
            long step = anchors.Count == 0 ? 0 : (grouped[i] - anchors[^1]) / unit;
            if (groupStart || step is > int.MaxValue or < int.MinValue)
            {
                anchors.Add(grouped[i]);
                runStarts.Add(i);
                step = 0;
            }
            steps[i] = (int)step;
        }
        return new SectionTimeIndex(unit, steps, [.. anchors], [.. runStarts], templateIds, groupStarts, ascending);
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
