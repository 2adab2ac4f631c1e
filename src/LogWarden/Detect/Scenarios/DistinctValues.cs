using LogWarden.Mine;

namespace LogWarden.Detect.Scenarios;

/// <summary>
/// The distinct values of one entity a bucket has seen (users of an address, paths of a scanner, addresses
/// of a service), as 64-bit hashes, with the first few values kept for titles. Small sets live in an inline
/// array; larger ones in a hash set up to a cap, beyond which an unseen value counts as new without being
/// remembered. With a window, values are remembered for one to two windows (two generations).
/// </summary>
internal sealed class DistinctValues
{
    public const int MaxExamples = 3;

    private const int InlineCapacity = 8;

    private Hashes _inline;
    private Names _examples;
    private int _inlineCount;
    private HashSet64? _set;
    private HashSet64? _previous;
    private long _generationStart;

    /// <summary>New values since the last <see cref="Restart"/> (what a title counts).</summary>
    public int Count { get; private set; }

    public int Examples { get; private set; }

    public string? Example(int index) => _examples[index];

    /// <summary>Counts <paramref name="value"/>; true when it is new.</summary>
    /// <param name="window">Ticks a value stays known (two generations); 0 for as long as the set lives.</param>
    public bool Add(string value, long ticks, long window, int cap) => Add(value, TokenHash.Of(value), ticks, window, cap);

    /// <summary><see cref="Add(string, long, long, int)"/> of a value whose <see cref="TokenHash"/> is known (<paramref name="hash"/>).</summary>
    public bool Add(string value, ulong hash, long ticks, long window, int cap)
    {
        if (window > 0 && ticks - _generationStart >= window)
        {
            NextGeneration(ticks);
        }

        if (Contains(hash))
        {
            return false;
        }

        int stored = _inlineCount + (_set?.Count ?? 0);
        if (stored >= cap && window > 0)
        {
            NextGeneration(ticks);
            stored = 0;
        }

        if (stored < cap)
        {
            if (_set is null && _inlineCount < InlineCapacity && window == 0)
            {
                _inline[_inlineCount++] = hash;
            }
            else
            {
                (_set ??= new HashSet64()).Add(hash);
            }
        }

        Count++;
        if (Examples < MaxExamples)
        {
            _examples[Examples++] = value;
        }

        return true;
    }

    /// <summary>A new episode: counts and examples start again; with a window the remembered values stay.</summary>
    public void Restart(bool keepValues)
    {
        Count = 0;
        Examples = 0;
        _examples = default;
        if (!keepValues)
        {
            _inlineCount = 0;
            // A set that grew large is let go rather than kept empty and big in a reused bucket.
            if (_set is { Count: > 256 })
            {
                _set = null;
            }

            _set?.Clear();
            _previous = null;
        }
    }

    private bool Contains(ulong hash)
    {
        for (int i = 0; i < _inlineCount; i++)
        {
            if (_inline[i] == hash)
            {
                return true;
            }
        }

        return (_set?.Contains(hash) ?? false) || (_previous?.Contains(hash) ?? false);
    }

    private void NextGeneration(long ticks)
    {
        _previous = _set;
        _set = null;
        _generationStart = ticks;
    }

    [System.Runtime.CompilerServices.InlineArray(InlineCapacity)]
    private struct Hashes
    {
        private ulong _element;
    }

    [System.Runtime.CompilerServices.InlineArray(MaxExamples)]
    private struct Names
    {
        private string? _element;
    }
}
