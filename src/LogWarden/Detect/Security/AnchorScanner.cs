using System.Buffers;

namespace LogWarden.Detect.Security;

/// <summary>
/// Finds which of many literal keywords (any case) occur in a line, in one vectorised pass
/// (<see cref="SearchValues{T}"/> over strings) rather than one regex per rule per line. A rule runs only
/// when one of its anchors was found; a line with none is done after this scan.
/// </summary>
/// <remarks>
/// Past 80 keywords <see cref="SearchValues{T}"/> gives up its vectorised search for a character-by-character
/// Aho-Corasick walk (its own limit: more keywords make too many false hits for its fingerprints) which, case
/// folded, cost about 6 ns a character: the rules' 235 keywords over an access line's 30-character message took
/// 180 ns, on every access line, for no keyword ever found there. A set of ASCII keywords of two characters or more
/// is searched instead by the rarest pair of adjacent characters of each (<see cref="PairFilter"/>): one table lookup
/// a character of an ASCII line, the few keywords of a pair found compared in full. Exact: the same keywords are set
/// (a keyword lies in the line exactly when its pair does where it starts, and the comparison is the same ordinal
/// case-insensitive one). A line that holds a character outside ASCII is searched as before.
/// </remarks>
internal sealed class AnchorScanner
{
    private readonly string?[] _anchors;
    private readonly SearchValues<string> _values;

    // Anchor indexes by the lower-case ASCII first character, so a hit is identified with a few compares.
    private readonly int[][] _byFirstChar = new int[128][];
    private readonly int[] _nonAscii;

    /// <param name="anchors">The keywords; a null one is a hole (its index is never set), so that a scanner for some
    /// keywords of another can share its indexes.</param>
    public AnchorScanner(IReadOnlyList<string?> anchors)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        _anchors = [.. anchors];
        _values = SearchValues.Create([.. _anchors.OfType<string>()], StringComparison.OrdinalIgnoreCase);
        var groups = new List<int>[128];
        var nonAscii = new List<int>();
        for (int i = 0; i < _anchors.Length; i++)
        {
            if (_anchors[i] is null)
            {
                continue;
            }

            char first = char.ToLowerInvariant(_anchors[i]![0]);
            if (first < 128)
            {
                (groups[first] ??= []).Add(i);
            }
            else
            {
                nonAscii.Add(i);
            }
        }

        for (int c = 0; c < 128; c++)
        {
            _byFirstChar[c] = groups[c]?.ToArray() ?? [];
        }

        _nonAscii = [.. nonAscii];
        _pairs = PairFilter.Create(_anchors);
    }

    private readonly PairFilter? _pairs;

    /// <summary>Whether lines of ASCII are searched by pairs of characters (<see cref="PairFilter"/>; for tests).</summary>
    internal bool SearchesByPairs => _pairs is not null;

    public int Count => _anchors.Length;

    /// <summary>The keywords by index (null: a hole).</summary>
    public IReadOnlyList<string?> Anchors => _anchors;

    /// <summary>
    /// Whether an anchor is found alike in a line and in its shape (<see cref="LineShapeCache.Shape"/>), so that a
    /// scan made once per shape holds for every line of it: no digit (digits are masked) and, in each run of
    /// letters and digits, a letter that is no hex digit (a hex id of six or more is masked whole, and an
    /// anchor such as "dead" or "cafe" could lie inside one).
    /// </summary>
    public static bool SurvivesShape(string anchor)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        if (anchor.AsSpan().ContainsAnyInRange('0', '9'))
        {
            return false;
        }

        int start = 0;
        while (start < anchor.Length)
        {
            if (!char.IsAsciiLetterOrDigit(anchor[start]))
            {
                start++;
                continue;
            }

            int end = start;
            bool plainLetter = false;
            while (end < anchor.Length && char.IsAsciiLetterOrDigit(anchor[end]))
            {
                plainLetter |= !char.IsAsciiHexDigit(anchor[end]);
                end++;
            }

            if (!plainLetter)
            {
                return false;
            }

            start = end;
        }

        return true;
    }

    /// <summary>Sets <paramref name="found"/>[i] for every anchor i that occurs in <paramref name="text"/>; true if any does.</summary>
    public bool Scan(ReadOnlySpan<char> text, Span<bool> found)
    {
        if (_pairs is not null && System.Text.Ascii.IsValid(text))
        {
            return _pairs.Scan(text, found);
        }

        return ScanBySearchValues(text, found);
    }

    /// <summary><see cref="Scan"/> by the one <see cref="SearchValues{T}"/> of every keyword (tests compare the two ways).</summary>
    internal bool ScanBySearchValues(ReadOnlySpan<char> text, Span<bool> found)
    {
        bool any = false;
        int offset = 0;
        while (true)
        {
            int hit = text[offset..].IndexOfAny(_values);
            if (hit < 0)
            {
                return any;
            }

            int position = offset + hit;
            var rest = text[position..];
            char first = char.ToLowerInvariant(rest[0]);
            foreach (int i in first < 128 ? _byFirstChar[first] : _nonAscii)
            {
                if (rest.StartsWith(_anchors[i]!, StringComparison.OrdinalIgnoreCase))
                {
                    found[i] = true;
                    any = true;
                }
            }

            offset = position + 1;
        }
    }

    public static bool AnyOf(ReadOnlySpan<bool> found, int[] anchors)
    {
        foreach (int i in anchors)
        {
            if (found[i])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Keywords found by a pair of adjacent characters each, in ASCII text: every keyword is indexed by the pair of it
    /// (case folded) that text holds least often by a rough table of character frequencies, and a line is read pair by
    /// pair against a table of 128 × 128 bits; a pair that is set has its keywords compared where they would start.
    /// Null for a set that holds a keyword outside ASCII or shorter than two characters, or few keywords (a vectorised
    /// <see cref="SearchValues{T}"/> does better for up to 80).
    /// </summary>
    private sealed class PairFilter
    {
        private const int MinKeywords = 81;

        private readonly ulong[] _bits = new ulong[128 * 128 / 64];

        /// <summary>By pair, where its keywords are in <see cref="_keywords"/> (1-based; 0: none): a hit costs no hashing.</summary>
        private readonly ushort[] _slots = new ushort[128 * 128];
        private readonly (int Anchor, int Offset)[][] _keywords;

        /// <summary>
        /// By slot, the characters (case folded) that follow the pair in its keywords, as 128 bits; none when a keyword
        /// ends with the pair. A pair in a line followed by another character is no keyword's, and is not compared.
        /// </summary>
        private readonly (ulong Low, ulong High)[] _thirds;
        private readonly string?[] _anchors;

        private PairFilter(string?[] anchors, Dictionary<int, List<(int, int)>> byPair)
        {
            _anchors = anchors;
            _keywords = new (int, int)[byPair.Count][];
            _thirds = new (ulong, ulong)[byPair.Count];
            int next = 0;
            foreach (var (pair, keywords) in byPair)
            {
                _bits[pair >> 6] |= 1UL << pair;
                _keywords[next] = [.. keywords];
                ulong low = 0, high = 0;
                foreach (var (anchor, offset) in keywords)
                {
                    string keyword = anchors[anchor]!;
                    if (offset + 2 == keyword.Length)
                    {
                        (low, high) = (ulong.MaxValue, ulong.MaxValue);
                        break;
                    }

                    int third = Fold(keyword[offset + 2]);
                    if (third < 64)
                    {
                        low |= 1UL << third;
                    }
                    else
                    {
                        high |= 1UL << (third - 64);
                    }
                }

                _thirds[next] = (low, high);
                _slots[pair] = (ushort)++next;
            }
        }

        public static PairFilter? Create(string?[] anchors)
        {
            int count = 0;
            var byPair = new Dictionary<int, List<(int, int)>>();
            for (int i = 0; i < anchors.Length; i++)
            {
                string? anchor = anchors[i];
                if (anchor is null)
                {
                    continue;
                }

                if (anchor.Length < 2 || !System.Text.Ascii.IsValid(anchor))
                {
                    return null;
                }

                count++;
                int best = 0;
                double rarest = double.MaxValue;
                for (int p = 0; p + 1 < anchor.Length; p++)
                {
                    double often = Frequency(anchor[p]) * Frequency(anchor[p + 1]);
                    if (often < rarest)
                    {
                        (best, rarest) = (p, often);
                    }
                }

                int key = PairOf(anchor[best], anchor[best + 1]);
                if (!byPair.TryGetValue(key, out var list))
                {
                    byPair[key] = list = [];
                }

                list.Add((i, best));
            }

            return count < MinKeywords || byPair.Count > ushort.MaxValue ? null : new PairFilter(anchors, byPair);
        }

        private static int PairOf(char first, char second) => (Fold(first) << 7) | Fold(second);

        private static int Fold(char c) => char.IsAsciiLetterUpper(c) ? c | 0x20 : c;

        /// <summary>How often a character comes in log text, roughly (English letter frequencies; digits, as common as vowels in logs, and separators).</summary>
        private static double Frequency(char c) => char.ToLowerInvariant(c) switch
        {
            ' ' => 0.15,
            'e' => 0.10,
            >= '0' and <= '9' => 0.08,
            't' => 0.07,
            'a' or 'o' or 'i' or 'n' => 0.065,
            's' or 'r' or 'h' => 0.055,
            'l' or 'd' or 'c' or 'u' => 0.035,
            'm' or 'f' or 'p' or 'g' or 'w' or 'y' or 'b' or '/' or '.' => 0.02,
            ':' or '-' => 0.015,
            'v' or 'k' or '=' or '"' or '_' => 0.01,
            'x' or 'j' or 'q' or 'z' => 0.002,
            _ => 0.003,
        };

        /// <summary><see cref="AnchorScanner.Scan"/> of ASCII <paramref name="text"/>.</summary>
        public bool Scan(ReadOnlySpan<char> text, Span<bool> found)
        {
            bool any = false;
            if (text.Length < 2)
            {
                return false;
            }

            var bits = _bits;
            int previous = Fold(text[0]);
            for (int i = 1; i < text.Length; i++)
            {
                int current = Fold(text[i]);
                int pair = (previous << 7) | current;
                if ((bits[pair >> 6] & (1UL << pair)) != 0 && MayFollow(pair, text, i + 1))
                {
                    any |= Verify(text, i - 1, pair, found);
                }

                previous = current;
            }

            return any;
        }

        /// <summary>False when the character at <paramref name="next"/> follows the pair in none of its keywords (and none ends with it).</summary>
        private bool MayFollow(int pair, ReadOnlySpan<char> text, int next)
        {
            if (next >= text.Length)
            {
                return true;
            }

            var (low, high) = _thirds[_slots[pair] - 1];
            int third = Fold(text[next]);
            return ((third < 64 ? low >> third : high >> (third - 64)) & 1) != 0;
        }

        private bool Verify(ReadOnlySpan<char> text, int position, int pair, Span<bool> found)
        {
            bool any = false;
            foreach (var (anchor, offset) in _keywords[_slots[pair] - 1])
            {
                int start = position - offset;
                string keyword = _anchors[anchor]!;
                if (start >= 0 && text.Length - start >= keyword.Length
                    && text.Slice(start, keyword.Length).Equals(keyword, StringComparison.OrdinalIgnoreCase))
                {
                    found[anchor] = true;
                    any = true;
                }
            }

            return any;
        }
    }
}
