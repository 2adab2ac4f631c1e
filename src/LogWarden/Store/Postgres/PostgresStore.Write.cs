using System.Globalization;
using LogWarden.Collect;
using LogWarden.Mine;
using LogWarden.Store.Embedded;
using Npgsql;
using NpgsqlTypes;

namespace LogWarden.Store.Postgres;

internal sealed partial class PostgresStore
{
    // PostgreSQL's SQLSTATEs for a full disk and for a partition another process made first.
    private const string DiskFull = "53100";
    private const string DuplicateTable = "42P07";

    private readonly HashSet<int> _partitionDays = [];

    public void Append(IReadOnlyList<StoredLine> lines, IReadOnlyList<TemplateState> templates, IReadOnlyList<Checkpoint> checkpoints)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(checkpoints);
        lock (_writeLock)
        {
            NpgsqlConnection writer = Writer();
            var days = new HashSet<int>();
            var newStreams = new List<StreamLabels>();
            var spans = new Dictionary<(int Day, int Stream), (long Lines, long Min, long Max)>();
            for (int i = 0; i < lines.Count; i++)
            {
                StoredLine line = lines[i] ?? throw new ArgumentException($"line {i} is null", nameof(lines));
                if (line.Line is null || line.Labels is null || line.TemplateId < 0)
                {
                    throw new ArgumentException($"line {i} has no text, no labels or a negative template id", nameof(lines));
                }
                days.Add(DayOf(line.Timestamp.UtcTicks));
                if (!_streamIdsByKey.ContainsKey(line.Labels.Key) && !newStreams.Contains(line.Labels))
                {
                    newStreams.Add(line.Labels);
                }
            }
            EnsurePartitions(days);
            if (!_logtypesLoaded)
            {
                LoadLogtypeTable(writer);
            }

            Dictionary<string, int>? added = null;
            bool committed = false;
            try
            {
                using NpgsqlTransaction transaction = writer.BeginTransaction();
                if (newStreams.Count > 0)
                {
                    added = InsertStreams(writer, transaction, newStreams);
                }
                if (lines.Count > 0)
                {
                    long first = ReserveSequences(writer, transaction, lines.Count);
                    // Lines of one stream come in runs: the id is looked up (by the labels' key) only when the labels object changes.
                    StreamLabels? lastLabels = null;
                    int stream = 0;
                    using (NpgsqlRawCopyStream raw = writer.BeginRawBinaryCopy("COPY lines(seq, ts, offset_minutes, stream_id, template_id, level, logtype_id, vars) FROM STDIN (FORMAT BINARY)"))
                    using (var copy = new CopyRowWriter(raw))
                    {
                        for (int i = 0; i < lines.Count; i++)
                        {
                            StoredLine line = lines[i];
                            if (!ReferenceEquals(line.Labels, lastLabels))
                            {
                                lastLabels = line.Labels;
                                stream = _streamIdsByKey.TryGetValue(line.Labels.Key, out int known) ? known : added![line.Labels.Key];
                            }
                            long ticks = line.Timestamp.UtcTicks;
                            int logtype = EncodeLine(Storable(line.Line));
                            copy.StartRow(8);
                            copy.Bigint(first + i);
                            copy.Bigint(ticks);
                            copy.Smallint((short)line.Timestamp.Offset.TotalMinutes);
                            copy.Integer(stream);
                            copy.Integer(line.TemplateId);
                            copy.Smallint((short)line.Level);
                            copy.Integer(logtype);
                            if (_values.Length == 0)
                            {
                                copy.Null();
                            }
                            else
                            {
                                copy.Bytea(_values.WrittenSpan);
                            }
                            var key = (DayOf(ticks), stream);
                            spans[key] = spans.TryGetValue(key, out var span)
                                ? (span.Lines + 1, Math.Min(span.Min, ticks), Math.Max(span.Max, ticks))
                                : (1, ticks, ticks);
                        }
                        copy.Complete();
                    }
                    CopyNewLogtypes(writer);
                    UpsertStreamDays(writer, transaction, spans);
                }
                UpsertTemplates(writer, transaction, templates);
                SharedTables.WriteCheckpoints(writer, transaction, checkpoints);
                transaction.Commit();
                committed = true;
            }
            catch (PostgresException e) when (e.SqlState == DiskFull)
            {
                throw new StoreFullException($"log store: the disk of {Describe} is full ({e.MessageText}); nothing of this append was written");
            }
            catch (NpgsqlException)
            {
                // The connection may be broken (a restarted server): the next append opens a new one.
                _writer?.Dispose();
                _writer = null;
                throw;
            }
            finally
            {
                if (!committed)
                {
                    _logtypesLoaded = false; // the logtypes this append added to the table were not stored: reload it
                }
            }

            // Committed: from here on the lines are the store's.
            _logtypesStored = _logtypeTable.Count;
            if (added is not null)
            {
                foreach ((string key, int id) in added)
                {
                    _streamIdsByKey[key] = id;
                    _streamsById[id] = newStreams.First(l => l.Key == key);
                }
            }
        }
    }

    /// <summary>The text as PostgreSQL can hold it: NUL becomes U+FFFD, as does a lone surrogate (which UTF-8 cannot encode).</summary>
    private static string Storable(string line)
    {
        if (!line.Contains('\0', StringComparison.Ordinal) && line.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return line;
        }
        char[] chars = line.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            char c = chars[i];
            if (c == '\0')
            {
                chars[i] = '\uFFFD';
            }
            else if (char.IsHighSurrogate(c) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                chars[i] = '\uFFFD';
            }
        }
        return new string(chars);
    }

    internal static int DayOf(long utcTicks) => (int)(utcTicks / TimeSpan.TicksPerDay);

    private static string PartitionName(int day) =>
        "lines_" + new DateTime((long)day * TimeSpan.TicksPerDay, DateTimeKind.Utc).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private IEnumerable<int> TodayAndAhead()
    {
        int today = DayOf(_options.Time.GetUtcNow().UtcTicks);
        return Enumerable.Range(today, _options.PartitionsAhead + 1);
    }

    private void LoadPartitions(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("""
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'lines'::regclass
            """, connection);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (DateTime.TryParseExact(reader.GetString(0).AsSpan("lines_".Length), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime date))
            {
                _partitionDays.Add(DayOf(date.Ticks));
            }
        }
    }

    /// <summary>
    /// Makes the day partitions the lines need, each in its own statement before the append's transaction (DDL
    /// takes a lock on the parent that would otherwise be held for the whole COPY). An old day (an import of
    /// last year's logs) gets its partition like any other.
    /// </summary>
    private void EnsurePartitions(IEnumerable<int> days)
    {
        NpgsqlConnection writer = Writer();
        bool madeToday = false;
        foreach (int day in days)
        {
            if (_partitionDays.Contains(day))
            {
                continue;
            }
            long from = (long)day * TimeSpan.TicksPerDay;
            using var command = new NpgsqlCommand(
                $"CREATE TABLE IF NOT EXISTS {PartitionName(day)} PARTITION OF lines FOR VALUES FROM ({from}) TO ({from + TimeSpan.TicksPerDay})", writer);
            try
            {
                command.ExecuteNonQuery();
            }
            catch (PostgresException e) when (e.SqlState == DuplicateTable)
            {
            }
            _partitionDays.Add(day);
            madeToday |= day == DayOf(_options.Time.GetUtcNow().UtcTicks);
        }
        if (madeToday)
        {
            EnsurePartitions(TodayAndAhead());
        }
    }

    private static Dictionary<string, int> InsertStreams(NpgsqlConnection writer, NpgsqlTransaction transaction, List<StreamLabels> streams)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        // ON CONFLICT ... DO UPDATE returns the id of a stream another process stored meanwhile too.
        using var command = new NpgsqlCommand("""
            INSERT INTO streams(key, labels) VALUES (@key, @labels)
            ON CONFLICT (key) DO UPDATE SET labels = excluded.labels RETURNING id
            """, writer, transaction);
        var key = command.Parameters.Add("key", NpgsqlDbType.Text);
        var labels = command.Parameters.Add("labels", NpgsqlDbType.Text);
        foreach (StreamLabels stream in streams)
        {
            key.Value = stream.Key;
            labels.Value = StoreJson.Labels(stream);
            ids[stream.Key] = (int)command.ExecuteScalar()!;
        }
        return ids;
    }

    /// <summary>Takes <paramref name="count"/> sequence numbers; the row stays locked until the append commits.</summary>
    private static long ReserveSequences(NpgsqlConnection writer, NpgsqlTransaction transaction, int count)
    {
        using var command = new NpgsqlCommand("UPDATE meta SET value = value + @n WHERE key = 'next_seq' RETURNING value - @n", writer, transaction);
        command.Parameters.AddWithValue("n", (long)count);
        return (long)command.ExecuteScalar()!;
    }

    private static void UpsertStreamDays(NpgsqlConnection writer, NpgsqlTransaction transaction, Dictionary<(int Day, int Stream), (long Lines, long Min, long Max)> spans)
    {
        var day = new int[spans.Count];
        var stream = new int[spans.Count];
        var count = new long[spans.Count];
        var min = new long[spans.Count];
        var max = new long[spans.Count];
        int i = 0;
        foreach (((int d, int s), (long n, long lo, long hi)) in spans)
        {
            (day[i], stream[i], count[i], min[i], max[i]) = (d, s, n, lo, hi);
            i++;
        }
        using var command = new NpgsqlCommand("""
            INSERT INTO stream_days(day, stream_id, lines, min_ts, max_ts)
            SELECT * FROM unnest(@day, @stream, @count, @min, @max)
            ON CONFLICT (day, stream_id) DO UPDATE SET
                lines = stream_days.lines + excluded.lines,
                min_ts = LEAST(stream_days.min_ts, excluded.min_ts),
                max_ts = GREATEST(stream_days.max_ts, excluded.max_ts)
            """, writer, transaction);
        command.Parameters.AddWithValue("day", day);
        command.Parameters.AddWithValue("stream", stream);
        command.Parameters.AddWithValue("count", count);
        command.Parameters.AddWithValue("min", min);
        command.Parameters.AddWithValue("max", max);
        command.ExecuteNonQuery();
    }

    private static void UpsertTemplates(NpgsqlConnection writer, NpgsqlTransaction transaction, IReadOnlyList<TemplateState> templates)
    {
        if (templates.Count == 0)
        {
            return;
        }
        using var command = new NpgsqlCommand("""
            INSERT INTO templates(id, tokens, any_positions, count, first_seen, last_seen, example, merged_into, level)
            VALUES (@id, @tokens, @any, @count, @first, @last, @example, @merged, @level)
            ON CONFLICT (id) DO UPDATE SET tokens = excluded.tokens, any_positions = excluded.any_positions, count = excluded.count,
                first_seen = excluded.first_seen, last_seen = excluded.last_seen, example = excluded.example,
                merged_into = excluded.merged_into, level = excluded.level
            """, writer, transaction);
        var id = command.Parameters.Add("id", NpgsqlDbType.Integer);
        var tokens = command.Parameters.Add("tokens", NpgsqlDbType.Array | NpgsqlDbType.Text);
        var any = command.Parameters.Add("any", NpgsqlDbType.Array | NpgsqlDbType.Integer);
        var count = command.Parameters.Add("count", NpgsqlDbType.Bigint);
        var first = command.Parameters.Add("first", NpgsqlDbType.Text);
        var last = command.Parameters.Add("last", NpgsqlDbType.Text);
        var example = command.Parameters.Add("example", NpgsqlDbType.Text);
        var merged = command.Parameters.Add("merged", NpgsqlDbType.Integer);
        var level = command.Parameters.Add("level", NpgsqlDbType.Smallint);
        foreach (TemplateState t in templates)
        {
            id.Value = t.Id;
            tokens.Value = (t.Tokens ?? []).Select(Storable).ToArray();
            any.Value = t.AnyPositions ?? [];
            count.Value = t.Count;
            first.Value = t.FirstSeen is { } f ? f.ToString("O", CultureInfo.InvariantCulture) : DBNull.Value;
            last.Value = t.LastSeen is { } l ? l.ToString("O", CultureInfo.InvariantCulture) : DBNull.Value;
            example.Value = Storable(t.Example ?? "");
            merged.Value = t.MergedInto;
            level.Value = (short)t.Level;
            command.ExecuteNonQuery();
        }
    }
}
