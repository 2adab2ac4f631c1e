using System.Collections.Concurrent;
using System.Globalization;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace LogWarden.Web.Api;

/// <summary>/metrics (host metric series averaged to the chart's width, with incidents to mark) and /heatmap.</summary>
internal static class MetricEndpoints
{
    private const int MaxMarks = 200;
    private const int MaxHeatmapIncidents = 20_000;
    private static readonly TimeSpan HeatmapLifetime = TimeSpan.FromSeconds(30);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/metrics", Metrics).WithSummary(
            "Host metric series: name (e.g. cpu_percent, memory_used_percent, filesystem_used_percent, network_receive_bytes_per_second, load1), "
            + "host, label=name=value, from, to, points (≤ 2000, the chart's width): averaged into that many buckets on one shared time axis (Unix seconds).");
        api.MapGet("/heatmap", (HttpRequest request, HeatmapCache cache) =>
            TypedResults.Json(cache.Get(ApiQuery.Integer(request, "days", 28, 1, 366)), ApiJsonContext.Default.HeatmapResponse))
            .WithSummary("Incidents opened per UTC day × hour of day over the last days (≤ 366), with their severity weight (info 1, warning 3, critical 9); cached 30 s.");
    }

    private static JsonHttpResult<MetricsResponse> Metrics(HttpRequest request, ILogStore store, TimeProvider time)
    {
        string name = ApiQuery.Text(request, "name", 200) ?? throw new BadApiRequestException("name: which metric, e.g. cpu_percent");
        DateTimeOffset now = time.GetUtcNow();
        DateTimeOffset to = ApiQuery.Time(request, "to", now) ?? now;
        DateTimeOffset from = ApiQuery.Time(request, "from", now) ?? to - TimeSpan.FromHours(1);
        if (from >= to)
        {
            throw new BadApiRequestException("from: must be before to");
        }
        int points = ApiQuery.Integer(request, "points", 300, 2, 2000);
        var labels = LogEndpoints.ParseLabels(request); // host= is the metric's host here, not a label
        IMetricStore metrics = store as IMetricStore ?? throw new BadApiRequestException("this store keeps no metrics", StatusCodes.Status501NotImplemented);
        IReadOnlyList<MetricSeries> found = metrics.ReadMetrics(new MetricQuery { Name = name, Host = ApiQuery.Text(request, "host", 200), Labels = labels, From = from, To = to });
        double step = (to - from).TotalSeconds / points;
        long fromMs = from.ToUnixTimeMilliseconds();
        var times = new long[points];
        for (int i = 0; i < points; i++)
        {
            times[i] = (long)Math.Round(from.ToUnixTimeSeconds() + (i * step));
        }
        var series = new List<MetricSeriesItem>(found.Count);
        var sums = new double[points];
        var counts = new int[points];
        foreach (MetricSeries s in found)
        {
            Array.Clear(sums);
            Array.Clear(counts);
            foreach (Store.MetricPoint p in s.Points)
            {
                int bucket = Math.Clamp((int)((p.Timestamp.ToUnixTimeMilliseconds() - fromMs) / 1000.0 / step), 0, points - 1);
                if (double.IsFinite(p.Value))
                {
                    sums[bucket] += p.Value;
                    counts[bucket]++;
                }
            }
            var values = new double?[points];
            for (int i = 0; i < points; i++)
            {
                values[i] = counts[i] == 0 ? null : sums[i] / counts[i];
            }
            series.Add(new MetricSeriesItem(s.Host, s.Name, s.Labels.Pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), times, values));
        }
        List<IncidentMark> marks = store is IIncidentStore incidents
            ? [.. incidents.ListIncidents(new IncidentQuery { OpenedFrom = from, OpenedTo = to, Limit = MaxMarks })
                .Select(i => new IncidentMark(i.Id, i.OpenedAt.ToUnixTimeMilliseconds(), IncidentNames.Of(i.Severity), i.Title))]
            : [];
        return TypedResults.Json(new MetricsResponse(name, from, to, step, series, marks), ApiJsonContext.Default.MetricsResponse);
    }

    /// <summary>Weight of an incident in the heatmap: each step of severity counts three times the one below.</summary>
    internal static double Weight(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Critical => 9,
        FindingSeverity.Warning => 3,
        _ => 1,
    };

    /// <summary>The heatmap per number of days, recomputed at most every <see cref="HeatmapLifetime"/>.</summary>
    internal sealed class HeatmapCache(ILogStore store, TimeProvider time)
    {
        private readonly ConcurrentDictionary<int, (long At, HeatmapResponse Map)> _byDays = new();

        public HeatmapResponse Get(int days)
        {
            if (_byDays.TryGetValue(days, out var cached) && time.GetElapsedTime(cached.At) < HeatmapLifetime)
            {
                return cached.Map;
            }
            HeatmapResponse map = Compute(days);
            _byDays[days] = (time.GetTimestamp(), map);
            return map;
        }

        private HeatmapResponse Compute(int days)
        {
            DateTime today = time.GetUtcNow().UtcDateTime.Date;
            DateTime first = today.AddDays(1 - days);
            var counts = new int[days][];
            var weights = new double[days][];
            for (int d = 0; d < days; d++)
            {
                counts[d] = new int[24];
                weights[d] = new double[24];
            }
            if (store is IIncidentStore incidents)
            {
                foreach (IncidentRecord i in incidents.ListIncidents(new IncidentQuery { OpenedFrom = new DateTimeOffset(first, TimeSpan.Zero), Limit = MaxHeatmapIncidents }))
                {
                    DateTime at = i.OpenedAt.UtcDateTime;
                    int day = (int)(at.Date - first).TotalDays;
                    if (day is >= 0 && day < days)
                    {
                        counts[day][at.Hour]++;
                        weights[day][at.Hour] += Weight(i.Severity);
                    }
                }
            }
            var labels = Enumerable.Range(0, days).Select(d => first.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
            double max = weights.SelectMany(w => w).DefaultIfEmpty(0).Max();
            return new HeatmapResponse(labels, counts, weights, max);
        }
    }
}
