using Microsoft.Data.Sqlite;
using ZstdSharp;

namespace LogWarden.Store.Embedded;

internal sealed partial class EmbeddedStore : IReleasableReadCache
{
    /// <summary>What searches and counts decoded, for the next ones (see <see cref="DecodedSegmentCache"/>).</summary>
    internal DecodedCacheStats DecodedCache => _decoded.Stats;

    /// <inheritdoc/>
    public long ReleaseReadCacheIfIdle(TimeSpan idleFor) => _decoded.ReleaseIfIdle(idleFor);

    /// <summary>A tail chunk decoded whole, from the cache or read through <paramref name="reader"/>; <paramref name="readOnce"/>: for a search that reads the store once in order (<see cref="SearchQuery.ReadOnce"/>), kept under the read-once budget.</summary>
    internal TailChunk.Decoded ReadTailChunk(SegmentReader reader, long id, long firstSequence, bool readOnce = false) =>
        _decoded.GetOrAdd(new DecodedKey(DecodedKind.TailChunk, id, firstSequence, 0), (reader, id), static s =>
        {
            var chunk = TailChunk.Decoded.Parse(s.reader.Tail(s.id));
            return (chunk, chunk.ApproximateBytes);
        }, readOnce);

    internal BlockHeader ReadBlockHeader(SegmentReader reader, long id, long firstSequence, bool readOnce = false) =>
        _decoded.GetOrAdd(new DecodedKey(DecodedKind.BlockHeader, id, firstSequence, 0), (reader, id), static s =>
        {
            var header = BlockHeader.Parse(s.reader.BlockPart(s.id, 0));
            return (header, header.ApproximateBytes);
        }, readOnce);

    internal SectionData ReadSection(SegmentReader reader, long id, BlockHeader header, SectionInfo section, bool readOnce = false) =>
        _decoded.GetOrAdd(new DecodedKey(DecodedKind.Section, id, header.FirstSequence, section.Part), (reader, id, header, section), static s =>
        {
            byte[] data = s.reader.BlockPart(s.id, s.section.Part);
            var lines = new SectionData(data, data.Length, s.header, s.section);
            return (lines, lines.ApproximateBytes);
        }, readOnce);

    /// <summary>
    /// A section's times, grouped by template when <paramref name="byTemplate"/> (a template's count) or as one
    /// group (a count of every line: one binary search per bucket, not one per template and bucket): what counting
    /// reads, built from the section itself when a search has it cached, else decoded and not kept whole.
    /// </summary>
    internal SectionTimeIndex ReadSectionTimes(SegmentReader reader, long id, BlockHeader header, SectionInfo section, bool byTemplate) =>
        _decoded.GetOrAdd(new DecodedKey(byTemplate ? DecodedKind.SectionTimes : DecodedKind.SectionTicks, id, header.FirstSequence, section.Part), (store: this, reader, id, header, section, byTemplate), static s =>
        {
            SectionTimeIndex index;
            if (s.store._decoded.TryPeek(new DecodedKey(DecodedKind.Section, s.id, s.header.FirstSequence, s.section.Part), out SectionData lines))
            {
                index = SectionTimeIndex.Build(lines, s.byTemplate);
            }
            else if (!s.byTemplate)
            {
                // A count of every line needs the times alone, which lead the section: decompress that far, no further.
                index = SectionTimeIndex.FromTicks(s.reader.SectionTicks(s.id, s.section.Part, s.section.LineCount));
            }
            else
            {
                byte[] data = s.reader.BlockPart(s.id, s.section.Part);
                index = SectionTimeIndex.Build(new SectionData(data, data.Length, s.header, s.section), s.byTemplate);
            }
            return (index, index.ApproximateBytes);
        });
}

/// <summary>
/// Reads stored segment data inside one read transaction (a snapshot) and decompresses it, counting what it
/// read in <see cref="EmbeddedStore.Reads"/>: only what the decoded cache did not hold is read at all.
/// </summary>
internal sealed class SegmentReader(EmbeddedStore store, SqliteConnection connection, SqliteTransaction transaction) : IDisposable
{
    private readonly Decompressor _decompressor = new();

    public byte[] Tail(long id)
    {
        byte[] data = Read("SELECT data FROM tail WHERE id = $id", id, 0);
        store.Reads.TailChunkRead();
        return data;
    }

    /// <summary>Part 0 is the block's header, part i its i-th section.</summary>
    public byte[] BlockPart(long id, int part)
    {
        byte[] data = Read("SELECT data FROM block_parts WHERE block_id = $id AND part = $part", id, part);
        if (part == 0)
        {
            store.Reads.HeaderRead();
        }
        else
        {
            store.Reads.SectionRead();
        }
        return data;
    }

    /// <summary>
    /// The times of a section's <paramref name="lineCount"/> lines, decompressed only as far as they go: a section
    /// starts with its line count, the lines' sequence steps and then their times (see <see cref="SectionData"/>),
    /// so a count of lines per bucket reads a few bytes a line instead of the whole section (its text columns are
    /// most of it). Each varint ends at a byte below 0x80, so the end of the times is found by counting those as the
    /// bytes come, then the prefix is parsed as <see cref="SectionData"/> parses it.
    /// </summary>
    public long[] SectionTicks(long id, int part, int lineCount)
    {
        byte[] compressed = ReadCompressed("SELECT data FROM block_parts WHERE block_id = $id AND part = $part", id, part);
        store.Reads.SectionRead();
        store.Reads.SectionTimesRead();
        ulong size = Decompressor.GetDecompressedSize(compressed);
        if (size > (ulong)EmbeddedStore.MaxDecompressedBytes)
        {
            throw new InvalidDataException($"stored chunk claims {size} bytes, more than the {EmbeddedStore.MaxDecompressedBytes} allowed");
        }
        if (lineCount == 0 || size == 0)
        {
            byte[] whole = TailChunk.Decompress(_decompressor, compressed, EmbeddedStore.MaxDecompressedBytes);
            return ParseTicks(whole, lineCount);
        }
        using var input = new MemoryStream(compressed, writable: false);
        using var stream = new DecompressionStream(input);
        var buffer = new byte[(int)Math.Min(size, (ulong)((lineCount * 6L) + 64))];
        int filled = 0, scanned = 0;
        long ends = 0, needed = 1 + (long)lineCount; // the count's varint, then one per sequence step
        bool unitRead = false;
        while (true)
        {
            for (; scanned < filled; scanned++)
            {
                if (ends == needed && !unitRead)
                {
                    unitRead = true; // the time unit's code: one byte, whatever its value
                    needed += lineCount;
                    continue;
                }
                if (buffer[scanned] < 0x80 && ++ends == needed && unitRead)
                {
                    return ParseTicks(buffer.AsSpan(0, scanned + 1), lineCount);
                }
            }
            if (filled == buffer.Length)
            {
                if ((ulong)buffer.Length >= size)
                {
                    throw VarintReader.Damaged();
                }
                Array.Resize(ref buffer, (int)Math.Min(size, (ulong)buffer.Length * 2));
            }
            int read = stream.Read(buffer, filled, buffer.Length - filled);
            if (read <= 0)
            {
                throw VarintReader.Damaged();
            }
            filled += read;
        }
    }

    private static long[] ParseTicks(ReadOnlySpan<byte> prefix, int lineCount)
    {
        var reader = new VarintReader(prefix);
        if (reader.ReadCount() != lineCount)
        {
            throw VarintReader.Damaged();
        }
        for (int i = 0; i < lineCount; i++)
        {
            reader.ReadVarint();
        }
        var ticks = new long[lineCount];
        BlockFormat.ReadTicks(ref reader, ticks);
        return ticks;
    }

    private byte[] ReadCompressed(string sql, long id, int part)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$part", part);
        return command.ExecuteScalar() as byte[] ?? throw new InvalidDataException($"log store: data of segment {id} part {part} is missing");
    }

    private byte[] Read(string sql, long id, int part) =>
        TailChunk.Decompress(_decompressor, ReadCompressed(sql, id, part), EmbeddedStore.MaxDecompressedBytes);

    public void Dispose() => _decompressor.Dispose();
}
