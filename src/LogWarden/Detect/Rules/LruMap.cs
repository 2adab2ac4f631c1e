namespace LogWarden.Detect.Rules;

/// <summary>
/// A map with a capacity that forgets the least recently used entry to make room, and counts what it
/// forgot: the bound on every per-entity memory of the rule detector (source addresses, users, units…).
/// </summary>
internal sealed class LruMap<TValue>
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _map = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkedListNode<Entry>>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly LinkedList<Entry> _order = new(); // least recently used first

    public LruMap(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _bySpan = _map.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Capacity { get; }

    public int Count => _map.Count;

    /// <summary>Entries dropped to stay within <see cref="Capacity"/>.</summary>
    public long Evicted { get; private set; }

    /// <summary>Finds an entry and marks it used.</summary>
    public bool TryGet(string key, out TValue value)
    {
        if (_map.TryGetValue(key, out var node))
        {
            Touch(node);
            value = node.Value.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Finds an entry by a key given as characters (no string is made) and marks it used.</summary>
    public bool TryGet(ReadOnlySpan<char> key, out TValue value)
    {
        if (_bySpan.TryGetValue(key, out var node))
        {
            Touch(node);
            value = node.Value.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Adds or replaces an entry by a key given as characters; a string is made only for a new key.</summary>
    public void Set(ReadOnlySpan<char> key, TValue value)
    {
        if (_bySpan.TryGetValue(key, out var node))
        {
            node.Value.Value = value;
            Touch(node);
            return;
        }

        Set(key.ToString(), value);
    }

    /// <summary>Adds or replaces an entry and marks it used, forgetting the least recently used one when full.</summary>
    public void Set(string key, TValue value)
    {
        if (_map.TryGetValue(key, out var node))
        {
            node.Value.Value = value;
            Touch(node);
            return;
        }

        if (_map.Count >= Capacity)
        {
            var oldest = _order.First!;
            _order.RemoveFirst();
            _map.Remove(oldest.Value.Key);
            Evicted++;
        }

        _map[key] = _order.AddLast(new Entry { Key = key, Value = value });
    }

    public bool Remove(string key)
    {
        if (!_map.Remove(key, out var node))
        {
            return false;
        }

        _order.Remove(node);
        return true;
    }

    /// <summary>Removes every entry the predicate picks (not counted as evicted: they expired).</summary>
    public int RemoveWhere(Func<string, TValue, bool> expired)
    {
        int removed = 0;
        for (var node = _order.First; node is not null;)
        {
            var next = node.Next;
            if (expired(node.Value.Key, node.Value.Value))
            {
                _order.Remove(node);
                _map.Remove(node.Value.Key);
                removed++;
            }

            node = next;
        }

        return removed;
    }

    /// <summary>The entries, least recently used first.</summary>
    public IEnumerable<KeyValuePair<string, TValue>> Entries()
    {
        foreach (var entry in _order)
        {
            yield return KeyValuePair.Create(entry.Key, entry.Value);
        }
    }

    private void Touch(LinkedListNode<Entry> node)
    {
        if (node != _order.Last)
        {
            _order.Remove(node);
            _order.AddLast(node);
        }
    }

    private sealed class Entry
    {
        public required string Key { get; init; }

        public required TValue Value { get; set; }
    }
}
