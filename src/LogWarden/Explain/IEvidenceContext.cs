namespace LogWarden.Explain;

/// <summary>How a template usually behaves on this host: lines seen, since when, until when.</summary>
internal sealed record TemplateHistory(long Count, DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen);

/// <summary>A series' values over some earlier window.</summary>
internal sealed record MetricSummary(double Min, double Mean, double Max, int Points);

/// <summary>
/// What the store knows beyond the incident itself, for its evidence pack: what is normal here. Null
/// answers are fine (a fresh store, `analyze` without one).
/// </summary>
internal interface IEvidenceContext
{
    TemplateHistory? Template(int templateId);

    /// <summary>The series (<c>name</c> or <c>name{label="v"}</c>) over the window, on the host when given.</summary>
    MetricSummary? Metric(string series, string? host, DateTimeOffset from, DateTimeOffset to);
}
