namespace LogWarden.Detect.Metrics;

/// <summary>
/// One occurrence of a condition on a series (CPU high, a deviation, a disk filling): pending while its window
/// fills, active once raised, ended after a calm spell. It decides when the same finding is raised again:
/// on escalation, or when <c>reraise</c> has passed; never on every sample.
/// </summary>
internal sealed class Episode
{
    public bool Pending { get; set; }

    public bool Active { get; set; }

    public DateTimeOffset FirstSeen { get; set; }

    /// <summary>The last time the condition held (for the dip tolerance and the calm spell that ends it).</summary>
    public DateTimeOffset LastHeld { get; set; }

    public long Count { get; set; }

    /// <summary>The most extreme value of the episode.</summary>
    public double Worst { get; set; }

    public FindingSeverity Severity { get; set; }

    public bool Raised { get; set; }

    public DateTimeOffset LastRaised { get; set; }

    public FindingSeverity RaisedSeverity { get; set; }

    /// <summary>The process named when the episode began (kept, so that the finding's key does not change).</summary>
    public string? Process { get; set; }

    public int ProcessId { get; set; }

    /// <summary>Consecutive evaluations that did not hold (deviations and trends end after a number of them).</summary>
    public int Calm { get; set; }

    public void Begin(DateTimeOffset time, double value)
    {
        Pending = true;
        Active = false;
        FirstSeen = time;
        LastHeld = time;
        Count = 1;
        Worst = value;
        Raised = false;
        Process = null;
        ProcessId = 0;
        Calm = 0;
        Severity = FindingSeverity.Info;
    }

    public void End()
    {
        Pending = false;
        Active = false;
        Raised = false;
        Calm = 0;
    }

    /// <summary>Whether to raise now: first time, an escalation above what was last raised, or <paramref name="reraise"/> since.</summary>
    public bool Due(DateTimeOffset now, TimeSpan reraise) =>
        !Raised || Severity > RaisedSeverity || now - LastRaised >= reraise;

    public void MarkRaised(DateTimeOffset now)
    {
        Raised = true;
        LastRaised = now;
        RaisedSeverity = Severity;
    }
}
