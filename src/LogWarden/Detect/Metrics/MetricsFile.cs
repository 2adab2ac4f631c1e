using System.Globalization;
using System.Text.Json;
using LogWarden.Collect;
using LogWarden.Collect.HostMetrics;
using LogWarden.Parse;

namespace LogWarden.Detect.Metrics;

/// <summary>
/// Host metrics as JSON lines, one <see cref="HostMetricsSample"/> per line, so that `analyze` can replay a
/// host's metrics beside its logs (files named <c>*.metrics.jsonl</c>, gzip allowed):
/// <code>
/// {"ts":"2026-11-25T12:00:00Z","host":"web1",
///  "metrics":[{"name":"cpu_percent","labels":{"state":"idle"},"value":42.5}, …],
///  "top_cpu":[{"pid":4242,"command":"java","cmdline":"java -jar app.jar","cpu_percent":180,"rss_bytes":2147483648}],
///  "top_memory":[…]}
/// </code>
/// <c>ts</c> is ISO-8601 (or unix seconds as a number); <c>labels</c>, <c>top_cpu</c> and <c>top_memory</c> are
/// optional; names and labels are those of <see cref="HostMetricNames"/>. A line that is not such an object is
/// skipped and counted, never fatal.
/// </summary>
internal sealed class MetricsFileReader
{
    public const string Suffix = ".metrics.jsonl";

    /// <summary>A sample of 10,000 series is about 1 MB; longer lines are cut by the line reader and then skipped as invalid.</summary>
    private const int MaxLineBytes = 16 << 20;

    private const int MaxCachedLabels = 10_000;

    private readonly Dictionary<string, StreamLabels> _labels = new(StringComparer.Ordinal);

    /// <summary>Samples read.</summary>
    public long Samples { get; private set; }

    /// <summary>Lines skipped (not JSON, no time, no host), blank lines not counted.</summary>
    public long SkippedLines { get; private set; }

    /// <summary>Metrics skipped inside good lines (no name, a value that is not a finite number, an invalid label name).</summary>
    public long SkippedMetrics { get; private set; }

    /// <summary>The first problem met, with its line number, for a message.</summary>
    public string? FirstError { get; private set; }

    /// <summary>Whether <paramref name="path"/> names a metrics file (<c>*.metrics.jsonl</c>, optionally <c>.gz</c>).</summary>
    public static bool IsMetricsFile(string path) =>
        path.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) || path.EndsWith(Suffix + ".gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>The samples of a file, in file order (gzip is unwrapped by content).</summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public IEnumerable<HostMetricsSample> Read(string path)
    {
        using Stream stream = LogInput.Open(path);
        foreach (HostMetricsSample sample in Read(stream))
        {
            yield return sample;
        }
    }

    public IEnumerable<HostMetricsSample> Read(Stream stream)
    {
        using var lines = new LineReader(stream, leaveOpen: true) { MaxLineBytes = MaxLineBytes };
        while (lines.TryReadLine(out string? line))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            if (TryParse(line, out HostMetricsSample? sample, out string? error))
            {
                Samples++;
                yield return sample;
            }
            else
            {
                SkippedLines++;
                FirstError ??= "line " + lines.LineNumber.ToString(CultureInfo.InvariantCulture) + ": " + error;
            }
        }
        if (lines.Stats.Error is { } readError)
        {
            FirstError ??= readError;
        }
    }

    /// <summary>One line into a sample; false with the reason when it is not one.</summary>
    public bool TryParse(string line, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HostMetricsSample? sample, out string? error)
    {
        sample = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 8 });
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "not a JSON object";
                return false;
            }
            if (!TryTime(root, out DateTimeOffset time))
            {
                error = "no \"ts\" (ISO-8601 or unix seconds)";
                return false;
            }
            if (!root.TryGetProperty("host", out JsonElement hostElement) || hostElement.ValueKind != JsonValueKind.String)
            {
                error = "no \"host\"";
                return false;
            }
            if (!root.TryGetProperty("metrics", out JsonElement metricsElement) || metricsElement.ValueKind != JsonValueKind.Array)
            {
                error = "no \"metrics\" array";
                return false;
            }
            var metrics = new List<HostMetric>(metricsElement.GetArrayLength());
            foreach (JsonElement m in metricsElement.EnumerateArray())
            {
                if (TryMetric(m, out HostMetric metric))
                {
                    metrics.Add(metric);
                }
                else
                {
                    SkippedMetrics++;
                }
            }
            sample = new HostMetricsSample(time, hostElement.GetString()!, metrics, Processes(root, "top_cpu"), Processes(root, "top_memory"));
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            error = "not JSON (" + e.Message + ")";
            return false;
        }
    }

    private static bool TryTime(JsonElement root, out DateTimeOffset time)
    {
        time = default;
        if (!root.TryGetProperty("ts", out JsonElement ts))
        {
            return false;
        }
        if (ts.ValueKind == JsonValueKind.String)
        {
            return DateTimeOffset.TryParse(ts.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
        }
        if (ts.ValueKind == JsonValueKind.Number && ts.TryGetDouble(out double seconds) && seconds is >= 0 and < 253402300799)
        {
            time = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
            return true;
        }
        return false;
    }

    private bool TryMetric(JsonElement element, out HostMetric metric)
    {
        metric = default;
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("name", out JsonElement name) || name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: > 0 } metricName
            || !element.TryGetProperty("value", out JsonElement value) || value.ValueKind != JsonValueKind.Number
            || !value.TryGetDouble(out double number) || !double.IsFinite(number))
        {
            return false;
        }
        StreamLabels labels = StreamLabels.Empty;
        if (element.TryGetProperty("labels", out JsonElement labelsElement) && labelsElement.ValueKind != JsonValueKind.Null)
        {
            if (labelsElement.ValueKind != JsonValueKind.Object || !TryLabels(labelsElement, out labels))
            {
                return false;
            }
        }
        metric = new HostMetric(metricName, labels, number);
        return true;
    }

    /// <summary>Label sets repeat on every line: one <see cref="StreamLabels"/> per distinct set (bounded).</summary>
    private bool TryLabels(JsonElement element, out StreamLabels labels)
    {
        string raw = element.GetRawText();
        if (_labels.TryGetValue(raw, out labels!))
        {
            return true;
        }
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String || !StreamLabels.IsValidName(property.Name))
            {
                return false;
            }
            pairs.Add(KeyValuePair.Create(property.Name, property.Value.GetString()!));
        }
        labels = pairs.Count == 0 ? StreamLabels.Empty : new StreamLabels(pairs);
        if (_labels.Count >= MaxCachedLabels)
        {
            _labels.Clear();
        }
        _labels[raw] = labels;
        return true;
    }

    private static List<TopProcess> Processes(JsonElement root, string property)
    {
        var list = new List<TopProcess>();
        if (!root.TryGetProperty(property, out JsonElement array) || array.ValueKind != JsonValueKind.Array)
        {
            return list;
        }
        foreach (JsonElement p in array.EnumerateArray())
        {
            if (p.ValueKind != JsonValueKind.Object
                || !p.TryGetProperty("pid", out JsonElement pid) || !pid.TryGetInt32(out int pidValue)
                || !p.TryGetProperty("command", out JsonElement command) || command.ValueKind != JsonValueKind.String)
            {
                continue;
            }
            string commandText = command.GetString()!;
            string commandLine = p.TryGetProperty("cmdline", out JsonElement cmdline) && cmdline.ValueKind == JsonValueKind.String ? cmdline.GetString()! : commandText;
            double cpu = p.TryGetProperty("cpu_percent", out JsonElement cpuElement) && cpuElement.TryGetDouble(out double c) && double.IsFinite(c) ? c : 0;
            long rss = p.TryGetProperty("rss_bytes", out JsonElement rssElement) && rssElement.TryGetInt64(out long r) ? r : 0;
            list.Add(new TopProcess(pidValue, commandText, commandLine, cpu, rss));
        }
        return list;
    }
}

/// <summary>Writes samples in <see cref="MetricsFileReader"/>'s format (one JSON object per line).</summary>
internal static class MetricsFileWriter
{
    public static void Write(Stream stream, HostMetricsSample sample)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sample);
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = false }))
        {
            json.WriteStartObject();
            json.WriteString("ts", sample.Timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("host", sample.Host);
            json.WriteStartArray("metrics");
            foreach (HostMetric metric in sample.Metrics)
            {
                if (!double.IsFinite(metric.Value))
                {
                    continue;
                }
                json.WriteStartObject();
                json.WriteString("name", metric.Name);
                if (metric.Labels.Pairs.Count > 0)
                {
                    json.WriteStartObject("labels");
                    foreach (KeyValuePair<string, string> pair in metric.Labels.Pairs)
                    {
                        json.WriteString(pair.Key, pair.Value);
                    }
                    json.WriteEndObject();
                }
                json.WriteNumber("value", metric.Value);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            WriteProcesses(json, "top_cpu", sample.TopByCpu);
            WriteProcesses(json, "top_memory", sample.TopByMemory);
            json.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
    }

    private static void WriteProcesses(Utf8JsonWriter json, string name, IReadOnlyList<TopProcess> processes)
    {
        if (processes.Count == 0)
        {
            return;
        }
        json.WriteStartArray(name);
        foreach (TopProcess p in processes)
        {
            json.WriteStartObject();
            json.WriteNumber("pid", p.Pid);
            json.WriteString("command", p.Command);
            json.WriteString("cmdline", p.CommandLine);
            json.WriteNumber("cpu_percent", double.IsFinite(p.CpuPercent) ? p.CpuPercent : 0);
            json.WriteNumber("rss_bytes", p.ResidentBytes);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
