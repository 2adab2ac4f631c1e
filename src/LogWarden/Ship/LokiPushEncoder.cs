using System.Buffers;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Snappier;

namespace LogWarden.Ship;

/// <summary>One line to push: its time, its text, and (for a LogWarden destination) the agent's store sequence.</summary>
internal readonly record struct ShipEntry(DateTimeOffset Timestamp, string Line, long Sequence);

/// <summary>A push body in a pooled buffer (<see cref="LokiPushEncoder.EncodePooled"/>).</summary>
internal readonly struct PooledBody(byte[] buffer, int length)
{
    public ReadOnlyMemory<byte> Memory => buffer.AsMemory(0, length);

    /// <summary>Gives the buffer back to the pool: only once no request reads it any more.</summary>
    public void Return() => ArrayPool<byte>.Shared.Return(buffer);
}

/// <summary>One stream of a push: its label string (<see cref="LokiPushEncoder.LabelText"/>) and its entries in order.</summary>
internal sealed record ShipStream(string Labels, List<ShipEntry> Entries);

/// <summary>
/// Writes a <c>logproto.PushRequest</c> with Google.Protobuf's <see cref="CodedOutputStream"/> by hand, the
/// mirror of <c>Collect/LokiPush/LokiProtobufReader</c> (same field numbers), then compresses it as a
/// snappy block, as Loki's clients do. Sizes are computed first (protobuf prefixes each message with its
/// length), so the message is written once into a buffer of its exact size. proto3 leaves zero scalars
/// and empty strings out; the timestamp is always written (Loki's gogo code treats it as non-nullable).
/// </summary>
internal static class LokiPushEncoder
{
    /// <summary>The structured-metadata name carrying the agent's store sequence (what a central dedupes by).</summary>
    public const string SequenceName = "lw_seq";

    /// <summary>The PushRequest, uncompressed. With <paramref name="withSequence"/>, each entry carries <see cref="SequenceName"/>.</summary>
    public static byte[] EncodeMessage(IReadOnlyList<ShipStream> streams, bool withSequence)
    {
        byte[] message = new byte[MessageSize(streams, withSequence)];
        var output = new CodedOutputStream(message);
        WriteMessage(output, streams, withSequence);
        output.CheckNoSpaceLeft();
        return message;
    }

    /// <summary>The PushRequest compressed as a snappy block: the body of an <c>application/x-protobuf</c> push.</summary>
    public static byte[] Encode(IReadOnlyList<ShipStream> streams, bool withSequence) => Snappy.CompressToArray(EncodeMessage(streams, withSequence));

    /// <summary>
    /// <see cref="Encode"/> into a buffer rented from the shared pool, the message written into another rented one:
    /// a push of thousands of lines is two arrays of hundreds of KiB, which the GC puts on the large-object heap and
    /// frees only in a full collection, at every push of an agent shipping as fast as its logs grow. Give the body
    /// back with <see cref="PooledBody.Return"/> once nothing reads it any more.
    /// </summary>
    public static PooledBody EncodePooled(IReadOnlyList<ShipStream> streams, bool withSequence)
    {
        int size = MessageSize(streams, withSequence);
        byte[] message = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var written = new MemoryStream(message, 0, size, writable: true);
            using (var output = new CodedOutputStream(written, leaveOpen: true))
            {
                WriteMessage(output, streams, withSequence);
            }
            if (written.Position != size)
            {
                // What CheckNoSpaceLeft says of the plain path: the sizes computed first and the bytes written disagree.
                throw new InvalidOperationException($"push message of {size} bytes computed, {written.Position} written");
            }
            byte[] body = ArrayPool<byte>.Shared.Rent(Snappy.GetMaxCompressedLength(size));
            int length = Snappy.Compress(message.AsSpan(0, size), body);
            return new PooledBody(body, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
        }
    }

    private static int MessageSize(IReadOnlyList<ShipStream> streams, bool withSequence)
    {
        int total = 0;
        foreach (ShipStream stream in streams)
        {
            total += Field(StreamSize(stream, withSequence));
        }
        return total;
    }

    private static void WriteMessage(CodedOutputStream output, IReadOnlyList<ShipStream> streams, bool withSequence)
    {
        foreach (ShipStream stream in streams)
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteLength(StreamSize(stream, withSequence));
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteString(stream.Labels);
            foreach (ShipEntry entry in stream.Entries)
            {
                output.WriteTag(2, WireFormat.WireType.LengthDelimited);
                output.WriteLength(EntrySize(entry, withSequence));
                WriteEntry(output, entry, withSequence);
            }
        }
    }

    /// <summary>
    /// A label set as a LogQL string, <c>{a="b", c="d"}</c>, with Go's string escapes (what Loki's parser and
    /// ours read): backslash, quote and every control character escaped.
    /// </summary>
    public static string LabelText(IEnumerable<KeyValuePair<string, string>> labels)
    {
        var text = new StringBuilder("{");
        foreach (var (name, value) in labels)
        {
            if (text.Length > 1)
            {
                text.Append(", ");
            }
            text.Append(name).Append("=\"");
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': text.Append("\\\""); break;
                    case '\\': text.Append("\\\\"); break;
                    case '\n': text.Append("\\n"); break;
                    case '\r': text.Append("\\r"); break;
                    case '\t': text.Append("\\t"); break;
                    case < ' ' or '\u007f': text.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                    default: text.Append(c); break;
                }
            }
            text.Append('"');
        }
        return text.Append('}').ToString();
    }

    private static void WriteEntry(CodedOutputStream output, ShipEntry entry, bool withSequence)
    {
        var (seconds, nanos) = Split(entry.Timestamp);
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
        output.WriteLength(TimestampSize(seconds, nanos));
        if (seconds != 0)
        {
            output.WriteTag(1, WireFormat.WireType.Varint);
            output.WriteInt64(seconds);
        }
        if (nanos != 0)
        {
            output.WriteTag(2, WireFormat.WireType.Varint);
            output.WriteInt32(nanos);
        }
        if (entry.Line.Length > 0)
        {
            output.WriteTag(2, WireFormat.WireType.LengthDelimited);
            output.WriteString(entry.Line);
        }
        if (withSequence)
        {
            string sequence = entry.Sequence.ToString(CultureInfo.InvariantCulture);
            output.WriteTag(3, WireFormat.WireType.LengthDelimited);
            output.WriteLength(SequencePairSize(entry.Sequence));
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteString(SequenceName);
            output.WriteTag(2, WireFormat.WireType.LengthDelimited);
            output.WriteString(sequence);
        }
    }

    private static int StreamSize(ShipStream stream, bool withSequence)
    {
        int size = 1 + CodedOutputStream.ComputeStringSize(stream.Labels);
        foreach (ShipEntry entry in stream.Entries)
        {
            size += Field(EntrySize(entry, withSequence));
        }
        return size;
    }

    private static int EntrySize(ShipEntry entry, bool withSequence)
    {
        var (seconds, nanos) = Split(entry.Timestamp);
        int size = Field(TimestampSize(seconds, nanos));
        if (entry.Line.Length > 0)
        {
            size += 1 + CodedOutputStream.ComputeStringSize(entry.Line);
        }
        if (withSequence)
        {
            size += Field(SequencePairSize(entry.Sequence));
        }
        return size;
    }

    private static int TimestampSize(long seconds, int nanos) =>
        (seconds != 0 ? 1 + CodedOutputStream.ComputeInt64Size(seconds) : 0) + (nanos != 0 ? 1 + CodedOutputStream.ComputeInt32Size(nanos) : 0);

    /// <summary>The LabelPairAdapter {lw_seq, decimal sequence}: both strings are ASCII, so a character is a byte.</summary>
    private static int SequencePairSize(long sequence)
    {
        int digits = sequence < 0 ? 2 : 1;
        for (long rest = Math.Abs(sequence / 10); rest > 0; rest /= 10)
        {
            digits++;
        }
        return 2 + SequenceName.Length + 2 + digits; // a tag and a one-byte length each: both strings are under 128 bytes
    }

    /// <summary>A length-delimited field of one-byte tag: tag, length, message.</summary>
    private static int Field(int messageSize) => 1 + CodedOutputStream.ComputeLengthSize(messageSize) + messageSize;

    private static (long Seconds, int Nanos) Split(DateTimeOffset timestamp)
    {
        long ticks = timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        long seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long rest);
        if (rest < 0)
        {
            seconds--;
            rest += TimeSpan.TicksPerSecond;
        }
        return (seconds, (int)(rest * 100));
    }
}
