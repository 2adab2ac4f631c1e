using LogWarden.Alert;
using LogWarden.Config;
using LogWarden.Daemon;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Explain;
using LogWarden.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LogWarden.Web.Api;

/// <summary>/incidents: the list (status, severity, paging), one incident in full, and the operator's actions.</summary>
internal static class IncidentEndpoints
{
    private const int RelatedLines = 50;
    private static readonly TimeSpan RelatedMargin = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ExplainTimeout = TimeSpan.FromSeconds(15);

    // Entities that make a good substring to find an incident's lines, most telling first.
    private static readonly string[] SearchableEntities =
        [EntityNames.Ip, EntityNames.User, EntityNames.Unit, EntityNames.Container, EntityNames.Process, EntityNames.Path];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/incidents", List).WithSummary("Incidents, most recently updated first: status=open,acknowledged,resolved,noise; severity=critical,warning,info; offset; limit (≤ 500); details=true adds entities and evidence.");
        api.MapGet("/incidents/{id:long}", Detail).WithSummary("One incident: findings, evidence, entities, explanation, related lines and timeline (explain=false, related=false leave those out).");
        api.MapPost("/incidents/{id:long}/acknowledge", (long id, ILogStore store, TimeProvider time, HttpContext context) => SetStatus(store, id, IncidentStatus.Acknowledged, time, context));
        api.MapPost("/incidents/{id:long}/resolve", (long id, ILogStore store, TimeProvider time, HttpContext context) => SetStatus(store, id, IncidentStatus.Resolved, time, context));
        api.MapPost("/incidents/{id:long}/noise", (long id, ILogStore store, TimeProvider time, HttpContext context) => SetStatus(store, id, IncidentStatus.Noise, time, context))
            .WithSummary("Closes the incident as noise: its findings' fingerprints are downgraded to info from now on.");
        api.MapPost("/incidents/{id:long}/silence", Silence)
            .WithSummary("Silences alerts like this incident's (kind and host unless matchers are given) for a duration (default alerts.silence_duration).");
    }

    private static IIncidentStore Incidents(ILogStore store) =>
        store as IIncidentStore ?? throw new BadApiRequestException("this store keeps no incidents", StatusCodes.Status501NotImplemented);

    private static JsonHttpResult<IncidentPage> List(HttpRequest request, ILogStore store)
    {
        var statuses = ApiQuery.List(request, "status").Select(s => s switch
        {
            "open" or "acknowledged" or "resolved" or "noise" => IncidentNames.ParseStatus(s),
            "active" => throw new BadApiRequestException("status: say open,acknowledged"),
            _ => throw new BadApiRequestException($"status: '{s}' is not one of open, acknowledged, resolved, noise"),
        }).Distinct().ToList();
        var severities = ApiQuery.List(request, "severity").Select(s => s is "critical" or "warning" or "info"
            ? IncidentNames.ParseSeverity(s)
            : throw new BadApiRequestException($"severity: '{s}' is not one of critical, warning, info")).Distinct().ToList();
        int offset = ApiQuery.Integer(request, "offset", 0, 0, 1_000_000);
        int limit = ApiQuery.Integer(request, "limit", 50, 1, 500);
        Func<IncidentRecord, IncidentListItem> item = ApiQuery.Flag(request, "details") ? IncidentListItem.WithDetails : IncidentListItem.From;
        IReadOnlyList<IncidentRecord> found = Incidents(store).ListIncidents(new IncidentQuery { Statuses = statuses, Severities = severities, Offset = offset, Limit = limit + 1 });
        var page = new IncidentPage([.. found.Take(limit).Select(item)], offset, limit, found.Count > limit);
        return TypedResults.Json(page, ApiJsonContext.Default.IncidentPage);
    }

    private static async Task<IResult> Detail(long id, HttpRequest request, ILogStore store, IIncidentExplainer explainer, CancellationToken cancellationToken)
    {
        IncidentRecord incident = Incidents(store).GetIncident(id) ?? throw new BadApiRequestException($"no incident {id}", StatusCodes.Status404NotFound);
        // The CLI's `incidents show` asks without the explanation and the related lines: it prints neither, and an LLM may take seconds.
        ExplanationItem? explanation = ApiQuery.Flag(request, "explain", fallback: true) ? await ExplainAsync(explainer, incident, cancellationToken).ConfigureAwait(false) : null;
        var detail = new IncidentDetail(
            IncidentListItem.From(incident),
            incident.Fingerprint,
            incident.Entities,
            incident.Evidence,
            [.. incident.Findings.Select(f => new FindingItem(f.Key, f.Kind, f.Title, IncidentNames.Of(f.Severity), f.Detector, f.Entities, f.FirstSeen, f.LastSeen, f.Count, f.Raises, f.Evidence,
                f.Fingerprint, f.FirstRaised, f.LastRaised))],
            explanation,
            ApiQuery.Flag(request, "related", fallback: true) ? Related(store, incident, cancellationToken) : [],
            Timeline(store, incident));
        return TypedResults.Json(detail, ApiJsonContext.Default.IncidentDetail);
    }

    private static async Task<ExplanationItem?> ExplainAsync(IIncidentExplainer explainer, IncidentRecord incident, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ExplainTimeout);
        try
        {
            IncidentExplanation e = await explainer.ExplainAsync(incident, timeout.Token).ConfigureAwait(false);
            return new ExplanationItem(e.Summary, e.ProbableCause, e.SuggestedSeverity is { } s ? IncidentNames.Of(s) : null, e.Steps, e.Confidence,
                e.Origin == ExplanationOrigin.Llm ? "llm" : "deterministic", e.Model, e.Note);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The explainer took too long: the incident is shown without one rather than not at all.
            return null;
        }
    }

    /// <summary>
    /// Lines around the incident's time that name its most telling entity (an address, a user, a unit…),
    /// else any lines of its templates: one bounded, time-limited search, not a scan.
    /// </summary>
    private static List<LineItem> Related(ILogStore store, IncidentRecord incident, CancellationToken cancellationToken)
    {
        var query = new SearchQuery { From = incident.FirstSeen - RelatedMargin, To = incident.LastSeen + RelatedMargin, Limit = RelatedLines };
        string? needle = SearchableEntities.Select(name => incident.Entities.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null).FirstOrDefault(v => v is not null);
        if (needle is not null)
        {
            query = query with { Text = needle };
        }
        else if (incident.Evidence.Templates.Count > 0)
        {
            query = query with { TemplateId = incident.Evidence.Templates[0].TemplateId };
        }
        else if (incident.Host is { } host)
        {
            query = query with { Labels = [new LabelMatcher("host", host)] };
        }
        return [.. store.Search(query, cancellationToken).Select(LogEndpoints.ToItem)];
    }

    private static List<TimelineEvent> Timeline(ILogStore store, IncidentRecord incident)
    {
        var events = new List<TimelineEvent>
        {
            new(incident.FirstSeen, "first_line", "first line of its findings"),
            new(incident.OpenedAt, "opened", $"opened: {incident.Title}"),
        };
        foreach (IncidentFindingRecord f in incident.Findings)
        {
            events.Add(new TimelineEvent(f.FirstRaised, "finding", $"{IncidentNames.Of(f.Severity)} finding: {f.Title}"));
            if (f.Raises > 1)
            {
                events.Add(new TimelineEvent(f.LastRaised, "raised_again", $"raised {f.Raises} times in all: {f.Title}"));
            }
        }
        if (store is IAlertOutbox outbox)
        {
            foreach (OutboxRow row in outbox.ListOutbox(new OutboxQuery { Limit = 1000 }).Where(r => r.Entry.IncidentId == incident.Id))
            {
                events.Add(new TimelineEvent(row.Entry.CreatedAt, "alert_queued", $"{row.Entry.Notice} notice for {row.Entry.Channel} queued"));
                if (row.DeliveredAt is { } delivered)
                {
                    events.Add(new TimelineEvent(delivered, "alert_delivered", $"{row.Entry.Notice} notice delivered to {row.Entry.Channel}"));
                }
                else if (row.State == OutboxState.Failed)
                {
                    events.Add(new TimelineEvent(row.NextAttemptAt, "alert_failed", $"{row.Entry.Channel} refused the notice: {row.LastError}"));
                }
            }
        }
        if (incident.AcknowledgedAt is { } acknowledged)
        {
            events.Add(new TimelineEvent(acknowledged, "acknowledged", "acknowledged"));
        }
        if (incident.ClosedAt is { } closed)
        {
            events.Add(new TimelineEvent(closed, IncidentNames.Of(incident.Status), incident.Status == IncidentStatus.Noise ? "marked as noise" : "resolved"));
        }
        events.Add(new TimelineEvent(incident.LastSeen, "last_line", "last line of its findings"));
        return [.. events.OrderBy(e => e.At)];
    }

    private static JsonHttpResult<IncidentActionResponse> SetStatus(ILogStore store, long id, IncidentStatus status, TimeProvider time, HttpContext context)
    {
        bool changed = Incidents(store).TrySetIncidentStatus(id, status, time.GetUtcNow(), out IncidentRecord? incident);
        if (incident is null)
        {
            throw new BadApiRequestException($"no incident {id}", StatusCodes.Status404NotFound);
        }
        if (changed)
        {
            // The running detection too, when a daemon serves this: a noise mark downgrades its next findings, a resolve closes it there.
            context.RequestServices.GetService<DaemonDetection>()?.ApplyOperatorStatus(id, status);
        }
        return TypedResults.Json(new IncidentActionResponse(changed, IncidentListItem.From(incident), null), ApiJsonContext.Default.IncidentActionResponse);
    }

    private static async Task<IResult> Silence(long id, HttpRequest request, ILogStore store, LogWardenConfig config, TimeProvider time)
    {
        IncidentRecord incident = Incidents(store).GetIncident(id) ?? throw new BadApiRequestException($"no incident {id}", StatusCodes.Status404NotFound);
        IncidentActionRequest body = request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0
            ? await request.ReadFromJsonAsync(ApiJsonContext.Default.IncidentActionRequest).ConfigureAwait(false) ?? new IncidentActionRequest(null, null, null)
            : new IncidentActionRequest(null, null, null);
        List<string> matchers = body.Matchers is { Count: > 0 } given
            ? [.. given]
            : [$"kind={incident.Kind}", .. incident.Host is { } host ? new[] { $"host={host}" } : []];
        long silenceId = AlertEndpoints.AddSilence(store, matchers, body.Duration, body.Comment ?? $"from incident {id}", "dashboard", config, time);
        return TypedResults.Json(new IncidentActionResponse(true, IncidentListItem.From(incident), silenceId), ApiJsonContext.Default.IncidentActionResponse);
    }
}
