namespace LogWarden.Store.Embedded;

/// <summary>Lookups in ascending start positions: of a dictionary's values in its bytes, of a time index's runs in its lines.</summary>
internal static class SortedStarts
{
    /// <summary>The index of the last start at or before <paramref name="position"/> (0 when none is; equal starts: the last of them).</summary>
    public static int LastAtOrBefore(ReadOnlySpan<int> starts, int position)
    {
        int lo = 0, hi = starts.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= position)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
