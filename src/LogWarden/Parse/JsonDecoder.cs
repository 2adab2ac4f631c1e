using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace LogWarden.Parse;

/// <summary>
/// One JSON object per line, as structured loggers write them. The well-known keys of each are mapped
/// onto the record, the first present key of each list winning:
/// <list type="table">
/// <item><term>time</term><description>@t (Serilog CLEF), @timestamp (ECS, Logstash), timestamp (structlog, python-json-logger, GELF), time (pino: epoch ms; bunyan, logrus, Docker json-file: RFC 3339), ts (zap: epoch seconds), Timestamp (Serilog JsonFormatter), asctime, t; any of them wrapped as MongoDB Extended JSON ({"t":{"$date":…}}, MongoDB's own log)</description></item>
/// <item><term>level</term><description>@l, level (names, or pino/bunyan 10…60, or GELF/syslog 0…7), lvl, levelname, log.level (ECS), severity, Level. Serilog omits @l for Information. MongoDB's "s" (F, E, W, I, D1…D5), only with those values.</description></item>
/// <item><term>message</term><description>@m, msg, message, event (structlog), short_message (GELF), log (Docker json-file, trailing newline dropped), RenderedMessage, Message, and @mt / MessageTemplate rendered with the record's properties when no rendered message is present</description></item>
/// <item><term>host, program, pid</term><description>hostname / host / host.name; service.name / app / name (bunyan) / logger (zap) / logger_name / SourceContext; pid / process.pid</description></item>
/// </list>
/// Every other key becomes a field, nested objects flattened with dots ("http.request.method"), arrays as
/// JSON text, nulls dropped, within <see cref="RecordFields"/>' bounds. A line that is not one JSON object
/// is not decoded. Without a message key the whole line is the message.
/// </summary>
internal sealed class JsonDecoder : ILogDecoder
{
    public static readonly JsonDecoder Instance = new();

    private const int MaxNesting = 8;
    private const int MaxFlattened = 256;
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };

    private static readonly string[] TimeKeys = ["@t", "@timestamp", "timestamp", "time", "ts", "Timestamp", "datetime", "asctime", "date", "t"];
    private static readonly string[] LevelKeys = ["@l", "level", "lvl", "levelname", "log.level", "severity", "Level", "loglevel", "level_name", "@level"];
    private static readonly string[] DateWrappedTimeKeys = [.. TimeKeys.Select(static key => key + ".$date")];
    private static readonly string[] MessageKeys = ["@m", "msg", "message", "event", "short_message", "log", "RenderedMessage", "Message"];
    private static readonly string[] TemplateKeys = ["@mt", "MessageTemplate"];
    private static readonly string[] HostKeys = ["hostname", "host", "host.name", "host.hostname"];
    private static readonly string[] ProgramKeys = ["service.name", "app", "application", "name", "logger", "logger_name", "log.logger", "SourceContext", "component"];
    private static readonly string[] PidKeys = ["pid", "process.pid", "process_id"];

    public string Name => "json";

    public bool TryDecode(string line, DecodeContext context, [NotNullWhen(true)] out LogRecord? record)
    {
        record = null;
        if (!LooksLikeObject(line))
        {
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, ParseOptions);
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            var flat = new List<KeyValuePair<string, JsonElement>>(16); // an app log line has 5–15 keys: no regrowth
            Flatten(document.RootElement, prefix: null, depth: 0, flat);
            var used = new bool[flat.Count];

            // MongoDB Extended JSON wraps a date in an object: {"t":{"$date":"2024-…"}} flattens to "t.$date".
            DateTimeOffset? timestamp = ReadTime(flat, used, TimeKeys, context) ?? ReadTime(flat, used, DateWrappedTimeKeys, context)
                ?? ReadWrappedTime(document.RootElement, flat, used, context);

            var level = Severity.Unknown;
            int levelIndex = FirstIndex(flat, LevelKeys);
            if (levelIndex >= 0)
            {
                used[levelIndex] = true;
                level = ReadLevel(flat[levelIndex].Value);
            }
            else if (IndexOf(flat, "@t") >= 0 || IndexOf(flat, "@mt") >= 0)
            {
                level = Severity.Info; // CLEF leaves @l out for Information
            }
            else if (IndexOf(flat, "s") is int severityIndex and >= 0 && TryReadMongoSeverity(flat[severityIndex].Value, out level))
            {
                used[severityIndex] = true;
            }

            string? message = null;
            int messageIndex = FirstIndex(flat, MessageKeys);
            if (messageIndex >= 0)
            {
                used[messageIndex] = true;
                message = ValueText(flat[messageIndex].Value);
                if (flat[messageIndex].Key == "log")
                {
                    message = message.TrimEnd('\n', '\r'); // Docker json-file keeps the newline the container wrote
                    if (level == Severity.Unknown)
                    {
                        level = SeverityNames.Guess(message);
                    }
                }
            }

            int templateIndex = FirstIndex(flat, TemplateKeys);
            List<KeyValuePair<string, string>>? fields = null;
            if (templateIndex >= 0)
            {
                string template = ValueText(flat[templateIndex].Value);
                used[templateIndex] = true;
                RecordFields.Add(ref fields, "message_template", template);
                message ??= RenderTemplate(template, flat);
            }

            string? host = TakeString(flat, used, HostKeys);
            string? program = TakeString(flat, used, ProgramKeys);
            int? pid = null;
            int pidIndex = FirstIndex(flat, PidKeys);
            if (pidIndex >= 0 && flat[pidIndex].Value.ValueKind == JsonValueKind.Number && flat[pidIndex].Value.TryGetInt32(out int parsedPid))
            {
                pid = parsedPid;
                used[pidIndex] = true;
            }

            for (int i = 0; i < flat.Count; i++)
            {
                if (!used[i] && flat[i].Value.ValueKind != JsonValueKind.Null)
                {
                    RecordFields.Add(ref fields, flat[i].Key, ValueText(flat[i].Value));
                }
            }

            record = context.CreateRecord(line, message ?? line, timestamp, level, host, program, pid, fields);
            return true;
        }
    }

    /// <summary>Cheap test before the parser: a JSON object starts with '{' and ends with '}'.</summary>
    internal static bool LooksLikeObject(string line)
    {
        var trimmed = line.AsSpan().Trim();
        return trimmed.Length >= 2 && trimmed[0] == '{' && trimmed[^1] == '}';
    }

    internal static void Flatten(JsonElement element, string? prefix, int depth, List<KeyValuePair<string, JsonElement>> flat)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (flat.Count >= MaxFlattened)
            {
                return;
            }

            string key = prefix is null ? property.Name : string.Concat(prefix, ".", property.Name);
            if (property.Value.ValueKind == JsonValueKind.Object && depth < MaxNesting)
            {
                Flatten(property.Value, key, depth + 1, flat);
            }
            else
            {
                flat.Add(new(key, property.Value));
            }
        }
    }

    internal static string ValueText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        _ => value.GetRawText(),
    };

    /// <summary>The time under the first of <paramref name="keys"/> that holds one (marked used), or null.</summary>
    private static DateTimeOffset? ReadTime(List<KeyValuePair<string, JsonElement>> flat, bool[] used, string[] keys, DecodeContext context)
    {
        foreach (string key in keys)
        {
            int index = IndexOf(flat, key);
            if (index >= 0 && TryReadTime(flat[index].Value, context, out var parsed))
            {
                used[index] = true;
                return parsed;
            }
        }

        return null;
    }

    /// <summary>
    /// A record wrapped whole in one object (<c>{"audit_record":{"name":"Connect","timestamp":"…",…}}</c>, Percona's audit log
    /// and other exporters): its time by the same keys one level down. Only for a root with that one property: elsewhere a
    /// nested "date" is some other date (a user's, a certificate's).
    /// </summary>
    private static DateTimeOffset? ReadWrappedTime(JsonElement root, List<KeyValuePair<string, JsonElement>> flat, bool[] used, DecodeContext context)
    {
        string? wrapper = null;
        foreach (var property in root.EnumerateObject())
        {
            if (wrapper is not null || property.Value.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            wrapper = property.Name;
        }

        if (wrapper is null)
        {
            return null;
        }

        foreach (string key in TimeKeys)
        {
            int index = IndexOf(flat, string.Concat(wrapper, ".", key));
            if (index >= 0 && TryReadTime(flat[index].Value, context, out var parsed))
            {
                used[index] = true;
                return parsed;
            }
        }

        return null;
    }

    private static bool TryReadTime(JsonElement value, DecodeContext context, out DateTimeOffset timestamp)
    {
        timestamp = default;
        return value.ValueKind switch
        {
            JsonValueKind.String => TimestampParser.TryParseValue(value.GetString(), context, out timestamp),
            JsonValueKind.Number => value.TryGetDouble(out double number) && TimestampParser.TryFromEpochNumber(number, out timestamp),
            _ => false,
        };
    }

    /// <summary>
    /// MongoDB's structured log (4.4+) gives the severity as "s": F (fatal), E, W, I, or D1…D5 (debug levels). Only
    /// those values are read, since a key named "s" means other things elsewhere.
    /// </summary>
    private static bool TryReadMongoSeverity(JsonElement value, out Severity level)
    {
        level = Severity.Unknown;
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        level = value.GetString() switch
        {
            "F" => Severity.Critical,
            "E" => Severity.Error,
            "W" => Severity.Warning,
            "I" => Severity.Info,
            "D" or "D1" or "D2" or "D3" or "D4" or "D5" => Severity.Debug,
            _ => Severity.Unknown,
        };
        return level != Severity.Unknown;
    }

    private static Severity ReadLevel(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double number))
        {
            return SeverityNames.FromNumber(number);
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString().AsSpan();
            if (SeverityNames.TryParse(text, out var named))
            {
                return named;
            }

            if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out number))
            {
                return SeverityNames.FromNumber(number);
            }
        }

        return Severity.Unknown;
    }

    private static string? TakeString(List<KeyValuePair<string, JsonElement>> flat, bool[] used, string[] keys)
    {
        foreach (string key in keys)
        {
            int index = IndexOf(flat, key);
            if (index >= 0 && flat[index].Value.ValueKind == JsonValueKind.String)
            {
                used[index] = true;
                return flat[index].Value.GetString();
            }
        }

        return null;
    }

    private static int FirstIndex(List<KeyValuePair<string, JsonElement>> flat, string[] keys)
    {
        foreach (string key in keys)
        {
            int index = IndexOf(flat, key);
            if (index >= 0 && flat[index].Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Array))
            {
                return index;
            }
        }

        return -1;
    }

    private static int IndexOf(List<KeyValuePair<string, JsonElement>> flat, string key)
    {
        for (int i = 0; i < flat.Count; i++)
        {
            if (string.Equals(flat[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Renders a Serilog message template: each <c>{Name}</c> hole (also <c>{@Name}</c>, <c>{$Name}</c>,
    /// <c>{Name:format}</c>, <c>{Name,width}</c>) takes the property's value; <c>{{</c> and <c>}}</c> are
    /// literal braces; a hole without a property stays as written.
    /// </summary>
    internal static string RenderTemplate(string template, List<KeyValuePair<string, JsonElement>> properties)
    {
        var rendered = new StringBuilder(template.Length + 32);
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                rendered.Append(c);
                i++;
                continue;
            }

            int close = c == '{' ? template.IndexOf('}', i + 1) : -1;
            if (close < 0)
            {
                rendered.Append(c);
                continue;
            }

            var hole = template.AsSpan(i + 1, close - i - 1);
            if (hole.Length > 0 && hole[0] is '@' or '$')
            {
                hole = hole[1..];
            }

            int end = hole.IndexOfAny(':', ',');
            string name = (end < 0 ? hole : hole[..end]).ToString();
            int index = IndexOf(properties, name);
            if (index >= 0)
            {
                rendered.Append(ValueText(properties[index].Value));
            }
            else
            {
                rendered.Append(template, i, close - i + 1);
            }

            i = close;
        }

        return rendered.ToString();
    }
}
