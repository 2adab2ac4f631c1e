namespace LogWarden.Detect.Scenarios;

/// <summary>Settings of the scenario detector (the <c>detect: scenarios:</c> section). Every cap bounds memory however many addresses arrive.</summary>
internal sealed record ScenarioOptions
{
    /// <summary>Buckets kept at most (all scenarios together); the least recently touched is evicted beyond. About 300 bytes each.</summary>
    public int MaxBuckets { get; init; } = 100_000;

    /// <summary>Connections remembered to count login attempts rather than lines (two generations of half this).</summary>
    public int MaxConnections { get; init; } = 16_384;

    /// <summary>Path shapes remembered as served successfully, per generation (web scans count only paths a site never served).</summary>
    public int MaxServedPaths { get; init; } = 65_536;

    /// <summary>Keys whose own rate is learned (services, sites) and summary keys, each.</summary>
    public int MaxLearnedKeys { get; init; } = 4_096;

    /// <summary>Addresses remembered as having tried an account that does not exist, per generation (two), and accounts that logged in.</summary>
    public int MaxAccountAddresses { get; init; } = 65_536;

    /// <summary>Distinct values a bucket keyed by an address remembers (users per address…); a bucket keyed otherwise keeps up to 16 times this.</summary>
    public int MaxDistinctPerBucket { get; init; } = 256;

    /// <summary>A directory of user scenario files (*.yaml) laid over the built-in ones; none when null.</summary>
    public string? ScenarioDirectory { get; init; }

    /// <summary>How often drained buckets are swept out (log time).</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(5);
}
