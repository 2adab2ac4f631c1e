namespace LogWarden.Detect.Incidents;

/// <summary>How findings become incidents. The defaults suit one server's logs; every time is log time.</summary>
internal sealed record IncidentTrackerOptions
{
    /// <summary>
    /// A finding joins an open incident that shares a strong entity (ip, user, unit, process, container,
    /// path) or a resource (memory, disk, cpu) on the same host when their times are at most this far apart.
    /// Ten minutes ties an OOM kill to the memory curve that led to it without gluing a day together.
    /// </summary>
    public TimeSpan CorrelationWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A symptom (a never-seen or spiking error template), a finding about the same lines, or an alert that
    /// says what broke joins an alert incident of the same host this near in time without sharing a strong
    /// entity (IncidentTracker.CorrelateSymptom). A few minutes: a failure shows in the other logs at once,
    /// an unrelated problem rarely lands that close. Zero turns it off.
    /// </summary>
    public TimeSpan SymptomWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Within <see cref="SymptomWindow"/>, a symptom this near in time is part of the same moment: it joins an alert incident
    /// that holds only symptoms (the kernel's never-seen OOM line, then systemd's line about the killed unit), and one that
    /// says a shared dependency broke (a full disk, a database) even when it names another service (the app that writes
    /// there, uses that database). A minute: the lines of one failure come together; another problem rarely shares the minute.
    /// </summary>
    public TimeSpan CoincidenceWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>An incident with no finding raised for this long is resolved.</summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Open incidents held at most; beyond, the one quiet longest is resolved (and counted as evicted).</summary>
    public int MaxOpenIncidents { get; init; } = 1_000;

    /// <summary>Finding keys kept per incident; further keys only count.</summary>
    public int MaxFindingsPerIncident { get; init; } = 256;

    /// <summary>Noise fingerprints remembered; beyond, the oldest are forgotten (and counted).</summary>
    public int MaxNoiseFingerprints { get; init; } = 10_000;

    internal void Validate()
    {
        if (CorrelationWindow < TimeSpan.Zero || SymptomWindow < TimeSpan.Zero || CoincidenceWindow < TimeSpan.Zero || QuietPeriod <= TimeSpan.Zero || MaxOpenIncidents < 1 || MaxFindingsPerIncident < 1 || MaxNoiseFingerprints < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(IncidentTrackerOptions), "incident tracker options out of range");
        }
    }
}
