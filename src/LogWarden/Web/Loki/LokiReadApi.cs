using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LogWarden.Collect;
using LogWarden.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace LogWarden.Web.Loki;

/// <summary>
/// Loki's HTTP read API on the daemon's web host, enough for Grafana's Loki data source: Explore, log
/// volume histograms, label browser, patterns. Parameters come from the query string or, for POST, a form
/// body, as Loki takes them. A query LogWarden cannot run gets 400 with Loki's plain-text message.
/// </summary>
internal static partial class LokiReadApi
{
    public const string Prefix = "/loki/api/v1";

    /// <summary>The Loki version whose API this one follows (Grafana enables features by it, e.g. patterns from 3.0).</summary>
    public const string CompatibleVersion = "3.0.0";

    /// <summary>Loki's default lookback for label and series listings.</summary>
    private static readonly TimeSpan MetadataLookback = TimeSpan.FromHours(6);

    public static IEndpointRouteBuilder MapLokiReadApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder loki = app.MapGroup(Prefix);
        string[] getOrPost = [HttpMethods.Get, HttpMethods.Post];
        loki.MapMethods("/query_range", getOrPost, (HttpContext c) => RespondAsync(c, QueryRange));
        loki.MapMethods("/query", getOrPost, (HttpContext c) => RespondAsync(c, QueryInstant));
        loki.MapMethods("/labels", getOrPost, (HttpContext c) => RespondAsync(c, Labels));
        loki.MapMethods("/label", getOrPost, (HttpContext c) => RespondAsync(c, Labels));
        loki.MapMethods("/label/{name}/values", getOrPost, (HttpContext c, string name) => RespondAsync(c, (p, j, ct) => LabelValues(p, j, name)));
        loki.MapMethods("/series", getOrPost, (HttpContext c) => RespondAsync(c, Series));
        loki.MapMethods("/patterns", getOrPost, (HttpContext c) => RespondAsync(c, Patterns));
        MapIndexApi(loki, getOrPost);
        loki.MapGet("/status/buildinfo", (HttpContext c) => RespondAsync(c, (_, json, _) =>
        {
            json.WriteStartObject();
            json.WriteString("version", CompatibleVersion);
            json.WriteString("revision", "logwarden");
            json.WriteString("branch", "");
            json.WriteString("buildUser", "");
            json.WriteString("buildDate", "");
            json.WriteString("goVersion", "");
            json.WriteEndObject();
        }));
        return app;
    }

    /// <summary>What a handler reads: the parameters, the engine, and the clock for defaults.</summary>
    private sealed record Request(Func<string, string?> Get, Func<string, StringValues> GetAll, LokiQueryEngine Engine, ILogStore Store, DateTimeOffset Now);

    private static async Task RespondAsync(HttpContext context, Action<Request, Utf8JsonWriter, CancellationToken> handle)
    {
        StringValues Merge(string name)
        {
            StringValues values = context.Request.Query[name];
            return context.Request.HasFormContentType && context.Request.Form.TryGetValue(name, out StringValues form) ? StringValues.Concat(values, form) : values;
        }
        if (context.Request.HasFormContentType)
        {
            await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        }
        var services = context.RequestServices;
        var store = services.GetRequiredService<ILogStore>();
        var request = new Request(
            name => Merge(name) is { Count: > 0 } v ? v[^1] : null,
            Merge,
            new LokiQueryEngine(store),
            store,
            services.GetRequiredService<TimeProvider>().GetUtcNow());
        // Straight into the response's pipe, no buffer of the whole body (a thousand lines are 137 KB: the buffer
        // grew by doubling into the large-object heap, then was copied). Handlers compute their result before
        // they write, so a query that fails has written nothing and still gets its 400.
        context.Response.ContentType = "application/json; charset=utf-8";
        try
        {
            await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
            handle(request, json, context.RequestAborted);
        }
        catch (Exception e) when (e is LogQlException or RegexMatchTimeoutException or ArgumentException or FormatException && !context.Response.HasStarted)
        {
            string message = e is RegexMatchTimeoutException ? "a regular expression of the query took too long on a line; simplify it" : e.Message;
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            // As Loki 3 writes it (pkg/util/server WriteError): the message alone as text/plain, nosniff (set for
            // every answer by Web/Server), no JSON wrapper and no trailing newline; Grafana shows the body as the error.
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(message, context.RequestAborted).ConfigureAwait(false);
            return;
        }
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static (DateTimeOffset Start, DateTimeOffset End) Range(Request r, TimeSpan lookback)
    {
        DateTimeOffset end = LokiTime.Parse(r.Get("end"), r.Now, "end");
        DateTimeOffset start = LokiTime.Parse(r.Get("start"), end - lookback, "start");
        if (end < start)
        {
            throw new LogQlException("end timestamp must not be before or equal to start time");
        }
        return (start, end);
    }

    private static int Limit(Request r)
    {
        string? text = r.Get("limit");
        if (text is null)
        {
            return 100;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int limit))
        {
            throw new LogQlException($"invalid limit: '{text}' is not a non-negative integer");
        }
        return limit;
    }

    private static bool Backward(Request r) => r.Get("direction")?.ToLowerInvariant() switch
    {
        null or "" or "backward" => true,
        "forward" => false,
        string other => throw new LogQlException($"invalid direction '{other}': use forward or backward"),
    };

    private static void QueryRange(Request r, Utf8JsonWriter json, CancellationToken cancellationToken)
    {
        LogQlQuery query = LogQlParser.Parse(r.Get("query"));
        (DateTimeOffset start, DateTimeOffset end) = Range(r, TimeSpan.FromHours(1));
        TimeSpan step = LokiTime.ParseStep(r.Get("step"), "step") ?? LokiTime.DefaultStep(start, end); // checked for log queries too, as Loki does
        var stats = new QueryStatistics();
        if (query is LogSelector selector)
        {
            LokiResponses.WriteStreams(json, r.Engine.QueryLogs(selector, start, end, Limit(r), Backward(r), stats, cancellationToken), stats);
            return;
        }
        var series = r.Engine.QueryMetric((MetricQuery)query, start, end, step, stats, cancellationToken);
        LokiResponses.WriteMatrix(json, series, start, step, stats);
    }

    private static void QueryInstant(Request r, Utf8JsonWriter json, CancellationToken cancellationToken)
    {
        LogQlQuery query = LogQlParser.Parse(r.Get("query"));
        DateTimeOffset time = LokiTime.Parse(r.Get("time"), r.Now, "time");
        var stats = new QueryStatistics();
        if (query is LogSelector selector)
        {
            // Loki answers an instant log query with the lines up to `time`, newest first by default.
            LokiResponses.WriteStreams(json, r.Engine.QueryLogs(selector, time - TimeSpan.FromHours(1), time.AddTicks(1), Limit(r), Backward(r), stats, cancellationToken), stats);
            return;
        }
        var series = r.Engine.QueryMetric((MetricQuery)query, time, time, TimeSpan.FromSeconds(1), stats, cancellationToken);
        LokiResponses.WriteVector(json, series, time, stats);
    }

    private static List<LogSelector> Selectors(Request r, string name)
    {
        var selectors = new List<LogSelector>();
        foreach (string? text in r.GetAll(name))
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                selectors.Add(LogQlParser.Parse(text) as LogSelector ?? throw new LogQlException($"'{name}' takes a stream selector such as {{job=\"app\"}}"));
            }
        }
        return selectors;
    }

    private static void Labels(Request r, Utf8JsonWriter json, CancellationToken cancellationToken)
    {
        (DateTimeOffset start, DateTimeOffset end) = Range(r, MetadataLookback);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (StreamLabels stream in r.Engine.Streams(Selectors(r, "query"), start, end))
        {
            foreach ((string name, _) in stream.Pairs)
            {
                names.Add(name);
            }
        }
        LokiResponses.WriteList(json, names, (j, n) => j.WriteStringValue(n));
    }

    private static void LabelValues(Request r, Utf8JsonWriter json, string name)
    {
        (DateTimeOffset start, DateTimeOffset end) = Range(r, MetadataLookback);
        var values = new SortedSet<string>(StringComparer.Ordinal);
        foreach (StreamLabels stream in r.Engine.Streams(Selectors(r, "query"), start, end))
        {
            if (stream[name] is { } value)
            {
                values.Add(value);
            }
        }
        LokiResponses.WriteList(json, values, (j, v) => j.WriteStringValue(v));
    }

    private static void Series(Request r, Utf8JsonWriter json, CancellationToken cancellationToken)
    {
        (DateTimeOffset start, DateTimeOffset end) = Range(r, MetadataLookback);
        List<LogSelector> selectors = Selectors(r, "match[]");
        selectors.AddRange(Selectors(r, "match"));
        LokiResponses.WriteList(json, r.Engine.Streams(selectors, start, end), LokiResponses.WriteLabelSet);
    }

    private static void Patterns(Request r, Utf8JsonWriter json, CancellationToken cancellationToken)
    {
        if (LogQlParser.Parse(r.Get("query")) is not LogSelector selector)
        {
            throw new LogQlException("patterns take a stream selector such as {job=\"app\"}, not a metric query");
        }
        (DateTimeOffset start, DateTimeOffset end) = Range(r, TimeSpan.FromHours(1));
        TimeSpan step = LokiTime.ParseStep(r.Get("step"), "step") ?? LokiTime.DefaultStep(start, end);
        var stats = new QueryStatistics();
        LokiResponses.WriteList(json, r.Engine.Patterns(selector, start, end, step, maxPatterns: 1000, stats, cancellationToken), LokiResponses.WritePattern);
    }
}
