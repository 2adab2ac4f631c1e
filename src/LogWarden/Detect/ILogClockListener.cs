namespace LogWarden.Detect;

/// <summary>
/// Something besides the detectors that lives in log time: the incident tracker resolves incidents after
/// a quiet period even when no finding (and no line) arrives. The engine advances every listener after
/// its detectors, once per second of log time crossed.
/// </summary>
internal interface ILogClockListener
{
    void Advance(DateTimeOffset now);
}
