using LogWarden.Detect.Security;
using LogWarden.Mine;

namespace LogWarden.Detect.Rules;

/// <summary>
/// The rule set's keyword scan of a message, remembering what its quoted parts hold: a line's quoted text repeats
/// far more than the line (an access line's user agent and referrer, a JSON record's recurring values), so each
/// quoted part long enough to be worth it is scanned once while it stays in a small table, and looked up after.
/// </summary>
/// <remarks>
/// Exact: a keyword without a double quote cannot span one, so it occurs in the message exactly when it occurs in
/// one of the runs between quotes; a run long enough is looked up (or scanned and remembered), the text between
/// such runs is scanned in one piece, and the few keywords that hold a quote are scanned over the whole message. A part is remembered only when it comes a second time (its hash in
/// <see cref="_seen"/>), so lines of unique parts allocate nothing. Memory is bounded: <see cref="Slots"/> entries
/// of at most <see cref="MaxRemembered"/> characters, a new part replacing the one in its slot. One per detector.
/// </remarks>
internal sealed class QuotedSegmentScan
{
    /// <summary>Quoted parts shorter than this are scanned: the lookup would cost about as much.</summary>
    public const int MinRemembered = 24;

    /// <summary>Longer quoted parts are scanned: bounds the table (4,096 entries of at most 256 characters, about 2 MiB).</summary>
    public const int MaxRemembered = 256;

    private const int Slots = 4096;

    private readonly AnchorScanner _scanner;
    private readonly AnchorScanner _unquoted;
    private readonly AnchorScanner? _quoted;
    private readonly (int Hash, string Text, int[] Found)[] _table = new (int, string, int[])[Slots];
    private readonly int[] _seen = new int[Slots];
    private readonly List<int> _hits = [];

    private long _remembered;
    private long _scanned;

    /// <param name="scanner">The keywords; the answer is exactly what <see cref="AnchorScanner.Scan"/> of it gives.</param>
    /// <param name="split">Its keywords without a double quote and those with one (<see cref="Split"/>), at the same indexes.</param>
    public QuotedSegmentScan(AnchorScanner scanner, (AnchorScanner Unquoted, AnchorScanner? Quoted) split)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        _scanner = scanner;
        (_unquoted, _quoted) = split;
    }

    /// <summary>Lookups answered from the table, and quoted parts scanned (for the benchmarks).</summary>
    public (long Remembered, long Scanned) Counts => (_remembered, _scanned);

    /// <summary>The keywords without a double quote, and those with one (null when none has), at the scanner's indexes.</summary>
    public static (AnchorScanner Unquoted, AnchorScanner? Quoted) Split(AnchorScanner scanner)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        var anchors = scanner.Anchors;
        static bool Quoted(string? anchor) => anchor is not null && anchor.Contains('"', StringComparison.Ordinal);
        var unquoted = new AnchorScanner([.. anchors.Select(a => Quoted(a) ? null : a)]);
        var quoted = anchors.Any(Quoted) ? new AnchorScanner([.. anchors.Select(a => Quoted(a) ? a : null)]) : null;
        return (unquoted, quoted);
    }

    /// <summary>Sets <paramref name="found"/>[i] for every keyword i that occurs in <paramref name="text"/>; true if any does.</summary>
    public bool Scan(ReadOnlySpan<char> text, Span<bool> found)
    {
        int open = text.IndexOf('"');
        if (open < 0 || _scanner.Count == 0)
        {
            return _scanner.Count > 0 && _scanner.Scan(text, found);
        }

        // The text between remembered parts is scanned in one piece, quotes and short quoted parts included: a
        // keyword without a quote found there lies in it, and one that lies there is found.
        bool any = _quoted is not null && _quoted.Scan(text, found);
        int rest = 0;
        while (true)
        {
            int close = text[(open + 1)..].IndexOf('"');
            if (close < 0)
            {
                break;
            }

            close += open + 1;
            if (close - open - 1 is >= MinRemembered and <= MaxRemembered)
            {
                any |= _unquoted.Scan(text[rest..open], found);
                any |= Remembered(text[(open + 1)..close], found);
                rest = close;
            }

            open = close;
        }

        return any | _unquoted.Scan(text[rest..], found);
    }

    private bool Remembered(ReadOnlySpan<char> part, Span<bool> found)
    {
        int hash = (int)TokenHash.Of(part); // equality is checked after: a collision costs a scan, never an answer
        int slot = hash & (Slots - 1);
        ref var entry = ref _table[slot];
        if (entry.Text is { } known && entry.Hash == hash && part.SequenceEqual(known))
        {
            _remembered++;
            foreach (int i in entry.Found)
            {
                found[i] = true;
            }

            return entry.Found.Length > 0;
        }

        _scanned++;
        if (_seen[slot] != hash)
        {
            _seen[slot] = hash;
            return _unquoted.Scan(part, found);
        }

        // Its second coming: scanned into a clean span so that its own keywords can be told from the line's.
        Span<bool> own = _scanner.Count <= 1024 ? stackalloc bool[_scanner.Count] : new bool[_scanner.Count];
        bool any = _unquoted.Scan(part, own);
        _hits.Clear();
        for (int i = 0; i < own.Length; i++)
        {
            if (own[i])
            {
                found[i] = true;
                _hits.Add(i);
            }
        }

        entry = (hash, part.ToString(), _hits.Count == 0 ? [] : [.. _hits]);
        return any;
    }
}
