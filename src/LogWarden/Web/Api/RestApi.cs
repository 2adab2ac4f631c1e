using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using LogWarden.Store;
using Microsoft.Extensions.DependencyInjection;

namespace LogWarden.Web.Api;

/// <summary>
/// The REST API under /api/v1 (what the dashboard and scripts use): health, incidents and their actions,
/// alerts, silences, the responder's actions and bans, templates, search, live tail (server-sent events), host metrics and the anomaly
/// heatmap, described by an OpenAPI document at /api/v1/openapi.json. Bad input answers RFC 7807
/// problem+json with a 4xx, never a 500. Authentication is the server's (Web/Server), not this layer's.
/// </summary>
internal static class RestApi
{
    public const string Prefix = "/api/v1";

    /// <summary>Registers what the endpoints need (before the application is built).</summary>
    public static IServiceCollection AddRestApi(this IServiceCollection services)
    {
        services.AddSingleton<OverviewCache>();
        services.AddSingleton<TemplateCatalog>();
        services.AddSingleton<MetricEndpoints.HeatmapCache>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Add(ApiJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Add(ResponseApiJsonContext.Default);
        });
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "LogWarden API";
            document.Info.Description = "Incidents, alerts, silences, templates, search, live tail, host metrics and health of a LogWarden daemon.";
            return Task.CompletedTask;
        }));
        return services;
    }

    public static WebApplication MapRestApi(this WebApplication app)
    {
        RouteGroupBuilder api = app.MapGroup(Prefix).AddEndpointFilter(BadInputAsProblem);
        app.MapOpenApi(Prefix + "/openapi.json");
        api.MapGet("/health", (OverviewCache overview) => TypedResults.Json(overview.Get(), ApiJsonContext.Default.HealthResponse))
            .WithSummary("Store, ingest, sources, incidents, alerts and the latest host metrics (cached for 2 s).");
        api.MapGet("/stats", (ILogStore store) =>
        {
            StoreStats s = store.GetStats();
            return TypedResults.Json(new StatsResponse(s.Lines, s.Streams, s.Templates, s.Oldest, s.Newest, s.BytesByTable, s.BytesOnDisk), ApiJsonContext.Default.StatsResponse);
        }).WithSummary("What the store holds, as `logwarden stats` prints it: lines, streams, templates, time range, bytes on disk by table.");
        IncidentEndpoints.Map(api);
        AlertEndpoints.Map(api);
        ResponseEndpoints.Map(api);
        LogEndpoints.Map(api);
        MetricEndpoints.Map(api);
        // Anything else under the prefix is a JSON 404, not the dashboard's page.
        api.Map("/{**rest}", (string? rest) => ApiQuery.Problem(StatusCodes.Status404NotFound, "Not found", $"no API endpoint {Prefix}/{rest}"))
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>A bad query (time, number, regular expression, JSON body) is the caller's mistake: 400, said plainly.</summary>
    private static async ValueTask<object?> BadInputAsProblem(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (BadApiRequestException e)
        {
            return ApiQuery.Problem(e.Status, e.Status == StatusCodes.Status404NotFound ? "Not found" : "Bad request", e.Message);
        }
        catch (RegexParseException e)
        {
            return ApiQuery.Problem(StatusCodes.Status400BadRequest, "Bad request", "regex: " + e.Message);
        }
        catch (RegexMatchTimeoutException)
        {
            return ApiQuery.Problem(StatusCodes.Status400BadRequest, "Bad request", "regex: too slow on the stored lines (backtracking); simplify it");
        }
        catch (JsonException e)
        {
            return ApiQuery.Problem(StatusCodes.Status400BadRequest, "Bad request", "body: not the JSON expected: " + e.Message);
        }
        catch (BadHttpRequestException e)
        {
            return ApiQuery.Problem(e.StatusCode, "Bad request", e.Message);
        }
    }
}
