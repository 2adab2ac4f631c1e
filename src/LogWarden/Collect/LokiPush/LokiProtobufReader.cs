using System.Buffers.Text;
using Google.Protobuf;

namespace LogWarden.Collect.LokiPush;

/// <summary>
/// Reads a <c>logproto.PushRequest</c> (Loki's pkg/push/push.proto) by hand, straight from the decompressed
/// buffer (<see cref="ProtoWireReader"/>) rather than from generated classes: the four messages are small,
/// the records are built from the wire without an object per entry (a LogWarden agent's <c>lw_seq</c> is
/// parsed from its digits, not kept as two strings in a list), and every field is checked for the wire type
/// the schema gives it (generated C# code would skip a mistyped field as unknown and accept a body Loki
/// refuses). Field numbers:
/// <code>
/// PushRequest       { repeated StreamAdapter streams = 1; }
/// StreamAdapter     { string labels = 1; repeated EntryAdapter entries = 2; uint64 hash = 3; }
/// EntryAdapter      { google.protobuf.Timestamp timestamp = 1; string line = 2; repeated LabelPairAdapter structuredMetadata = 3; }
/// LabelPairAdapter  { string name = 1; string value = 2; }
/// Timestamp         { int64 seconds = 1; int32 nanos = 2; }
/// </code>
/// Unknown fields are skipped, as protobuf requires. Nested messages are bounded by their length: a field
/// that runs past its message's end is an error, not a read into the next message.
/// </summary>
internal static class LokiProtobufReader
{
    // google.protobuf.Timestamp's range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    /// <exception cref="LokiPushException">The body is not a valid PushRequest.</exception>
    public static void Read(byte[] body, int length, LokiRecordBuilder builder)
    {
        var input = new ProtoWireReader(body.AsSpan(0, length));
        var entries = new List<LokiEntry>();
        uint tag;
        while ((tag = input.ReadTagOrEnd()) != 0)
        {
            if (tag >> 3 == 1)
            {
                int end = MessageEnd(ref input, tag, "PushRequest.streams", length);
                ReadStream(ref input, end, entries, builder);
            }
            else
            {
                input.Skip(tag, length);
            }
        }
    }

    private static void ReadStream(ref ProtoWireReader input, int end, List<LokiEntry> entries, LokiRecordBuilder builder)
    {
        string? labelText = null;
        entries.Clear();
        while (input.Position < end)
        {
            uint tag = ReadTag(ref input);
            switch (tag >> 3)
            {
                case 1:
                    Expect(tag, WireFormat.WireType.LengthDelimited, "StreamAdapter.labels");
                    labelText = input.ReadString(end, "StreamAdapter.labels");
                    break;
                case 2:
                    entries.Add(ReadEntry(ref input, MessageEnd(ref input, tag, "StreamAdapter.entries", end)));
                    break;
                default:
                    input.Skip(tag, end); // hash (3) is Loki's own, recomputed from the labels
                    break;
            }
        }

        CheckEnd(ref input, end, "StreamAdapter");
        if (labelText is null)
        {
            throw new LokiPushException("a stream has no labels");
        }

        builder.AddStream(builder.LabelsFromText(labelText), entries);
    }

    private static LokiEntry ReadEntry(ref ProtoWireReader input, int end)
    {
        DateTimeOffset? timestamp = null;
        string line = string.Empty;
        long? sequence = null;
        List<KeyValuePair<string, string>>? metadata = null;
        while (input.Position < end)
        {
            uint tag = ReadTag(ref input);
            switch (tag >> 3)
            {
                case 1:
                    timestamp = ReadTimestamp(ref input, MessageEnd(ref input, tag, "EntryAdapter.timestamp", end));
                    break;
                case 2:
                    Expect(tag, WireFormat.WireType.LengthDelimited, "EntryAdapter.line");
                    line = input.ReadString(end, "EntryAdapter.line");
                    break;
                case 3:
                    ReadLabelPair(ref input, MessageEnd(ref input, tag, "EntryAdapter.structuredMetadata", end), ref sequence, ref metadata);
                    break;
                default:
                    input.Skip(tag, end);
                    break;
            }
        }

        CheckEnd(ref input, end, "EntryAdapter");

        // proto3 leaves a zero timestamp out; Loki's gogo code makes it non-nullable, i.e. the epoch.
        return new LokiEntry(timestamp ?? DateTimeOffset.UnixEpoch, line, metadata) { Sequence = sequence };
    }

    private static DateTimeOffset ReadTimestamp(ref ProtoWireReader input, int end)
    {
        long seconds = 0;
        long nanos = 0;
        while (input.Position < end)
        {
            uint tag = ReadTag(ref input);
            switch (tag >> 3)
            {
                case 1:
                    Expect(tag, WireFormat.WireType.Varint, "Timestamp.seconds");
                    seconds = (long)input.ReadVarint();
                    break;
                case 2:
                    Expect(tag, WireFormat.WireType.Varint, "Timestamp.nanos");
                    nanos = (int)input.ReadVarint(); // int32: a negative value is sent as ten bytes, its low 32 bits are the number
                    break;
                default:
                    input.Skip(tag, end);
                    break;
            }
        }

        CheckEnd(ref input, end, "Timestamp");
        if (seconds is < MinSeconds or > MaxSeconds || nanos is < 0 or > 999_999_999)
        {
            throw new LokiPushException($"bad timestamp: {seconds} s {nanos} ns is outside google.protobuf.Timestamp's range");
        }

        return DateTimeOffset.UnixEpoch.AddTicks((seconds * TimeSpan.TicksPerSecond) + (nanos / 100));
    }

    /// <summary>
    /// One structured-metadata pair. A LogWarden agent's <c>lw_seq</c> (on every entry it ships) is parsed from
    /// its digits into <paramref name="sequence"/>; other pairs are kept as strings in <paramref name="metadata"/>.
    /// </summary>
    private static void ReadLabelPair(ref ProtoWireReader input, int end, ref long? sequence, ref List<KeyValuePair<string, string>>? metadata)
    {
        ReadOnlySpan<byte> name = default;
        ReadOnlySpan<byte> value = default;
        while (input.Position < end)
        {
            uint tag = ReadTag(ref input);
            switch (tag >> 3)
            {
                case 1:
                    Expect(tag, WireFormat.WireType.LengthDelimited, "LabelPairAdapter.name");
                    name = input.ReadBytes(end, "LabelPairAdapter.name");
                    break;
                case 2:
                    Expect(tag, WireFormat.WireType.LengthDelimited, "LabelPairAdapter.value");
                    value = input.ReadBytes(end, "LabelPairAdapter.value");
                    break;
                default:
                    input.Skip(tag, end);
                    break;
            }
        }

        CheckEnd(ref input, end, "LabelPairAdapter");
        if (name.SequenceEqual(LokiRecordBuilder.AgentSequenceNameUtf8) && sequence is null)
        {
            sequence = Utf8Parser.TryParse(value, out long parsed, out int consumed) && consumed == value.Length
                ? parsed
                : throw new LokiPushException($"{LokiRecordBuilder.AgentSequenceName} '{Shorten(System.Text.Encoding.UTF8.GetString(value))}' is not an integer");
            return;
        }
        (metadata ??= []).Add(new(System.Text.Encoding.UTF8.GetString(name), System.Text.Encoding.UTF8.GetString(value)));
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "…");

    /// <summary>The next tag inside a message (where the end of the input is an error, not the end of the message).</summary>
    private static uint ReadTag(ref ProtoWireReader input)
    {
        uint tag = input.ReadTagOrEnd();
        return tag != 0 ? tag : throw ProtoWireReader.Bad("it ends inside a message");
    }

    /// <summary>Reads the length of an embedded message and returns where it ends; checks it fits in its parent.</summary>
    private static int MessageEnd(ref ProtoWireReader input, uint tag, string field, int parentEnd)
    {
        Expect(tag, WireFormat.WireType.LengthDelimited, field);
        int length = input.ReadLength(parentEnd, field);
        return input.Position + length;
    }

    private static void Expect(uint tag, WireFormat.WireType expected, string field)
    {
        var actual = (WireFormat.WireType)(tag & 7);
        if (actual != expected)
        {
            throw ProtoWireReader.Bad($"{field} has wire type {actual}, expected {expected}");
        }
    }

    private static void CheckEnd(ref ProtoWireReader input, int end, string message)
    {
        if (input.Position != end)
        {
            throw ProtoWireReader.Bad($"a field of {message} runs past the end of the message");
        }
    }
}
