using LogWarden.Collect;
using Microsoft.Data.Sqlite;

namespace LogWarden.Store.Embedded;

internal sealed partial class EmbeddedStore
{
    /// <summary>
    /// Counts from the timestamp columns only: segments outside the range or without a wanted stream are
    /// skipped by their row; a block section that lies inside one bucket is counted from its header alone;
    /// any other section or tail chunk is decoded to its timestamps, and no line is ever rebuilt.
    /// Decoded timestamps stay in the decoded cache (a dashboard counts the same recent hours at every
    /// refresh); tail chunks are shared with searches, which need them whole anyway.
    /// </summary>
    public IReadOnlyDictionary<StreamLabels, long[]> CountLines(IReadOnlyList<LabelMatcher> labels, DateTimeOffset from, TimeSpan bucket, int buckets, CancellationToken cancellationToken = default) =>
        Count(labels, templateId: null, from, bucket, buckets, cancellationToken);

    /// <summary>
    /// Counts one template's lines (every id that resolves to it) from the per-line template column: blocks whose
    /// header lists none of them are skipped unread; the other sections are decoded to their timestamps and
    /// template ids only (the same cached decode searches use; no value column, no line rebuilt).
    /// </summary>
    public long[] CountTemplateLines(int templateId, IReadOnlyList<LabelMatcher> labels, DateTimeOffset from, TimeSpan bucket, int buckets, CancellationToken cancellationToken = default)
    {
        var total = new long[buckets];
        foreach (long[] perStream in Count(labels, templateId, from, bucket, buckets, cancellationToken).Values)
        {
            for (int i = 0; i < buckets; i++)
            {
                total[i] += perStream[i];
            }
        }
        return total;
    }

    private Dictionary<StreamLabels, long[]> Count(IReadOnlyList<LabelMatcher> labels, int? templateId, DateTimeOffset from, TimeSpan bucket, int buckets, CancellationToken cancellationToken)
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
        using var segments = new SegmentReader(this, connection, transaction);
        HashSet<int>? templates = templateId is { } family ? TemplateFamily(connection, transaction, family) : null;

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

        foreach ((bool isBlock, long id, long firstSequence) in Segments(connection, transaction, fromTicks, toTicks, wanted))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!isBlock)
            {
                TailChunk.Decoded chunk = ReadTailChunk(segments, id, firstSequence);
                for (int i = 0; i < chunk.Count; i++)
                {
                    if (templates is null || templates.Contains(chunk.TemplateIds[i]))
                    {
                        Add(chunk.StreamIds[i], chunk.Ticks[i], 1);
                    }
                }
                continue;
            }
            BlockHeader header = ReadBlockHeader(segments, id, firstSequence);
            if (templates is not null && !header.TemplateIds.Any(templates.Contains))
            {
                continue;
            }
            foreach (SectionInfo section in header.Sections)
            {
                if ((wanted is not null && !wanted.Contains(section.StreamId)) || section.MaxTicks < fromTicks || section.MinTicks >= toTicks)
                {
                    continue;
                }
                if (templates is not null)
                {
                    SectionData lines = ReadSection(segments, id, header, section);
                    for (int i = 0; i < lines.LineCount; i++)
                    {
                        if (templates.Contains(lines.TemplateOf(i)))
                        {
                            Add(section.StreamId, lines.Ticks[i], 1);
                        }
                    }
                    continue;
                }
                if (section.MinTicks >= fromTicks && section.MaxTicks < toTicks
                    && (section.MinTicks - fromTicks) / bucketTicks == (section.MaxTicks - fromTicks) / bucketTicks)
                {
                    Add(section.StreamId, section.MinTicks, section.LineCount);
                    continue;
                }
                SectionTimes times = ReadSectionTimes(segments, id, header, section);
                if (!times.Ascending)
                {
                    foreach (long t in times.Ticks)
                    {
                        Add(section.StreamId, t, 1);
                    }
                    continue;
                }
                // Sorted times: each bucket's lines are one run, found by binary search, not visited one by one
                // (a day of a busy stream is a million lines; its buckets are a few hundred).
                long[] ticks = times.Ticks;
                int end = BlockFormat.LowerBound(ticks, toTicks, 0, ticks.Length);
                for (int i = BlockFormat.LowerBound(ticks, fromTicks, 0, end); i < end;)
                {
                    long bucketIndex = (ticks[i] - fromTicks) / bucketTicks;
                    int next = BlockFormat.LowerBound(ticks, fromTicks + ((bucketIndex + 1) * bucketTicks), i, end);
                    Add(section.StreamId, ticks[i], next - i);
                    i = next;
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

    private static List<(bool IsBlock, long Id, long FirstSequence)> Segments(SqliteConnection connection, SqliteTransaction transaction, long fromTicks, long toTicks, HashSet<int>? wanted)
    {
        var segments = new List<(bool, long, long)>();
        foreach (bool isBlock in new[] { true, false })
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT id, streams, first_seq FROM {(isBlock ? "blocks" : "tail")} WHERE max_time >= $from AND min_time < $to";
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
                segments.Add((isBlock, reader.GetInt64(0), reader.GetInt64(2)));
            }
        }
        return segments;
    }
}
