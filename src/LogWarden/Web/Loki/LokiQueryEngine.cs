using System.Diagnostics;
using System.Text;
using LogWarden.Collect;
using LogWarden.Mine;
using LogWarden.Store;

namespace LogWarden.Web.Loki;

/// <summary>What a query read, for Loki's <c>stats</c> object.</summary>
internal sealed class QueryStatistics
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public long LinesProcessed { get; set; }

    public long BytesProcessed { get; set; }

    public long EntriesReturned { get; set; }

    public double ExecSeconds => Stopwatch.GetElapsedTime(_started).TotalSeconds;
}

/// <summary>A stream of a log query's result: its labels and its lines (time, text) in the order asked for.</summary>
internal sealed record ResultStream(StreamLabels Labels, List<(DateTimeOffset Time, string Line)> Entries);

/// <summary>One series of a metric result: a value, or none, at each step.</summary>
internal sealed class ResultSeries(StreamLabels labels, int points)
{
    public StreamLabels Labels { get; } = labels;

    public double[] Values { get; } = new double[points];

    public bool[] Present { get; } = new bool[points];
}

/// <summary>A template's counts over time, as the patterns view shows it.</summary>
internal sealed record PatternSeries(string Pattern, string Level, List<(long UnixSeconds, long Count)> Samples, long Total);

/// <summary>
/// Runs LogQL against the store. The selector's label matchers, the time range and the first substring or
/// regex filter go into the store's <see cref="SearchQuery"/>, so only the blocks and streams that can hold
/// a match are read; further filters apply to the lines that come back.
/// </summary>
internal sealed class LokiQueryEngine(ILogStore store)
{
    /// <summary>Loki's max_entries_limit_per_query default.</summary>
    public const int MaxEntries = 5000;

    /// <summary>Loki's limit on points per series (11,000), so a tiny step over a long range is refused, not ground through.</summary>
    public const int MaxPoints = 11_000;

    /// <summary>Series in one metric result (Loki's max_query_series is 500; our streams are few, so more is harmless).</summary>
    public const int MaxSeries = 5000;

    public List<ResultStream> QueryLogs(LogSelector selector, DateTimeOffset start, DateTimeOffset end, int limit, bool backward, QueryStatistics stats, CancellationToken cancellationToken)
    {
        if (limit > MaxEntries)
        {
            throw new LogQlException($"max entries limit per query exceeded, limit > max_entries_limit ({limit} > {MaxEntries})");
        }
        var streams = new Dictionary<StreamLabels, ResultStream>();
        var dropped = new Dictionary<StreamLabels, StreamLabels>();
        int found = 0;
        if (limit <= 0)
        {
            return [];
        }
        foreach (SearchHit hit in Lines(selector, start, end, backward, stats, cancellationToken, limit))
        {
            StreamLabels labels = Output(hit.Labels, selector, dropped);
            if (!streams.TryGetValue(labels, out ResultStream? stream))
            {
                streams[labels] = stream = new ResultStream(labels, []);
            }
            stream.Entries.Add((hit.Timestamp, hit.Line));
            if (++found >= limit)
            {
                break;
            }
        }
        stats.EntriesReturned = found;
        return [.. streams.Values.OrderBy(s => s.Labels.Key, StringComparer.Ordinal)];
    }

    /// <summary>The value of <paramref name="query"/> at each of start, start+step, … ≤ end.</summary>
    public List<ResultSeries> QueryMetric(MetricQuery query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, QueryStatistics stats, CancellationToken cancellationToken)
    {
        if (end < start)
        {
            throw new LogQlException("end timestamp must not be before or equal to start time");
        }
        long points = ((end - start).Ticks / step.Ticks) + 1;
        if (points > MaxPoints)
        {
            throw new LogQlException($"exceeded maximum resolution of {MaxPoints:N0} points per timeseries. Try decreasing the query resolution (?step=XX)");
        }
        var grid = new StepGrid(start.UtcTicks, step.Ticks, (int)points);
        List<ResultSeries> result = Evaluate(query, grid, stats, cancellationToken);
        result.Sort((a, b) => string.CompareOrdinal(a.Labels.Key, b.Labels.Key));
        return result;
    }

    private readonly record struct StepGrid(long StartTicks, long StepTicks, int Points)
    {
        public long EndTicks => StartTicks + (StepTicks * (Points - 1));
    }

    private List<ResultSeries> Evaluate(MetricQuery query, StepGrid grid, QueryStatistics stats, CancellationToken cancellationToken) => query switch
    {
        RangeAggregation range => EvaluateRange(range, grid, stats, cancellationToken),
        VectorAggregation aggregation => Aggregate(aggregation, Evaluate(aggregation.Inner, grid, stats, cancellationToken), grid.Points),
        VectorLiteral literal => [Constant(literal.Value, grid.Points)],
        BinaryOperation binary => Combine(binary.Operator, Evaluate(binary.Left, grid, stats, cancellationToken), Evaluate(binary.Right, grid, stats, cancellationToken)),
        _ => throw new LogQlException($"unsupported query {query}"),
    };

    /// <summary>
    /// One pass over the lines of [start − range, end]: each line adds to every step whose window
    /// (t − range, t] holds it, through a difference array, so a long range over a short step costs no more
    /// per line than one bucket does.
    /// </summary>
    private List<ResultSeries> EvaluateRange(RangeAggregation query, StepGrid grid, QueryStatistics stats, CancellationToken cancellationToken)
    {
        if (query.Function is RangeFunction.CountOverTime or RangeFunction.Rate && query.Selector.Filters.Count == 0
            && CountFromTimestamps(query, grid, stats, cancellationToken) is { } counted)
        {
            return counted;
        }
        long rangeTicks = query.Range.Ticks;
        var from = new DateTimeOffset(grid.StartTicks - rangeTicks + 1, TimeSpan.Zero);
        var to = new DateTimeOffset(grid.EndTicks + 1, TimeSpan.Zero);
        bool bytes = query.Function is RangeFunction.BytesOverTime or RangeFunction.BytesRate;
        var sums = new Dictionary<StreamLabels, (double[] Values, int[] Counts)>();
        var dropped = new Dictionary<StreamLabels, StreamLabels>();
        foreach (SearchHit hit in Lines(query.Selector, from, to, backward: false, stats, cancellationToken))
        {
            long t = hit.Timestamp.UtcTicks;
            long first = CeilDiv(t - grid.StartTicks, grid.StepTicks);
            long last = CeilDiv(t + rangeTicks - grid.StartTicks, grid.StepTicks) - 1;
            first = Math.Max(first, 0);
            last = Math.Min(last, grid.Points - 1);
            if (first > last)
            {
                continue;
            }
            StreamLabels labels = Output(hit.Labels, query.Selector, dropped);
            if (!sums.TryGetValue(labels, out var series))
            {
                if (sums.Count >= MaxSeries)
                {
                    throw new LogQlException($"maximum of series ({MaxSeries}) reached for a single query");
                }
                sums[labels] = series = (new double[grid.Points + 1], new int[grid.Points + 1]);
            }
            double amount = bytes ? Encoding.UTF8.GetByteCount(hit.Line) : 1;
            series.Values[first] += amount;
            series.Values[last + 1] -= amount;
            series.Counts[first]++;
            series.Counts[last + 1]--;
        }
        double divisor = query.Function is RangeFunction.Rate or RangeFunction.BytesRate ? query.Range.TotalSeconds : 1;
        var result = new List<ResultSeries>(sums.Count);
        foreach ((StreamLabels labels, (double[] values, int[] counts)) in sums)
        {
            var series = new ResultSeries(labels, grid.Points);
            double value = 0;
            int count = 0;
            for (int i = 0; i < grid.Points; i++)
            {
                value += values[i];
                count += counts[i];
                series.Present[i] = count > 0;
                series.Values[i] = count > 0 ? Math.Round(value, 6) / divisor : 0;
            }
            result.Add(series);
        }
        return result;
    }

    /// <summary>Most buckets a count from timestamps may use (their size is the gcd of step and range).</summary>
    private const int MaxCountBuckets = 1_000_000;

    /// <summary>
    /// count_over_time and rate without line filters need no line text: the store counts lines per bucket
    /// of gcd(step, range) from its timestamps alone, and each step's window (t − range, t] is a sum of
    /// whole buckets. Null when the buckets would be too many (an odd step/range pair): the caller scans.
    /// </summary>
    private List<ResultSeries>? CountFromTimestamps(RangeAggregation query, StepGrid grid, QueryStatistics stats, CancellationToken cancellationToken)
    {
        long rangeTicks = query.Range.Ticks;
        long bucketTicks = (long)System.Numerics.BigInteger.GreatestCommonDivisor(grid.StepTicks, rangeTicks);
        long bucketCount = ((grid.EndTicks - grid.StartTicks) + rangeTicks) / bucketTicks;
        if (bucketCount > MaxCountBuckets)
        {
            return null;
        }
        var from = new DateTimeOffset(grid.StartTicks - rangeTicks + 1, TimeSpan.Zero);
        IReadOnlyDictionary<StreamLabels, long[]> counts = store.CountLines(query.Selector.Matchers, from, TimeSpan.FromTicks(bucketTicks), (int)bucketCount, cancellationToken);
        var dropped = new Dictionary<StreamLabels, StreamLabels>();
        var merged = new Dictionary<StreamLabels, long[]>();
        foreach ((StreamLabels stream, long[] perBucket) in counts)
        {
            StreamLabels labels = Output(stream, query.Selector, dropped);
            if (!merged.TryGetValue(labels, out long[]? prefix))
            {
                merged[labels] = prefix = new long[bucketCount + 1];
            }
            for (int b = 0; b < perBucket.Length; b++)
            {
                prefix[b + 1] += perBucket[b];
                stats.LinesProcessed += perBucket[b];
            }
        }
        double divisor = query.Function == RangeFunction.Rate ? query.Range.TotalSeconds : 1;
        long bucketsPerStep = grid.StepTicks / bucketTicks, bucketsPerRange = rangeTicks / bucketTicks;
        var result = new List<ResultSeries>(merged.Count);
        foreach ((StreamLabels labels, long[] prefix) in merged)
        {
            for (int b = 1; b < prefix.Length; b++)
            {
                prefix[b] += prefix[b - 1];
            }
            var series = new ResultSeries(labels, grid.Points);
            for (int k = 0; k < grid.Points; k++)
            {
                long first = k * bucketsPerStep;
                long count = prefix[Math.Min(first + bucketsPerRange, bucketCount)] - prefix[first];
                series.Present[k] = count > 0;
                series.Values[k] = count / divisor;
            }
            result.Add(series);
        }
        return result;
    }

    private static ResultSeries Constant(double value, int points)
    {
        var series = new ResultSeries(StreamLabels.Empty, points);
        Array.Fill(series.Values, value);
        Array.Fill(series.Present, true);
        return series;
    }

    /// <summary>One-to-one matching as Prometheus does it: a point where both sides have the same labels and a value.</summary>
    private static List<ResultSeries> Combine(char op, List<ResultSeries> left, List<ResultSeries> right)
    {
        Dictionary<StreamLabels, ResultSeries> byLabels = right.ToDictionary(s => s.Labels);
        var result = new List<ResultSeries>();
        foreach (ResultSeries l in left)
        {
            if (!byLabels.TryGetValue(l.Labels, out ResultSeries? r))
            {
                continue;
            }
            var series = new ResultSeries(l.Labels, l.Values.Length);
            for (int i = 0; i < l.Values.Length; i++)
            {
                series.Present[i] = l.Present[i] && r.Present[i];
                series.Values[i] = op switch
                {
                    '+' => l.Values[i] + r.Values[i],
                    '-' => l.Values[i] - r.Values[i],
                    '*' => l.Values[i] * r.Values[i],
                    _ => l.Values[i] / r.Values[i],
                };
            }
            result.Add(series);
        }
        return result;
    }

    private static long CeilDiv(long a, long b) => a >= 0 ? (a + b - 1) / b : -((-a) / b);

    private static List<ResultSeries> Aggregate(VectorAggregation query, List<ResultSeries> inputs, int points)
    {
        var groups = new Dictionary<StreamLabels, List<ResultSeries>>();
        foreach (ResultSeries input in inputs)
        {
            StreamLabels key = query.By is { } by
                ? new StreamLabels(input.Labels.Pairs.Where(p => by.Contains(p.Key)))
                : query.Without is { } without
                    ? new StreamLabels(input.Labels.Pairs.Where(p => !without.Contains(p.Key)))
                    : StreamLabels.Empty;
            if (!groups.TryGetValue(key, out List<ResultSeries>? members))
            {
                groups[key] = members = [];
            }
            members.Add(input);
        }
        var result = new List<ResultSeries>(groups.Count);
        foreach ((StreamLabels labels, List<ResultSeries> members) in groups)
        {
            var series = new ResultSeries(labels, points);
            for (int i = 0; i < points; i++)
            {
                int n = 0;
                double sum = 0, min = double.MaxValue, max = double.MinValue;
                foreach (ResultSeries member in members)
                {
                    if (!member.Present[i])
                    {
                        continue;
                    }
                    double v = member.Values[i];
                    n++;
                    sum += v;
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                }
                if (n == 0)
                {
                    continue;
                }
                series.Present[i] = true;
                series.Values[i] = query.Operation switch
                {
                    VectorOperation.Sum => sum,
                    VectorOperation.Count => n,
                    VectorOperation.Min => min,
                    VectorOperation.Max => max,
                    _ => sum / n,
                };
            }
            result.Add(series);
        }
        return result;
    }

    /// <summary>Counts per template over [start, end] in steps, the most frequent first (at most <paramref name="maxPatterns"/>).</summary>
    public List<PatternSeries> Patterns(LogSelector selector, DateTimeOffset start, DateTimeOffset end, TimeSpan step, int maxPatterns, QueryStatistics stats, CancellationToken cancellationToken)
    {
        long points = ((end - start).Ticks / step.Ticks) + 1;
        if (end < start || points > MaxPoints)
        {
            throw new LogQlException($"the range must be forward and hold at most {MaxPoints:N0} steps");
        }
        Dictionary<int, TemplateState> templates = store.LoadTemplates().ToDictionary(t => t.Id);
        var counts = new Dictionary<int, SortedDictionary<long, long>>();
        foreach (SearchHit hit in Lines(selector, start, end.AddTicks(1), backward: false, stats, cancellationToken))
        {
            int id = Resolve(templates, hit.TemplateId);
            long bucket = (hit.Timestamp.UtcTicks - start.UtcTicks) / step.Ticks;
            if (!counts.TryGetValue(id, out var buckets))
            {
                counts[id] = buckets = [];
            }
            buckets[bucket] = buckets.GetValueOrDefault(bucket) + 1;
        }
        var result = new List<PatternSeries>(counts.Count);
        foreach ((int id, SortedDictionary<long, long> buckets) in counts)
        {
            templates.TryGetValue(id, out TemplateState? template);
            string pattern = template is null ? $"<template {id}>" : string.Join(' ', template.Tokens).Replace(TokenMasker.Wildcard, "<_>", StringComparison.Ordinal);
            var samples = buckets.Select(b => ((start.UtcTicks + (b.Key * step.Ticks) - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerSecond, b.Value)).ToList();
            result.Add(new PatternSeries(pattern, (template?.Level ?? Parse.Severity.Unknown).ToString().ToLowerInvariant(), samples, buckets.Values.Sum()));
        }
        result.Sort((a, b) => b.Total.CompareTo(a.Total));
        return result.Count > maxPatterns ? result[..maxPatterns] : result;
    }

    private static int Resolve(Dictionary<int, TemplateState> templates, int id)
    {
        for (int hops = 0; hops < 64 && templates.TryGetValue(id, out TemplateState? t) && t.MergedInto != 0 && t.MergedInto != id; hops++)
        {
            id = t.MergedInto;
        }
        return id;
    }

    /// <summary>The streams that have lines in the range and pass the matchers (for labels and series).</summary>
    public List<StreamLabels> Streams(IReadOnlyList<LogSelector> selectors, DateTimeOffset start, DateTimeOffset end) =>
        [.. store.ListStreams(start, end).Where(s => selectors.Count == 0 || selectors.Any(sel => sel.Matchers.All(m => m.Matches(s))))];

    /// <param name="limit">
    /// Lines wanted at most. Handed to the store when it applies every filter itself, so that a newest-first
    /// scan stops once the limit is full instead of building every matching line of the newest segments (a
    /// 50,000-line tail chunk) for the caller to drop; with further filters the store cannot know how many it
    /// must find.
    /// </param>
    private IEnumerable<SearchHit> Lines(LogSelector selector, DateTimeOffset from, DateTimeOffset to, bool backward, QueryStatistics stats, CancellationToken cancellationToken, int limit = int.MaxValue)
    {
        LineFilter? text = selector.Filters.FirstOrDefault(f => f.Type == LineFilterType.Contains);
        LineFilter? regex = selector.Filters.FirstOrDefault(f => f.Type == LineFilterType.Regex);
        bool storeFiltersAll = selector.Filters.All(f => ReferenceEquals(f, text) || ReferenceEquals(f, regex));
        var query = new SearchQuery
        {
            Labels = selector.Matchers,
            From = from,
            To = to,
            Text = text?.Value,
            MatchCase = true,
            Pattern = regex?.Pattern,
            NewestFirst = backward,
            Limit = storeFiltersAll ? limit : int.MaxValue,
        };
        foreach (SearchHit hit in store.Search(query, cancellationToken))
        {
            stats.LinesProcessed++;
            stats.BytesProcessed += hit.Line.Length;
            bool passes = true;
            foreach (LineFilter filter in selector.Filters)
            {
                if (!ReferenceEquals(filter, text) && !ReferenceEquals(filter, regex) && !filter.Passes(hit.Line))
                {
                    passes = false;
                    break;
                }
            }
            if (passes)
            {
                yield return hit;
            }
        }
    }

    /// <summary>A stream's labels less the dropped ones, made once per stream of a query, not per line.</summary>
    private static StreamLabels Output(StreamLabels labels, LogSelector selector, Dictionary<StreamLabels, StreamLabels> dropped)
    {
        if (selector.DroppedLabels.Count == 0)
        {
            return labels;
        }
        if (!dropped.TryGetValue(labels, out StreamLabels? output))
        {
            dropped[labels] = output = new StreamLabels(labels.Pairs.Where(p => !selector.DroppedLabels.Contains(p.Key)));
        }
        return output;
    }
}
