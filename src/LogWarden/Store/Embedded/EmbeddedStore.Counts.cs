using System.Collections.Concurrent;
using LogWarden.Collect;
using Microsoft.Data.Sqlite;
using ZstdSharp;

namespace LogWarden.Store.Embedded;

internal sealed partial class EmbeddedStore
{
    /// <summary>Timestamps held by <see cref="_sectionTicks"/> at most (8 bytes each: 16 MiB).</summary>
    private const long MaxCachedTicks = 2_000_000;

    /// <summary>
    /// Decoded timestamps of sealed sections by (block, first sequence, part). Sealed blocks never change,
    /// and a dashboard asks the same recent hours again at every refresh, so the newest sections are
    /// decoded once, not once per panel and user. Cleared whole when full (cheap, and rare).
    /// </summary>
    private readonly ConcurrentDictionary<(long Block, long FirstSequence, int Part), long[]> _sectionTicks = new();
    private long _cachedTicks;
    /// <summary>
    /// Counts from the timestamp columns only: segments outside the range or without a wanted stream are
    /// skipped by their row; a block section that lies inside one bucket is counted from its header alone;
    /// any other section or tail chunk is decoded to its timestamps, and no line is ever rebuilt.
    /// </summary>
    public IReadOnlyDictionary<StreamLabels, long[]> CountLines(IReadOnlyList<LabelMatcher> labels, DateTimeOffset from, TimeSpan bucket, int buckets, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bucket, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(buckets);
        ObjectDisposedException.ThrowIf(_disposed, this);
        long fromTicks = from.UtcTicks, bucketTicks = bucket.Ticks, toTicks = fromTicks + (bucketTicks * buckets);
        var counts = new Dictionary<int, long[]>();
        using SqliteConnection connection = OpenReader();
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: true);
        RefreshStreams(connection, transaction);
        HashSet<int>? wanted = labels.Count == 0 ? null : [.. _streamsById.Where(p => labels.All(m => m.Matches(p.Value))).Select(p => p.Key)];
        using var decompressor = new Decompressor();

        void Add(int stream, long ticks, long lines)
        {
            if (ticks < fromTicks || ticks >= toTicks || (wanted is not null && !wanted.Contains(stream)))
            {
                return;
            }
            if (!counts.TryGetValue(stream, out long[]? perBucket))
            {
                counts[stream] = perBucket = new long[buckets];
            }
            perBucket[(ticks - fromTicks) / bucketTicks] += lines;
        }

        byte[] Blob(string sql, long id, int part)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$part", part);
            byte[] compressed = command.ExecuteScalar() as byte[] ?? throw new InvalidDataException($"log store: data of segment {id} part {part} is missing");
            return TailChunk.Decompress(decompressor, compressed, MaxDecompressedBytes);
        }

        foreach ((bool isBlock, long id) in Segments(connection, transaction, fromTicks, toTicks, wanted))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!isBlock)
            {
                var chunk = TailChunk.Decoded.Parse(Blob("SELECT data FROM tail WHERE id = $id", id, 0));
                Reads.TailChunkRead();
                for (int i = 0; i < chunk.Count; i++)
                {
                    Add(chunk.StreamIds[i], chunk.Ticks[i], 1);
                }
                continue;
            }
            BlockHeader header = BlockHeader.Parse(Blob("SELECT data FROM block_parts WHERE block_id = $id AND part = $part", id, 0));
            Reads.HeaderRead();
            foreach (SectionInfo section in header.Sections)
            {
                if ((wanted is not null && !wanted.Contains(section.StreamId)) || section.MaxTicks < fromTicks || section.MinTicks >= toTicks)
                {
                    continue;
                }
                if (section.MinTicks >= fromTicks && section.MaxTicks < toTicks
                    && (section.MinTicks - fromTicks) / bucketTicks == (section.MaxTicks - fromTicks) / bucketTicks)
                {
                    Add(section.StreamId, section.MinTicks, section.LineCount);
                    continue;
                }
                var key = (id, header.FirstSequence, section.Part);
                if (!_sectionTicks.TryGetValue(key, out long[]? ticks))
                {
                    byte[] data = Blob("SELECT data FROM block_parts WHERE block_id = $id AND part = $part", id, section.Part);
                    Reads.SectionRead();
                    ticks = new SectionData(data, data.Length, header, section).Ticks;
                    if (Interlocked.Add(ref _cachedTicks, ticks.Length) > MaxCachedTicks)
                    {
                        _sectionTicks.Clear();
                        Interlocked.Exchange(ref _cachedTicks, ticks.Length);
                    }
                    _sectionTicks[key] = ticks;
                }
                foreach (long t in ticks)
                {
                    Add(section.StreamId, t, 1);
                }
            }
        }
        var result = new Dictionary<StreamLabels, long[]>(counts.Count);
        foreach ((int stream, long[] perBucket) in counts)
        {
            result[LabelsOf(stream, connection, transaction)] = perBucket;
        }
        return result;
    }

    private static List<(bool IsBlock, long Id)> Segments(SqliteConnection connection, SqliteTransaction transaction, long fromTicks, long toTicks, HashSet<int>? wanted)
    {
        var segments = new List<(bool, long)>();
        foreach (bool isBlock in new[] { true, false })
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT id, streams FROM {(isBlock ? "blocks" : "tail")} WHERE max_time >= $from AND min_time < $to";
            command.Parameters.AddWithValue("$from", fromTicks);
            command.Parameters.AddWithValue("$to", toTicks);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (wanted is not null)
                {
                    var streams = new VarintReader((byte[])reader[1]);
                    if (!BlockFormat.ReadSortedInts(ref streams, streams.ReadCount()).Any(wanted.Contains))
                    {
                        continue;
                    }
                }
                segments.Add((isBlock, reader.GetInt64(0)));
            }
        }
        return segments;
    }
}
