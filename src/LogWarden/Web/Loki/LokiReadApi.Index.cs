using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LogWarden.Collect;
using LogWarden.Parse;
using LogWarden.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LogWarden.Web.Loki;

/// <summary>
/// What Grafana's Loki data source asks besides queries (Explore's "this query will process…", Logs Drilldown):
/// <c>/index/stats</c>, <c>/index/volume</c>, <c>/index/volume_range</c> from the store's stream list and
/// timestamp counts (no line read), and <c>/detected_labels</c>, <c>/detected_fields</c>,
/// <c>/detected_field/{name}/values</c> from the stream list and a bounded sample of the newest lines.
/// Bytes are an estimate, as Loki's own index statistics are: the lines counted × the mean length of the
/// newest <see cref="ByteSampleLines"/> lines of the selection.
/// </summary>
internal static partial class LokiReadApi
{
    private const int ByteSampleLines = 500;
    private const int DefaultVolumeLimit = 100;
    private const int DefaultLineLimit = 1000;
    private const int MaxLineLimit = 5000;

    /// <summary>The field every line has: its severity as the decoder found it, spelled as Loki spells detected_level.</summary>
    private const string DetectedLevel = "detected_level";

    private static void MapIndexApi(RouteGroupBuilder loki, string[] getOrPost)
    {
        loki.MapMethods("/index/stats", getOrPost, (HttpContext c) => RespondAsync(c, IndexStats));
        loki.MapMethods("/index/volume", getOrPost, (HttpContext c) => RespondAsync(c, (r, json, ct) => Volume(r, json, ranged: false, ct)));
        loki.MapMethods("/index/volume_range", getOrPost, (HttpContext c) => RespondAsync(c, (r, json, ct) => Volume(r, json, ranged: true, ct)));
        loki.MapMethods("/detected_labels", getOrPost, (HttpContext c) => RespondAsync(c, DetectedLabels));
        loki.MapMethods("/detected_fields", getOrPost, (HttpContext c) => RespondAsync(c, (r, json, ct) => DetectedFields(r, json, null, ct)));
        loki.MapMethods("/detected_field/{name}/values", getOrPost, (HttpContext c, string name) => RespondAsync(c, (r, json, ct) => DetectedFields(r, json, name, ct)));
    }

    /// <summary>The stream selector these endpoints take (line filters, if any, are not the index's business).</summary>
    private static LogSelector IndexSelector(Request r) =>
        LogQlParser.Parse(r.Get("query")) as LogSelector ?? throw new LogQlException("this endpoint takes a stream selector such as {job=\"app\"}, not a metric query");

    /// <summary>Mean bytes of a line of the selection, from its newest lines in the range (0 when there are none).</summary>
    private static double MeanLineBytes(Request r, LogSelector selector, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        long bytes = 0;
        int lines = 0;
        foreach (SearchHit hit in r.Store.Search(new SearchQuery { Labels = selector.Matchers, From = start, To = end, Limit = ByteSampleLines }, cancellationToken))
        {
            bytes += System.Text.Encoding.UTF8.GetByteCount(hit.Line);
            lines++;
        }
        return lines == 0 ? 0 : (double)bytes / lines;
    }

    private static void IndexStats(Request r, Utf8JsonWriter json, CancellationToken cancellationToken)
    {
        LogSelector selector = IndexSelector(r);
        (DateTimeOffset start, DateTimeOffset end) = Range(r, TimeSpan.FromHours(1));
        TimeSpan whole = end > start ? end - start : TimeSpan.FromTicks(1);
        long entries = 0;
        int streams = 0;
        foreach (long[] counts in r.Store.CountLines(selector.Matchers, start, whole, 1, cancellationToken).Values)
        {
            if (counts[0] > 0)
            {
                streams++;
                entries += counts[0];
            }
        }
        json.WriteStartObject();
        json.WriteNumber("streams", streams);
        json.WriteNumber("chunks", streams); // a stream's lines in a range are one run to read here
        json.WriteNumber("bytes", (long)(entries * MeanLineBytes(r, selector, start, end, cancellationToken)));
        json.WriteNumber("entries", entries);
        json.WriteEndObject();
    }

    /// <summary>
    /// Volume (estimated bytes) per group of streams, largest first, at most `limit` groups: by the labels the
    /// selector names (or `targetLabels`), per label value (`aggregateBy=series`, the default) or per label name
    /// with an empty value (`aggregateBy=labels`). One vector sample at `end`, or (ranged) one point per step.
    /// </summary>
    private static void Volume(Request r, Utf8JsonWriter json, bool ranged, CancellationToken cancellationToken)
    {
        LogSelector selector = IndexSelector(r);
        (DateTimeOffset start, DateTimeOffset end) = Range(r, TimeSpan.FromHours(1));
        int limit = r.Get("limit") is null ? DefaultVolumeLimit : Math.Max(1, Limit(r));
        bool byLabels = r.Get("aggregateBy") switch
        {
            null or "" or "series" => false,
            "labels" => true,
            string other => throw new LogQlException($"invalid aggregateBy '{other}': use series or labels"),
        };
        string[] targets = r.Get("targetLabels") is { Length: > 0 } given
            ? given.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [.. selector.Matchers.Select(m => m.Name).Distinct(StringComparer.Ordinal)];
        TimeSpan step = ranged ? LokiTime.ParseStep(r.Get("step"), "step") ?? LokiTime.DefaultStep(start, end) : (end > start ? end - start : TimeSpan.FromTicks(1));
        int points = ranged ? (int)Math.Max(1, Math.Ceiling((end - start) / step)) : 1;
        if (points > LokiQueryEngine.MaxPoints)
        {
            throw new LogQlException($"exceeded maximum resolution of {LokiQueryEngine.MaxPoints} points per time series: increase step");
        }
        double bytesPerLine = MeanLineBytes(r, selector, start, end, cancellationToken);
        var groups = new Dictionary<StreamLabels, double[]>();
        foreach ((StreamLabels stream, long[] counts) in r.Store.CountLines(selector.Matchers, start, step, points, cancellationToken))
        {
            foreach (StreamLabels group in Groups(stream, targets, byLabels))
            {
                if (!groups.TryGetValue(group, out double[]? sums))
                {
                    groups[group] = sums = new double[points];
                }
                for (int i = 0; i < points; i++)
                {
                    sums[i] += counts[i] * bytesPerLine;
                }
            }
        }
        var series = groups.OrderByDescending(g => g.Value.Sum()).ThenBy(g => g.Key.Key, StringComparer.Ordinal).Take(limit).Select(g =>
        {
            var s = new ResultSeries(g.Key, points);
            for (int i = 0; i < points; i++)
            {
                s.Values[i] = Math.Round(g.Value[i]);
                s.Present[i] = !ranged || g.Value[i] > 0;
            }
            return s;
        }).Where(s => s.Values.Sum() > 0).ToList();
        var stats = new QueryStatistics();
        if (ranged)
        {
            LokiResponses.WriteMatrix(json, series, start, step, stats);
        }
        else
        {
            LokiResponses.WriteVector(json, series, end, stats);
        }
    }

    /// <summary>The group(s) a stream's volume counts into: its values of the target labels, or each target label it has.</summary>
    private static IEnumerable<StreamLabels> Groups(StreamLabels stream, string[] targets, bool byLabels)
    {
        if (byLabels)
        {
            foreach (string name in targets.Length > 0 ? targets : stream.Pairs.Select(p => p.Key))
            {
                if (stream[name] is not null)
                {
                    yield return new StreamLabels((name, ""));
                }
            }
            yield break;
        }
        var pairs = targets.Length == 0
            ? stream.Pairs.Select(p => (p.Key, p.Value))
            : targets.Where(t => stream[t] is not null).Select(t => (t, stream[t]!));
        yield return new StreamLabels([.. pairs]);
    }

    private static void DetectedLabels(Request r, Utf8JsonWriter json, CancellationToken cancellationToken)
    {
        List<LogSelector> selectors = r.Get("query") is { Length: > 0 } ? [IndexSelector(r)] : [];
        (DateTimeOffset start, DateTimeOffset end) = Range(r, MetadataLookback);
        var values = new SortedDictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (StreamLabels stream in r.Engine.Streams(selectors, start, end))
        {
            foreach ((string name, string value) in stream.Pairs)
            {
                if (!values.TryGetValue(name, out HashSet<string>? seen))
                {
                    values[name] = seen = new HashSet<string>(StringComparer.Ordinal);
                }
                seen.Add(value);
            }
        }
        json.WriteStartObject();
        json.WriteStartArray("detectedLabels");
        foreach ((string name, HashSet<string> seen) in values)
        {
            json.WriteStartObject();
            json.WriteString("label", name);
            json.WriteNumber("cardinality", seen.Count);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// Fields of the newest `line_limit` lines of the selection: detected_level (every line's severity) and the
    /// logfmt-style key=value pairs in the text, each with its type and cardinality — or, for one field, its values.
    /// </summary>
    private static void DetectedFields(Request r, Utf8JsonWriter json, string? only, CancellationToken cancellationToken)
    {
        LogSelector selector = IndexSelector(r);
        (DateTimeOffset start, DateTimeOffset end) = Range(r, TimeSpan.FromHours(1));
        int lineLimit = ParseLimit(r, "line_limit", DefaultLineLimit);
        int fieldLimit = ParseLimit(r, "field_limit", DefaultLineLimit);
        var fields = new Dictionary<string, DetectedField>(StringComparer.Ordinal);
        var sample = new SearchQuery { Labels = selector.Matchers, From = start, To = end, Limit = selector.Filters.Count == 0 ? lineLimit : int.MaxValue };
        foreach (SearchHit hit in r.Store.Search(sample, cancellationToken).Where(h => selector.Filters.All(f => f.Passes(h.Line))).Take(lineLimit))
        {
            Field(fields, DetectedLevel, "").Add(LevelName(hit.Level));
            foreach (Match pair in LogfmtPair().Matches(hit.Line))
            {
                if (only is null || only == pair.Groups[1].Value)
                {
                    Field(fields, pair.Groups[1].Value, "logfmt").Add(pair.Groups[2].Value.Trim('"'));
                }
            }
        }
        json.WriteStartObject();
        if (only is not null)
        {
            json.WriteStartArray("values");
            foreach (string value in fields.TryGetValue(only, out DetectedField? field) ? field.Values.Order(StringComparer.Ordinal) : Enumerable.Empty<string>())
            {
                json.WriteStringValue(value);
            }
            json.WriteEndArray();
        }
        else
        {
            json.WriteStartArray("fields");
            foreach (DetectedField field in fields.Values.OrderBy(f => f.Label, StringComparer.Ordinal).Take(fieldLimit))
            {
                json.WriteStartObject();
                json.WriteString("label", field.Label);
                json.WriteString("type", field.Type);
                json.WriteNumber("cardinality", field.Values.Count);
                json.WriteStartArray("parsers");
                if (field.Parser.Length > 0)
                {
                    json.WriteStringValue(field.Parser);
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("fieldLimit", fieldLimit);
        }
        json.WriteNumber("limit", lineLimit);
        json.WriteEndObject();
    }

    private static int ParseLimit(Request r, string name, int fallback)
    {
        string? text = r.Get(name);
        if (text is null)
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value is > 0 and <= MaxLineLimit
            ? value
            : throw new LogQlException($"invalid {name}: '{text}' is not a whole number from 1 to {MaxLineLimit}");
    }

    private static DetectedField Field(Dictionary<string, DetectedField> fields, string label, string parser)
    {
        if (!fields.TryGetValue(label, out DetectedField? field))
        {
            fields[label] = field = new DetectedField(label, parser);
        }
        return field;
    }

    /// <summary>Loki's detected_level names for a line's severity as the decoders found it (stored with the line).</summary>
    private static string LevelName(Severity level) => level switch
    {
        Severity.Emergency or Severity.Alert or Severity.Critical => "critical",
        Severity.Error => "error",
        Severity.Warning => "warn",
        Severity.Notice or Severity.Info => "info",
        Severity.Debug => "debug",
        Severity.Trace => "trace",
        _ => "unknown",
    };

    // key=value or key="quoted value", the key a word: what logfmt and most key=value loggers write.
    [GeneratedRegex(@"(?<![\w.])([A-Za-z_][\w.]{0,63})=(""[^""]{0,256}""|[^\s""]{1,256})", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex LogfmtPair();

    /// <summary>One detected field: the distinct values seen (bounded) and the narrowest type they all fit.</summary>
    private sealed class DetectedField(string label, string parser)
    {
        private const int MaxValues = 1000;

        public string Label { get; } = label;

        public string Parser { get; } = parser;

        public HashSet<string> Values { get; } = new(StringComparer.Ordinal);

        public string Type { get; private set; } = "";

        public void Add(string value)
        {
            if (Values.Count < MaxValues)
            {
                Values.Add(value);
            }
            string type = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? "int"
                : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "float"
                : value is "true" or "false" ? "boolean"
                : Config.ConfigLoader.TryParseDuration(value, out _) ? "duration"
                : "string";
            Type = Type switch
            {
                "" => type,
                _ when Type == type => type,
                "int" when type == "float" => "float",
                "float" when type == "int" => "float",
                _ => "string",
            };
        }
    }
}
