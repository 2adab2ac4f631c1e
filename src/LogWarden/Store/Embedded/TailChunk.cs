using System.Text;
using LogWarden.Parse;
using ZstdSharp;

namespace LogWarden.Store.Embedded;

/// <summary>
/// The lines of one <see cref="EmbeddedStore.Append"/>, as written to the write-ahead tail: each line's
/// time, stream, template, level and raw UTF-8 bytes, one after the other, compressed with a fast zstd
/// level. The tail makes a call durable at once without cutting the log into tiny blocks; its lines are
/// re-encoded into a real block when the tail is sealed.
/// </summary>
internal static class TailChunk
{
    private const byte Version = 1;

    public static void Write(ByteBuffer output, IReadOnlyList<StoredLine> lines, ReadOnlySpan<int> streamIds)
    {
        output.WriteByte(Version);
        output.WriteVarint((ulong)lines.Count);
        long previous = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            StoredLine line = lines[i];
            long ticks = line.Timestamp.UtcTicks;
            output.WriteSignedVarint(ticks - previous);
            previous = ticks;
            output.WriteSignedVarint((long)line.Timestamp.Offset.TotalMinutes);
            output.WriteVarint((uint)streamIds[i]);
            output.WriteVarint((uint)line.TemplateId);
            output.WriteByte((byte)line.Level);
            int max = Encoding.UTF8.GetMaxByteCount(line.Line.Length);
            Span<byte> target = output.GetSpan(max + 5);
            int length = Encoding.UTF8.GetBytes(line.Line, target[5..]);
            // A fixed 5-byte varint for the length, so the bytes can be written in place first.
            for (int b = 0; b < 4; b++)
            {
                target[b] = (byte)((length >> (7 * b)) | 0x80);
            }
            target[4] = (byte)(length >> 28);
            output.Advance(length + 5);
        }
    }

    /// <summary>Reads a decompressed chunk line by line.</summary>
    public ref struct Reader
    {
        private VarintReader _reader;
        private long _ticks;

        public Reader(ReadOnlySpan<byte> data)
        {
            _reader = new VarintReader(data);
            byte version = _reader.ReadByte();
            if (version != Version)
            {
                throw new InvalidDataException($"tail chunk format {version} is not {Version}");
            }
            Count = _reader.ReadCount();
        }

        public int Count { get; }

        public long Ticks => _ticks;

        public short OffsetMinutes { get; private set; }

        public int StreamId { get; private set; }

        public int TemplateId { get; private set; }

        public Severity Level { get; private set; }

        public ReadOnlySpan<byte> Line { get; private set; }

        /// <summary>Where the text of the line just read starts in the chunk.</summary>
        public int LineStart { get; private set; }

        public void Next()
        {
            _ticks += _reader.ReadSignedVarint();
            OffsetMinutes = (short)_reader.ReadSignedVarint();
            StreamId = _reader.ReadCount();
            TemplateId = (int)(uint)_reader.ReadVarint();
            Level = (Severity)_reader.ReadByte();
            Line = _reader.ReadBlob();
            LineStart = _reader.Position - Line.Length;
        }

        public DateTimeOffset Timestamp => ToTimestamp(_ticks, OffsetMinutes);
    }

    public static DateTimeOffset ToTimestamp(long utcTicks, short offsetMinutes)
    {
        var offset = TimeSpan.FromMinutes(offsetMinutes);
        return new DateTimeOffset(utcTicks + offset.Ticks, offset);
    }

    public static byte[] Decompress(Decompressor decompressor, ReadOnlySpan<byte> compressed, int maxBytes)
    {
        ulong size = Decompressor.GetDecompressedSize(compressed);
        if (size > (ulong)maxBytes)
        {
            throw new InvalidDataException($"stored chunk claims {size} bytes, more than the {maxBytes} allowed");
        }
        var output = new byte[size];
        int written = decompressor.Unwrap(compressed, output);
        return written == output.Length ? output : throw new InvalidDataException("stored chunk is shorter than its frame says");
    }
}
