using LogWarden.Collect;
using Microsoft.Data.Sqlite;

namespace LogWarden.Store.Embedded;

internal sealed partial class EmbeddedStore
{
    /// <summary>
    /// Counts from the timestamp columns only: segments outside the range or without a wanted stream are
    /// skipped by their row; a block section that lies inside one bucket is counted from its header alone;
    /// any other section is counted from its <see cref="SectionTimeIndex"/>, and no line is ever rebuilt.
    /// The time indexes stay in the decoded cache under their own budget (a dashboard counts the same recent
    /// hours at every refresh); tail chunks are shared with searches, which need them whole anyway.
    /// </summary>
    public IReadOnlyDictionary<StreamLabels, long[]> CountLines(IReadOnlyList<LabelMatcher> labels, DateTimeOffset from, TimeSpan bucket, int buckets, CancellationToken cancellationToken = default) =>
        Count(labels, templateId: null, from, bucket, buckets, cancellationToken);

    /// <summary>
    /// Counts one template's lines (every id that resolves to it): blocks whose header lists none of them are
    /// skipped unread; in the other sections only the template's group of the cached <see cref="SectionTimeIndex"/>
    /// is counted (no value column decoded, no line rebuilt, nothing decoded at all once the day is cached).
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
                if (templates is null && section.MinTicks >= fromTicks && section.MaxTicks < toTicks
                    && (section.MinTicks - fromTicks) / bucketTicks == (section.MaxTicks - fromTicks) / bucketTicks)
                {
                    Add(section.StreamId, section.MinTicks, section.LineCount);
                    continue;
                }
                SectionTimeIndex times = ReadSectionTimes(segments, id, header, section, byTemplate: templates is not null);
                bool created = !counts.TryGetValue(section.StreamId, out long[]? perBucket);
                perBucket ??= new long[buckets];
                long counted = 0;
                for (int group = 0; group < times.TemplateIds.Length; group++)
                {
                    if (templates is null || templates.Contains(times.TemplateIds[group]))
                    {
                        counted += times.CountGroup(group, fromTicks, bucketTicks, toTicks, perBucket);
                    }
                }
                if (created && counted > 0)
                {
                    counts[section.StreamId] = perBucket; // a stream appears only with a line counted, as from the tail
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
