using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Snappier;

namespace LogWarden.Tests.Collect.LokiPush;

/// <summary>One entry of a push as a test writes it.</summary>
internal sealed record PushEntry(DateTimeOffset Timestamp, string Line, IReadOnlyList<KeyValuePair<string, string>>? Metadata = null);

/// <summary>One stream of a push: its labels (as a LogQL string for protobuf, as pairs for JSON) and entries.</summary>
internal sealed record PushStream(IReadOnlyList<KeyValuePair<string, string>> Labels, IReadOnlyList<PushEntry> Entries)
{
    /// <summary>The labels as Loki's clients write them for protobuf: <c>{a="b", c="d"}</c>.</summary>
    public string LabelText => "{" + string.Join(", ", Labels.Select(l => $"{l.Key}=\"{l.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"")) + "}";
}

/// <summary>
/// Loki push bodies built independently of the receiver: protobuf written field by field with
/// <see cref="CodedOutputStream"/> (field numbers of Loki's push.proto), snappy block compression,
/// JSON with <see cref="Utf8JsonWriter"/>, gzip.
/// </summary>
internal static class LokiPushBodies
{
    public static byte[] Protobuf(IEnumerable<PushStream> streams) => ProtobufMessage(streams, s => s.LabelText);

    /// <summary>The PushRequest with an arbitrary label string per stream (for bad label strings).</summary>
    public static byte[] ProtobufMessage(IEnumerable<PushStream> streams, Func<PushStream, string> labelText)
    {
        var request = new MemoryStream();
        var output = new CodedOutputStream(request);
        foreach (var stream in streams)
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(StreamMessage(stream, labelText(stream))));
        }

        output.Flush();
        return request.ToArray();
    }

    public static byte[] ProtobufSnappy(IEnumerable<PushStream> streams) => Snappy.CompressToArray(Protobuf(streams));

    public static byte[] Json(IEnumerable<PushStream> streams)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("streams");
            foreach (var stream in streams)
            {
                json.WriteStartObject();
                json.WriteStartObject("stream");
                foreach (var (name, value) in stream.Labels)
                {
                    json.WriteString(name, value);
                }

                json.WriteEndObject();
                json.WriteStartArray("values");
                foreach (var entry in stream.Entries)
                {
                    json.WriteStartArray();
                    json.WriteStringValue(UnixNanoseconds(entry.Timestamp));
                    json.WriteStringValue(entry.Line);
                    if (entry.Metadata is not null)
                    {
                        json.WriteStartObject();
                        foreach (var (name, value) in entry.Metadata)
                        {
                            json.WriteString(name, value);
                        }

                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static byte[] Gzip(byte[] body)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(body);
        }

        return buffer.ToArray();
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static string UnixNanoseconds(DateTimeOffset time) =>
        ((time - DateTimeOffset.UnixEpoch).Ticks * 100).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static byte[] StreamMessage(PushStream stream, string labelText)
    {
        var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
        output.WriteString(labelText);
        foreach (var entry in stream.Entries)
        {
            output.WriteTag(2, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(EntryMessage(entry)));
        }

        output.Flush();
        return buffer.ToArray();
    }

    private static byte[] EntryMessage(PushEntry entry)
    {
        var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        long ticks = (entry.Timestamp - DateTimeOffset.UnixEpoch).Ticks;
        var timestamp = new MemoryStream();
        var timestampOutput = new CodedOutputStream(timestamp);
        timestampOutput.WriteTag(1, WireFormat.WireType.Varint);
        timestampOutput.WriteInt64(Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long remainder));
        timestampOutput.WriteTag(2, WireFormat.WireType.Varint);
        timestampOutput.WriteInt32((int)(remainder * 100));
        timestampOutput.Flush();
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(timestamp.ToArray()));
        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteString(entry.Line);
        foreach (var (name, value) in entry.Metadata ?? [])
        {
            var pair = new MemoryStream();
            var pairOutput = new CodedOutputStream(pair);
            pairOutput.WriteTag(1, WireFormat.WireType.LengthDelimited);
            pairOutput.WriteString(name);
            pairOutput.WriteTag(2, WireFormat.WireType.LengthDelimited);
            pairOutput.WriteString(value);
            pairOutput.Flush();
            output.WriteTag(3, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(pair.ToArray()));
        }

        output.Flush();
        return buffer.ToArray();
    }
}
