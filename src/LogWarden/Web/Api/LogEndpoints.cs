using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LogWarden.Mine;
using LogWarden.Store;
using LogWarden.Web.Loki;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace LogWarden.Web.Api;

/// <summary>/search (JSON or NDJSON), /tail (server-sent events), /templates and a template's counts over time.</summary>
internal static class LogEndpoints
{
    public const int MaxSearchLimit = 5000;

    /// <summary>How often a tail asks the store for new lines (as `search --follow` does).</summary>
    internal static readonly TimeSpan TailPoll = TimeSpan.FromSeconds(1);

    /// <summary>A comment line this often keeps proxies from closing an idle stream.</summary>
    private static readonly TimeSpan TailHeartbeat = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/search", Search).WithSummary(
            "Stored lines: q (substring, case-insensitive unless case=true), regex, label=name=value (repeatable), host (a fleet host's lines: label=host=…), from, to (RFC 3339, Unix seconds or 15m/24h back), "
            + "template (id), limit (≤ 5000), order=newest|oldest, regex_case (default: case), after (only lines stored after this sequence, in stored order, as `search --follow` polls); format=ndjson (or Accept: application/x-ndjson) streams one line per hit.");
        api.MapGet("/tail", TailAsync).WithSummary("Server-sent events: each new line matching the same filters as /search, as it is stored (id = its sequence; Last-Event-ID resumes).");
        api.MapGet("/templates", Templates).WithSummary("Templates (live ones), by count: q filters on the text; sort=count|recent|id; offset; limit (≤ 1000).");
        api.MapGet("/templates/{id:int}/counts", TemplateCounts).WithSummary("Lines of one template per bucket over a range (from, to, buckets ≤ 500).");
    }

    internal static LineItem ToItem(SearchHit hit) => new(
        hit.Sequence, hit.Timestamp, hit.Labels.Pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), hit.Line, hit.TemplateId,
        hit.Level.ToString().ToLowerInvariant());

    /// <summary>The request's label=name=value matchers.</summary>
    internal static List<LabelMatcher> ParseLabels(HttpRequest request)
    {
        var labels = new List<LabelMatcher>();
        foreach (string? given in request.Query["label"])
        {
            int eq = given?.IndexOf('=', StringComparison.Ordinal) ?? -1;
            if (given is null || eq <= 0 || given.Length > 1024)
            {
                throw new BadApiRequestException($"label: '{given}' is not name=value");
            }
            labels.Add(new LabelMatcher(given[..eq].Trim(), given[(eq + 1)..].Trim()));
        }
        return labels;
    }

    internal static SearchQuery ParseQuery(HttpRequest request, DateTimeOffset now)
    {
        List<LabelMatcher> labels = ParseLabels(request);
        // host=NAME: the lines of one host of a fleet (a central), as the dashboard's host filter and /incidents?host= say it.
        if (ApiQuery.Text(request, "host", 255) is { } host)
        {
            labels.Add(new LabelMatcher("host", host));
        }
        string? regex = ApiQuery.Text(request, "regex");
        bool matchCase = ApiQuery.Flag(request, "case");
        // The CLI matches its substring without case and its regex with it: regex_case says so apart from case.
        bool regexCase = ApiQuery.Flag(request, "regex_case", fallback: matchCase);
        DateTimeOffset? from = ApiQuery.Time(request, "from", now);
        DateTimeOffset? to = ApiQuery.Time(request, "to", now);
        if (from is { } f && to is { } t && f >= t)
        {
            throw new BadApiRequestException("from: must be before to");
        }
        int? template = request.Query.ContainsKey("template") && !string.IsNullOrEmpty(request.Query["template"])
            ? ApiQuery.Integer(request, "template", 0, 0, int.MaxValue)
            : null;
        string order = ApiQuery.Text(request, "order") ?? "newest";
        if (order is not ("newest" or "oldest"))
        {
            throw new BadApiRequestException($"order: '{order}' is not newest or oldest");
        }
        return new SearchQuery
        {
            Text = ApiQuery.Text(request, "q"),
            MatchCase = matchCase,
            Pattern = regex is null ? null : QueryRegexCache.Get(regex, (regexCase ? RegexOptions.None : RegexOptions.IgnoreCase) | RegexOptions.CultureInvariant, RegexTimeout),
            From = from,
            To = to,
            Labels = labels,
            TemplateId = template,
            Limit = ApiQuery.Integer(request, "limit", 100, 1, MaxSearchLimit),
            NewestFirst = order == "newest",
            AfterSequence = ApiQuery.Long(request, "after"),
        };
    }

    private static async Task<IResult> Search(HttpContext context, ILogStore store, TimeProvider time)
    {
        SearchQuery query = ParseQuery(context.Request, time.GetUtcNow());
        CancellationToken aborted = context.RequestAborted;
        bool ndjson = ApiQuery.Text(context.Request, "format") is "ndjson"
            || context.Request.Headers.Accept.Any(a => a?.Contains("application/x-ndjson", StringComparison.OrdinalIgnoreCase) == true);
        if (!ndjson)
        {
            long started = Stopwatch.GetTimestamp();
            // Materialised before the first byte is written, so a regex that times out is still a clean 400.
            List<LineItem> lines = [.. store.Search(query, aborted).Select(ToItem)];
            var response = new SearchResponse(lines, lines.Count == query.Limit, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return TypedResults.Json(response, ApiJsonContext.Default.SearchResponse);
        }
        // Streamed: the first hit goes out as soon as the store finds it. A failure after the first byte can only end the stream.
        using IEnumerator<SearchHit> hits = store.Search(query, aborted).GetEnumerator();
        bool any = hits.MoveNext();
        context.Response.ContentType = "application/x-ndjson; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter.AsStream(), new JsonWriterOptions { SkipValidation = true });
        while (any)
        {
            JsonSerializer.Serialize(writer, ToItem(hits.Current), ApiJsonContext.Default.LineItem);
            await writer.FlushAsync(aborted).ConfigureAwait(false);
            writer.Reset();
            await context.Response.BodyWriter.WriteAsync("\n"u8.ToArray(), aborted).ConfigureAwait(false);
            any = hits.MoveNext();
        }
        return Results.Empty;
    }

    /// <summary>
    /// Polls the store by sequence (what `search --follow` does) and sends each new matching line as an event
    /// until the client goes away. Starts after the newest line stored when it connects, or after Last-Event-ID.
    /// </summary>
    private static async Task TailAsync(HttpContext context, ILogStore store, TimeProvider time)
    {
        SearchQuery query;
        long after;
        try
        {
            query = ParseQuery(context.Request, time.GetUtcNow());
            after = long.TryParse(context.Request.Headers["Last-Event-ID"], out long resume) && resume >= 0
                ? resume
                : store.Search(new SearchQuery { AfterSequence = 0, NewestFirst = true, Limit = 1 }, context.RequestAborted).FirstOrDefault()?.Sequence ?? 0;
        }
        catch (Exception e) when (e is BadApiRequestException or RegexParseException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "application/problem+json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(
                new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = 400, Title = "Bad request", Detail = e.Message }, ApiJsonContext.Default.ProblemDetails), context.RequestAborted).ConfigureAwait(false);
            return;
        }
        CancellationToken aborted = context.RequestAborted;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        await context.Response.WriteAsync("retry: 2000\n\n", aborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(aborted).ConfigureAwait(false);
        long lastSent = time.GetTimestamp();
        var buffer = new StringBuilder();
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                buffer.Clear();
                foreach (SearchHit hit in store.Search(query with { AfterSequence = after, NewestFirst = false, Limit = 1000 }, aborted))
                {
                    after = hit.Sequence;
                    buffer.Append("id: ").Append(hit.Sequence).Append("\ndata: ").Append(JsonSerializer.Serialize(ToItem(hit), ApiJsonContext.Default.LineItem)).Append("\n\n");
                }
                if (buffer.Length == 0 && time.GetElapsedTime(lastSent) >= TailHeartbeat)
                {
                    buffer.Append(": keep-alive\n\n");
                }
                if (buffer.Length > 0)
                {
                    await context.Response.WriteAsync(buffer.ToString(), aborted).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(aborted).ConfigureAwait(false);
                    lastSent = time.GetTimestamp();
                }
                await Task.Delay(TailPoll, time, aborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away: the stream simply ends.
        }
        catch (RegexMatchTimeoutException)
        {
            await context.Response.WriteAsync("event: error\ndata: {\"detail\":\"regex too slow on the stored lines\"}\n\n", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static JsonHttpResult<TemplatePage> Templates(HttpRequest request, TemplateCatalog catalog)
    {
        string? text = ApiQuery.Text(request, "q", 200);
        string sort = ApiQuery.Text(request, "sort") ?? "count";
        int offset = ApiQuery.Integer(request, "offset", 0, 0, 10_000_000);
        int limit = ApiQuery.Integer(request, "limit", 100, 1, 1000);
        IEnumerable<TemplateItem> items = catalog.Live();
        if (text is not null)
        {
            items = items.Where(t => t.Template.Contains(text, StringComparison.OrdinalIgnoreCase) || t.Example.Contains(text, StringComparison.OrdinalIgnoreCase));
        }
        items = sort switch
        {
            "count" => items.OrderByDescending(t => t.Count).ThenBy(t => t.Id),
            "recent" => items.OrderByDescending(t => t.LastSeen).ThenBy(t => t.Id),
            "id" => items.OrderBy(t => t.Id),
            _ => throw new BadApiRequestException($"sort: '{sort}' is not count, recent or id"),
        };
        List<TemplateItem> all = [.. items];
        return TypedResults.Json(new TemplatePage([.. all.Skip(offset).Take(limit)], all.Count), ApiJsonContext.Default.TemplatePage);
    }

    private static JsonHttpResult<CountSeries> TemplateCounts(int id, HttpRequest request, ILogStore store, TemplateCatalog catalog, TimeProvider time)
    {
        TemplateItem template = catalog.Live().FirstOrDefault(t => t.Id == id) ?? throw new BadApiRequestException($"no template {id}", StatusCodes.Status404NotFound);
        DateTimeOffset now = time.GetUtcNow();
        DateTimeOffset to = ApiQuery.Time(request, "to", now) ?? (template.LastSeen is { } last ? last.AddSeconds(1) : now);
        DateTimeOffset from = ApiQuery.Time(request, "from", now) ?? to - TimeSpan.FromDays(1);
        if (from >= to)
        {
            throw new BadApiRequestException("from: must be before to");
        }
        int buckets = ApiQuery.Integer(request, "buckets", 60, 1, 500);
        // Whole ticks per bucket, rounded up so that the last bucket reaches `to`.
        var bucket = TimeSpan.FromTicks(Math.Max(1, ((to - from).Ticks + buckets - 1) / buckets));
        long[] counts = store.CountTemplateLines(id, [], from, bucket, buckets, request.HttpContext.RequestAborted);
        double step = bucket.TotalSeconds;
        return TypedResults.Json(new CountSeries(from, to, step, counts, Truncated: false), ApiJsonContext.Default.CountSeries);
    }
}

/// <summary>The stored templates, reread at most every few seconds (the miner's live state belongs to the ingest thread).</summary>
internal sealed class TemplateCatalog(ILogStore store, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly object _gate = new();
    private IReadOnlyList<TemplateItem> _live = [];
    private long _loadedAt;
    private bool _loaded;

    public IReadOnlyList<TemplateItem> Live()
    {
        lock (_gate)
        {
            if (!_loaded || time.GetElapsedTime(_loadedAt) >= Lifetime)
            {
                _live = [.. store.LoadTemplates().Where(t => t.MergedInto == 0).Select(t => new TemplateItem(
                    t.Id, string.Join(' ', t.Tokens), t.Count, t.FirstSeen, t.LastSeen, t.Level.ToString().ToLowerInvariant(), t.Example))];
                _loadedAt = time.GetTimestamp();
                _loaded = true;
            }
            return _live;
        }
    }
}
