namespace LogWarden.Store.Embedded;

/// <summary>One logtype of a block, cut into its constant fragments and the kinds of its variables.</summary>
internal sealed class LogtypeInfo
{
    public LogtypeInfo(byte[] bytes)
    {
        Bytes = bytes;
        Kinds = BlockBuilder.KindsOf(bytes);
        FragmentStarts = new int[Kinds.Length + 1];
        FragmentEnds = new int[Kinds.Length + 1];
        int f = 0;
        int start = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (Placeholder.Is(bytes[i]))
            {
                FragmentStarts[f] = start;
                FragmentEnds[f] = i;
                f++;
                start = i + 1;
            }
        }
        FragmentStarts[f] = start;
        FragmentEnds[f] = bytes.Length;
    }

    public byte[] Bytes { get; }

    public byte[] Kinds { get; }

    public int[] FragmentStarts { get; }

    public int[] FragmentEnds { get; }

    public int VariableCount => Kinds.Length;

    public ReadOnlySpan<byte> Fragment(int index) => Bytes.AsSpan(FragmentStarts[index], FragmentEnds[index] - FragmentStarts[index]);

    public bool HasKind(byte kind) => Kinds.AsSpan().IndexOf(kind) >= 0;
}

/// <summary>Where one stream's lines sit in a block: what the directory says without reading them.</summary>
internal sealed record SectionInfo(int Part, int StreamId, int LineCount, long MinTicks, long MaxTicks, int[] Logtypes);

/// <summary>A block's header, read on its own: logtypes, value dictionary, templates, section directory.</summary>
internal sealed class BlockHeader
{
    private BlockHeader(int lineCount, long firstSequence, LogtypeInfo[] logtypes, byte[] dictionary, int[] dictionaryOffsets, int[] templates, SectionInfo[] sections)
    {
        LineCount = lineCount;
        FirstSequence = firstSequence;
        Logtypes = logtypes;
        DictionaryBytes = dictionary;
        DictionaryOffsets = dictionaryOffsets;
        TemplateIds = templates;
        Sections = sections;
    }

    public int LineCount { get; }

    public long FirstSequence { get; }

    public LogtypeInfo[] Logtypes { get; }

    /// <summary>Every dictionary value back to back; value i is [offsets[i], offsets[i+1]).</summary>
    public byte[] DictionaryBytes { get; }

    public int[] DictionaryOffsets { get; }

    public int DictionaryCount => DictionaryOffsets.Length - 1;

    public int[] TemplateIds { get; }

    public SectionInfo[] Sections { get; }

    public ReadOnlySpan<byte> DictionaryValue(int id) =>
        DictionaryBytes.AsSpan(DictionaryOffsets[id], DictionaryOffsets[id + 1] - DictionaryOffsets[id]);

    /// <summary>Roughly what the decoded header occupies (arrays and their object headers), for a cache's bound.</summary>
    public long ApproximateBytes
    {
        get
        {
            long bytes = DictionaryBytes.Length + (DictionaryOffsets.Length * 4L) + (TemplateIds.Length * 4L) + 256;
            foreach (LogtypeInfo logtype in Logtypes)
            {
                bytes += 128 + (logtype.Bytes.Length * 2L) + (logtype.Kinds.Length * 9L);
            }
            foreach (SectionInfo section in Sections)
            {
                bytes += 96 + (section.Logtypes.Length * 4L);
            }
            return bytes;
        }
    }

    public static BlockHeader Parse(ReadOnlySpan<byte> data)
    {
        var reader = new VarintReader(data);
        byte version = reader.ReadByte();
        if (version != BlockFormat.Version)
        {
            throw new InvalidDataException($"block format {version} is not {BlockFormat.Version}");
        }
        int lineCount = reader.ReadCount();
        long firstSequence = (long)reader.ReadVarint();
        (LogtypeInfo[] logtypes, byte[] dictionary, int[] offsets) = BlockFormat.ReadTables(ref reader);
        int[] templates = BlockFormat.ReadSortedInts(ref reader, reader.ReadCount());
        var sections = new SectionInfo[reader.ReadCount()];
        for (int i = 0; i < sections.Length; i++)
        {
            int stream = reader.ReadCount();
            int count = reader.ReadCount();
            long min = (long)reader.ReadVarint();
            long max = (long)reader.ReadVarint();
            int[] used = BlockFormat.ReadSortedInts(ref reader, reader.ReadCount());
            foreach (int l in used)
            {
                if (l >= logtypes.Length)
                {
                    throw VarintReader.Damaged();
                }
            }
            sections[i] = new SectionInfo(i + 1, stream, count, min, max, used);
        }
        return new BlockHeader(lineCount, firstSequence, logtypes, dictionary, offsets, templates, sections);
    }
}

/// <summary>
/// One decoded section: per line its sequence, time, offset and logtype (and its row within that logtype);
/// per logtype its templates and levels, and — decoded only when asked, since most queries never need
/// them — its variable columns.
/// </summary>
internal sealed class SectionData
{
    private readonly byte[] _data;
    private readonly BlockHeader _header;
    private readonly LogtypeRows?[] _byLogtype;

    public SectionData(byte[] data, int length, BlockHeader header, SectionInfo info)
    {
        _data = data;
        _header = header;
        var reader = new VarintReader(data.AsSpan(0, length));
        int count = reader.ReadCount();
        if (count != info.LineCount)
        {
            throw VarintReader.Damaged();
        }
        LineCount = count;
        Sequences = new long[count];
        Ticks = new long[count];
        OffsetMinutes = new short[count];
        Logtypes = new int[count];
        Rows = new int[count];
        long sequence = header.FirstSequence - 1;
        for (int i = 0; i < count; i++)
        {
            sequence += (long)reader.ReadVarint() + 1;
            Sequences[i] = sequence;
        }
        BlockFormat.ReadTicks(ref reader, Ticks);
        TicksAscending = BlockFormat.IsAscending(Ticks);
        for (int i = 0; i < count; i++)
        {
            OffsetMinutes[i] = (short)reader.ReadSignedVarint();
        }
        _byLogtype = new LogtypeRows?[header.Logtypes.Length];
        var rowCounters = new int[header.Logtypes.Length];
        for (int i = 0; i < count; i++)
        {
            int logtype = reader.ReadCount();
            if (logtype >= rowCounters.Length)
            {
                throw VarintReader.Damaged();
            }
            Logtypes[i] = logtype;
            Rows[i] = rowCounters[logtype]++;
        }
        int used = reader.ReadCount();
        long values = 0;
        for (int u = 0; u < used; u++)
        {
            int logtype = reader.ReadCount();
            int rows = reader.ReadCount();
            if (logtype >= _byLogtype.Length || rows != rowCounters[logtype])
            {
                throw VarintReader.Damaged();
            }
            var entry = new LogtypeRows(header.Logtypes[logtype], rows);
            ReadOnlySpan<byte> templates = reader.ReadBlob();
            var templateReader = new VarintReader(templates);
            for (int r = 0; r < rows; r++)
            {
                entry.Templates[r] = (int)(uint)templateReader.ReadVarint();
            }
            ReadOnlySpan<byte> levels = reader.ReadBlob();
            if (levels.Length != rows)
            {
                throw VarintReader.Damaged();
            }
            levels.CopyTo(entry.Levels);
            // Remember where each variable column is; decode on demand.
            for (int c = 0; c < entry.Info.VariableCount; c++)
            {
                entry.ColumnOffsets[c] = reader.Position;
                if (entry.Info.Kinds[c] == Placeholder.Integer)
                {
                    byte flags = reader.ReadByte();
                    reader.ReadBlob();
                    if ((flags & 1) != 0)
                    {
                        reader.ReadBlob();
                    }
                }
                else
                {
                    reader.ReadBlob();
                }
            }
            _byLogtype[logtype] = entry;
            values += (long)rows * entry.Info.VariableCount;
        }
        _length = length;
        // Per line: sequence, ticks, offset, logtype, row, template, level; each value once decoded: 8 bytes and a zero count.
        ApproximateBytes = data.Length + (count * 31L) + (values * 9L) + (used * 160L);
    }

    private readonly int _length;

    /// <summary>
    /// What this section occupies once every column is decoded (an upper bound: columns decode on demand),
    /// for a cache's bound.
    /// </summary>
    public long ApproximateBytes { get; }

    public int LineCount { get; }

    public long[] Sequences { get; }

    public long[] Ticks { get; }

    /// <summary>Whether the lines' times never decrease (the usual case): a scan by time may then stop early.</summary>
    public bool TicksAscending { get; }

    public short[] OffsetMinutes { get; }

    public int[] Logtypes { get; }

    /// <summary>Each line's row within its logtype's columns.</summary>
    public int[] Rows { get; }

    public int TemplateOf(int line) => _byLogtype[Logtypes[line]]!.Templates[Rows[line]];

    public byte LevelOf(int line) => _byLogtype[Logtypes[line]]!.Levels[Rows[line]];

    public LogtypeRows RowsOf(int logtype) => _byLogtype[logtype] ?? throw VarintReader.Damaged();

    /// <summary>Decodes the variable columns of a logtype (each once).</summary>
    public LogtypeRows Variables(int logtype)
    {
        LogtypeRows entry = RowsOf(logtype);
        for (int c = 0; c < entry.Info.VariableCount; c++)
        {
            Column(entry, c);
        }
        return entry;
    }

    /// <summary>
    /// Decodes one variable column (once): a text query checks only the columns of the kind it can be in.
    /// A cached section is read by several searches at once: a column is published whole, after its zero
    /// counts, and two readers decoding it at the same time write the same values.
    /// </summary>
    public long[] Column(LogtypeRows entry, int c)
    {
        if (Volatile.Read(ref entry.Values[c]) is { } done)
        {
            return done;
        }
        var reader = new VarintReader(_data.AsSpan(entry.ColumnOffsets[c], _length - entry.ColumnOffsets[c]));
        var column = new long[entry.Count];
        if (entry.Info.Kinds[c] == Placeholder.Integer)
        {
            byte flags = reader.ReadByte();
            var valueReader = new VarintReader(reader.ReadBlob());
            long v = 0;
            for (int r = 0; r < column.Length; r++)
            {
                v += valueReader.ReadSignedVarint();
                column[r] = v;
            }
            if ((flags & 1) != 0)
            {
                ReadOnlySpan<byte> z = reader.ReadBlob();
                if (z.Length != column.Length)
                {
                    throw VarintReader.Damaged();
                }
                entry.Zeros[c] = z.ToArray();
            }
        }
        else
        {
            var idReader = new VarintReader(reader.ReadBlob());
            for (int r = 0; r < column.Length; r++)
            {
                int id = idReader.ReadCount();
                if (id >= _header.DictionaryCount)
                {
                    throw VarintReader.Damaged();
                }
                column[r] = id;
            }
        }
        Volatile.Write(ref entry.Values[c], column);
        return column;
    }

    /// <summary>Writes line <paramref name="line"/> back, byte for byte as it was stored.</summary>
    public void Reconstruct(int line, ByteBuffer output)
    {
        LogtypeRows entry = Variables(Logtypes[line]);
        int row = Rows[line];
        LogtypeInfo info = entry.Info;
        for (int c = 0; c < info.VariableCount; c++)
        {
            output.Write(info.Fragment(c));
            WriteVariable(entry, c, row, output);
        }
        output.Write(info.Fragment(info.VariableCount));
    }

    public void WriteVariable(LogtypeRows entry, int column, int row, ByteBuffer output)
    {
        long value = entry.Values[column]![row];
        if (entry.Info.Kinds[column] == Placeholder.Integer)
        {
            int zeros = entry.Zeros[column] is { } z ? z[row] : 0;
            if (zeros > 32)
            {
                throw VarintReader.Damaged();
            }
            int n = LineEncoder.FormatInteger(value, zeros, output.GetSpan(64));
            output.Advance(n);
        }
        else
        {
            output.Write(_header.DictionaryValue((int)value));
        }
    }
}

/// <summary>The rows of one logtype in a decoded section.</summary>
internal sealed class LogtypeRows(LogtypeInfo info, int count)
{
    public LogtypeInfo Info { get; } = info;

    public int Count { get; } = count;

    public int[] Templates { get; } = new int[count];

    public byte[] Levels { get; } = new byte[count];

    public int[] ColumnOffsets { get; } = new int[info.VariableCount];

    /// <summary>Per column, the value of each row (integers, or dictionary ids); null until decoded.</summary>
    public long[]?[] Values { get; } = new long[]?[info.VariableCount];

    /// <summary>Per integer column, leading zeros per row, or null when none had any.</summary>
    public byte[]?[] Zeros { get; } = new byte[]?[info.VariableCount];

}
