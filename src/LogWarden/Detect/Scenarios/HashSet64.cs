using System.Numerics;

namespace LogWarden.Detect.Scenarios;

/// <summary>
/// A set of 64-bit hashes (distinct values, served path shapes), open addressing with linear probing in one array of at
/// most half load: a lookup reads one slot and usually stops there, where <see cref="HashSet{T}"/> reads its bucket array
/// and then its entries (two cache misses on a large set, on every line that asks). 0 marks an empty slot; the value 0
/// itself is kept aside. Slots are picked by Fibonacci hashing of the value, so weak low bits do not cluster.
/// </summary>
internal sealed class HashSet64
{
    private const int MinSlots = 8;

    private ulong[] _slots = new ulong[MinSlots];
    private int _shift = 64 - BitOperations.Log2(MinSlots);
    private int _used;
    private bool _hasZero;

    public int Count => _used + (_hasZero ? 1 : 0);

    public bool Contains(ulong value) => value == 0 ? _hasZero : _slots[Probe(value)] != 0;

    /// <summary>Adds <paramref name="value"/>; false when it was there already.</summary>
    public bool Add(ulong value)
    {
        if (value == 0)
        {
            bool added = !_hasZero;
            _hasZero = true;
            return added;
        }

        if ((_used + 1) * 2 > _slots.Length)
        {
            Grow();
        }

        ref ulong slot = ref _slots[Probe(value)];
        if (slot != 0)
        {
            return false;
        }

        slot = value;
        _used++;
        return true;
    }

    /// <summary>Empties the set (its slots stay allocated, as <see cref="HashSet{T}.Clear"/> keeps its capacity).</summary>
    public void Clear()
    {
        if (_used > 0)
        {
            Array.Clear(_slots);
        }

        _used = 0;
        _hasZero = false;
    }

    private int SlotOf(ulong value) => (int)((value * 0x9E3779B97F4A7C15UL) >> _shift);

    private void Grow()
    {
        var old = _slots;
        _slots = new ulong[old.Length * 2];
        _shift--;
        foreach (ulong value in old)
        {
            if (value != 0)
            {
                _slots[Probe(value)] = value;
            }
        }
    }

    /// <summary>The slot that holds <paramref name="value"/> (not 0), else the empty slot where it would go.</summary>
    private int Probe(ulong value)
    {
        var slots = _slots;
        int mask = slots.Length - 1;
        int i = SlotOf(value);
        while (slots[i] != value && slots[i] != 0)
        {
            i = (i + 1) & mask;
        }

        return i;
    }
}
