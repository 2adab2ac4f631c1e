using LogWarden.Detect;
using LogWarden.Detect.Incidents;

namespace LogWarden.Report;

/// <summary>What a day (or any period) looked like: the data behind every rendering of the report.</summary>
internal sealed record DailyReport
{
    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    public string? Host { get; init; }

    public IReadOnlyList<SeverityRow> Severities { get; init; } = [];

    /// <summary>The period's incidents, most severe and most recent first (at most the report's top).</summary>
    public IReadOnlyList<IncidentRecord> Incidents { get; init; } = [];

    public int IncidentCount { get; init; }

    public IReadOnlyList<TemplateRow> NewTemplates { get; init; } = [];

    public int NewTemplateCount { get; init; }

    public IReadOnlyList<TemplateRow> NoisyTemplates { get; init; } = [];

    public IReadOnlyList<AttackSource> AttackSources { get; init; } = [];

    public IReadOnlyList<ResourceCurve> Curves { get; init; } = [];

    public IReadOnlyList<DiskForecast> DiskForecasts { get; init; } = [];

    /// <summary>A few sentences from the LLM about the period; null without one (or when it failed).</summary>
    public string? AiSummary { get; init; }

    /// <summary>Lines stored in the period (null when the store cannot tell cheaply).</summary>
    public long? LinesStored { get; init; }
}

/// <summary>Incidents of one severity: opened in the period, resolved in it, still open, and how long resolving took.</summary>
internal sealed record SeverityRow(FindingSeverity Severity, int Opened, int Resolved, int StillOpen, TimeSpan? MedianResolution, TimeSpan? LongestResolution);

/// <summary>A template with its lines (over its life, for noisy ones) and when it was first seen.</summary>
internal sealed record TemplateRow(int Id, string Template, long Count, DateTimeOffset? FirstSeen, string Level);

/// <summary>An address that attacked: in how many incidents, how many lines, of which kinds.</summary>
internal sealed record AttackSource(string Ip, int Incidents, long Lines, IReadOnlyList<string> Kinds, FindingSeverity Severity);

/// <summary>A resource over the period, for a chart: name, unit and points (oldest first).</summary>
internal sealed record ResourceCurve(string Title, string Unit, IReadOnlyList<(DateTimeOffset Time, double Value)> Points)
{
    public double Min => Points.Count == 0 ? 0 : Points.Min(p => p.Value);

    public double Max => Points.Count == 0 ? 0 : Points.Max(p => p.Value);

    public double Last => Points.Count == 0 ? 0 : Points[^1].Value;
}

/// <summary>A mount's use now and, from the period's trend, when it would be full (null: not filling up).</summary>
internal sealed record DiskForecast(string Mount, double UsedPercent, double AvailableBytes, TimeSpan? TimeToFull);
