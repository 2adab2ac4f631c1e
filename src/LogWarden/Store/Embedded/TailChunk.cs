using LogWarden.Parse;
using ZstdSharp;

namespace LogWarden.Store.Embedded;

/// <summary>
/// The lines of one <see cref="EmbeddedStore.Append"/> as written to the write-ahead tail, already split
/// into logtypes and values (a CLP "intermediate representation"): the chunk's own table of the logtypes
/// and dictionary values its lines use, then per line its time, stream, template, level, logtype and
/// values. A line is encoded once, on append; the tail costs a few bytes per line rather than its text;
/// and each chunk reads on its own (for search, and to rebuild the open block after a restart).
/// </summary>
internal static class TailChunk
{
    private const byte Version = 2;

    /// <summary>Collects one chunk while <see cref="BlockBuilder"/> encodes an append's lines.</summary>
    internal sealed class Writer
    {
        private readonly ByteBuffer _lines = new(1 << 16);
        private readonly List<int> _logtypes = [];
        private readonly List<int> _values = [];
        private int[] _logtypeLocal = new int[256];
        private int[] _logtypeStamp = new int[256];
        private int[] _valueLocal = new int[1024];
        private int[] _valueStamp = new int[1024];
        private int _stamp;
        private int _count;
        private long _lastTicks;

        public bool Active { get; private set; }

        public void Begin()
        {
            _stamp++;
            _lines.Reset(keepCapacity: 4 << 20);
            _logtypes.Clear();
            _values.Clear();
            _count = 0;
            _lastTicks = 0;
            Active = true;
        }

        public void Line(long ticks, short offsetMinutes, int streamId, int templateId, byte level, int logtype)
        {
            _lines.WriteSignedVarint(ticks - _lastTicks);
            _lastTicks = ticks;
            _lines.WriteSignedVarint(offsetMinutes);
            _lines.WriteVarint((uint)streamId);
            _lines.WriteVarint((uint)templateId);
            _lines.WriteByte(level);
            _lines.WriteVarint((uint)Local(logtype, ref _logtypeLocal, ref _logtypeStamp, _logtypes));
            _count++;
        }

        public void Integer(long value, int zeros)
        {
            _lines.WriteSignedVarint(value);
            _lines.WriteByte((byte)zeros);
        }

        public void Value(int id) => _lines.WriteVarint((uint)Local(id, ref _valueLocal, ref _valueStamp, _values));

        private int Local(int id, ref int[] local, ref int[] stamp, List<int> used)
        {
            if (id >= stamp.Length)
            {
                int size = Math.Max(id + 1, stamp.Length * 2);
                Array.Resize(ref local, size);
                Array.Resize(ref stamp, size);
            }
            if (stamp[id] != _stamp)
            {
                stamp[id] = _stamp;
                local[id] = used.Count;
                used.Add(id);
            }
            return local[id];
        }

        /// <summary>Writes the chunk (uncompressed) and ends it.</summary>
        public void End(ByteBuffer output, ByteStringTable logtypes, ByteStringTable dictionary)
        {
            output.WriteByte(Version);
            output.WriteVarint((ulong)_count);
            output.WriteVarint((ulong)_logtypes.Count);
            foreach (int id in _logtypes)
            {
                output.WriteBlob(logtypes[id]);
            }
            output.WriteVarint((ulong)_values.Count);
            foreach (int id in _values)
            {
                output.WriteVarint((ulong)dictionary[id].Length);
            }
            foreach (int id in _values)
            {
                output.Write(dictionary[id]);
            }
            output.Write(_lines.WrittenSpan);
            Active = false;
        }
    }

    /// <summary>A chunk read back: its tables and, per line, its fields and where its values are.</summary>
    internal sealed class Decoded
    {
        private Decoded(int count, LogtypeInfo[] logtypes, byte[] dictionary, int[] dictionaryOffsets)
        {
            Count = count;
            Logtypes = logtypes;
            DictionaryBytes = dictionary;
            DictionaryOffsets = dictionaryOffsets;
            Ticks = new long[count];
            OffsetMinutes = new short[count];
            StreamIds = new int[count];
            TemplateIds = new int[count];
            Levels = new Severity[count];
            LineLogtypes = new int[count];
            FirstValue = new int[count + 1];
        }

        public int Count { get; }

        public LogtypeInfo[] Logtypes { get; }

        public byte[] DictionaryBytes { get; }

        public int[] DictionaryOffsets { get; }

        public long[] Ticks { get; }

        public short[] OffsetMinutes { get; }

        public int[] StreamIds { get; }

        public int[] TemplateIds { get; }

        public Severity[] Levels { get; }

        public int[] LineLogtypes { get; }

        /// <summary>Line i's values are [FirstValue[i], FirstValue[i + 1]) of <see cref="Values"/>.</summary>
        public int[] FirstValue { get; }

        /// <summary>Integers, or chunk-local dictionary ids, as the logtype's kinds say.</summary>
        public long[] Values { get; private set; } = [];

        public byte[] Zeros { get; private set; } = [];

        /// <summary>Whether the lines' times never decrease (the usual case): a scan by time may then stop early.</summary>
        public bool TicksAscending { get; private set; }

        /// <summary>Roughly what the decoded chunk occupies, for a cache's bound.</summary>
        public long ApproximateBytes
        {
            get
            {
                long bytes = DictionaryBytes.Length + (DictionaryOffsets.Length * 4L) + (Count * 34L) + (Values.Length * 9L) + 256;
                foreach (LogtypeInfo logtype in Logtypes)
                {
                    bytes += 128 + (logtype.Bytes.Length * 2L) + (logtype.Kinds.Length * 9L);
                }
                return bytes;
            }
        }

        public ReadOnlySpan<byte> DictionaryValue(long id) =>
            DictionaryBytes.AsSpan(DictionaryOffsets[id], DictionaryOffsets[id + 1] - DictionaryOffsets[id]);

        public static Decoded Parse(ReadOnlySpan<byte> data)
        {
            var reader = new VarintReader(data);
            byte version = reader.ReadByte();
            if (version != Version)
            {
                throw new InvalidDataException($"tail chunk format {version} is not {Version}");
            }
            int count = reader.ReadCount();
            (LogtypeInfo[] logtypes, byte[] dictionary, int[] offsets) = BlockFormat.ReadTables(ref reader);
            int dictionaryCount = offsets.Length - 1;
            var chunk = new Decoded(count, logtypes, dictionary, offsets);
            var values = new List<long>(count * 8);
            var zeros = new List<byte>(count * 8);
            long ticks = 0;
            for (int i = 0; i < count; i++)
            {
                ticks += reader.ReadSignedVarint();
                chunk.Ticks[i] = ticks;
                chunk.OffsetMinutes[i] = (short)reader.ReadSignedVarint();
                chunk.StreamIds[i] = reader.ReadCount();
                chunk.TemplateIds[i] = (int)(uint)reader.ReadVarint();
                chunk.Levels[i] = (Severity)reader.ReadByte();
                int logtype = reader.ReadCount();
                if (logtype >= logtypes.Length)
                {
                    throw VarintReader.Damaged();
                }
                chunk.LineLogtypes[i] = logtype;
                chunk.FirstValue[i] = values.Count;
                foreach (byte kind in logtypes[logtype].Kinds)
                {
                    if (kind == Placeholder.Integer)
                    {
                        values.Add(reader.ReadSignedVarint());
                        zeros.Add(reader.ReadByte());
                    }
                    else
                    {
                        int id = reader.ReadCount();
                        if (id >= dictionaryCount)
                        {
                            throw VarintReader.Damaged();
                        }
                        values.Add(id);
                        zeros.Add(0);
                    }
                }
            }
            chunk.FirstValue[count] = values.Count;
            chunk.TicksAscending = BlockFormat.IsAscending(chunk.Ticks);
            chunk.Values = [.. values];
            chunk.Zeros = [.. zeros];
            return chunk;
        }

        /// <summary>Writes line <paramref name="line"/> back, byte for byte as it was appended.</summary>
        public void Reconstruct(int line, ByteBuffer output)
        {
            LogtypeInfo info = Logtypes[LineLogtypes[line]];
            int v = FirstValue[line];
            for (int c = 0; c < info.VariableCount; c++, v++)
            {
                output.Write(info.Fragment(c));
                if (info.Kinds[c] == Placeholder.Integer)
                {
                    output.Advance(LineEncoder.FormatInteger(Values[v], Math.Min((int)Zeros[v], 32), output.GetSpan(64)));
                }
                else
                {
                    output.Write(DictionaryValue(Values[v]));
                }
            }
            output.Write(info.Fragment(info.VariableCount));
        }
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
