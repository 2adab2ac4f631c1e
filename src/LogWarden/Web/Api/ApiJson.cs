using System.Text.Json.Serialization;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using Microsoft.AspNetCore.Mvc;

namespace LogWarden.Web.Api;

/// <summary>The dashboard's first request: what the overview shows, from cheap aggregates (see <see cref="OverviewCache"/>).</summary>
internal sealed record HealthResponse(
    string Status,
    DateTimeOffset Now,
    DateTimeOffset StartedAt,
    double UptimeSeconds,
    StoreSummary Store,
    IngestSummary Ingest,
    IReadOnlyList<string> Sources,
    IncidentSummary Incidents,
    AlertSummary Alerts,
    IReadOnlyList<HostNow> Hosts);

internal sealed record StoreSummary(long Lines, int Streams, int Templates, DateTimeOffset? Oldest, DateTimeOffset? Newest, long BytesOnDisk);

/// <param name="LinesPerSecond">Over the time since the previous refresh (null until there is one).</param>
/// <param name="QueuedBatches">Batches waiting for the store writer.</param>
internal sealed record IngestSummary(long LinesTotal, long Appends, long FailedAppends, double? LinesPerSecond, int QueuedBatches);

/// <param name="Active">Open and acknowledged, at most <see cref="OverviewCache.MaxActiveIncidents"/>.</param>
internal sealed record IncidentSummary(int Open, int Acknowledged, int Critical, int Warning, IReadOnlyList<IncidentListItem> Active);

internal sealed record AlertSummary(int Pending, int Delivered, int Failed, int Recent);

/// <summary>The latest host metrics of one host (null when not sampled in the last minutes).</summary>
internal sealed record HostNow(string Host, double? CpuPercent, double? MemoryUsedPercent, double? Load1, double? DiskUsedPercent, string? FullestMount);

internal sealed record IncidentListItem(
    long Id,
    string Status,
    string Severity,
    string Kind,
    string Title,
    string? Host,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? ClosedAt,
    int FindingCount,
    long Lines,
    bool Downgraded,
    string Fingerprint,
    long Raises)
{
    /// <summary>The union of its findings' entities: only when the list was asked with details=true (the detail has them always).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Entities { get; init; }

    /// <summary>Its merged evidence: only with details=true.</summary>
    public Evidence? Evidence { get; init; }

    public static IncidentListItem From(IncidentRecord r) => new(
        r.Id, IncidentNames.Of(r.Status), IncidentNames.Of(r.Severity), r.Kind, r.Title, r.Host, r.FirstSeen, r.LastSeen,
        r.OpenedAt, r.UpdatedAt, r.AcknowledgedAt, r.ClosedAt, r.FindingCount, r.Lines, r.Downgraded, r.Fingerprint, r.Raises);

    public static IncidentListItem WithDetails(IncidentRecord r) => From(r) with { Entities = r.Entities, Evidence = r.Evidence };
}

internal sealed record IncidentPage(IReadOnlyList<IncidentListItem> Items, int Offset, int Limit, bool More);

internal sealed record FindingItem(
    string Key,
    string Kind,
    string Title,
    string Severity,
    string Detector,
    IReadOnlyDictionary<string, string> Entities,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    long Count,
    long Raises,
    Evidence Evidence,
    string Fingerprint,
    DateTimeOffset FirstRaised,
    DateTimeOffset LastRaised);

internal sealed record ExplanationItem(string Summary, string ProbableCause, string? SuggestedSeverity, IReadOnlyList<string> Steps, double Confidence, string Origin, string? Model, string? Note);

/// <summary>One moment of an incident's life, oldest first.</summary>
internal sealed record TimelineEvent(DateTimeOffset At, string Event, string Text);

internal sealed record IncidentDetail(
    IncidentListItem Incident,
    string Fingerprint,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Entities,
    Evidence Evidence,
    IReadOnlyList<FindingItem> Findings,
    ExplanationItem? Explanation,
    IReadOnlyList<LineItem> RelatedLines,
    IReadOnlyList<TimelineEvent> Timeline);

internal sealed record IncidentActionRequest(string? Comment, string? Duration, IReadOnlyList<string>? Matchers);

internal sealed record IncidentActionResponse(bool Changed, IncidentListItem Incident, long? SilenceId);

internal sealed record LineItem(long Sequence, DateTimeOffset Timestamp, IReadOnlyDictionary<string, string> Labels, string Line, int TemplateId, string Level);

/// <summary>What the store holds (as `logwarden stats` prints it): lines, streams, templates, time range, bytes on disk by table.</summary>
internal sealed record StatsResponse(long Lines, int Streams, int Templates, DateTimeOffset? Oldest, DateTimeOffset? Newest, IReadOnlyDictionary<string, long> BytesByTable, long BytesOnDisk);

/// <param name="Id">One notification; null: every given-up one.</param>
internal sealed record AlertRetryRequest(long? Id);

internal sealed record AlertRetryResponse(int Count);

internal sealed record SearchResponse(IReadOnlyList<LineItem> Lines, bool Truncated, double TookMs);

internal sealed record AlertItem(
    long Id,
    string Channel,
    long IncidentId,
    string Notice,
    string Severity,
    string State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NotBefore,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    string? LastError);

internal sealed record SilenceItem(long Id, IReadOnlyList<string> Matchers, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string CreatedBy, string Comment, string State);

internal sealed record SilenceRequest(IReadOnlyList<string>? Matchers, string? Duration, string? Comment, string? CreatedBy);

internal sealed record TemplateItem(int Id, string Template, long Count, DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen, string Level, string Example);

internal sealed record TemplatePage(IReadOnlyList<TemplateItem> Items, int Total);

/// <param name="Truncated">Always false now that the store counts every line (kept for clients that read it).</param>
internal sealed record CountSeries(DateTimeOffset From, DateTimeOffset To, double StepSeconds, IReadOnlyList<long> Counts, bool Truncated);

internal sealed record MetricSeriesItem(string Host, string Name, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<long> Times, IReadOnlyList<double?> Values);

internal sealed record MetricsResponse(string Name, DateTimeOffset From, DateTimeOffset To, double StepSeconds, IReadOnlyList<MetricSeriesItem> Series, IReadOnlyList<IncidentMark> Incidents);

/// <summary>Where an incident sits on a chart.</summary>
internal sealed record IncidentMark(long Id, long OpenedAtMs, string Severity, string Title);

/// <summary>Days (UTC, oldest first) × 24 hours: incidents opened and their summed severity weight.</summary>
internal sealed record HeatmapResponse(IReadOnlyList<string> Days, IReadOnlyList<IReadOnlyList<int>> Incidents, IReadOnlyList<IReadOnlyList<double>> Weight, double MaxWeight);

// snake_case like the CLI's JSON; NaN and infinities (a detector's measurement) stay representable.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(IncidentPage))]
[JsonSerializable(typeof(IncidentDetail))]
[JsonSerializable(typeof(IncidentActionRequest))]
[JsonSerializable(typeof(IncidentActionResponse))]
[JsonSerializable(typeof(SearchResponse))]
[JsonSerializable(typeof(StatsResponse))]
[JsonSerializable(typeof(AlertRetryRequest))]
[JsonSerializable(typeof(AlertRetryResponse))]
[JsonSerializable(typeof(LineItem))]
[JsonSerializable(typeof(IReadOnlyList<AlertItem>))]
[JsonSerializable(typeof(IReadOnlyList<SilenceItem>))]
[JsonSerializable(typeof(SilenceItem))]
[JsonSerializable(typeof(SilenceRequest))]
[JsonSerializable(typeof(TemplatePage))]
[JsonSerializable(typeof(CountSeries))]
[JsonSerializable(typeof(MetricsResponse))]
[JsonSerializable(typeof(HeatmapResponse))]
[JsonSerializable(typeof(ProblemDetails))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
