namespace LogWarden.Detect.Scenarios;

/// <summary>
/// One key's count for the current period of a summary scenario (a service's failed attempts this hour): how
/// many, from how many addresses, the busiest few addresses (Misra–Gries counters, so a flood of addresses
/// costs three slots), and the key's learned usual rate.
/// </summary>
internal sealed class SummaryBucket(BucketKey key, ScenarioRuntime scenario)
{
    private const int TopSlots = 3;

    private readonly string?[] _top = new string?[TopSlots];
    private readonly long[] _topCounts = new long[TopSlots];

    public BucketKey Key { get; } = key;

    public ScenarioRuntime Scenario { get; } = scenario;

    public long Count { get; set; }

    public long FirstTicks { get; set; }

    public long LastTicks { get; set; }

    public string? Service { get; set; }

    public string? Host { get; set; }

    public DistinctValues Addresses { get; } = new();

    public DistinctValues Users { get; } = new();

    public KeyRate? Rate { get; set; }

    public void CountAddress(string address) => FrequentValues.Count(_top, _topCounts, address);

    /// <summary>The address that stands out most this period and (a lower bound of) its count.</summary>
    public (string Address, long Count)? Busiest()
    {
        int best = -1;
        for (int i = 0; i < TopSlots; i++)
        {
            if (_top[i] is not null && (best < 0 || _topCounts[i] > _topCounts[best]))
            {
                best = i;
            }
        }

        return best < 0 ? null : (_top[best]!, _topCounts[best]);
    }

    public void StartPeriod()
    {
        Count = 0;
        FirstTicks = LastTicks = 0;
        Addresses.Restart(keepValues: false);
        Users.Restart(keepValues: false);
        Array.Clear(_top);
        Array.Clear(_topCounts);
    }
}
