using System.Text;
using System.Text.RegularExpressions;
using LogWarden.Collect;
using LogWarden.Parse;
using Microsoft.Data.Sqlite;

namespace LogWarden.Store.Embedded;

/// <summary>
/// One search over one snapshot of the store. Blocks and tail chunks ("segments") that the query's time,
/// sequence and stream bounds exclude are never read; a block's header is read next and may exclude the
/// block by its templates or — for a text query — by its logtypes and dictionary (the text is in no
/// logtype's constant text, in no dictionary value, and cannot straddle a value's edge), and a section is
/// read only for a stream the query wants. Hits are merged across segments in the order asked for, and
/// handed out as soon as no unread segment can hold anything that sorts before them, so a newest-first
/// query with a limit usually stops after the newest block.
/// </summary>
internal sealed class SearchRun : IDisposable
{
    private const int CancellationCheckLines = 4096;

    private readonly EmbeddedStore _store;
    private readonly SearchQuery _query;
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly SegmentReader _reader;
    private readonly HashSet<int>? _streams;
    private readonly HashSet<int>? _templates;
    /// <summary>Texts one of which a line must hold: the query's text, or else what its regex cannot match without.</summary>
    private readonly TextFilter[]? _texts;
    private readonly Regex? _regex;
    private readonly long _fromTicks;
    private readonly long _toTicks;
    private readonly long _after;
    private readonly bool _bySequence;
    private readonly long _direction;
    private readonly SortedSet<Pending> _pending = new(PendingOrder.Instance);
    private readonly ByteBuffer _line = new(4096);
    private char[] _chars = new char[4096];
    private int _remaining;

    private readonly record struct Pending(long Primary, long Secondary, SearchHit Hit);

    private sealed class PendingOrder : IComparer<Pending>
    {
        public static readonly PendingOrder Instance = new();

        public int Compare(Pending x, Pending y)
        {
            int c = x.Primary.CompareTo(y.Primary);
            return c != 0 ? c : x.Secondary.CompareTo(y.Secondary);
        }
    }

    /// <summary>A block or a tail chunk, with what its row says about it.</summary>
    private sealed record Segment(bool IsBlock, long Id, long FirstSequence, long LastSequence, long MinTicks, long MaxTicks, int[] Streams)
    {
        public long Bound { get; set; }
    }

    private SearchRun(EmbeddedStore store, SearchQuery query, SqliteConnection connection)
    {
        _store = store;
        _query = query;
        _connection = connection;
        _transaction = connection.BeginTransaction(deferred: true);
        _reader = new SegmentReader(store, connection, _transaction);
        _fromTicks = query.From?.UtcTicks ?? long.MinValue;
        _toTicks = query.To?.UtcTicks ?? long.MaxValue;
        _after = query.AfterSequence ?? 0;
        _bySequence = query.AfterSequence is not null;
        _direction = query.NewestFirst ? 1 : -1;
        _remaining = query.Limit;
        if (!string.IsNullOrEmpty(query.Text))
        {
            _texts = [new TextFilter(query.Text, query.MatchCase)];
        }
        if (query.Pattern is { } pattern)
        {
            _regex = pattern.MatchTimeout == Regex.InfiniteMatchTimeout
                ? new Regex(pattern.ToString(), pattern.Options, store.Options.RegexTimeout)
                : pattern;
            // Texts one of which every match contains prune like a text query does (the regex still decides).
            if (_texts is null && RegexLiteral.RequiredAny(pattern) is { } literals)
            {
                _texts = [.. literals.Select(l => new TextFilter(l, matchCase: (pattern.Options & RegexOptions.IgnoreCase) == 0))];
            }
        }
        if (query.Labels.Count > 0)
        {
            store.RefreshStreams(connection, _transaction);
            _streams = [];
            foreach ((int id, StreamLabels labels) in store.Streams)
            {
                if (query.Labels.All(m => m.Matches(labels)))
                {
                    _streams.Add(id);
                }
            }
        }
        if (query.TemplateId is { } templateId)
        {
            _templates = EmbeddedStore.TemplateFamily(connection, _transaction, templateId);
        }
    }

    public static IEnumerable<SearchHit> Execute(EmbeddedStore store, SearchQuery query, CancellationToken cancellationToken)
    {
        if (query.Limit <= 0)
        {
            yield break;
        }
        using SqliteConnection connection = store.OpenReader();
        using var run = new SearchRun(store, query, connection);
        foreach (SearchHit hit in run.Run(cancellationToken))
        {
            yield return hit;
        }
    }

    private IEnumerable<SearchHit> Run(CancellationToken cancellationToken)
    {
        if (_streams is { Count: 0 } || _fromTicks >= _toTicks)
        {
            yield break;
        }
        List<Segment> segments = LoadSegments();
        for (int i = 0; i < segments.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Segment segment = segments[i];
            if (_pending.Count >= _remaining && _pending.Min.Primary > segment.Bound)
            {
                break; // nothing left unread can sort before what we hold
            }
            if (segment.IsBlock)
            {
                ScanBlock(segment, cancellationToken);
            }
            else
            {
                ScanTail(segment, cancellationToken);
            }
            long next = i + 1 < segments.Count ? segments[i + 1].Bound : long.MinValue;
            while (_pending.Count > 0 && _pending.Max.Primary > next)
            {
                Pending best = _pending.Max;
                _pending.Remove(best);
                _remaining--;
                yield return best.Hit;
                if (_remaining == 0)
                {
                    yield break;
                }
            }
        }
        while (_pending.Count > 0 && _remaining > 0)
        {
            Pending best = _pending.Max;
            _pending.Remove(best);
            _remaining--;
            yield return best.Hit;
        }
    }

    private List<Segment> LoadSegments()
    {
        var segments = new List<Segment>();
        foreach (bool isBlock in new[] { true, false })
        {
            using var command = _connection.CreateCommand();
            command.Transaction = _transaction;
            command.CommandText = isBlock
                ? "SELECT id, first_seq, last_seq, min_time, max_time, streams FROM blocks WHERE max_time >= $from AND min_time < $to AND last_seq > $after"
                : "SELECT id, first_seq, first_seq + line_count - 1, min_time, max_time, streams FROM tail WHERE max_time >= $from AND min_time < $to AND first_seq + line_count - 1 > $after";
            command.Parameters.AddWithValue("$from", _fromTicks);
            command.Parameters.AddWithValue("$to", _toTicks);
            command.Parameters.AddWithValue("$after", _after);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                byte[] streamBytes = (byte[])reader[5];
                var streamReader = new VarintReader(streamBytes);
                int[] streams = BlockFormat.ReadSortedInts(ref streamReader, streamReader.ReadCount());
                if (_streams is not null && !streams.Any(_streams.Contains))
                {
                    continue;
                }
                var segment = new Segment(isBlock, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), streams);
                segment.Bound = _bySequence
                    ? (_direction > 0 ? segment.LastSequence : -segment.FirstSequence)
                    : (_direction > 0 ? segment.MaxTicks : -segment.MinTicks);
                segments.Add(segment);
            }
        }
        segments.Sort((a, b) => b.Bound.CompareTo(a.Bound));
        return segments;
    }

    private (long Primary, long Secondary) KeyOf(long sequence, long ticks) =>
        _bySequence ? (sequence * _direction, 0) : (ticks * _direction, sequence * _direction);

    private bool CanEnter(long primary, long secondary)
    {
        if (_pending.Count < _remaining)
        {
            return true;
        }
        Pending worst = _pending.Min;
        return primary > worst.Primary || (primary == worst.Primary && secondary > worst.Secondary);
    }

    private void Add(long primary, long secondary, SearchHit hit)
    {
        _pending.Add(new Pending(primary, secondary, hit));
        if (_pending.Count > _remaining)
        {
            _pending.Remove(_pending.Min);
        }
    }

    private bool PassesLineFilters(long sequence, long ticks, int streamId, int templateId) =>
        sequence > _after
        && ticks >= _fromTicks && ticks < _toTicks
        && (_streams is null || _streams.Contains(streamId))
        && (_templates is null || _templates.Contains(templateId));

    private void ScanTail(Segment segment, CancellationToken cancellationToken)
    {
        TailChunk.Decoded chunk = _store.ReadTailChunk(_reader, segment.Id, segment.FirstSequence);
        int count = chunk.Count;
        for (int step = 0; step < count; step++)
        {
            if (step % CancellationCheckLines == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            int i = _direction > 0 ? count - 1 - step : step;
            long sequence = segment.FirstSequence + i;
            long ticks = chunk.Ticks[i];
            (long primary, long secondary) = KeyOf(sequence, ticks);
            if (!CanEnter(primary, secondary))
            {
                if (_bySequence || chunk.TicksAscending)
                {
                    break; // lines come in sort order from here: none of the rest can enter either
                }
                continue;
            }
            if (!PassesLineFilters(sequence, ticks, chunk.StreamIds[i], chunk.TemplateIds[i]))
            {
                continue;
            }
            _line.Clear();
            chunk.Reconstruct(i, _line);
            ReadOnlySpan<byte> text = _line.WrittenSpan;
            if (_texts is not null && !AnyText(text))
            {
                continue;
            }
            if (_regex is not null && !RegexMatches(text))
            {
                continue;
            }
            Add(primary, secondary, new SearchHit(
                sequence,
                TailChunk.ToTimestamp(ticks, chunk.OffsetMinutes[i]),
                _store.LabelsOf(chunk.StreamIds[i], _connection, _transaction),
                Encoding.UTF8.GetString(text),
                chunk.TemplateIds[i],
                chunk.Levels[i]));
        }
    }

    private bool AnyText(ReadOnlySpan<byte> utf8)
    {
        foreach (TextFilter text in _texts!)
        {
            if (text.IsMatch(utf8, ref _chars))
            {
                return true;
            }
        }
        return false;
    }

    private bool RegexMatches(ReadOnlySpan<byte> utf8)
    {
        int needed = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        if (_chars.Length < needed)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }
        int n = Encoding.UTF8.GetChars(utf8, _chars);
        return _regex!.IsMatch(_chars.AsSpan(0, n));
    }

    private void ScanBlock(Segment segment, CancellationToken cancellationToken)
    {
        BlockHeader header = _store.ReadBlockHeader(_reader, segment.Id, segment.FirstSequence);
        if (_templates is not null && !header.TemplateIds.Any(_templates.Contains))
        {
            return;
        }
        // Per text, what the header says of it (null: a text matched on decoded characters, which rules out nothing).
        BlockTextPlan?[]? plans = _texts is null ? null : [.. _texts.Select(t => t.Bytes is { } needle ? BlockTextPlan.Create(header, needle, t.Piece) : null)];
        foreach (SectionInfo section in header.Sections)
        {
            if (_streams is not null && !_streams.Contains(section.StreamId))
            {
                continue;
            }
            if (section.MaxTicks < _fromTicks || section.MinTicks >= _toTicks)
            {
                continue;
            }
            if (plans is not null && plans.All(p => p is not null && !p.AnyCandidate(section.Logtypes)))
            {
                continue;
            }
            if (!_bySequence && _pending.Count >= _remaining && _pending.Min.Primary > (_direction > 0 ? section.MaxTicks : -section.MinTicks))
            {
                continue; // the limit is full of lines that sort before any of this section's
            }
            ScanSection(section, _store.ReadSection(_reader, segment.Id, header, section), plans, cancellationToken);
        }
    }

    private void ScanSection(SectionInfo section, SectionData lines, BlockTextPlan?[]? plans, CancellationToken cancellationToken)
    {
        int count = lines.LineCount;
        for (int step = 0; step < count; step++)
        {
            if (step % CancellationCheckLines == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            int i = _direction > 0 ? count - 1 - step : step;
            long sequence = lines.Sequences[i];
            long ticks = lines.Ticks[i];
            (long primary, long secondary) = KeyOf(sequence, ticks);
            if (!CanEnter(primary, secondary))
            {
                if (_bySequence || lines.TicksAscending)
                {
                    break; // lines come in sort order from here: none of the rest can enter either
                }
                continue;
            }
            int logtype = lines.Logtypes[i];
            int template = lines.TemplateOf(i);
            if (!PassesLineFilters(sequence, ticks, section.StreamId, template))
            {
                continue;
            }
            bool rebuilt = false;
            if (_texts is not null)
            {
                bool match = false;
                for (int t = 0; t < _texts.Length && !match; t++)
                {
                    match = HoldsText(_texts[t], plans![t], lines, i, logtype, ref rebuilt);
                }
                if (!match)
                {
                    continue;
                }
            }
            if (!rebuilt)
            {
                Rebuild(lines, i);
            }
            if (_regex is not null && !RegexMatches(_line.WrittenSpan))
            {
                continue;
            }
            Add(primary, secondary, new SearchHit(
                sequence,
                TailChunk.ToTimestamp(ticks, lines.OffsetMinutes[i]),
                _store.LabelsOf(section.StreamId, _connection, _transaction),
                Encoding.UTF8.GetString(_line.WrittenSpan),
                template,
                (Severity)lines.LevelOf(i)));
        }
    }

    /// <summary>Whether line <paramref name="i"/> holds <paramref name="text"/>: from the plan's verdict on its logtype when that settles it, else from the rebuilt line.</summary>
    private bool HoldsText(TextFilter text, BlockTextPlan? plan, SectionData lines, int i, int logtype, ref bool rebuilt)
    {
        switch (plan is null ? Verdict.Verify : plan.Verdicts[logtype])
        {
            case Verdict.None:
                return false;
            case Verdict.All:
                return true;
            case Verdict.Variables:
                if (!plan!.VariablesMatch(lines, logtype, lines.Rows[i]))
                {
                    return false;
                }
                if (text.Piece is null)
                {
                    return true;
                }
                break; // a value holds the rarest word of the text; does the line hold all of it?
        }
        if (!rebuilt)
        {
            Rebuild(lines, i);
            rebuilt = true;
        }
        return text.IsMatch(_line.WrittenSpan, ref _chars);
    }

    private void Rebuild(SectionData lines, int line)
    {
        _line.Clear();
        lines.Reconstruct(line, _line);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _transaction.Dispose();
    }
}

/// <summary>The text a query asks for, matched on UTF-8 bytes when it can be, else on decoded text.</summary>
internal sealed class TextFilter(string text, bool matchCase)
{
    /// <summary>Null when the text must be matched on decoded characters (case ignored, non-ASCII letters).</summary>
    public Utf8Substring? Bytes { get; } = Utf8Substring.TryCreate(text, matchCase);

    /// <summary>
    /// For text with whitespace, its longest whitespace-free piece: every line that holds the text holds
    /// it, and unlike the whole text it usually sits inside one value or one constant word, so blocks and
    /// lines are ruled out by it (then the whole text is checked). Null when the text has no such piece.
    /// </summary>
    public Utf8Substring? Piece { get; } = LongestPiece(text) is { } piece && piece.Length < text.Length ? Utf8Substring.TryCreate(piece, matchCase) : null;

    private static string? LongestPiece(string text)
    {
        string? best = null;
        foreach (string piece in text.Split([' ', '\t', '\r', '\n', '\v', '\f'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (best is null || piece.Length > best.Length)
            {
                best = piece;
            }
        }
        return best;
    }

    public bool IsMatch(ReadOnlySpan<byte> utf8, ref char[] scratch)
    {
        if (Bytes is not null)
        {
            return Bytes.IsMatch(utf8);
        }
        int needed = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        if (scratch.Length < needed)
        {
            scratch = new char[Math.Max(needed, scratch.Length * 2)];
        }
        int n = Encoding.UTF8.GetChars(utf8, scratch);
        return scratch.AsSpan(0, n).IndexOf(text, matchCase ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase) >= 0;
    }
}

internal enum Verdict : byte
{
    /// <summary>No line of this logtype can hold the text.</summary>
    None,

    /// <summary>Every line does: the text is in the logtype's constant text.</summary>
    All,

    /// <summary>A line does when one of its values holds the text.</summary>
    Variables,

    /// <summary>The text may straddle a value's edge: rebuild the line and look.</summary>
    Verify,
}

/// <summary>What a text query means for one block, worked out from its header alone.</summary>
internal sealed class BlockTextPlan
{
    private readonly Utf8Substring _needle;
    private readonly bool[] _dictionaryMatches;
    private readonly bool _anyDictionaryMatch;
    private readonly bool _integersMayMatch;
    private readonly byte[] _digits = new byte[64];

    /// <summary>Per logtype of a section, the rows whose values hold the text: this query's own, since sections are shared through the cache.</summary>
    private readonly Dictionary<LogtypeRows, bool[]> _variableMatches = new(ReferenceEqualityComparer.Instance);

    private BlockTextPlan(Utf8Substring needle, Verdict[] verdicts, bool[] dictionaryMatches, bool anyDictionaryMatch, bool integersMayMatch)
    {
        _needle = needle;
        Verdicts = verdicts;
        _dictionaryMatches = dictionaryMatches;
        _anyDictionaryMatch = anyDictionaryMatch;
        _integersMayMatch = integersMayMatch;
    }

    public Verdict[] Verdicts { get; }

    /// <param name="needle">The whole text.</param>
    /// <param name="piece">A whitespace-free piece of it to rule out with (see <see cref="TextFilter.Piece"/>), or null.</param>
    public static BlockTextPlan Create(BlockHeader header, Utf8Substring needle, Utf8Substring? piece = null)
    {
        Utf8Substring probe = piece ?? needle;
        bool[] dictionary = MatchDictionary(header, probe, out bool anyDictionary);
        bool integers = probe.CouldBeInsideInteger();
        var verdicts = new Verdict[header.Logtypes.Length];
        for (int l = 0; l < verdicts.Length; l++)
        {
            LogtypeInfo info = header.Logtypes[l];
            if (InConstantText(info, needle))
            {
                verdicts[l] = Verdict.All;
            }
            else if (piece is not null && InConstantText(info, piece))
            {
                verdicts[l] = Verdict.Verify; // the piece is constant here; the rest may be in a value
            }
            else if (CouldStraddle(info, probe))
            {
                verdicts[l] = Verdict.Verify;
            }
            else if ((anyDictionary && info.HasKind(Placeholder.Dictionary)) || (integers && info.HasKind(Placeholder.Integer)))
            {
                verdicts[l] = Verdict.Variables;
            }
        }
        return new BlockTextPlan(probe, verdicts, dictionary, anyDictionary, integers);
    }

    public bool AnyCandidate(int[] logtypes)
    {
        foreach (int l in logtypes)
        {
            if (Verdicts[l] != Verdict.None)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether a value of row <paramref name="row"/> holds the text (computed once per logtype).</summary>
    public bool VariablesMatch(SectionData lines, int logtype, int row)
    {
        LogtypeRows rows = lines.RowsOf(logtype);
        if (!_variableMatches.TryGetValue(rows, out bool[]? matches))
        {
            var match = new bool[rows.Count];
            for (int c = 0; c < rows.Info.VariableCount; c++)
            {
                if (rows.Info.Kinds[c] == Placeholder.Dictionary)
                {
                    if (!_anyDictionaryMatch)
                    {
                        continue;
                    }
                    long[] values = lines.Column(rows, c);
                    for (int r = 0; r < match.Length; r++)
                    {
                        match[r] |= _dictionaryMatches[values[r]];
                    }
                }
                else if (_integersMayMatch)
                {
                    long[] values = lines.Column(rows, c);
                    byte[]? zeros = rows.Zeros[c];
                    for (int r = 0; r < match.Length; r++)
                    {
                        if (!match[r])
                        {
                            int n = LineEncoder.FormatInteger(values[r], zeros is null ? 0 : zeros[r], _digits);
                            match[r] = _needle.IsMatch(_digits.AsSpan(0, n));
                        }
                    }
                }
            }
            _variableMatches[rows] = matches = match;
        }
        return matches[row];
    }

    /// <summary>Marks each dictionary value that holds the text, in one pass over all of them.</summary>
    private static bool[] MatchDictionary(BlockHeader header, Utf8Substring needle, out bool any)
    {
        var matches = new bool[header.DictionaryCount];
        any = false;
        ReadOnlySpan<byte> all = header.DictionaryBytes;
        int[] offsets = header.DictionaryOffsets;
        int position = 0;
        while (position < all.Length)
        {
            int found = needle.IndexOf(all[position..]);
            if (found < 0)
            {
                break;
            }
            int start = position + found;
            int id = ValueAt(offsets, start);
            if (start + needle.Length <= offsets[id + 1])
            {
                matches[id] = true;
                any = true;
                position = offsets[id + 1];
            }
            else
            {
                position = start + 1; // straddles two values: not a match
            }
        }
        return matches;
    }

    /// <summary>The value holding byte <paramref name="position"/>: the last one starting at or before it (empty values share their start with the next).</summary>
    private static int ValueAt(int[] offsets, int position) => SortedStarts.LastAtOrBefore(offsets.AsSpan(0, offsets.Length - 1), position);

    private static bool InConstantText(LogtypeInfo info, Utf8Substring needle)
    {
        for (int f = 0; f <= info.VariableCount; f++)
        {
            if (needle.IsMatch(info.Fragment(f)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Whether the text could lie partly in a value and partly in the constant text beside it: a prefix of
    /// the text ending a fragment that a value follows, or a suffix starting a fragment that a value
    /// precedes (a fragment shorter than the text may sit wholly inside it, between two values). The
    /// text's bytes that would fall just inside a value must suit the value's kind — an integer holds only
    /// digits (and a leading '-'), a dictionary value no whitespace — which keeps "blk_-42" from
    /// straddling the '-' of every date.
    /// </summary>
    internal static bool CouldStraddle(LogtypeInfo info, Utf8Substring needle)
    {
        int m = needle.Length;
        ReadOnlySpan<byte> text = needle.Needle;
        for (int f = 0; f <= info.VariableCount; f++)
        {
            ReadOnlySpan<byte> fragment = info.Fragment(f);
            bool valueBefore = f > 0;
            bool valueAfter = f < info.VariableCount;
            for (int k = 1; k < m; k++)
            {
                if (valueAfter && Suits(info.Kinds[f], text[k], first: true))
                {
                    // needle[0..k) ends where the fragment ends.
                    bool fits = k <= fragment.Length
                        ? needle.EqualsPart(fragment[^k..], 0)
                        : valueBefore && Suits(info.Kinds[f - 1], text[k - fragment.Length - 1], first: false) && needle.EqualsPart(fragment, k - fragment.Length);
                    if (fits)
                    {
                        return true;
                    }
                }
                if (valueBefore && Suits(info.Kinds[f - 1], text[k - 1], first: false))
                {
                    // needle[k..m) starts where the fragment starts.
                    int s = m - k;
                    bool fits = s <= fragment.Length
                        ? needle.EqualsPart(fragment[..s], k)
                        : valueAfter && Suits(info.Kinds[f], text[k + fragment.Length], first: true) && needle.EqualsPart(fragment, k);
                    if (fits)
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /// <summary>Whether byte <paramref name="b"/> can be a value's first (or last) byte, given its kind.</summary>
    private static bool Suits(byte kind, byte b, bool first) =>
        kind == Placeholder.Integer
            ? char.IsAsciiDigit((char)b) || (first && b == '-')
            : b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\v' or (byte)'\f');
}
