using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LogWarden.Parse;

/// <summary>
/// Lines of <c>journalctl -o json</c> (systemd's JSON export format): every value is a string, except
/// that a field holding non-UTF-8 or control bytes is an array of byte numbers, a field with several
/// values is an array of them, and a field over the size limit is null. Mapped: MESSAGE → message (bytes
/// decoded as UTF-8 with U+FFFD), __REALTIME_TIMESTAMP (µs since the epoch) → time, PRIORITY (0..7) →
/// level, _HOSTNAME → host, SYSLOG_IDENTIFIER or else _COMM → program, _PID or else SYSLOG_PID → pid,
/// _SYSTEMD_UNIT → field "unit". The other fields are kept, except the journal's own bookkeeping
/// (those starting "__", _BOOT_ID, _MACHINE_ID, _CAP_EFFECTIVE, _SOURCE_MONOTONIC_TIMESTAMP).
/// A line is taken as journal export only if it has MESSAGE and one of __REALTIME_TIMESTAMP, __CURSOR.
/// </summary>
internal sealed class JournalJsonDecoder : ILogDecoder
{
    public static readonly JournalJsonDecoder Instance = new();

    public string Name => "journal-json";

    public bool TryDecode(string line, DecodeContext context, [NotNullWhen(true)] out LogRecord? record)
    {
        record = null;
        if (!JsonDecoder.LooksLikeObject(line))
        {
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (!root.TryGetProperty("MESSAGE", out var messageValue)
                || !(root.TryGetProperty("__REALTIME_TIMESTAMP", out _) || root.TryGetProperty("__CURSOR", out _)))
            {
                return false;
            }

            DateTimeOffset? timestamp = null;
            if (ReadText(root, "__REALTIME_TIMESTAMP") is { } realtime
                && long.TryParse(realtime, NumberStyles.None, CultureInfo.InvariantCulture, out long microseconds)
                && microseconds < DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() * 1000)
            {
                timestamp = DateTimeOffset.UnixEpoch.AddTicks(microseconds * 10);
            }

            var level = Severity.Unknown;
            if (ReadText(root, "PRIORITY") is { } priority && int.TryParse(priority, NumberStyles.None, CultureInfo.InvariantCulture, out int code))
            {
                level = SeverityNames.FromSyslogSeverity(code);
            }

            int? pid = null;
            if ((ReadText(root, "_PID") ?? ReadText(root, "SYSLOG_PID")) is { } pidText
                && int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out int parsedPid))
            {
                pid = parsedPid;
            }

            List<KeyValuePair<string, string>>? fields = null;
            if (ReadText(root, "_SYSTEMD_UNIT") is { } unit)
            {
                RecordFields.Add(ref fields, "unit", unit);
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!IsMappedOrBookkeeping(property.Name) && Text(property.Value) is { } value)
                {
                    RecordFields.Add(ref fields, property.Name, value);
                }
            }

            record = new LogRecord
            {
                Raw = line,
                Message = Text(messageValue) ?? string.Empty,
                Timestamp = timestamp,
                Level = level,
                Host = ReadText(root, "_HOSTNAME"),
                Program = ReadText(root, "SYSLOG_IDENTIFIER") ?? ReadText(root, "_COMM"),
                Pid = pid,
                Fields = RecordFields.OrEmpty(fields),
                Source = context.Source,
                LineNumber = context.LineNumber,
            };
            return true;
        }
    }

    internal static bool IsMappedOrBookkeeping(string name) =>
        name.StartsWith("__", StringComparison.Ordinal)
        || name is "MESSAGE" or "PRIORITY" or "_HOSTNAME" or "SYSLOG_IDENTIFIER" or "_COMM" or "_PID" or "SYSLOG_PID" or "_SYSTEMD_UNIT"
            or "_BOOT_ID" or "_MACHINE_ID" or "_CAP_EFFECTIVE" or "_SOURCE_MONOTONIC_TIMESTAMP";

    private static string? ReadText(JsonElement root, string name) => root.TryGetProperty(name, out var value) ? Text(value) : null;

    /// <summary>A journal field value: a string, an array of bytes, or (several values) an array whose first is taken.</summary>
    private static string? Text(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Number:
                return value.GetRawText();
            case JsonValueKind.Array:
                int length = value.GetArrayLength();
                if (length == 0)
                {
                    return string.Empty;
                }

                if (value[0].ValueKind != JsonValueKind.Number)
                {
                    return Text(value[0]);
                }

                var bytes = new byte[length];
                int i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    bytes[i++] = item.ValueKind == JsonValueKind.Number && item.TryGetByte(out byte b) ? b : (byte)'?';
                }

                return Encoding.UTF8.GetString(bytes);
            default:
                return null;
        }
    }
}
