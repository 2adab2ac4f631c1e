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
    /// <summary>Whether the query has a limit (a scan that can stop early).</summary>
    private readonly bool _limited;
    private readonly PendingQueue _pending = new();
    private readonly ByteBuffer _line = new(4096);
    private char[] _chars = new char[4096];
    private int _remaining;

    internal readonly record struct Pending(long Primary, long Secondary, SearchHit Hit);

    /// <summary>
    /// The hits held, sorted by (primary, secondary) ascending in a ring: the best is taken from one end, the worst
    /// dropped from the other, and lines that come in sort order (a section read from the query's end, the common
    /// case) go in at an end too — no tree node per hit as a sorted set has. A key already held is not added again.
    /// </summary>
    internal sealed class PendingQueue
    {
        private Pending[] _items = new Pending[16];
        private int _head;

        public int Count { get; private set; }

        public Pending Min => Count > 0 ? _items[_head] : throw new InvalidOperationException("empty");

        public Pending Max => Count > 0 ? At(Count - 1) : throw new InvalidOperationException("empty");

        private ref Pending At(int index) => ref _items[(_head + index) & (_items.Length - 1)];

        private static int Compare(in Pending x, in Pending y)
        {
            int c = x.Primary.CompareTo(y.Primary);
            return c != 0 ? c : x.Secondary.CompareTo(y.Secondary);
        }

        public void RemoveMin()
        {
            _items[_head] = default;
            _head = (_head + 1) & (_items.Length - 1);
            Count--;
        }

        public void RemoveMax()
        {
            At(Count - 1) = default;
            Count--;
        }

        public void Add(Pending item)
        {
            if (Count == _items.Length)
            {
                var grown = new Pending[_items.Length * 2];
                for (int i = 0; i < Count; i++)
                {
                    grown[i] = At(i);
                }
                _items = grown;
                _head = 0;
            }
            int mask = _items.Length - 1;
            if (Count == 0 || Compare(item, At(Count - 1)) > 0)
            {
                At(Count) = item;
                Count++;
                return;
            }
            if (Compare(item, _items[_head]) < 0)
            {
                _head = (_head - 1) & mask;
                _items[_head] = item;
                Count++;
                return;
            }
            int lo = 0, hi = Count; // the first held key above the item
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (Compare(At(mid), item) <= 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }
            if (lo > 0 && Compare(At(lo - 1), item) == 0)
            {
                return;
            }
            if (lo < Count / 2)
            {
                _head = (_head - 1) & mask; // the smaller part moves down one
                for (int i = 0; i < lo; i++)
                {
                    At(i) = At(i + 1);
                }
            }
            else
            {
                for (int i = Count; i > lo; i--)
                {
                    At(i) = At(i - 1);
                }
            }
            At(lo) = item;
            Count++;
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
        _limited = query.Limit != int.MaxValue;
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
                _pending.RemoveMax();
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
            _pending.RemoveMax();
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
            _pending.RemoveMin();
        }
    }

    private bool PassesLineFilters(long sequence, long ticks, int streamId, int templateId) =>
        sequence > _after
        && ticks >= _fromTicks && ticks < _toTicks
        && (_streams is null || _streams.Contains(streamId))
        && (_templates is null || _templates.Contains(templateId));

    /// <summary>
    /// Lines of a tail chunk a text query rebuilds before it plans the chunk: planning scans the chunk's whole
    /// dictionary once per probe, more than a short scan that fills its limit in the newest lines costs.
    /// </summary>
    private const int TailLinesBeforePlan = 1024;

    private void ScanTail(Segment segment, CancellationToken cancellationToken)
    {
        TailChunk.Decoded chunk = _store.ReadTailChunk(_reader, segment.Id, segment.FirstSequence, _query.ReadOnce);
        int count = chunk.Count;
        // An earlier query's plans for the same texts, when it made them; else made after TailLinesBeforePlan lines.
        BlockTextPlan?[]? plans = _texts is null ? null : [.. _texts.Select(t => t.Bytes is null ? null : BlockTextPlan.Made(chunk, t))];
        if (plans is not null && _texts!.Where((t, k) => t.Bytes is not null && plans[k] is null).Any())
        {
            plans = null;
        }
        int rebuilt = 0;
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
            if (_texts is not null && plans is null && ++rebuilt > TailLinesBeforePlan)
            {
                plans = [.. _texts.Select(t => t.Bytes is null ? null : BlockTextPlan.For(chunk, t, _store.Reads))];
            }
            if (plans is not null && !MayHoldText(plans, chunk, i))
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

    /// <summary>Whether line <paramref name="i"/> of a tail chunk may hold a text, by its logtype and values (the line itself decides).</summary>
    private static bool MayHoldText(BlockTextPlan?[] plans, TailChunk.Decoded chunk, int i)
    {
        foreach (BlockTextPlan? plan in plans)
        {
            switch (plan is null ? Verdict.Verify : plan.Verdicts[chunk.LineLogtypes[i]])
            {
                case Verdict.None:
                    continue;
                case Verdict.Variables when !plan!.VariablesMatch(chunk, i):
                    continue;
                default:
                    return true;
            }
        }
        return false;
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
        BlockHeader header = _store.ReadBlockHeader(_reader, segment.Id, segment.FirstSequence, _query.ReadOnce);
        if (_templates is not null && !header.TemplateIds.Any(_templates.Contains))
        {
            return;
        }
        // Per text, what the header says of it (null: a text matched on decoded characters, which rules out nothing).
        BlockTextPlan?[]? plans = _texts is null ? null : [.. _texts.Select(t => t.Bytes is null ? null : BlockTextPlan.For(header, t, _store.Reads))];
        var candidates = new List<SectionInfo>(header.Sections.Length);
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
            candidates.Add(section);
        }
        if (candidates.Count > 1 && _limited && !_bySequence)
        {
            ScanInTimeSlices(segment, header, candidates, plans, cancellationToken);
            return;
        }
        foreach (SectionInfo section in candidates)
        {
            if (!_bySequence && _pending.Count >= _remaining && _pending.Min.Primary > (_direction > 0 ? section.MaxTicks : -section.MinTicks))
            {
                continue; // the limit is full of lines that sort before any of this section's
            }
            SectionData lines = _store.ReadSection(_reader, segment.Id, header, section, _query.ReadOnce);
            ScanSection(section, lines, plans, 0, lines.LineCount, cancellationToken);
        }
    }

    /// <summary>
    /// A limited scan by time of several sections of a block, slice by slice from the end the query starts at,
    /// so that it stops where the limit fills whichever streams the hits come from. Section by section, a stream
    /// that never matches was read to the block's far end before the stream that fills the limit was looked at
    /// (the regex <c>user (root|admin)</c> over a day: a block's whole nginx section, two thirds of its lines,
    /// before the auth.log section gave its hundred hits from the last minutes).
    /// </summary>
    private void ScanInTimeSlices(Segment segment, BlockHeader header, List<SectionInfo> candidates, BlockTextPlan?[]? plans, CancellationToken cancellationToken)
    {
        long lo = Math.Max(candidates.Min(c => c.MinTicks), _fromTicks);
        long hi = Math.Min(candidates.Max(c => c.MaxTicks), _toTicks - 1);
        long lines = candidates.Sum(c => (long)c.LineCount);
        long slices = Math.Clamp(lines / _store.Options.SearchSliceLines, 1, 64);
        long width = Math.Max(1, ((hi - lo) / slices) + 1);
        var read = new SectionData?[candidates.Count];
        var whole = new bool[candidates.Count]; // scanned whole already (times out of order)
        for (long k = 0; k < slices; k++)
        {
            long sliceLo = _direction > 0 ? hi - ((k + 1) * width) + 1 : lo + (k * width);
            long sliceHi = _direction > 0 ? hi - (k * width) : lo + ((k + 1) * width) - 1;
            sliceLo = Math.Max(sliceLo, lo);
            sliceHi = Math.Min(sliceHi, hi);
            if (_pending.Count >= _remaining && _pending.Min.Primary > (_direction > 0 ? sliceHi : -sliceLo))
            {
                return; // the limit is full of lines that sort before any of this slice's, and of the slices after it
            }
            for (int c = 0; c < candidates.Count; c++)
            {
                SectionInfo section = candidates[c];
                if (whole[c] || section.MaxTicks < sliceLo || section.MinTicks > sliceHi)
                {
                    continue;
                }
                SectionData data = read[c] ??= _store.ReadSection(_reader, segment.Id, header, section, _query.ReadOnce);
                if (!data.TicksAscending)
                {
                    whole[c] = true;
                    ScanSection(section, data, plans, 0, data.LineCount, cancellationToken);
                    continue;
                }
                int begin = FirstAtOrAfter(data.Ticks, sliceLo);
                int end = FirstAtOrAfter(data.Ticks, sliceHi + 1);
                ScanSection(section, data, plans, begin, end, cancellationToken);
            }
        }
    }

    /// <summary>The index of the first time at or after <paramref name="ticks"/> in ascending times (their length when none is).</summary>
    private static int FirstAtOrAfter(long[] times, long ticks)
    {
        int lo = 0, hi = times.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < ticks)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>Scans lines [<paramref name="begin"/>, <paramref name="end"/>) of a section, in the query's order.</summary>
    private void ScanSection(SectionInfo section, SectionData lines, BlockTextPlan?[]? plans, int begin, int end, CancellationToken cancellationToken)
    {
        for (int step = 0; step < end - begin; step++)
        {
            if (step % CancellationCheckLines == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            int i = _direction > 0 ? end - 1 - step : begin + step;
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
                if (plan.ValueMatchIsWhole)
                {
                    return true;
                }
                break; // values hold the words of the text no constant text can; does the line hold all of it?
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
