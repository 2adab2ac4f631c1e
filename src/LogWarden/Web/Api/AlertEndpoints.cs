using LogWarden.Alert;
using LogWarden.Config;
using LogWarden.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace LogWarden.Web.Api;

/// <summary>/alerts (the outbox with delivery state) and /silences (the model `logwarden silence` uses).</summary>
internal static class AlertEndpoints
{
    private const string Author = "dashboard";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/alerts", Alerts).WithSummary("Alert notifications, newest first, with delivery state: state=pending,delivered,failed; channel; limit (≤ 1000).");
        api.MapPost("/alerts/retry", async (HttpRequest request, ILogStore store, TimeProvider time) =>
        {
            AlertRetryRequest body = request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0
                ? await request.ReadFromJsonAsync(ApiJsonContext.Default.AlertRetryRequest).ConfigureAwait(false) ?? new AlertRetryRequest(null)
                : new AlertRetryRequest(null);
            return TypedResults.Json(new AlertRetryResponse(Outbox(store).Retry(body.Id, time.GetUtcNow())), ApiJsonContext.Default.AlertRetryResponse);
        }).WithSummary("Sends given-up notifications again (the delivery loop picks them up): {\"id\": 12} for one, no body for all. Answers how many were set to pending.");
        api.MapGet("/silences", (HttpRequest request, ILogStore store, TimeProvider time) =>
        {
            DateTimeOffset now = time.GetUtcNow();
            bool all = ApiQuery.Flag(request, "all");
            var list = Silences(store).ListSilences(all ? null : now).Select(s => ToItem(s, now)).ToList();
            return TypedResults.Json<IReadOnlyList<SilenceItem>>(list, ApiJsonContext.Default.IReadOnlyListSilenceItem);
        }).WithSummary("Silences that have not ended (all=true: every one), newest first.");
        api.MapPost("/silences", async (HttpRequest request, ILogStore store, LogWardenConfig config, TimeProvider time) =>
        {
            SilenceRequest body = await request.ReadFromJsonAsync(ApiJsonContext.Default.SilenceRequest).ConfigureAwait(false)
                ?? throw new BadApiRequestException("body: a JSON object with matchers is needed");
            long id = AddSilence(store, body.Matchers ?? [], body.Duration, body.Comment ?? "", string.IsNullOrWhiteSpace(body.CreatedBy) ? Author : body.CreatedBy, config, time);
            DateTimeOffset now = time.GetUtcNow();
            AlertSilence created = Silences(store).ListSilences(null).First(s => s.Id == id);
            return TypedResults.Json(ToItem(created, now), ApiJsonContext.Default.SilenceItem, statusCode: StatusCodes.Status201Created);
        }).WithSummary("Adds a silence: {\"matchers\": [\"kind=oom-kill\", \"host=~web-.*\"], \"duration\": \"2h\", \"comment\": \"…\"}.");
        api.MapDelete("/silences/{id:long}", (long id, ILogStore store, TimeProvider time) =>
            Silences(store).ExpireSilence(id, time.GetUtcNow())
                ? Results.NoContent()
                : ApiQuery.Problem(StatusCodes.Status404NotFound, "Not found", $"no active silence {id}"))
            .WithSummary("Expires a silence now.");
    }

    private static IAlertOutbox Outbox(ILogStore store) =>
        store as IAlertOutbox ?? throw new BadApiRequestException("this store keeps no alerts", StatusCodes.Status501NotImplemented);

    private static IAlertSilenceStore Silences(ILogStore store) =>
        store as IAlertSilenceStore ?? throw new BadApiRequestException("this store keeps no silences", StatusCodes.Status501NotImplemented);

    private static JsonHttpResult<IReadOnlyList<AlertItem>> Alerts(HttpRequest request, ILogStore store)
    {
        var states = ApiQuery.List(request, "state").Select(s => s switch
        {
            "pending" => OutboxState.Pending,
            "delivered" => OutboxState.Delivered,
            "failed" => OutboxState.Failed,
            _ => throw new BadApiRequestException($"state: '{s}' is not one of pending, delivered, failed"),
        }).Distinct().ToList();
        int limit = ApiQuery.Integer(request, "limit", 100, 1, 1000);
        var rows = Outbox(store).ListOutbox(new OutboxQuery { States = states, Channel = ApiQuery.Text(request, "channel", 200), Limit = limit })
            .Select(r => new AlertItem(r.Id, r.Entry.Channel, r.Entry.IncidentId, r.Entry.Notice, r.Entry.Severity, StateName(r.State), r.Attempts,
                r.Entry.CreatedAt, r.Entry.NotBefore, r.NextAttemptAt, r.DeliveredAt, r.LastError))
            .ToList();
        return TypedResults.Json<IReadOnlyList<AlertItem>>(rows, ApiJsonContext.Default.IReadOnlyListAlertItem);
    }

    private static string StateName(OutboxState state) => state switch
    {
        OutboxState.Delivered => "delivered",
        OutboxState.Failed => "failed",
        _ => "pending",
    };

    /// <summary>Validates the matchers (Alertmanager syntax, as `silence add`) and the duration, and stores the silence.</summary>
    internal static long AddSilence(ILogStore store, IReadOnlyList<string> matchers, string? duration, string comment, string createdBy, LogWardenConfig config, TimeProvider time)
    {
        if (matchers.Count == 0)
        {
            throw new BadApiRequestException("matchers: at least one, such as kind=oom-kill or host=~web-.*");
        }
        try
        {
            AlertMatcher.ParseList(matchers);
        }
        catch (FormatException e)
        {
            throw new BadApiRequestException("matchers: " + e.Message);
        }
        TimeSpan length = config.Alerts.SilenceDuration;
        if (duration is not null && (!ConfigLoader.TryParseDuration(duration, out length) || length <= TimeSpan.Zero || length > TimeSpan.FromDays(366)))
        {
            throw new BadApiRequestException($"duration: '{duration}' is not a duration such as 30m, 2h or 1d (at most a year)");
        }
        if (comment.Length > 1000 || createdBy.Length > 200)
        {
            throw new BadApiRequestException("comment or created_by: too long");
        }
        DateTimeOffset now = time.GetUtcNow();
        return Silences(store).AddSilence(string.Join('\n', matchers), now, now + length, createdBy, comment);
    }

    private static SilenceItem ToItem(AlertSilence s, DateTimeOffset now) => new(
        s.Id, s.Matchers.Split('\n'), s.StartsAt, s.EndsAt, s.CreatedBy, s.Comment,
        s.IsActive(now) ? "active" : s.EndsAt <= now ? "ended" : "pending");
}
