using Google.Protobuf;

namespace LogWarden.Collect.LokiPush;

/// <summary>
/// Reads a <c>logproto.PushRequest</c> (Loki's pkg/push/push.proto) with Google.Protobuf's
/// <see cref="CodedInputStream"/>, by hand rather than from generated classes: the four messages are
/// small, the records are built straight from the wire without an object per entry, and every field is
/// checked for the wire type the schema gives it (generated C# code would skip a mistyped field as
/// unknown and accept a body Loki refuses). Field numbers:
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
        try
        {
            var input = new CodedInputStream(body, 0, length);
            var entries = new List<LokiEntry>();
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (WireFormat.GetTagFieldNumber(tag) == 1)
                {
                    long end = MessageEnd(input, tag, "PushRequest.streams", length);
                    ReadStream(input, end, entries, builder);
                }
                else
                {
                    input.SkipLastField();
                }
            }
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new LokiPushException("bad protobuf body: " + ex.Message);
        }
    }

    private static void ReadStream(CodedInputStream input, long end, List<LokiEntry> entries, LokiRecordBuilder builder)
    {
        string? labelText = null;
        entries.Clear();
        while (input.Position < end)
        {
            uint tag = ReadTag(input);
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    Expect(tag, WireFormat.WireType.LengthDelimited, "StreamAdapter.labels");
                    labelText = input.ReadString();
                    break;
                case 2:
                    entries.Add(ReadEntry(input, MessageEnd(input, tag, "StreamAdapter.entries", end)));
                    break;
                default:
                    input.SkipLastField(); // hash (3) is Loki's own, recomputed from the labels
                    break;
            }
        }

        CheckEnd(input, end, "StreamAdapter");
        if (labelText is null)
        {
            throw new LokiPushException("a stream has no labels");
        }

        builder.AddStream(builder.LabelsFromText(labelText), entries);
    }

    private static LokiEntry ReadEntry(CodedInputStream input, long end)
    {
        DateTimeOffset? timestamp = null;
        string line = string.Empty;
        List<KeyValuePair<string, string>>? metadata = null;
        while (input.Position < end)
        {
            uint tag = ReadTag(input);
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    timestamp = ReadTimestamp(input, MessageEnd(input, tag, "EntryAdapter.timestamp", end));
                    break;
                case 2:
                    Expect(tag, WireFormat.WireType.LengthDelimited, "EntryAdapter.line");
                    line = input.ReadString();
                    break;
                case 3:
                    (metadata ??= []).Add(ReadLabelPair(input, MessageEnd(input, tag, "EntryAdapter.structuredMetadata", end)));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        CheckEnd(input, end, "EntryAdapter");

        // proto3 leaves a zero timestamp out; Loki's gogo code makes it non-nullable, i.e. the epoch.
        return new LokiEntry(timestamp ?? DateTimeOffset.UnixEpoch, line, metadata);
    }

    private static DateTimeOffset ReadTimestamp(CodedInputStream input, long end)
    {
        long seconds = 0;
        int nanos = 0;
        while (input.Position < end)
        {
            uint tag = ReadTag(input);
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    Expect(tag, WireFormat.WireType.Varint, "Timestamp.seconds");
                    seconds = input.ReadInt64();
                    break;
                case 2:
                    Expect(tag, WireFormat.WireType.Varint, "Timestamp.nanos");
                    nanos = input.ReadInt32();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        CheckEnd(input, end, "Timestamp");
        if (seconds is < MinSeconds or > MaxSeconds || nanos is < 0 or > 999_999_999)
        {
            throw new LokiPushException($"bad timestamp: {seconds} s {nanos} ns is outside google.protobuf.Timestamp's range");
        }

        return DateTimeOffset.UnixEpoch.AddTicks((seconds * TimeSpan.TicksPerSecond) + (nanos / 100));
    }

    private static KeyValuePair<string, string> ReadLabelPair(CodedInputStream input, long end)
    {
        string name = string.Empty;
        string value = string.Empty;
        while (input.Position < end)
        {
            uint tag = ReadTag(input);
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    Expect(tag, WireFormat.WireType.LengthDelimited, "LabelPairAdapter.name");
                    name = input.ReadString();
                    break;
                case 2:
                    Expect(tag, WireFormat.WireType.LengthDelimited, "LabelPairAdapter.value");
                    value = input.ReadString();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        CheckEnd(input, end, "LabelPairAdapter");
        return new(name, value);
    }

    /// <summary>The next tag inside a message (where the end of the input is an error, not the end of the message).</summary>
    private static uint ReadTag(CodedInputStream input)
    {
        uint tag = input.ReadTag();
        return tag != 0 ? tag : throw new LokiPushException("bad protobuf body: it ends inside a message");
    }

    /// <summary>Reads the length of an embedded message and returns where it ends; checks it fits in its parent.</summary>
    private static long MessageEnd(CodedInputStream input, uint tag, string field, long parentEnd)
    {
        Expect(tag, WireFormat.WireType.LengthDelimited, field);
        int length = input.ReadLength();
        long end = input.Position + length;
        if (length < 0 || end > parentEnd)
        {
            throw new LokiPushException($"bad protobuf body: {field} claims {length} bytes, more than its message holds");
        }

        return end;
    }

    private static void Expect(uint tag, WireFormat.WireType expected, string field)
    {
        var actual = WireFormat.GetTagWireType(tag);
        if (actual != expected)
        {
            throw new LokiPushException($"bad protobuf body: {field} has wire type {actual}, expected {expected}");
        }
    }

    private static void CheckEnd(CodedInputStream input, long end, string message)
    {
        if (input.Position != end)
        {
            throw new LokiPushException($"bad protobuf body: a field of {message} runs past the end of the message");
        }
    }
}
