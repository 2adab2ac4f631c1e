using System.Buffers;
using System.Numerics;
using LogWarden.Parse;
using ZstdSharp;

namespace LogWarden.Store.Embedded;

/// <summary>A block ready to be written: its compressed header and one compressed section per stream.</summary>
internal sealed record SealedBlock(
    long FirstSequence,
    long LastSequence,
    int LineCount,
    long MinTicks,
    long MaxTicks,
    int[] StreamIds,
    byte[] Header,
    byte[][] Sections,
    long RawBytes)
{
    public long StoredBytes => Header.Length + Sections.Sum(s => (long)s.Length);
}

/// <summary>
/// The block being filled: the lines of the write-ahead tail, encoded as they arrive so that sealing only
/// has to serialise and compress. One logtype table and one value dictionary serve the whole block; the
/// lines are kept per stream (a section each), so a query for one stream reads only that stream's bytes.
/// Within a section, each logtype's values are kept column by column (the same variable of the same kind of
/// line side by side: ports with ports, times with times), which is what makes zstd's job easy.
/// </summary>
internal sealed class BlockBuilder
{
    private readonly LineEncoder _encoder = new();
    private readonly ByteStringTable _logtypes = new();
    private readonly ByteStringTable _dictionary = new();
    private readonly List<byte[]> _kindsByLogtype = [];
    private readonly Dictionary<int, SectionBuilder> _sections = [];
    private readonly HashSet<int> _templateIds = [];
    private readonly TailChunk.Writer _chunk = new();
    private readonly ColumnBuffers _buffers = new();
    private SectionBuilder? _lastSection;

    public long FirstSequence { get; private set; }

    public long LastSequence { get; private set; }

    public int LineCount { get; private set; }

    /// <summary>UTF-8 bytes of the lines added (what they would take as a plain file).</summary>
    public long RawBytes { get; private set; }

    public long MinTicks { get; private set; } = long.MaxValue;

    public long MaxTicks { get; private set; } = long.MinValue;

    /// <summary>Rough bytes this builder holds: encoded columns plus tables (for the seal trigger).</summary>
    public long ResidentBytes => _logtypes.KeyBytes + _dictionary.KeyBytes + (long)LineCount * 48;

    public int LogtypeCount => _logtypes.Count;

    /// <summary>Column buffers kept for the next block (for tests).</summary>
    internal int SpareColumnBuffers => _buffers.SpareCount;

    public int DictionaryCount => _dictionary.Count;

    /// <summary>Starts recording the tail chunk of one append (see <see cref="TailChunk"/>).</summary>
    public void BeginChunk() => _chunk.Begin();

    /// <summary>Writes the chunk of the lines added since <see cref="BeginChunk"/>.</summary>
    public void EndChunk(ByteBuffer output) => _chunk.End(output, _logtypes, _dictionary);

    /// <summary>Encodes and adds one line (and records it in the open tail chunk, if any).</summary>
    public void Add(long sequence, DateTimeOffset timestamp, ReadOnlySpan<char> line, int templateId, Severity level, int streamId)
    {
        CheckSequence(sequence);
        _encoder.EncodeOrVerbatim(line);
        long ticks = timestamp.UtcTicks;
        short offset = (short)timestamp.Offset.TotalMinutes;
        int logtype = LogtypeIndex(_encoder.Logtype);
        LogtypeColumns columns = StartRow(sequence, ticks, offset, logtype, templateId, level, streamId);
        ReadOnlySpan<EncodedVariable> variables = _encoder.Variables;
        bool chunk = _chunk.Active;
        for (int v = 0; v < variables.Length; v++)
        {
            ref readonly EncodedVariable variable = ref variables[v];
            if (variable.Kind == Placeholder.Integer)
            {
                columns.Columns[v].AddInteger(variable.Value, variable.Extra);
                if (chunk)
                {
                    _chunk.Integer(variable.Value, variable.Extra);
                }
            }
            else
            {
                int id = _dictionary.GetOrAdd(_encoder.ValueBytes(variable));
                columns.Columns[v].AddId(id);
                if (chunk)
                {
                    _chunk.Value(id);
                }
            }
        }
        FinishRow(sequence, ticks, templateId, line.Length + 1); // characters, not bytes: near enough, and free
    }

    /// <summary>Adds line <paramref name="line"/> of a tail chunk read back (rebuilding after a restart): no re-encoding.</summary>
    public void AddDecoded(long sequence, TailChunk.Decoded chunk, int line)
    {
        CheckSequence(sequence);
        LogtypeInfo info = chunk.Logtypes[chunk.LineLogtypes[line]];
        int logtype = LogtypeIndex(info.Bytes);
        int templateId = chunk.TemplateIds[line];
        long ticks = chunk.Ticks[line];
        LogtypeColumns columns = StartRow(sequence, ticks, chunk.OffsetMinutes[line], logtype, templateId, chunk.Levels[line], chunk.StreamIds[line]);
        long length = info.Bytes.Length - info.VariableCount;
        int first = chunk.FirstValue[line];
        for (int v = 0; v < info.VariableCount; v++)
        {
            long value = chunk.Values[first + v];
            if (info.Kinds[v] == Placeholder.Integer)
            {
                columns.Columns[v].AddInteger(value, chunk.Zeros[first + v]);
                length += 20;
            }
            else
            {
                ReadOnlySpan<byte> bytes = chunk.DictionaryValue(value);
                columns.Columns[v].AddId(_dictionary.GetOrAdd(bytes));
                length += bytes.Length;
            }
        }
        FinishRow(sequence, ticks, templateId, length + 1);
    }

    private void CheckSequence(long sequence)
    {
        if (LineCount == 0)
        {
            FirstSequence = sequence;
        }
        else if (sequence <= LastSequence)
        {
            throw new InvalidOperationException($"sequence {sequence} after {LastSequence}");
        }
    }

    private int LogtypeIndex(ReadOnlySpan<byte> logtype)
    {
        int index = _logtypes.GetOrAdd(logtype);
        if (index == _kindsByLogtype.Count)
        {
            _kindsByLogtype.Add(KindsOf(logtype));
        }
        return index;
    }

    private LogtypeColumns StartRow(long sequence, long ticks, short offsetMinutes, int logtype, int templateId, Severity level, int streamId)
    {
        SectionBuilder section = _lastSection is { } last && last.StreamId == streamId ? last : GetSection(streamId);
        LogtypeColumns columns = section.AddLine(sequence, ticks, offsetMinutes, logtype, _kindsByLogtype[logtype]);
        columns.AddRow(templateId, (byte)level);
        if (_chunk.Active)
        {
            _chunk.Line(ticks, offsetMinutes, streamId, templateId, (byte)level, logtype);
        }
        return columns;
    }

    private void FinishRow(long sequence, long ticks, int templateId, long rawLength)
    {
        _templateIds.Add(templateId);
        LastSequence = sequence;
        LineCount++;
        RawBytes += rawLength;
        MinTicks = Math.Min(MinTicks, ticks);
        MaxTicks = Math.Max(MaxTicks, ticks);
    }

    private SectionBuilder GetSection(int streamId)
    {
        if (!_sections.TryGetValue(streamId, out SectionBuilder? section))
        {
            section = new SectionBuilder(streamId, _buffers);
            _sections.Add(streamId, section);
        }
        _lastSection = section;
        return section;
    }

    internal static byte[] KindsOf(ReadOnlySpan<byte> logtype)
    {
        int count = 0;
        foreach (byte b in logtype)
        {
            if (Placeholder.Is(b))
            {
                count++;
            }
        }
        var kinds = new byte[count];
        int k = 0;
        foreach (byte b in logtype)
        {
            if (Placeholder.Is(b))
            {
                kinds[k++] = b;
            }
        }
        return kinds;
    }

    /// <summary>Serialises and compresses the block (the builder keeps its contents until <see cref="Clear"/>).</summary>
    public SealedBlock Seal(Compressor compressor, ByteBuffer scratch)
    {
        if (LineCount == 0)
        {
            throw new InvalidOperationException("nothing to seal");
        }
        var sections = _sections.Values.Where(s => s.Count > 0).OrderBy(s => s.StreamId).ToArray();
        var sectionBytes = new byte[sections.Length][];
        for (int i = 0; i < sections.Length; i++)
        {
            scratch.Clear();
            sections[i].WriteTo(scratch, FirstSequence);
            sectionBytes[i] = Compress(compressor, scratch.WrittenSpan);
        }
        scratch.Clear();
        WriteHeader(scratch, sections);
        byte[] header = Compress(compressor, scratch.WrittenSpan);
        return new SealedBlock(FirstSequence, LastSequence, LineCount, MinTicks, MaxTicks,
            [.. sections.Select(s => s.StreamId)], header, sectionBytes, RawBytes);
    }

    /// <summary>
    /// Compresses into a pooled buffer of the worst-case size, then copies out the few bytes written: one
    /// allocation of the compressed size per append or section instead of two large-object arrays (the bound
    /// and its resized copy) that only a full collection frees, which kept the daemon's ingest memory high.
    /// </summary>
    internal static byte[] Compress(Compressor compressor, ReadOnlySpan<byte> data)
    {
        byte[] bound = ArrayPool<byte>.Shared.Rent(Compressor.GetCompressBound(data.Length));
        try
        {
            int written = compressor.Wrap(data, bound);
            return bound.AsSpan(0, written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bound);
        }
    }

    private void WriteHeader(ByteBuffer header, SectionBuilder[] sections)
    {
        header.WriteByte(BlockFormat.Version);
        header.WriteVarint((ulong)LineCount);
        header.WriteVarint((ulong)FirstSequence);
        header.WriteVarint((ulong)_logtypes.Count);
        for (int i = 0; i < _logtypes.Count; i++)
        {
            header.WriteBlob(_logtypes[i]);
        }
        header.WriteVarint((ulong)_dictionary.Count);
        for (int i = 0; i < _dictionary.Count; i++)
        {
            header.WriteVarint((ulong)_dictionary[i].Length);
        }
        for (int i = 0; i < _dictionary.Count; i++)
        {
            header.Write(_dictionary[i]);
        }
        int[] templates = [.. _templateIds.Order()];
        header.WriteVarint((ulong)templates.Length);
        BlockFormat.WriteSortedInts(header, templates);
        header.WriteVarint((ulong)sections.Length);
        foreach (SectionBuilder s in sections)
        {
            header.WriteVarint((ulong)s.StreamId);
            header.WriteVarint((ulong)s.Count);
            header.WriteVarint((ulong)s.MinTicks);
            header.WriteVarint((ulong)s.MaxTicks);
            int[] used = s.UsedLogtypes();
            header.WriteVarint((ulong)used.Length);
            BlockFormat.WriteSortedInts(header, used);
        }
    }

    public void Clear()
    {
        _logtypes.Clear(keepArenaBytes: 1 << 20);
        _dictionary.Clear(keepArenaBytes: 4 << 20);
        _kindsByLogtype.Clear();
        // Sections of streams that wrote to this block keep their grown arrays and give their columns' buffers
        // to the next block: without that, every block regrew them by doubling from a few hundred bytes, ≈ 10 MB
        // of large-object arrays a block that only a full collection frees. A stream silent for a whole block is dropped.
        foreach ((int streamId, SectionBuilder section) in _sections)
        {
            if (section.Count == 0)
            {
                _sections.Remove(streamId);
            }
            else
            {
                section.Clear();
            }
        }
        _buffers.TrimToLastUse();
        _lastSection = null;
        _templateIds.Clear();
        LineCount = 0;
        RawBytes = 0;
        FirstSequence = 0;
        LastSequence = 0;
        MinTicks = long.MaxValue;
        MaxTicks = long.MinValue;
    }
}

/// <summary>The lines of one stream within the block being filled.</summary>
internal sealed class SectionBuilder(int streamId, ColumnBuffers buffers)
{
    private long[] _sequences = new long[256];
    private long[] _ticks = new long[256];
    private short[] _offsets = new short[256];
    private int[] _logtypes = new int[256];
    private LogtypeColumns?[] _byLogtype = new LogtypeColumns?[16];
    private readonly List<LogtypeColumns> _used = [];

    public int StreamId { get; } = streamId;

    public int Count { get; private set; }

    public long MinTicks { get; private set; } = long.MaxValue;

    public long MaxTicks { get; private set; } = long.MinValue;

    public LogtypeColumns AddLine(long sequence, long ticks, short offsetMinutes, int logtype, byte[] kinds)
    {
        if (Count == _sequences.Length)
        {
            int size = Count * 2;
            Array.Resize(ref _sequences, size);
            Array.Resize(ref _ticks, size);
            Array.Resize(ref _offsets, size);
            Array.Resize(ref _logtypes, size);
        }
        _sequences[Count] = sequence;
        _ticks[Count] = ticks;
        _offsets[Count] = offsetMinutes;
        _logtypes[Count] = logtype;
        Count++;
        MinTicks = Math.Min(MinTicks, ticks);
        MaxTicks = Math.Max(MaxTicks, ticks);
        if (logtype >= _byLogtype.Length)
        {
            Array.Resize(ref _byLogtype, Math.Max(logtype + 1, _byLogtype.Length * 2));
        }
        LogtypeColumns? columns = _byLogtype[logtype];
        if (columns is null)
        {
            columns = new LogtypeColumns(logtype, kinds, buffers);
            _byLogtype[logtype] = columns;
            _used.Add(columns);
        }
        return columns;
    }

    public int[] UsedLogtypes() => [.. _used.Select(c => c.Logtype).Order()];

    /// <summary>Empties the section for the next block, keeping its arrays and returning its columns' buffers.</summary>
    public void Clear()
    {
        foreach (LogtypeColumns columns in _used)
        {
            columns.Return(buffers);
            _byLogtype[columns.Logtype] = null;
        }
        _used.Clear();
        Count = 0;
        MinTicks = long.MaxValue;
        MaxTicks = long.MinValue;
    }

    public void WriteTo(ByteBuffer output, long blockFirstSequence)
    {
        output.WriteVarint((ulong)Count);
        long previous = blockFirstSequence - 1;
        for (int i = 0; i < Count; i++)
        {
            output.WriteVarint((ulong)(_sequences[i] - previous - 1));
            previous = _sequences[i];
        }
        long unit = BlockFormat.TickUnitOf(_ticks.AsSpan(0, Count));
        output.WriteByte(BlockFormat.TickUnitCode(unit));
        long last = 0;
        for (int i = 0; i < Count; i++)
        {
            long t = _ticks[i] / unit;
            output.WriteSignedVarint(t - last);
            last = t;
        }
        for (int i = 0; i < Count; i++)
        {
            output.WriteSignedVarint(_offsets[i]);
        }
        for (int i = 0; i < Count; i++)
        {
            output.WriteVarint((ulong)_logtypes[i]);
        }
        var used = _used.OrderBy(c => c.Logtype).ToArray();
        output.WriteVarint((ulong)used.Length);
        foreach (LogtypeColumns c in used)
        {
            c.WriteTo(output);
        }
    }
}

/// <summary>The rows of one logtype within a section: template, level, then one column per variable.</summary>
internal sealed class LogtypeColumns
{
    private readonly ByteBuffer _templates;
    private readonly ByteBuffer _levels;

    public LogtypeColumns(int logtype, byte[] kinds, ColumnBuffers buffers)
    {
        Logtype = logtype;
        _templates = buffers.Rent();
        _levels = buffers.Rent();
        Columns = new VariableColumn[kinds.Length];
        for (int i = 0; i < kinds.Length; i++)
        {
            Columns[i] = new VariableColumn(kinds[i], buffers);
        }
    }

    /// <summary>Gives the buffers back (the columns are not used again).</summary>
    public void Return(ColumnBuffers buffers)
    {
        buffers.Return(_templates);
        buffers.Return(_levels);
        foreach (VariableColumn column in Columns)
        {
            column.Return(buffers);
        }
    }

    public int Logtype { get; }

    public int Rows { get; private set; }

    public VariableColumn[] Columns { get; }

    public void AddRow(int templateId, byte level)
    {
        _templates.WriteVarint((uint)templateId);
        _levels.WriteByte(level);
        Rows++;
    }

    public void WriteTo(ByteBuffer output)
    {
        output.WriteVarint((ulong)Logtype);
        output.WriteVarint((ulong)Rows);
        output.WriteBlob(_templates.WrittenSpan);
        output.WriteBlob(_levels.WrittenSpan);
        foreach (VariableColumn column in Columns)
        {
            column.WriteTo(output);
        }
    }
}

/// <summary>
/// The values of one variable of one logtype. Integers are stored as zig-zag deltas from the previous row
/// (counters, times and ids that grow take a byte or two) plus, only when some value had them, a count of
/// leading zeros per row; dictionary values as ids.
/// </summary>
internal sealed class VariableColumn(byte kind, ColumnBuffers buffers)
{
    private readonly ByteBuffer _values = buffers.Rent();
    private readonly ColumnBuffers _buffers = buffers;
    private ByteBuffer? _zeros;
    private long _last;
    private int _rows;

    public byte Kind { get; } = kind;

    public void AddInteger(long value, int zeros)
    {
        _values.WriteSignedVarint(value - _last);
        _last = value;
        if (zeros != 0 && _zeros is null)
        {
            // From the pool like the values: a buffer made here and returned at the block's end grew the pool by
            // one for every column with leading zeros, every block (15,000 buffers more after minutes of ingest).
            _zeros = _buffers.Rent();
            _zeros.GetSpan(_rows)[.._rows].Clear();
            _zeros.Advance(_rows);
        }
        _zeros?.WriteByte((byte)zeros);
        _rows++;
    }

    public void Return(ColumnBuffers buffers)
    {
        buffers.Return(_values);
        if (_zeros is not null)
        {
            buffers.Return(_zeros);
        }
    }

    public void AddId(int id)
    {
        _values.WriteVarint((uint)id);
        _rows++;
    }

    public void WriteTo(ByteBuffer output)
    {
        if (Kind == Placeholder.Integer)
        {
            output.WriteByte(_zeros is null ? (byte)0 : (byte)1);
            output.WriteBlob(_values.WrittenSpan);
            if (_zeros is not null)
            {
                output.WriteBlob(_zeros.WrittenSpan);
            }
        }
        else
        {
            output.WriteBlob(_values.WrittenSpan);
        }
    }
}

/// <summary>
/// The column buffers of the blocks a builder fills, handed from one block to the next: a block's columns
/// grow to hundreds of KiB for the busy logtypes, and the next block needs about as many of about the same
/// sizes. Largest first, so that the busy columns (created first, by the first lines) get the grown buffers.
/// What the pool holds is bounded by what the last block used: <see cref="TrimToLastUse"/>, at the block's end,
/// drops the smallest buffers that block did not need, and a buffer returned much larger than what its column
/// wrote is shrunk to that; <see cref="ReleaseSpare"/> drops them all.
/// </summary>
internal sealed class ColumnBuffers
{
    private readonly List<ByteBuffer> _free = [];
    private bool _sorted = true;
    private int _outstanding;
    private int _mostOutstanding;

    private const int MinimumCapacity = 16;

    /// <summary>Buffers in the pool (for tests).</summary>
    public int SpareCount => _free.Count;

    public ByteBuffer Rent()
    {
        _outstanding++;
        _mostOutstanding = Math.Max(_mostOutstanding, _outstanding);
        if (_free.Count == 0)
        {
            return new ByteBuffer(MinimumCapacity);
        }
        if (!_sorted)
        {
            _free.Sort(static (a, b) => a.Capacity.CompareTo(b.Capacity));
            _sorted = true;
        }
        ByteBuffer buffer = _free[^1];
        _free.RemoveAt(_free.Count - 1);
        return buffer;
    }

    public void Return(ByteBuffer buffer)
    {
        // A buffer keeps about what its column used in this block (the next power of two): the column of the same
        // rank in the next block needs about as much. Kept at their largest, the buffers all grew towards the busy
        // columns' sizes over the blocks: 7,138 buffers held ≈ 7 MB after 100 s at 10,000 lines/s, most of them
        // 2–8 KiB, and what the daemon's collections left after 120 s was 40 MiB instead of 45 with this.
        int kept = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(buffer.Length, MinimumCapacity));
        if (buffer.Capacity > 2 * kept)
        {
            buffer.Reset(kept);
        }
        buffer.Clear();
        _free.Add(buffer);
        _sorted = false;
        _outstanding--;
    }

    /// <summary>
    /// Keeps as many buffers as were out at once since the last trim (the largest; the next block needs about
    /// as many) and drops the rest, so a block with many logtypes does not leave its buffers to every later one.
    /// </summary>
    public void TrimToLastUse()
    {
        int keep = Math.Max(0, _mostOutstanding - _outstanding);
        if (_free.Count > keep)
        {
            if (!_sorted)
            {
                _free.Sort(static (a, b) => a.Capacity.CompareTo(b.Capacity));
                _sorted = true;
            }
            _free.RemoveRange(0, _free.Count - keep);
        }
        _mostOutstanding = _outstanding;
    }

    public long SpareBytes => _free.Sum(b => (long)b.Capacity);

    public void ReleaseSpare() => _free.Clear();
}

/// <summary>Constants and small helpers of the block layout shared by the writer and the reader.</summary>
internal static class BlockFormat
{
    public const byte Version = 1;

    private static readonly long[] TickUnits = [1, 10, TimeSpan.TicksPerMillisecond, TimeSpan.TicksPerSecond];

    public static bool IsAscending(ReadOnlySpan<long> values)
    {
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] < values[i - 1])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The coarsest of 100 ns, 1 µs, 1 ms, 1 s that every timestamp is a multiple of.</summary>
    public static long TickUnitOf(ReadOnlySpan<long> ticks)
    {
        for (int u = TickUnits.Length - 1; u > 0; u--)
        {
            long unit = TickUnits[u];
            bool all = true;
            foreach (long t in ticks)
            {
                if (t % unit != 0)
                {
                    all = false;
                    break;
                }
            }
            if (all)
            {
                return unit;
            }
        }
        return 1;
    }

    public static byte TickUnitCode(long unit) => (byte)Array.IndexOf(TickUnits, unit);

    public static long TickUnitFromCode(byte code) =>
        code < TickUnits.Length ? TickUnits[code] : throw new InvalidDataException($"unknown tick unit {code}");

    /// <summary>A section's times as its writer lays them out: the unit's code, then each time's step from the last in that unit.</summary>
    public static void ReadTicks(ref VarintReader reader, Span<long> ticks)
    {
        long unit = TickUnitFromCode(reader.ReadByte());
        long t = 0;
        for (int i = 0; i < ticks.Length; i++)
        {
            t += reader.ReadSignedVarint();
            ticks[i] = t * unit;
        }
    }

    /// <summary>
    /// Reads a logtype table and a value dictionary as block headers and tail chunks write them: count and
    /// length-prefixed logtypes; count, the values' lengths, then their bytes back to back.
    /// </summary>
    public static (LogtypeInfo[] Logtypes, byte[] Dictionary, int[] Offsets) ReadTables(ref VarintReader reader)
    {
        var logtypes = new LogtypeInfo[reader.ReadCount()];
        for (int i = 0; i < logtypes.Length; i++)
        {
            logtypes[i] = new LogtypeInfo(reader.ReadBlob().ToArray());
        }
        int count = reader.ReadCount();
        var offsets = new int[count + 1];
        for (int i = 0; i < count; i++)
        {
            offsets[i + 1] = checked(offsets[i] + reader.ReadCount());
        }
        return (logtypes, reader.ReadBytes(offsets[count]).ToArray(), offsets);
    }

    public static void WriteSortedInts(ByteBuffer output, ReadOnlySpan<int> sorted)
    {
        int previous = 0;
        foreach (int v in sorted)
        {
            output.WriteVarint((uint)(v - previous));
            previous = v;
        }
    }

    public static int[] ReadSortedInts(ref VarintReader reader, int count)
    {
        var values = new int[count];
        int previous = 0;
        for (int i = 0; i < count; i++)
        {
            previous += reader.ReadCount();
            values[i] = previous;
        }
        return values;
    }
}
