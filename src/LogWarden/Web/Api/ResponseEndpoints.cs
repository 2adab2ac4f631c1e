using System.Text.Json.Serialization;
using LogWarden.Config;
using LogWarden.Respond;
using LogWarden.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LogWarden.Web.Api;

/// <summary>
/// /actions (the responder's audit trail, as `logwarden actions`) and /bans (current bans, and lifting one,
/// as `logwarden bans` and `bans lift`). Lifting takes the network from the body, validated exactly as the
/// CLI validates it (<see cref="EntityValues.BanNetwork"/>), and removes it with the configured firewall.
/// </summary>
internal static class ResponseEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/actions", (HttpRequest request, ILogStore store) =>
        {
            int limit = ApiQuery.Integer(request, "limit", 100, 1, 1000);
            long? incident = ApiQuery.Text(request, "incident", 20) is { } text
                ? long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long id) ? id : throw new BadApiRequestException($"incident: '{text}' is not an incident id")
                : null;
            var rows = Audit(store).ListActions(limit, incident).Select(a =>
            {
                string[] lines = a.Arguments.Split('\n');
                return new ActionItem(a.Id, a.At, a.IncidentId, a.Playbook, a.Action, lines[0], lines[1..], a.Result, a.Output, (long)a.Duration.TotalMilliseconds);
            }).ToList();
            return TypedResults.Json<IReadOnlyList<ActionItem>>(rows, ResponseApiJsonContext.Default.IReadOnlyListActionItem);
        }).WithSummary("The responder's audit trail, newest first: every action run, dry-run or refused, with its arguments, commands, result and output. incident; limit (≤ 1000).");
        api.MapGet("/bans", (ILogStore store, TimeProvider time) =>
        {
            var rows = Audit(store).CurrentBans(time.GetUtcNow()).Select(b => new BanItem(b.Id, b.Network, b.BannedAt, b.ExpiresAt, b.IncidentId, b.Reason)).ToList();
            return TypedResults.Json<IReadOnlyList<BanItem>>(rows, ResponseApiJsonContext.Default.IReadOnlyListBanItem);
        }).WithSummary("Current bans (neither expired nor lifted), newest first.");
        api.MapPost("/bans/lift", async (HttpRequest request, ILogStore store, LogWardenConfig config, TimeProvider time, CancellationToken cancellationToken) =>
        {
            LiftRequest body = await request.ReadFromJsonAsync(ResponseApiJsonContext.Default.LiftRequest, cancellationToken).ConfigureAwait(false)
                ?? throw new BadApiRequestException("body: a JSON object with the network is needed");
            if (EntityValues.BanNetwork(body.Network, config.Respond.Ipv6Prefix, out string? why) is not { } network)
            {
                throw new BadApiRequestException($"network: '{EntityValues.Preview(body.Network)}' is {why}");
            }
            string canonical = EntityValues.Canonical(network);
            using IFirewall firewall = ResponseServices.CreateFirewall(config.Respond, new ProcessCommandRunner());
            CommandResult removed = await firewall.UnbanAsync(network, cancellationToken).ConfigureAwait(false);
            int lifted = Audit(store).LiftBans(canonical, time.GetUtcNow());
            if (lifted == 0 && !removed.Succeeded)
            {
                return ApiQuery.Problem(StatusCodes.Status404NotFound, "Not found", $"no current ban of {canonical}");
            }
            return TypedResults.Json(new LiftResponse(canonical, lifted, removed.Succeeded, removed.Succeeded ? null : removed.Output.Trim()), ResponseApiJsonContext.Default.LiftResponse);
        }).WithSummary("Lifts a ban now: {\"network\": \"203.0.113.9\"} (an IPv6 address lifts its /64 by default); removes it from the firewall and marks it lifted.");
    }

    private static IResponseStore Audit(ILogStore store) =>
        store as IResponseStore ?? throw new BadApiRequestException("this store keeps no response audit", StatusCodes.Status501NotImplemented);
}

/// <param name="Arguments">The action's validated arguments (first line of the audit's arguments).</param>
/// <param name="Commands">The argv it ran (or would have run), each as a display string.</param>
internal sealed record ActionItem(long Id, DateTimeOffset At, long IncidentId, string Playbook, string Action, string Arguments, IReadOnlyList<string> Commands, string Result, string Output, long DurationMs);

internal sealed record BanItem(long Id, string Network, DateTimeOffset BannedAt, DateTimeOffset ExpiresAt, long IncidentId, string Reason);

internal sealed record LiftRequest(string? Network);

/// <param name="FirewallError">What the firewall said when it could not remove the element (null: removed).</param>
internal sealed record LiftResponse(string Network, int Lifted, bool FirewallRemoved, string? FirewallError);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<ActionItem>))]
[JsonSerializable(typeof(IReadOnlyList<BanItem>))]
[JsonSerializable(typeof(LiftRequest))]
[JsonSerializable(typeof(LiftResponse))]
internal sealed partial class ResponseApiJsonContext : JsonSerializerContext;
