using System.Text;

namespace LogWarden.Store.Embedded;

/// <summary>
/// Finds a piece of text in UTF-8 bytes without decoding them: exactly, or ignoring the case of ASCII
/// letters (a query with non-ASCII letters and ignored case is matched on decoded text instead, see
/// <see cref="TryCreate"/>). Candidates are found with a vectorised search for the needle's rarest byte
/// (both cases of it), then compared in place.
/// </summary>
internal sealed class Utf8Substring
{
    private readonly byte[] _needle;
    private readonly bool _ignoreCase;
    private readonly int _anchor;
    private readonly byte _anchorLower;
    private readonly byte _anchorUpper;

    private Utf8Substring(byte[] needle, bool ignoreCase)
    {
        _needle = needle;
        _ignoreCase = ignoreCase;
        _anchor = RarestByte(needle);
        _anchorLower = ToLower(needle[_anchor]);
        _anchorUpper = ToUpper(needle[_anchor]);
    }

    public ReadOnlySpan<byte> Needle => _needle;

    public int Length => _needle.Length;

    /// <summary>
    /// A matcher for <paramref name="text"/>, or null when it cannot work on bytes: case ignored and a
    /// non-ASCII letter in the text (Unicode case folding needs the decoded text). Empty text matches all.
    /// </summary>
    public static Utf8Substring? TryCreate(string text, bool matchCase)
    {
        if (text.Length == 0)
        {
            return null;
        }
        bool ascii = Ascii.IsValid(text);
        if (!matchCase && !ascii && text.Any(char.IsLetter))
        {
            return null;
        }
        bool hasLetter = ascii && text.Any(char.IsAsciiLetter);
        return new Utf8Substring(Encoding.UTF8.GetBytes(text), ignoreCase: !matchCase && hasLetter);
    }

    public bool IsMatch(ReadOnlySpan<byte> haystack) => IndexOf(haystack) >= 0;

    public int IndexOf(ReadOnlySpan<byte> haystack)
    {
        if (!_ignoreCase)
        {
            return haystack.IndexOf(_needle);
        }
        int m = _needle.Length;
        int last = haystack.Length - m; // last possible start
        int from = 0;
        while (from <= last)
        {
            ReadOnlySpan<byte> window = haystack.Slice(from + _anchor, last - from + 1);
            int rel = _anchorLower == _anchorUpper ? window.IndexOf(_anchorLower) : window.IndexOfAny(_anchorLower, _anchorUpper);
            if (rel < 0)
            {
                return -1;
            }
            int start = from + rel;
            if (Ascii.EqualsIgnoreCase(haystack.Slice(start, m), _needle))
            {
                return start;
            }
            from = start + 1;
        }
        return -1;
    }

    /// <summary>Whether <paramref name="text"/> equals the needle's bytes [start, start + text.Length).</summary>
    public bool EqualsPart(ReadOnlySpan<byte> text, int start) =>
        _ignoreCase ? Ascii.EqualsIgnoreCase(text, _needle.AsSpan(start, text.Length)) : text.SequenceEqual(_needle.AsSpan(start, text.Length));

    /// <summary>True when every byte of the needle could occur in a stored integer ("-", digits).</summary>
    public bool CouldBeInsideInteger()
    {
        foreach (byte b in _needle)
        {
            if (!(char.IsAsciiDigit((char)b) || b == '-'))
            {
                return false;
            }
        }
        return true;
    }

    private static byte ToLower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;

    private static byte ToUpper(byte b) => b is >= (byte)'a' and <= (byte)'z' ? (byte)(b & ~0x20) : b;

    /// <summary>Roughly how common a byte is in log text: lower is rarer, a better place to start looking.</summary>
    private static int Commonness(byte b)
    {
        byte c = ToLower(b);
        return c switch
        {
            (byte)' ' => 100,
            (byte)'e' or (byte)'t' or (byte)'a' or (byte)'o' or (byte)'i' or (byte)'n' or (byte)'s' or (byte)'r' => 60,
            (byte)'0' or (byte)'1' or (byte)'2' => 55,
            >= (byte)'3' and <= (byte)'9' => 45,
            (byte)'l' or (byte)'c' or (byte)'d' or (byte)'u' or (byte)'h' or (byte)'m' or (byte)'p' => 40,
            (byte)'.' or (byte)':' or (byte)'/' or (byte)'-' or (byte)'=' => 35,
            (byte)'g' or (byte)'f' or (byte)'b' or (byte)'y' or (byte)'w' or (byte)'v' or (byte)'k' => 25,
            (byte)'x' or (byte)'j' or (byte)'q' or (byte)'z' => 10,
            _ => 15,
        };
    }

    private static int RarestByte(ReadOnlySpan<byte> needle)
    {
        int best = 0;
        for (int i = 1; i < needle.Length; i++)
        {
            if (Commonness(needle[i]) < Commonness(needle[best]))
            {
                best = i;
            }
        }
        return best;
    }
}
