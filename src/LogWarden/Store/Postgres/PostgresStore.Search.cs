using System.Text;
using System.Text.RegularExpressions;
using LogWarden.Collect;
using LogWarden.Parse;
using LogWarden.Store.Embedded;
using Npgsql;
using NpgsqlTypes;

namespace LogWarden.Store.Postgres;

internal sealed partial class PostgresStore
{
    /// <summary>Rows a search reads per round trip: big enough to amortise it, small enough that a limit of 100 reads little past it.</summary>
    private const int SearchPage = 2000;

    /// <summary>
    /// Runs the query in pages over one snapshot (repeatable read), keyset-paged on the order asked for
    /// ((ts, seq) or seq), so that no page re-reads what an earlier one returned and a reader never drains a
    /// huge result. The server filters by time, streams, templates, sequence and — as a pre-filter — text;
    /// the text and the regex are then checked here with .NET's semantics, the ones the embedded store has. An encoded
    /// row (schema step 4) is rebuilt here from its logtype and values, so the text pre-filter applies only to the
    /// rows written before, which keep their text: an encoded row's text is checked after rebuilding it.
    /// </summary>
    public IEnumerable<SearchHit> Search(SearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return SearchPages(query, cancellationToken);
    }

    private IEnumerable<SearchHit> SearchPages(SearchQuery query, CancellationToken cancellationToken)
    {
        if (query.Limit <= 0)
        {
            yield break;
        }
        long from = query.From?.UtcTicks ?? long.MinValue;
        long to = query.To?.UtcTicks ?? long.MaxValue;
        if (from >= to)
        {
            yield break;
        }
        using NpgsqlConnection connection = OpenReader();
        using NpgsqlTransaction transaction = connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        // The snapshot starts here: every stream a line in it names is in it too, so labels need no look-up while reading.
        RefreshStreams(connection, transaction);
        RefreshLogtypes(connection, transaction);
        int[]? streams = query.Labels.Count > 0 ? MatchingStreams(query.Labels) : null;
        if (streams is { Length: 0 })
        {
            yield break;
        }
        int[]? templates = query.TemplateId is { } templateId ? TemplateFamily(connection, transaction, templateId) : null;
        Regex? regex = query.Pattern;
        string? text = string.IsNullOrEmpty(query.Text) ? null : query.Text;
        bool matchCase = query.MatchCase;
        // A regex's required literal pre-filters like a text query (the regex still decides).
        (string? filterText, bool filterCase) = text is not null ? (text, matchCase)
            : regex is not null && RegexLiteral.Required(regex) is { } literal ? (literal, (regex.Options & RegexOptions.IgnoreCase) == 0)
            : (null, false);
        bool bySequence = query.AfterSequence is not null;
        bool descending = query.NewestFirst;

        var sql = new StringBuilder("SELECT seq, ts, offset_minutes, stream_id, template_id, level, line, logtype_id, vars FROM lines WHERE ts >= @from AND ts < @to");
        using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        if (streams is not null)
        {
            sql.Append(" AND stream_id = ANY(@streams)");
            command.Parameters.AddWithValue("streams", streams);
        }
        if (templates is not null)
        {
            sql.Append(" AND template_id = ANY(@templates)");
            command.Parameters.AddWithValue("templates", templates);
        }
        if (bySequence)
        {
            sql.Append(" AND seq > @after");
            command.Parameters.AddWithValue("after", query.AfterSequence!.Value);
        }
        if (filterText is not null && filterCase)
        {
            sql.Append(" AND (line IS NULL OR strpos(line, @text) > 0)");
            command.Parameters.AddWithValue("text", filterText);
        }
        else if (filterText is not null && Ascii.IsValid(filterText))
        {
            // ILIKE folds ASCII letters whatever the database's locale; other letters are left to the check below.
            sql.Append(@" AND (line IS NULL OR line ILIKE @like ESCAPE '\')");
            command.Parameters.AddWithValue("like", "%" + EscapeLike(filterText) + "%");
        }
        string op = descending ? "<" : ">";
        string order = descending ? "DESC" : "ASC";
        string keyset = bySequence ? $" AND seq {op} @kseq" : $" AND (ts, seq) {op} (@kts, @kseq)";
        string tail = bySequence ? $" ORDER BY seq {order} LIMIT @page" : $" ORDER BY ts {order}, seq {order} LIMIT @page";
        var keyTicks = new NpgsqlParameter<long> { ParameterName = "kts" };
        var keySequence = new NpgsqlParameter<long> { ParameterName = "kseq" };
        command.Parameters.Add(keyTicks);
        command.Parameters.Add(keySequence);
        NpgsqlParameter page = command.Parameters.Add("page", NpgsqlDbType.Integer);
        string firstPage = sql + tail;
        string nextPages = sql + keyset + tail;
        bool checkHere = text is not null || regex is not null;
        int remaining = query.Limit;
        bool first = true;
        var scratch = new ByteBuffer(1024);
        while (remaining > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            command.CommandText = first ? firstPage : nextPages;
            page.Value = checkHere ? SearchPage : Math.Min(remaining, SearchPage);
            var hits = new List<SearchHit>();
            int rows = 0;
            long lastTicks = 0, lastSequence = 0;
            using (NpgsqlDataReader reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    rows++;
                    lastSequence = reader.GetInt64(0);
                    lastTicks = reader.GetInt64(1);
                    string line = reader.IsDBNull(6)
                        ? DecodeLine(reader.GetInt32(7), reader.IsDBNull(8) ? [] : reader.GetFieldValue<byte[]>(8), scratch)
                        : reader.GetString(6);
                    if (text is not null && !line.Contains(text, matchCase ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }
                    if (regex is not null && !regex.IsMatch(line))
                    {
                        continue;
                    }
                    var offset = TimeSpan.FromMinutes(reader.GetInt16(2));
                    hits.Add(new SearchHit(
                        lastSequence,
                        new DateTimeOffset(lastTicks + offset.Ticks, offset),
                        KnownLabels(reader.GetInt32(3)),
                        line,
                        reader.GetInt32(4),
                        (Severity)reader.GetInt16(5)));
                }
            }
            foreach (SearchHit hit in hits)
            {
                yield return hit;
                if (--remaining == 0)
                {
                    yield break;
                }
            }
            if (rows < (int)page.Value!)
            {
                yield break;
            }
            first = false;
            keyTicks.TypedValue = lastTicks;
            keySequence.TypedValue = lastSequence;
        }
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    private int[] MatchingStreams(IReadOnlyList<LabelMatcher> matchers) =>
         [.. _streamsById.Where(s => matchers.All(m => m.Matches(s.Value))).Select(s => s.Key)];

    /// <summary>
    /// Streams with lines in the range, from the per-day spans without reading a line; a stream whose span
    /// only straddles a bounded range is confirmed with one index probe (it may have no line inside).
    /// </summary>
    public IReadOnlyList<StreamLabels> ListStreams(DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long fromTicks = from?.UtcTicks ?? long.MinValue;
        long toTicks = to?.UtcTicks ?? long.MaxValue;
        if (fromTicks >= toTicks)
        {
            return [];
        }
        using NpgsqlConnection connection = OpenReader();
        using NpgsqlTransaction transaction = connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        using var command = new NpgsqlCommand("""
            WITH spans AS (
                SELECT stream_id, MIN(min_ts) AS lo, MAX(max_ts) AS hi FROM stream_days
                WHERE max_ts >= @from AND min_ts < @to GROUP BY stream_id)
            SELECT stream_id FROM spans
            WHERE (lo >= @from AND lo < @to) OR (hi >= @from AND hi < @to)
               OR EXISTS (SELECT 1 FROM lines l WHERE l.stream_id = spans.stream_id AND l.ts >= @from AND l.ts < @to)
            """, connection, transaction);
        command.Parameters.AddWithValue("from", fromTicks);
        command.Parameters.AddWithValue("to", toTicks);
        RefreshStreams(connection, transaction);
        var ids = new List<int>();
        using (NpgsqlDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                ids.Add(reader.GetInt32(0));
            }
        }
        return [.. ids.Select(KnownLabels).OrderBy(l => l.Key, StringComparer.Ordinal)];
    }

    /// <summary>Counts per stream and bucket on the server (one GROUP BY over the timestamps; no text is read).</summary>
    public IReadOnlyDictionary<StreamLabels, long[]> CountLines(IReadOnlyList<LabelMatcher> labels, DateTimeOffset from, TimeSpan bucket, int buckets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bucket, TimeSpan.Zero);
        var counts = new Dictionary<StreamLabels, long[]>();
        if (buckets <= 0)
        {
            return counts;
        }
        using NpgsqlConnection connection = OpenReader();
        using NpgsqlTransaction transaction = connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        RefreshStreams(connection, transaction);
        int[]? streams = labels.Count > 0 ? MatchingStreams(labels) : null;
        if (streams is { Length: 0 })
        {
            return counts;
        }
        using var command = new NpgsqlCommand(
            "SELECT stream_id, (ts - @from) / @bucket, COUNT(*) FROM lines WHERE ts >= @from AND ts < @to"
            + (streams is null ? "" : " AND stream_id = ANY(@streams)") + " GROUP BY 1, 2", connection, transaction);
        command.Parameters.AddWithValue("from", from.UtcTicks);
        command.Parameters.AddWithValue("to", from.UtcTicks + (bucket.Ticks * buckets));
        command.Parameters.AddWithValue("bucket", bucket.Ticks);
        if (streams is not null)
        {
            command.Parameters.AddWithValue("streams", streams);
        }
        using var registration = cancellationToken.Register(command.Cancel);
        using NpgsqlDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            StreamLabels stream = KnownLabels(reader.GetInt32(0));
            if (!counts.TryGetValue(stream, out long[]? perBucket))
            {
                counts[stream] = perBucket = new long[buckets];
            }
            perBucket[reader.GetInt64(1)] += reader.GetInt64(2);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return counts;
    }
}
