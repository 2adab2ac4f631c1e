using System.Runtime.CompilerServices;

namespace LogWarden.Detect.Baselines;

/// <summary>Sixteen per-minute counts inline (no array object per template).</summary>
[InlineArray(MinuteWindow.Minutes)]
internal struct MinuteCounts
{
    private int _first;
}

/// <summary>
/// Counts per minute for the last <see cref="Minutes"/> minutes (the current one and fifteen closed
/// ones), with a running sum over the last <c>span</c> minutes so that the hot path compares one int.
/// A line older than the current minute counts in the current one: windows tolerate small disorder.
/// </summary>
internal struct MinuteWindow
{
    public const int Minutes = 16;

    private MinuteCounts _counts;

    /// <summary>The current minute (index since 0001-01-01).</summary>
    public long Minute;

    /// <summary>Lines in the running window (the current minute and the <c>span − 1</c> before it).</summary>
    public int Recent;

    /// <summary>Counts one line in <see cref="Minute"/> (the caller rolled the window first).</summary>
    public void Add()
    {
        _counts[(int)(Minute & (Minutes - 1))]++;
        Recent++;
    }

    /// <summary>Moves to <paramref name="minute"/> (never back), zeroing the minutes passed and keeping <see cref="Recent"/> over <paramref name="span"/> minutes.</summary>
    public void Roll(long minute, int span)
    {
        if (minute <= Minute)
        {
            return;
        }
        if (minute - Minute >= Minutes)
        {
            _counts = default;
            Recent = 0;
            Minute = minute;
            return;
        }
        for (long m = Minute + 1; m <= minute; m++)
        {
            Recent -= _counts[(int)((m - span) & (Minutes - 1))];
            _counts[(int)(m & (Minutes - 1))] = 0;
        }
        Minute = minute;
    }

    /// <summary>Lines in the <paramref name="minutes"/> closed minutes before the current one (at most 15).</summary>
    public readonly int ClosedSum(int minutes)
    {
        int sum = 0;
        for (int i = 1; i <= Math.Min(minutes, Minutes - 1); i++)
        {
            sum += _counts[(int)((Minute - i) & (Minutes - 1))];
        }
        return sum;
    }

    public readonly int CountAt(long minute) => Minute - minute is >= 0 and < Minutes ? _counts[(int)(minute & (Minutes - 1))] : 0;

    /// <summary>Starts over at <paramref name="minute"/> (after a gap in the data).</summary>
    public void Reset(long minute)
    {
        _counts = default;
        Recent = 0;
        Minute = minute;
    }
}
