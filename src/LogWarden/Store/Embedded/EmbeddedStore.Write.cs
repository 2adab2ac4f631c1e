using System.Globalization;
using LogWarden.Collect;
using LogWarden.Mine;
using Microsoft.Data.Sqlite;

namespace LogWarden.Store.Embedded;

internal sealed partial class EmbeddedStore
{
    // SQLite's result codes for a full disk or a file grown past its limit.
    private const int SqliteFull = 13;
    private const int SqliteIoErr = 10;

    /// <summary>What a write needs beyond its own bytes: pages touched, WAL frame headers, an index entry.</summary>
    private const long WriteSlackBytes = 256 * 1024;

    public void Append(IReadOnlyList<StoredLine> lines, IReadOnlyList<TemplateState> templates, IReadOnlyList<Checkpoint> checkpoints)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(checkpoints);
        lock (_writeLock)
        {
            SqliteConnection writer = Writer();
            EnsureBuilder();
            var streamIds = new int[lines.Count];
            Dictionary<string, (int Id, StreamLabels Labels)>? newStreams = null;
            long lineChars = 0;
            StreamLabels? lastLabels = null; // a source's batch is one stream: the same labels object, line after line
            for (int i = 0; i < lines.Count; i++)
            {
                StoredLine line = lines[i] ?? throw new ArgumentException($"line {i} is null", nameof(lines));
                if (line.Line is null || line.Labels is null || line.TemplateId < 0)
                {
                    throw new ArgumentException($"line {i} has no text, no labels or a negative template id", nameof(lines));
                }
                lineChars += line.Line.Length;
                if (ReferenceEquals(line.Labels, lastLabels))
                {
                    streamIds[i] = streamIds[i - 1];
                    continue;
                }
                lastLabels = line.Labels;
                string key = line.Labels.Key;
                if (_streamIdsByKey.TryGetValue(key, out int id))
                {
                    streamIds[i] = id;
                    continue;
                }
                newStreams ??= new Dictionary<string, (int, StreamLabels)>(StringComparer.Ordinal);
                if (!newStreams.TryGetValue(key, out var added))
                {
                    added = (_nextStreamId + newStreams.Count, line.Labels);
                    newStreams.Add(key, added);
                }
                streamIds[i] = added.Id;
            }

            // Refuse before anything is encoded (a generous bound: the chunk is several times smaller).
            long estimate = WriteSlackBytes + 2L * (3L * lineChars + 32L * lines.Count)
                + 2L * templates.Sum(t => 256L + (t.Example?.Length ?? 0) + (t.Tokens?.Sum(x => (long)x.Length + 4) ?? 0))
                + 2L * checkpoints.Sum(c => 64L + c.SourceId.Length + c.Key.Length + (c.Value?.Length ?? 0));
            _guard.EnsureRoom(estimate);

            long firstSequence = _nextSequence;
            byte[]? chunk = null;
            long minTicks = long.MaxValue, maxTicks = long.MinValue;
            if (lines.Count > 0)
            {
                // Encode into the open block now; if anything below fails, that block is rebuilt from the tail.
                BlockBuilder builder = _builder!;
                try
                {
                    builder.BeginChunk();
                    for (int i = 0; i < lines.Count; i++)
                    {
                        StoredLine line = lines[i];
                        builder.Add(firstSequence + i, line.Timestamp, line.Line, line.TemplateId, line.Level, streamIds[i]);
                        long t = line.Timestamp.UtcTicks;
                        minTicks = Math.Min(minTicks, t);
                        maxTicks = Math.Max(maxTicks, t);
                    }
                    _scratch.Clear();
                    builder.EndChunk(_scratch);
                    chunk = BlockBuilder.Compress(_tailCompressor!, _scratch.WrittenSpan);
                    _scratch.Reset(keepCapacity: ScratchKeptBytes);
                }
                catch
                {
                    _builder = null;
                    throw;
                }
            }

            long appendedAt = _options.Time.GetUtcNow().UtcTicks;
            long tailId = 0;
            bool committed = false;
            try
            {
                using SqliteTransaction transaction = writer.BeginTransaction();
                if (newStreams is not null)
                {
                    InsertStreams(writer, transaction, newStreams.Values);
                }
                if (chunk is not null)
                {
                    tailId = InsertTail(writer, transaction, firstSequence, lines.Count, minTicks, maxTicks, appendedAt, streamIds, chunk);
                    SetMeta(writer, transaction, "next_seq", firstSequence + lines.Count);
                }
                UpsertTemplates(writer, transaction, templates);
                SharedTables.WriteCheckpoints(writer, transaction, checkpoints);
                transaction.Commit();
                committed = true;
            }
            catch (SqliteException e) when (IsDiskFull(e))
            {
                throw new StoreFullException($"log store: the disk of {_directory} is full ({e.Message}); nothing of this append was written");
            }
            finally
            {
                if (!committed && chunk is not null)
                {
                    _builder = null;
                }
            }

            // Committed: from here on the lines are the store's, whatever happens next.
            if (newStreams is not null)
            {
                foreach ((string key, (int id, StreamLabels labels)) in newStreams)
                {
                    _streamIdsByKey[key] = id;
                    _streamsById[id] = labels;
                }
                _nextStreamId += newStreams.Count;
            }
            if (chunk is null)
            {
                return;
            }
            _nextSequence = firstSequence + lines.Count;
            _tailRows.Add(new TailRow(tailId, firstSequence, lines.Count, appendedAt));
            MaybeSeal();
        }
    }

    private SqliteConnection Writer()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _writer ?? throw new InvalidOperationException("the log store was opened read-only");
    }

    private static bool IsDiskFull(SqliteException e) =>
        e.SqliteErrorCode == SqliteFull || (e.SqliteErrorCode == SqliteIoErr && e.SqliteExtendedErrorCode == (SqliteIoErr | (13 << 8)));

    private static void InsertStreams(SqliteConnection writer, SqliteTransaction transaction, IEnumerable<(int Id, StreamLabels Labels)> streams)
    {
        using var command = writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO streams(id, key, labels) VALUES ($id, $key, $labels)";
        var id = command.Parameters.Add("$id", SqliteType.Integer);
        var key = command.Parameters.Add("$key", SqliteType.Text);
        var labels = command.Parameters.Add("$labels", SqliteType.Text);
        foreach ((int streamId, StreamLabels streamLabels) in streams)
        {
            id.Value = streamId;
            key.Value = streamLabels.Key;
            labels.Value = StoreJson.Labels(streamLabels);
            command.ExecuteNonQuery();
        }
    }

    private static long InsertTail(SqliteConnection writer, SqliteTransaction transaction, long firstSequence, int count, long minTicks, long maxTicks, long appendedAt, int[] streamIds, byte[] chunk)
    {
        var streams = new ByteBuffer(64);
        int[] distinct = DistinctSorted(streamIds);
        streams.WriteVarint((ulong)distinct.Length);
        BlockFormat.WriteSortedInts(streams, distinct);
        using var command = writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO tail(first_seq, line_count, min_time, max_time, appended_at, streams, data)
            VALUES ($first, $count, $min, $max, $at, $streams, $data) RETURNING id
            """;
        command.Parameters.AddWithValue("$first", firstSequence);
        command.Parameters.AddWithValue("$count", count);
        command.Parameters.AddWithValue("$min", minTicks);
        command.Parameters.AddWithValue("$max", maxTicks);
        command.Parameters.AddWithValue("$at", appendedAt);
        command.Parameters.AddWithValue("$streams", streams.WrittenSpan.ToArray());
        command.Parameters.AddWithValue("$data", chunk);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// The few distinct stream ids of an append's many lines. Not LINQ's Distinct: it may size its set for the
    /// whole input: a large-object-heap array per append that only a full collection frees.
    /// </summary>
    private static int[] DistinctSorted(int[] ids)
    {
        var distinct = new HashSet<int>();
        int last = int.MinValue;
        foreach (int id in ids)
        {
            if (id != last)
            {
                distinct.Add(id);
                last = id;
            }
        }
        int[] sorted = [.. distinct];
        Array.Sort(sorted);
        return sorted;
    }

    private static void SetMeta(SqliteConnection writer, SqliteTransaction transaction, string key, long value)
    {
        using var command = writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO meta(key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$v", value);
        command.ExecuteNonQuery();
    }

    private static void UpsertTemplates(SqliteConnection writer, SqliteTransaction transaction, IReadOnlyList<TemplateState> templates)
    {
        if (templates.Count == 0)
        {
            return;
        }
        using var command = writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR REPLACE INTO templates(id, tokens, any_positions, count, first_seen, last_seen, example, merged_into, level)
            VALUES ($id, $tokens, $any, $count, $first, $last, $example, $merged, $level)
            """;
        var id = command.Parameters.Add("$id", SqliteType.Integer);
        var tokens = command.Parameters.Add("$tokens", SqliteType.Text);
        var any = command.Parameters.Add("$any", SqliteType.Text);
        var count = command.Parameters.Add("$count", SqliteType.Integer);
        var first = command.Parameters.Add("$first", SqliteType.Text);
        var last = command.Parameters.Add("$last", SqliteType.Text);
        var example = command.Parameters.Add("$example", SqliteType.Text);
        var merged = command.Parameters.Add("$merged", SqliteType.Integer);
        var level = command.Parameters.Add("$level", SqliteType.Integer);
        foreach (TemplateState t in templates)
        {
            id.Value = t.Id;
            tokens.Value = StoreJson.Strings(t.Tokens ?? []);
            any.Value = StoreJson.Ints(t.AnyPositions ?? []);
            count.Value = t.Count;
            first.Value = t.FirstSeen is { } f ? f.ToString("O", CultureInfo.InvariantCulture) : DBNull.Value;
            last.Value = t.LastSeen is { } l ? l.ToString("O", CultureInfo.InvariantCulture) : DBNull.Value;
            example.Value = t.Example ?? "";
            merged.Value = t.MergedInto;
            level.Value = (int)t.Level;
            command.ExecuteNonQuery();
        }
    }

    private void EnsureBuilder()
    {
        if (_builder is null)
        {
            RebuildBuilder();
        }
    }

    /// <summary>Re-encodes the tail into a fresh block builder (at open, or after a failure).</summary>
    private void RebuildBuilder()
    {
        SqliteConnection writer = Writer();
        var builder = new BlockBuilder();
        _tailRows.Clear();
        using var command = writer.CreateCommand();
        command.CommandText = "SELECT id, first_seq, line_count, appended_at, data FROM tail ORDER BY id";
        using var reader = command.ExecuteReader();
        using var decompressor = new ZstdSharp.Decompressor();
        while (reader.Read())
        {
            long id = reader.GetInt64(0);
            long first = reader.GetInt64(1);
            int count = reader.GetInt32(2);
            if (builder.LineCount > 0 && first != builder.LastSequence + 1)
            {
                throw new InvalidDataException($"log store: tail row {id} does not follow the one before it");
            }
            var chunk = TailChunk.Decoded.Parse(TailChunk.Decompress(decompressor, (byte[])reader[4], MaxDecompressedBytes));
            if (chunk.Count != count)
            {
                throw new InvalidDataException($"log store: tail row {id} holds {chunk.Count} lines, not {count}");
            }
            for (int i = 0; i < count; i++)
            {
                builder.AddDecoded(first + i, chunk, i);
            }
            _tailRows.Add(new TailRow(id, first, count, reader.GetInt64(3)));
        }
        _builder = builder;
        _sealRetryAtLines = 0;
    }

    private void MaybeSeal()
    {
        BlockBuilder builder = _builder!;
        if (builder.LineCount == 0 || builder.LineCount < _sealRetryAtLines)
        {
            return;
        }
        bool full = builder.LineCount >= _options.SealLines || builder.RawBytes >= _options.SealRawBytes;
        bool old = _tailRows.Count > 0 && _options.Time.GetUtcNow().UtcTicks - _tailRows[0].AppendedAtTicks >= _options.SealAge.Ticks;
        if (full || old)
        {
            TrySeal();
        }
    }

    /// <summary>Seals the tail into a block now, whatever its size (no-op when empty). False when it could not.</summary>
    public bool Flush()
    {
        lock (_writeLock)
        {
            Writer();
            EnsureBuilder();
            return _builder!.LineCount == 0 || TrySeal();
        }
    }

    private bool TrySeal()
    {
        try
        {
            Seal();
            return true;
        }
        catch (Exception e) when (e is StoreFullException or SqliteException or IOException)
        {
            // The lines are safe in the tail; try again after a quarter of a block more.
            RecordSealFailure(e);
            _sealRetryAtLines = _builder is { } b ? b.LineCount + Math.Max(1, _options.SealLines / 4) : 0;
            return false;
        }
    }

    private void RecordSealFailure(Exception e)
    {
        SealFailures++;
        LastSealError = e;
    }

    private void Seal()
    {
        SqliteConnection writer = Writer();
        BlockBuilder builder = _builder!;
        SealedBlock block;
        // A compressor per seal: its match tables (megabytes of native memory at the block level) are
        // freed at once instead of staying resident between seals.
        using (var compressor = new ZstdSharp.Compressor(_options.BlockCompressionLevel))
        {
            block = builder.Seal(compressor, _scratch);
        }
        _scratch.Reset(keepCapacity: ScratchKeptBytes);
        _guard.EnsureRoom(WriteSlackBytes + 2 * block.StoredBytes);
        long lastTailId = _tailRows[^1].Id;
        if (_tailRows[0].FirstSequence != block.FirstSequence || _tailRows[^1].FirstSequence + _tailRows[^1].LineCount - 1 != block.LastSequence)
        {
            throw new InvalidOperationException("log store: the block being sealed does not match the tail");
        }
        using (SqliteTransaction transaction = writer.BeginTransaction())
        {
            try
            {
                var streams = new ByteBuffer(64);
                streams.WriteVarint((ulong)block.StreamIds.Length);
                BlockFormat.WriteSortedInts(streams, block.StreamIds);
                long blockId;
                using (var insert = writer.CreateCommand())
                {
                    insert.Transaction = transaction;
                    insert.CommandText = """
                        INSERT INTO blocks(first_seq, last_seq, line_count, min_time, max_time, streams, raw_bytes, stored_bytes)
                        VALUES ($first, $last, $count, $min, $max, $streams, $raw, $stored) RETURNING id
                        """;
                    insert.Parameters.AddWithValue("$first", block.FirstSequence);
                    insert.Parameters.AddWithValue("$last", block.LastSequence);
                    insert.Parameters.AddWithValue("$count", block.LineCount);
                    insert.Parameters.AddWithValue("$min", block.MinTicks);
                    insert.Parameters.AddWithValue("$max", block.MaxTicks);
                    insert.Parameters.AddWithValue("$streams", streams.WrittenSpan.ToArray());
                    insert.Parameters.AddWithValue("$raw", block.RawBytes);
                    insert.Parameters.AddWithValue("$stored", block.StoredBytes);
                    blockId = (long)insert.ExecuteScalar()!;
                }
                using (var part = writer.CreateCommand())
                {
                    part.Transaction = transaction;
                    part.CommandText = "INSERT INTO block_parts(block_id, part, data) VALUES ($block, $part, $data)";
                    var blockParameter = part.Parameters.Add("$block", SqliteType.Integer);
                    var partParameter = part.Parameters.Add("$part", SqliteType.Integer);
                    var dataParameter = part.Parameters.Add("$data", SqliteType.Blob);
                    blockParameter.Value = blockId;
                    for (int i = 0; i <= block.Sections.Length; i++)
                    {
                        partParameter.Value = i;
                        dataParameter.Value = i == 0 ? block.Header : block.Sections[i - 1];
                        part.ExecuteNonQuery();
                    }
                }
                using (var delete = writer.CreateCommand())
                {
                    delete.Transaction = transaction;
                    delete.CommandText = "DELETE FROM tail WHERE id <= $last";
                    delete.Parameters.AddWithValue("$last", lastTailId);
                    delete.ExecuteNonQuery();
                }
                transaction.Commit();
            }
            catch (SqliteException e) when (IsDiskFull(e))
            {
                throw new StoreFullException($"log store: the disk of {_directory} is full while sealing ({e.Message}); the lines stay in the tail");
            }
        }
        builder.Clear();
        _tailRows.Clear();
        _sealRetryAtLines = 0;
        _decoded.ForgetTailThrough(block.LastSequence);
        // The tail's pages are free now: give them back (moving as many pages from the end of the file),
        // else the file keeps a tail's worth of empty pages for good.
        Execute(writer, "PRAGMA incremental_vacuum");
    }

    public long ApplyRetention(RetentionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        lock (_writeLock)
        {
            SqliteConnection writer = Writer();
            long removed = 0;
            var doomed = new List<(long Id, int Lines)>();
            if (policy.MaxAge is { } maxAge)
            {
                long cutoff = (_options.Time.GetUtcNow() - maxAge).UtcTicks;
                using var command = writer.CreateCommand();
                command.CommandText = "SELECT id, line_count FROM blocks WHERE max_time < $cutoff ORDER BY max_time, id";
                command.Parameters.AddWithValue("$cutoff", cutoff);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    doomed.Add((reader.GetInt64(0), reader.GetInt32(1)));
                }
            }
            if (doomed.Count > 0)
            {
                removed += DeleteBlocks(writer, doomed);
                _decoded.ForgetBlocks([.. doomed.Select(b => b.Id)]);
            }
            if (policy.MaxBytes is { } maxBytes)
            {
                removed += ShrinkTo(writer, maxBytes);
            }
            DownsampleMetricsLocked(writer);
            ReclaimFreePages(writer);
            return removed;
        }
    }

    private static long DeleteBlocks(SqliteConnection writer, List<(long Id, int Lines)> blocks)
    {
        using SqliteTransaction transaction = writer.BeginTransaction();
        long removed = DeleteBlocks(writer, transaction, blocks);
        transaction.Commit();
        return removed;
    }

    private static long DeleteBlocks(SqliteConnection writer, SqliteTransaction transaction, IEnumerable<(long Id, int Lines)> blocks)
    {
        using var parts = writer.CreateCommand();
        parts.Transaction = transaction;
        parts.CommandText = "DELETE FROM block_parts WHERE block_id = $id";
        var partId = parts.Parameters.Add("$id", SqliteType.Integer);
        using var rows = writer.CreateCommand();
        rows.Transaction = transaction;
        rows.CommandText = "DELETE FROM blocks WHERE id = $id";
        var blockId = rows.Parameters.Add("$id", SqliteType.Integer);
        long removed = 0;
        foreach ((long id, int lines) in blocks)
        {
            partId.Value = id;
            parts.ExecuteNonQuery();
            blockId.Value = id;
            rows.ExecuteNonQuery();
            removed += lines;
        }
        return removed;
    }

    /// <summary>
    /// Drops the oldest blocks (by their newest line) until the database's pages in use fit
    /// <paramref name="maxBytes"/>, measuring after each block, so page overhead is counted as it is.
    /// </summary>
    private long ShrinkTo(SqliteConnection writer, long maxBytes)
    {
        using SqliteTransaction transaction = writer.BeginTransaction();
        long pageSize = Scalar(writer, transaction, "PRAGMA page_size");
        long Used() => (Scalar(writer, transaction, "PRAGMA page_count") - Scalar(writer, transaction, "PRAGMA freelist_count")) * pageSize;
        var oldest = new List<(long Id, int Lines)>();
        using (var command = writer.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT id, line_count FROM blocks ORDER BY max_time, id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                oldest.Add((reader.GetInt64(0), reader.GetInt32(1)));
            }
        }
        long removed = 0;
        var deleted = new List<long>();
        foreach (var block in oldest)
        {
            if (Used() <= maxBytes)
            {
                break;
            }
            removed += DeleteBlocks(writer, transaction, [block]);
            deleted.Add(block.Id);
        }
        transaction.Commit();
        _decoded.ForgetBlocks(deleted);
        return removed;
    }

    /// <summary>
    /// Returns freed pages to the file system (SQLite moves as many pages from the end of the file into
    /// the holes, so the cost is the bytes freed, not the file size) and truncates the write-ahead log.
    /// </summary>
    private static void ReclaimFreePages(SqliteConnection writer)
    {
        Execute(writer, "PRAGMA incremental_vacuum");
        Execute(writer, "PRAGMA wal_checkpoint(TRUNCATE)");
    }
}
