using LogWarden.Detect;

namespace LogWarden.Tests.Support;

/// <summary>Feeds observations straight to one log detector as the engine would: Advance once per second of log time crossed, then Observe.</summary>
internal static class DetectorReplay
{
    public static void Replay(ILogDetector detector, ReadOnlySpan<LogObservation> observations, IFindingSink sink)
    {
        long second = long.MinValue;
        foreach (LogObservation observation in observations)
        {
            long now = observation.Time.UtcTicks / TimeSpan.TicksPerSecond;
            if (now > second)
            {
                second = now;
                detector.Advance(observation.Time, sink);
            }
            detector.Observe(observation, sink);
        }
    }
}
