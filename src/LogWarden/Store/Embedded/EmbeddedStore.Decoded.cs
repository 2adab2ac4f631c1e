using Microsoft.Data.Sqlite;
using ZstdSharp;

namespace LogWarden.Store.Embedded;

internal sealed partial class EmbeddedStore : IReleasableReadCache
{
    /// <summary>What searches and counts decoded, for the next ones (see <see cref="DecodedSegmentCache"/>).</summary>
    internal DecodedCacheStats DecodedCache => _decoded.Stats;

    /// <inheritdoc/>
    public long ReleaseReadCacheIfIdle(TimeSpan idleFor) => _decoded.ReleaseIfIdle(idleFor);

    /// <summary>A tail chunk decoded whole, from the cache or read through <paramref name="reader"/>.</summary>
    internal TailChunk.Decoded ReadTailChunk(SegmentReader reader, long id, long firstSequence) =>
        _decoded.GetOrAdd(new DecodedKey(DecodedKind.TailChunk, id, firstSequence, 0), (reader, id), static s =>
        {
            var chunk = TailChunk.Decoded.Parse(s.reader.Tail(s.id));
            return (chunk, chunk.ApproximateBytes);
        });

    internal BlockHeader ReadBlockHeader(SegmentReader reader, long id, long firstSequence) =>
        _decoded.GetOrAdd(new DecodedKey(DecodedKind.BlockHeader, id, firstSequence, 0), (reader, id), static s =>
        {
            var header = BlockHeader.Parse(s.reader.BlockPart(s.id, 0));
            return (header, header.ApproximateBytes);
        });

    internal SectionData ReadSection(SegmentReader reader, long id, BlockHeader header, SectionInfo section) =>
        _decoded.GetOrAdd(new DecodedKey(DecodedKind.Section, id, header.FirstSequence, section.Part), (reader, id, header, section), static s =>
        {
            byte[] data = s.reader.BlockPart(s.id, s.section.Part);
            var lines = new SectionData(data, data.Length, s.header, s.section);
            return (lines, lines.ApproximateBytes);
        });

    /// <summary>
    /// A section's times, grouped by template when <paramref name="byTemplate"/> (a template's count) or as one
    /// group (a count of every line: one binary search per bucket, not one per template and bucket): what counting
    /// reads, built from the section itself when a search has it cached, else decoded and not kept whole.
    /// </summary>
    internal SectionTimeIndex ReadSectionTimes(SegmentReader reader, long id, BlockHeader header, SectionInfo section, bool byTemplate) =>
        _decoded.GetOrAdd(new DecodedKey(byTemplate ? DecodedKind.SectionTimes : DecodedKind.SectionTicks, id, header.FirstSequence, section.Part), (store: this, reader, id, header, section, byTemplate), static s =>
        {
            if (!s.store._decoded.TryPeek(new DecodedKey(DecodedKind.Section, s.id, s.header.FirstSequence, s.section.Part), out SectionData lines))
            {
                byte[] data = s.reader.BlockPart(s.id, s.section.Part);
                lines = new SectionData(data, data.Length, s.header, s.section);
            }
            var index = SectionTimeIndex.Build(lines, s.byTemplate);
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

    private byte[] Read(string sql, long id, int part)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$part", part);
        byte[] compressed = command.ExecuteScalar() as byte[] ?? throw new InvalidDataException($"log store: data of segment {id} part {part} is missing");
        return TailChunk.Decompress(_decompressor, compressed, EmbeddedStore.MaxDecompressedBytes);
    }

    public void Dispose() => _decompressor.Dispose();
}
