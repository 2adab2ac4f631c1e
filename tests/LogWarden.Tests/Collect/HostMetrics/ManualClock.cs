namespace LogWarden.Tests.Collect.HostMetrics;

/// <summary>A clock that moves only when told: exact elapsed times for rate assertions.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _ticks;

    public DateTimeOffset Now { get; private set; } = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by)
    {
        _ticks += by.Ticks;
        Now += by;
    }
}
