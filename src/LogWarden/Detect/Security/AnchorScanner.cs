using System.Buffers;

namespace LogWarden.Detect.Security;

/// <summary>
/// Finds which of many literal keywords (any case) occur in a line, in one vectorised pass
/// (<see cref="SearchValues{T}"/> over strings) rather than one regex per rule per line. A rule runs only
/// when one of its anchors was found; a line with none is done after this scan.
/// </summary>
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
    }

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
}
