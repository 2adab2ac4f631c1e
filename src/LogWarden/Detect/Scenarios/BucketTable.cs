namespace LogWarden.Detect.Scenarios;

/// <summary>
/// Every scenario's buckets in one map, bounded: at most <see cref="Capacity"/> buckets; adding one more
/// evicts the least recently touched (counted in <see cref="Evicted"/>), so a flood of distinct addresses
/// cannot grow memory, and an attacker's busy bucket is the last to go. Removed buckets are recycled.
/// </summary>
internal sealed class BucketTable(int capacity)
{
    private const int MaxRecycled = 1024;

    private readonly Dictionary<BucketKey, LeakyBucket> _buckets = [];
    private readonly Stack<LeakyBucket> _recycled = new();
    private LeakyBucket? _newest;
    private LeakyBucket? _oldest;

    /// <summary>
    /// Live buckets of the scenarios that count successes and are keyed by address, by scenario and the hash
    /// (<see cref="BucketKey.HashOf"/>) of the address in their key: a success is counted only in the bucket whose
    /// key holds the request's client, so a request from a client in no such bucket counts none (see
    /// <see cref="MayHoldAddress"/>). The buckets themselves are kept, so that a success finds its bucket here
    /// (<see cref="FindSuccess"/>) without making the client a string and building a key for <see cref="Find"/>.
    /// </summary>
    private readonly Dictionary<(int Scenario, int Address), List<LeakyBucket>> _successBuckets = [];
    private readonly Stack<List<LeakyBucket>> _emptyLists = new();

    public int Capacity { get; } = Math.Max(capacity, 1);

    public int Count => _buckets.Count;

    public long Evicted { get; private set; }

    /// <summary>
    /// The bucket each scenario whose key holds no address, user or path (<see cref="ScenarioRuntime.KeyRepeats"/>) found or
    /// added last, by scenario index (cleared when it leaves the table): a site's or a service's bucket is asked for on line after line, and a key compared with the last one (its hash, then its values,
    /// usually the same strings) answers without a probe of the map.
    /// </summary>
    private LeakyBucket?[] _last = new LeakyBucket?[16];

    /// <summary>The bucket of <paramref name="key"/>, touched (made the most recent); null when there is none.</summary>
    public LeakyBucket? Find(in BucketKey key)
    {
        int scenario = key.Scenario;
        if ((uint)scenario < (uint)_last.Length && _last[scenario] is { } last && last.Key.Equals(key))
        {
            Touch(last);
            return last;
        }

        if (!_buckets.TryGetValue(key, out var bucket))
        {
            return null;
        }

        Remember(bucket);
        Touch(bucket);
        return bucket;
    }

    private void Remember(LeakyBucket bucket)
    {
        if (!bucket.Scenario.KeyRepeats)
        {
            return; // keyed by an address, a user or a path: the next line's key is seldom the last one's
        }

        int scenario = bucket.Key.Scenario;
        if ((uint)scenario >= (uint)_last.Length)
        {
            if (scenario < 0)
            {
                return;
            }

            Array.Resize(ref _last, Math.Max(scenario + 1, _last.Length * 2));
        }

        _last[scenario] = bucket;
    }

    /// <summary>The bucket of <paramref name="key"/> without touching it.</summary>
    public bool TryPeek(in BucketKey key, out LeakyBucket? bucket) => _buckets.TryGetValue(key, out bucket);

    /// <summary>
    /// A new bucket for <paramref name="key"/> (not present), made the most recent. When the table is full the
    /// least recent bucket is passed to <paramref name="evicting"/> and removed first.
    /// </summary>
    public LeakyBucket Add(in BucketKey key, ScenarioRuntime scenario, long ticks, Action<LeakyBucket> evicting)
    {
        if (_buckets.Count >= Capacity && _oldest is { } oldest)
        {
            evicting(oldest);
            Remove(oldest);
            Evicted++;
        }

        var bucket = _recycled.Count > 0 ? _recycled.Pop() : new LeakyBucket();
        bucket.Reset(key, scenario, ticks);
        scenario.LiveBuckets++;
        _buckets.Add(key, bucket);
        Remember(bucket);
        Link(bucket);
        NoteSuccessBucket(bucket, 1);
        return bucket;
    }

    /// <summary>
    /// False when no live bucket of <paramref name="scenario"/> (one that counts successes and is keyed by address)
    /// holds <paramref name="address"/> in its key; true when one may. A necessary condition, never a guess: equal
    /// hashes may still be different addresses, and the caller then looks the bucket up as before.
    /// </summary>
    public bool MayHoldAddress(ScenarioRuntime scenario, ReadOnlySpan<char> address) => MayHoldAddress(scenario, string.GetHashCode(address));

    /// <summary><see cref="MayHoldAddress(ScenarioRuntime, ReadOnlySpan{char})"/> of an address whose hash (<see cref="string.GetHashCode(ReadOnlySpan{char})"/>) is known.</summary>
    public bool MayHoldAddress(ScenarioRuntime scenario, int addressHash) => SuccessBuckets(scenario.Index, addressHash) is not null;

    // The last probe of _successBuckets and its answer (forgotten whenever the map changes): a request's route asks for its
    // client's buckets, and the success it then counts finds them here without a second probe.
    private (int Scenario, int Address) _probed;
    private List<LeakyBucket>? _probedBuckets;
    private bool _probeValid;

    private List<LeakyBucket>? SuccessBuckets(int scenario, int addressHash)
    {
        if (_probeValid && _probed == (scenario, addressHash))
        {
            return _probedBuckets;
        }

        _successBuckets.TryGetValue((scenario, addressHash), out var buckets);
        (_probed, _probedBuckets, _probeValid) = ((scenario, addressHash), buckets, true);
        return buckets;
    }

    /// <summary>
    /// What <see cref="Find"/> would return for the key <see cref="ScenarioRuntime.TryKey"/> makes of <paramref name="e"/>
    /// in <paramref name="scenario"/>, a scenario that counts successes and is keyed by address (the same bucket, touched
    /// the same way), found among the live buckets of the event's address: no key built, no address string made.
    /// </summary>
    public LeakyBucket? FindSuccess(ScenarioRuntime scenario, ScenarioEvent e)
    {
        if (!e.HasAddress || SuccessBuckets(scenario.Index, e.AddressHash) is not { } buckets)
        {
            return null;
        }

        for (int i = 0; i < buckets.Count; i++)
        {
            var bucket = buckets[i];
            if (scenario.KeyHolds(bucket.Key, e))
            {
                Touch(bucket);
                return bucket;
            }
        }

        return null;
    }

    public void Remove(LeakyBucket bucket)
    {
        if (!_buckets.Remove(bucket.Key))
        {
            return;
        }

        Unlink(bucket);
        if ((uint)bucket.Key.Scenario < (uint)_last.Length && ReferenceEquals(_last[bucket.Key.Scenario], bucket))
        {
            _last[bucket.Key.Scenario] = null;
        }

        bucket.Scenario.LiveBuckets--;
        NoteSuccessBucket(bucket, -1);
        if (_recycled.Count < MaxRecycled)
        {
            bucket.Rate = null;
            _recycled.Push(bucket);
        }
    }

    private void NoteSuccessBucket(LeakyBucket bucket, int change)
    {
        var scenario = bucket.Scenario;
        if (!scenario.HasSuccess || !scenario.KeyedByAddress || !scenario.TryKeyValue(bucket.Key, ScenarioEntity.Ip, out string? address) || address is null)
        {
            return;
        }

        var key = (scenario.Index, BucketKey.HashOf(address));
        _probeValid = false;
        if (change > 0)
        {
            if (!_successBuckets.TryGetValue(key, out var buckets))
            {
                buckets = _emptyLists.Count > 0 ? _emptyLists.Pop() : new List<LeakyBucket>(1);
                _successBuckets.Add(key, buckets);
            }

            buckets.Add(bucket);
        }
        else if (_successBuckets.TryGetValue(key, out var buckets) && buckets.Remove(bucket) && buckets.Count == 0)
        {
            _successBuckets.Remove(key);
            if (_emptyLists.Count < MaxRecycled)
            {
                _emptyLists.Push(buckets);
            }
        }
    }

    /// <summary>Walks every bucket, least recent first; those <paramref name="keep"/> says false of are removed.</summary>
    public void Walk(Func<LeakyBucket, bool> keep)
    {
        for (var bucket = _oldest; bucket is not null;)
        {
            var next = bucket.Newer;
            if (!keep(bucket))
            {
                Remove(bucket);
            }

            bucket = next;
        }
    }

    private void Touch(LeakyBucket bucket)
    {
        if (!ReferenceEquals(bucket, _newest))
        {
            Unlink(bucket);
            Link(bucket);
        }
    }

    private void Link(LeakyBucket bucket)
    {
        bucket.Older = _newest;
        bucket.Newer = null;
        if (_newest is not null)
        {
            _newest.Newer = bucket;
        }

        _newest = bucket;
        _oldest ??= bucket;
    }

    private void Unlink(LeakyBucket bucket)
    {
        if (bucket.Older is not null)
        {
            bucket.Older.Newer = bucket.Newer;
        }
        else
        {
            _oldest = bucket.Newer;
        }

        if (bucket.Newer is not null)
        {
            bucket.Newer.Older = bucket.Older;
        }
        else
        {
            _newest = bucket.Older;
        }

        bucket.Older = bucket.Newer = null;
    }
}
