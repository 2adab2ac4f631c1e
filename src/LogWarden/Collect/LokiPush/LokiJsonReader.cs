using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LogWarden.Collect.LokiPush;

/// <summary>
/// Reads Loki's JSON push body with <see cref="Utf8JsonReader"/>, straight from the bytes:
/// <code>
/// {"streams": [{"stream": {"job": "x", …}, "values": [["&lt;unix ns as a string&gt;", "line"], ["…", "line", {"trace_id": "…"}], …]}]}
/// </code>
/// The optional third element of a value is the entry's structured metadata (string values). Keys are
/// read in any order and unknown ones skipped; anything else off-schema is a 400 with the reason.
/// </summary>
internal static class LokiJsonReader
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 16 };

    /// <summary>What to do with each stream read: its label pairs as sent, and its entries (both lists are reused for the next stream).</summary>
    public delegate void StreamHandler(List<KeyValuePair<string, string>> labels, List<LokiEntry> entries);

    /// <exception cref="LokiPushException">The body is not a valid push.</exception>
    public static void Read(ReadOnlySpan<byte> json, LokiRecordBuilder builder) =>
        ReadObject(json, "streams"u8, (labels, entries) => builder.AddStream(builder.LabelsFromPairs(labels), entries));

    /// <summary>
    /// Reads <paramref name="json"/>, an object whose property <paramref name="streamsProperty"/> holds an
    /// array of Loki streams (a push's "streams", a query answer's "result"), handing each stream to <paramref name="onStream"/>.
    /// Other properties are skipped; <paramref name="onOther"/> may read them instead (it returns false to skip).
    /// </summary>
    /// <exception cref="LokiPushException">The JSON is not of that shape.</exception>
    public static void ReadObject(ReadOnlySpan<byte> json, ReadOnlySpan<byte> streamsProperty, StreamHandler onStream, PropertyReader? onOther = null)
    {
        var reader = new Utf8JsonReader(json, Options);
        try
        {
            Next(ref reader, JsonTokenType.StartObject, "the body");
            ReadProperties(ref reader, streamsProperty, onStream, onOther);
            if (reader.Read())
            {
                throw new LokiPushException("bad JSON body: text after the object");
            }
        }
        catch (JsonException ex)
        {
            throw new LokiPushException("bad JSON body: " + ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            throw new LokiPushException("bad JSON body: " + ex.Message); // an escaped string that is not valid UTF-16
        }
    }

    /// <summary>Reads (or skips) the value of the property the reader is on; true when it read it.</summary>
    public delegate bool PropertyReader(ref Utf8JsonReader reader);

    /// <summary>The properties of the object the reader is in, up to its end.</summary>
    public static void ReadProperties(ref Utf8JsonReader reader, ReadOnlySpan<byte> streamsProperty, StreamHandler onStream, PropertyReader? onOther)
    {
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals(streamsProperty))
            {
                ReadStreams(ref reader, onStream);
            }
            else if (onOther is null || !onOther(ref reader))
            {
                SkipValue(ref reader);
            }
        }
    }

    private static void ReadStreams(ref Utf8JsonReader reader, StreamHandler onStream)
    {
        Next(ref reader, JsonTokenType.StartArray, "the streams");
        var pairs = new List<KeyValuePair<string, string>>();
        var entries = new List<LokiEntry>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject, "a stream");
            pairs.Clear();
            entries.Clear();
            bool hasLabels = false;
            while (Next(ref reader) != JsonTokenType.EndObject)
            {
                if (reader.ValueTextEquals("stream"u8))
                {
                    hasLabels = true;
                    ReadStringObject(ref reader, pairs, "\"stream\"");
                }
                else if (reader.ValueTextEquals("values"u8))
                {
                    ReadValues(ref reader, entries);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            if (!hasLabels)
            {
                throw new LokiPushException("a stream has no \"stream\" labels");
            }

            onStream(pairs, entries);
        }
    }

    private static void ReadValues(ref Utf8JsonReader reader, List<LokiEntry> entries)
    {
        Next(ref reader, JsonTokenType.StartArray, "\"values\"");
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartArray, "a value ([timestamp, line])");
            Next(ref reader, JsonTokenType.String, "a value's timestamp");
            var timestamp = ReadTimestamp(ref reader);
            Next(ref reader, JsonTokenType.String, "a value's line");
            string line = ReadString(ref reader);
            List<KeyValuePair<string, string>>? metadata = null;
            if (Next(ref reader) == JsonTokenType.StartObject)
            {
                metadata = [];
                ReadStringObjectBody(ref reader, metadata, "structured metadata");
                Next(ref reader);
            }

            if (reader.TokenType != JsonTokenType.EndArray)
            {
                throw new LokiPushException("a value has more than [timestamp, line, metadata]");
            }

            entries.Add(new LokiEntry(timestamp, line, metadata));
        }
    }

    /// <summary>Unix nanoseconds as a decimal string, as Loki requires (a number would lose precision in JavaScript).</summary>
    private static DateTimeOffset ReadTimestamp(ref Utf8JsonReader reader)
    {
        var text = reader.ValueSpan;
        if (reader.ValueIsEscaped || text.IsEmpty || text.Length > 19 || text.ContainsAnyExceptInRange((byte)'0', (byte)'9')
            || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long nanoseconds))
        {
            throw new LokiPushException($"bad timestamp \"{Encoding.UTF8.GetString(text[..Math.Min(text.Length, 40)])}\": use Unix nanoseconds as a string of digits");
        }

        return DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100);
    }

    private static void ReadStringObject(ref Utf8JsonReader reader, List<KeyValuePair<string, string>> pairs, string what)
    {
        Next(ref reader, JsonTokenType.StartObject, what);
        ReadStringObjectBody(ref reader, pairs, what);
    }

    private static void ReadStringObjectBody(ref Utf8JsonReader reader, List<KeyValuePair<string, string>> pairs, string what)
    {
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            string name = ReadString(ref reader);
            if (Next(ref reader) != JsonTokenType.String)
            {
                throw new LokiPushException($"{what}: the value of '{name}' is not a string");
            }

            pairs.Add(new(name, ReadString(ref reader)));
        }
    }

    /// <summary>
    /// The current string: unescaped ones are decoded straight from the bytes, where invalid UTF-8 becomes
    /// U+FFFD (a bad byte in one line should not refuse the whole push).
    /// </summary>
    public static string ReadString(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? reader.GetString()! : Encoding.UTF8.GetString(reader.ValueSpan);

    /// <summary>Skips the value of the property the reader is on (the whole body is in memory, so Skip cannot run out of data).</summary>
    private static void SkipValue(ref Utf8JsonReader reader) => reader.Skip();

    public static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new LokiPushException("bad JSON body: it ends early");
        }

        return reader.TokenType;
    }

    public static void Next(ref Utf8JsonReader reader, JsonTokenType expected, string what)
    {
        Next(ref reader);
        Expect(ref reader, expected, what);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string what)
    {
        if (reader.TokenType != expected)
        {
            throw new LokiPushException($"bad JSON body: {what} should be {Describe(expected)}, not {Describe(reader.TokenType)}");
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
