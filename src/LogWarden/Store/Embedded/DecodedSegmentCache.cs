namespace LogWarden.Store.Embedded;

/// <summary>What <see cref="DecodedSegmentCache"/> holds: decoded forms of stored segments.</summary>
internal enum DecodedKind : byte
{
    /// <summary>A write-ahead tail chunk, decoded whole (<see cref="TailChunk.Decoded"/>).</summary>
    TailChunk,

    /// <summary>A sealed block's header (<see cref="BlockHeader"/>).</summary>
    BlockHeader,

    /// <summary>One section of a sealed block (<see cref="SectionData"/>; its columns decode on demand).</summary>
    Section,

    /// <summary>
    /// A section's times grouped by template (<see cref="SectionTimeIndex"/>: what counting needs, a tenth of a
    /// section's size), kept under a budget of their own.
    /// </summary>
    SectionTimes,

    /// <summary>A section's times as one group in stored order (what counting every line needs), under the same budget.</summary>
    SectionTicks,
}

/// <summary>
/// A segment part by identity. Tail rows and blocks are immutable once committed, and sequence numbers are
/// never reused, so (row id, first sequence) names one content for good even if SQLite reuses a row id after
/// a seal or retention deleted the old row: a stale entry can never be served, only linger until evicted.
/// </summary>
internal readonly record struct DecodedKey(DecodedKind Kind, long Id, long FirstSequence, int Part);

/// <summary>Counters of a <see cref="DecodedSegmentCache"/> (a snapshot).</summary>
/// <param name="Misses">Lookups that decoded.</param>
/// <param name="Joined">Lookups that missed while another reader was decoding the same key, and waited for its result instead of decoding it again.</param>
internal readonly record struct DecodedCacheStats(long Hits, long Misses, long Joined, long Evictions, long Invalidations, long Uncacheable, int Entries, long Bytes, long CapacityBytes)
{
    public double HitRate => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);
}

/// <summary>
/// Decoded tail chunks, block headers and sections, kept for the next search or count: a dashboard or
/// Grafana asks for the same recent hours at every refresh, and decoding them (zstd, then varint columns)
/// was the whole cost of a query (1.7 s per query_range under 50 users, issue 8). Least recently used
/// entries go first once the decoded bytes exceed the capacity; an entry larger than a quarter of the
/// capacity is decoded per use and not kept, so one huge section cannot flush everything else. Seal and
/// retention forget what they deleted at once, to give the memory back (correctness never depends on it,
/// see <see cref="DecodedKey"/>). Thread-safe; decoding happens outside the lock, once per key at a time:
/// readers missing a key another reader is decoding wait for that decode (<see cref="DecodedCacheStats.Joined"/>).
/// Before, each decoded it again: under 50 concurrent users, the first requests over a day that was not
/// cached each decoded the same sections (one wave of a 24-hour count_over_time mix: about 2,000 decodes for
/// the ~40 a day needs) and everything queued behind them.
/// Section time indexes (<see cref="DecodedKind.SectionTimes"/>) have a budget and a recency order of their own,
/// <paramref name="timesCapacityBytes"/>: a search over a day's sections (1–3 MB each) would otherwise evict the
/// 200 KB time indexes a count over the same day keeps, and every count of a day decoded the day again.
/// What a read-once reader decodes (<see cref="SearchQuery.ReadOnce"/>: the shipper) goes under a third budget,
/// <paramref name="readOnceCapacityBytes"/>: it needs the part it is reading, not the ones behind it, and under the
/// shared budget it filled the whole cache of an agent that nobody searched.
/// </summary>
internal sealed class DecodedSegmentCache(long capacityBytes, TimeProvider? time = null, long timesCapacityBytes = 0, long readOnceCapacityBytes = 0)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private sealed record Entry(DecodedKey Key, object Value, long Bytes, Budget Budget);

    /// <summary>A share of the cache: its capacity, what it holds, its entries most recently used first.</summary>
    private sealed class Budget(long capacityBytes)
    {
        public long CapacityBytes { get; } = capacityBytes;

        public LinkedList<Entry> Recency { get; } = new();

        public long Bytes { get; set; }
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<DecodedKey, LinkedListNode<Entry>> _entries = [];
    private readonly Dictionary<DecodedKey, Lazy<(object Value, long Bytes)>> _decoding = [];
    private readonly Budget _segments = new(capacityBytes);
    private readonly Budget _times = new(timesCapacityBytes);
    private readonly Budget _readOnce = new(readOnceCapacityBytes);
    private Budget[] Budgets => [_segments, _times, _readOnce];
    private long _hits;
    private long _misses;
    private long _joined;
    private long _evictions;
    private long _invalidations;
    private long _uncacheable;
    private long _lastUsed; // UTC ticks of the latest lookup

    public long CapacityBytes { get; } = capacityBytes + timesCapacityBytes + readOnceCapacityBytes;

    public DecodedCacheStats Stats
    {
        get
        {
            lock (_gate)
            {
                return new DecodedCacheStats(_hits, _misses, _joined, _evictions, _invalidations, _uncacheable, _entries.Count, BytesHeld(), CapacityBytes);
            }
        }
    }

    /// <summary>The value kept under <paramref name="key"/> (a hit, not counted as a miss when absent).</summary>
    public bool TryPeek<T>(DecodedKey key, out T value)
        where T : class
    {
        lock (_gate)
        {
            _lastUsed = _time.GetUtcNow().UtcTicks;
            if (_entries.TryGetValue(key, out LinkedListNode<Entry>? node))
            {
                Touch(node);
                _hits++;
                value = (T)node.Value.Value;
                return true;
            }
        }
        value = null!;
        return false;
    }

    /// <summary>
    /// The value under <paramref name="key"/>, decoded by <paramref name="decode"/> (with its size in bytes) on a
    /// miss — or, when another reader is decoding it already, that reader's result once it has it. A decode for a
    /// <paramref name="readOnce"/> reader is kept under the read-once budget (a hit is a hit wherever the entry is).
    /// </summary>
    public T GetOrAdd<T, TState>(DecodedKey key, TState state, Func<TState, (T Value, long Bytes)> decode, bool readOnce = false)
        where T : class
    {
        Lazy<(object Value, long Bytes)>? decoding;
        bool mine = false;
        lock (_gate)
        {
            _lastUsed = _time.GetUtcNow().UtcTicks;
            if (_entries.TryGetValue(key, out LinkedListNode<Entry>? node))
            {
                Touch(node);
                _hits++;
                return (T)node.Value.Value;
            }
            if (_decoding.TryGetValue(key, out decoding))
            {
                _joined++;
            }
            else
            {
                _misses++;
                decoding = new Lazy<(object, long)>(() => decode(state), LazyThreadSafetyMode.ExecutionAndPublication);
                _decoding[key] = decoding;
                mine = true;
            }
        }
        if (!mine)
        {
            return (T)decoding.Value.Value; // blocks until the decoding reader has it (or rethrows what it threw)
        }
        try
        {
            (object value, long bytes) = decoding.Value;
            Add(key, value, bytes, readOnce);
            return (T)value;
        }
        finally
        {
            lock (_gate)
            {
                _decoding.Remove(key);
            }
        }
    }

    private void Add(DecodedKey key, object value, long bytes, bool readOnce)
    {
        Budget budget = key.Kind is DecodedKind.SectionTimes or DecodedKind.SectionTicks ? _times : readOnce ? _readOnce : _segments;
        lock (_gate)
        {
            if (bytes > budget.CapacityBytes / 4)
            {
                _uncacheable++;
                return;
            }
            if (_entries.ContainsKey(key))
            {
                return; // a guard: one reader decodes a key at a time, so nothing else adds it meanwhile
            }
            _entries[key] = budget.Recency.AddFirst(new Entry(key, value, bytes, budget));
            budget.Bytes += bytes;
            while (budget.Bytes > budget.CapacityBytes && budget.Recency.Last is { } oldest)
            {
                Remove(oldest);
                _evictions++;
            }
        }
    }

    /// <summary>Forgets the tail chunks whose lines were sealed into a block (first sequence ≤ <paramref name="lastSequence"/>).</summary>
    public void ForgetTailThrough(long lastSequence) =>
        Forget(key => key.Kind == DecodedKind.TailChunk && key.FirstSequence <= lastSequence);

    /// <summary>Forgets everything decoded from the blocks <paramref name="blockIds"/> (deleted by retention).</summary>
    public void ForgetBlocks(IReadOnlyCollection<long> blockIds)
    {
        var doomed = blockIds as HashSet<long> ?? [.. blockIds];
        Forget(key => key.Kind != DecodedKind.TailChunk && doomed.Contains(key.Id));
    }

    /// <summary>
    /// Drops every entry when nothing was looked up for <paramref name="idleFor"/>: an idle daemon should not hold
    /// its busiest query's decoded sections (up to the capacity) for good. Returns the bytes released.
    /// </summary>
    public long ReleaseIfIdle(TimeSpan idleFor)
    {
        lock (_gate)
        {
            if (_entries.Count == 0 || _time.GetUtcNow().UtcTicks - _lastUsed < idleFor.Ticks)
            {
                return 0;
            }
            long released = BytesHeld();
            _evictions += _entries.Count;
            _entries.Clear();
            foreach (Budget budget in Budgets)
            {
                budget.Recency.Clear();
                budget.Bytes = 0;
            }
            return released;
        }
    }

    /// <summary>What every budget holds now (under <c>_gate</c>).</summary>
    private long BytesHeld() => _segments.Bytes + _times.Bytes + _readOnce.Bytes;

    private void Forget(Func<DecodedKey, bool> doomed)
    {
        lock (_gate)
        {
            foreach (Budget budget in Budgets)
            {
                for (LinkedListNode<Entry>? node = budget.Recency.First; node is not null;)
                {
                    LinkedListNode<Entry>? next = node.Next;
                    if (doomed(node.Value.Key))
                    {
                        Remove(node);
                        _invalidations++;
                    }
                    node = next;
                }
            }
        }
    }

    private static void Touch(LinkedListNode<Entry> node)
    {
        LinkedList<Entry> recency = node.Value.Budget.Recency;
        if (node != recency.First)
        {
            recency.Remove(node);
            recency.AddFirst(node);
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        Budget budget = node.Value.Budget;
        budget.Recency.Remove(node);
        _entries.Remove(node.Value.Key);
        budget.Bytes -= node.Value.Bytes;
    }
}
