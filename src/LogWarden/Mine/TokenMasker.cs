using System.Buffers;

namespace LogWarden.Mine;

/// <summary>
/// Replaces the variable parts of one whitespace-delimited token with <c>&lt;*&gt;</c>, keeping the constant
/// parts: <c>uid=0</c> → <c>uid=&lt;*&gt;</c>, <c>10.0.0.7:22</c> → <c>&lt;*&gt;:&lt;*&gt;</c>,
/// <c>blk_-6952295868487656571</c> → <c>&lt;*&gt;</c>, <c>node-246</c> → <c>node-&lt;*&gt;</c>.
/// </summary>
/// <remarks>
/// One rule set for every kind of log. The shape of the output follows the template conventions of the
/// corrected LogHub ground truth (Khan et al., ICSE 2022): digits, hex, paths, URLs, host names, e-mail
/// addresses, IPv6/MAC addresses and UUIDs are variables; a variable glued to a word by a delimiter keeps
/// the word (<c>node-&lt;*&gt;</c>); variables joined by dots collapse to one (<c>&lt;*&gt;.&lt;*&gt;</c> →
/// <c>&lt;*&gt;</c>). Words that vary without digits (user names, states) are left to the miner, which
/// generalises a position once it has seen enough different values there.
/// The common case — a word with no digit and none of <c>/ @ : .</c> — is recognised with one vectorised
/// scan and copied as it is.
/// </remarks>
internal static class TokenMasker
{
    public const string Wildcard = "<*>";

    /// <summary>A token with none of these is a word, copied as it is.</summary>
    internal static readonly SearchValues<char> NeedsWork = SearchValues.Create("0123456789/@:.\\");

    // Characters that end a "piece" inside a token. '_' is not one: ids such as attempt_1445_0020_m_000001_0
    // are one piece. '-' is one, so node-246 keeps its constant part.
    private static readonly SearchValues<char> PieceDelimiters = SearchValues.Create(",!;:=|\"'[](){}.-+@#$%&/\\<>*~?^`");

    private static readonly SearchValues<char> SegmentDelimiters = SearchValues.Create("=,;()[]{}\"'<>|");

    // Delimiters of Khan et al.'s path rule: a path is cut out of a token at these.
    private static readonly SearchValues<char> PathDelimiters = SearchValues.Create(",!;:=|\"'[](){}<>");

    // Host names end in a top-level domain; Java packages (org.apache.X) and dotted config keys do not.
    private static readonly HashSet<string> TopLevelDomains = new(StringComparer.OrdinalIgnoreCase)
    {
        "com", "net", "org", "edu", "gov", "mil", "int", "io", "co", "info", "biz", "local", "lan", "internal",
        "arpa", "eu", "us", "uk", "de", "fr", "it", "es", "nl", "be", "ch", "at", "se", "no", "dk", "fi", "pl",
        "cz", "ru", "ua", "cn", "jp", "kr", "tw", "hk", "sg", "in", "au", "nz", "ca", "mx", "br", "ar", "cl",
        "za", "tr", "ir", "il", "vn", "th", "my", "id", "ph", "pk", "ro", "hu", "gr", "pt", "ie", "lt", "lv",
        "ee", "sk", "si", "hr", "rs", "bg", "by", "kz", "me", "tv", "cc", "ws", "xyz", "online", "site", "top",
        "cloud", "dev", "app", "localdomain",
    };

    /// <summary>
    /// Writes the masked form of <paramref name="token"/> into <paramref name="output"/> (which must be at
    /// least <c>token.Length + 3</c> long) and returns its length.
    /// </summary>
    public static int Mask(ReadOnlySpan<char> token, Span<char> output)
    {
        var none = default(NoRanges);
        return Mask(token, output, ref none);
    }

    /// <summary>
    /// <see cref="Mask(ReadOnlySpan{char}, Span{char})"/>, also telling <paramref name="ranges"/> which
    /// range of <paramref name="token"/> each <c>&lt;*&gt;</c> replaced (the store's line encoder keeps those
    /// values). A value-less wildcard, as in <c>()</c> → <c>(&lt;*&gt;)</c>, reports no range. Generic over a
    /// struct so that the miner's path, with <see cref="NoRanges"/>, compiles to the same code as before.
    /// </summary>
    internal static int Mask<TRanges>(ReadOnlySpan<char> token, Span<char> output, ref TRanges ranges)
        where TRanges : struct, IMaskedRanges
    {
        if (token.Length == 2 && IsEmptyPair(token[0], token[1]))
        {
            // "()" where other lines say "(host.example.net)": an empty value, not another template.
            output[0] = token[0];
            Wildcard.AsSpan().CopyTo(output[1..]);
            output[4] = token[1];
            return 5;
        }
        if (token.IndexOfAny(NeedsWork) < 0)
        {
            token.CopyTo(output);
            return token.Length;
        }
        return MaskSlow(token, output, ref ranges);
    }

    /// <summary>
    /// <see cref="Mask(ReadOnlySpan{char}, Span{char})"/> of a token the caller found to hold none of <see cref="NeedsWork"/>:
    /// the same answer without searching the token again.
    /// </summary>
    internal static int MaskWord(ReadOnlySpan<char> token, Span<char> output)
    {
        if (token.Length == 2 && IsEmptyPair(token[0], token[1]))
        {
            output[0] = token[0];
            Wildcard.AsSpan().CopyTo(output[1..]);
            output[4] = token[1];
            return 5;
        }
        token.CopyTo(output);
        return token.Length;
    }

    private static int MaskSlow<TRanges>(ReadOnlySpan<char> token, Span<char> output, ref TRanges ranges)
        where TRanges : struct, IMaskedRanges
    {
        int scheme = token.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            // A URL runs to the end of the token, query string and all; what precedes its scheme is kept.
            int start = scheme;
            while (start > 0 && char.IsAsciiLetter(token[start - 1]))
            {
                start--;
            }
            int end = token.Length;
            while (end > scheme + 3 && token[end - 1] is ')' or ']' or '>' or '\'' or '"' or ',' or ';' or '.')
            {
                end--;
            }
            if (start < scheme)
            {
                int written = start > 0 ? MaskSlow(token[..start], output, ref ranges) : 0;
                written = AppendWildcard(output, written, ref ranges, start, end);
                token[end..].CopyTo(output[written..]);
                return written + token.Length - end;
            }
        }
        // Whole-value kinds (URL, e-mail, host name, IPv6/MAC/UUID, path) are looked for in each segment
        // between brackets, quotes, '=' and ',' — "rhost=5.36.59.76.dsl.example.net", "(10.0.0.1)",
        // "'/var/log/x'" — and the rest is cut into pieces.
        int n = 0;
        int i = 0;
        while (i <= token.Length)
        {
            int rel = token[i..].IndexOfAny(SegmentDelimiters);
            int end = rel < 0 ? token.Length : i + rel;
            ReadOnlySpan<char> segment = token[i..end];
            if (segment.Length > 0)
            {
                if (IsWholeVariable(segment))
                {
                    n = AppendWildcard(output, n, ref ranges, i, end);
                }
                else
                {
                    n += MaskPieces(segment, output[n..], n > 0 ? output[n - 1] : ' ', ref ranges, i);
                }
            }
            if (end >= token.Length)
            {
                break;
            }
            output[n++] = token[end];
            i = end + 1;
        }
        return n;
    }

    private static bool IsEmptyPair(char open, char close) =>
        (open, close) is ('(', ')') or ('[', ']') or ('{', '}') or ('\'', '\'') or ('"', '"');

    private static bool IsWholeVariable(ReadOnlySpan<char> core)
    {
        int at = core.IndexOf('@');
        if (at > 0 && at < core.Length - 1 && IsHostName(core[(at + 1)..], minLabels: 2) && IsMailLocalPart(core[..at]))
        {
            return true; // e-mail address
        }
        if (IsHostName(core) || IsHexGroups(core) || IsPath(core) || IsWindowsPath(core))
        {
            return true;
        }
        return false;
    }

    private static bool IsLetters(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsMailLocalPart(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '+'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>a.b.tld with at least three labels, or two labels when the first has a digit; optional :port.</summary>
    private static bool IsHostName(ReadOnlySpan<char> s, int minLabels = 3)
    {
        int colon = s.LastIndexOf(':');
        if (colon > 0 && IsDigits(s[(colon + 1)..]))
        {
            s = s[..colon];
        }
        if (s.Length > 0 && s[^1] == '.')
        {
            s = s[..^1]; // fully qualified: "example.com."
        }
        int labels = 0;
        int lastDot = -1;
        for (int i = 0; i <= s.Length; i++)
        {
            if (i == s.Length || s[i] == '.')
            {
                int len = i - lastDot - 1;
                if (len == 0)
                {
                    return false;
                }
                labels++;
                lastDot = i;
                continue;
            }
            char c = s[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }
        if (labels < 2)
        {
            return false;
        }
        ReadOnlySpan<char> tld = s[(s.LastIndexOf('.') + 1)..];
        if (!IsLetters(tld))
        {
            return false;
        }
        // Every two-letter label is a country code; longer ones must be known generic TLDs.
        if (!(tld.Length == 2 && !tld.ContainsAnyExceptInRange('a', 'z')) && !TopLevelDomains.GetAlternateLookup<ReadOnlySpan<char>>().Contains(tld))
        {
            return false;
        }
        return labels >= minLabels || s[..s.IndexOf('.')].IndexOfAnyInRange('0', '9') >= 0;
    }

    /// <summary>IPv6 and MAC addresses, UUIDs: hex groups joined by ':' or '-', or a bare hex id.</summary>
    private static bool IsHexGroups(ReadOnlySpan<char> s)
    {
        int colons = 0, dashes = 0, hexLetters = 0, digits = 0;
        bool doubleColon = false;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (char.IsAsciiHexDigit(c))
            {
                hexLetters++;
            }
            else if (c == ':')
            {
                colons++;
                doubleColon |= i > 0 && s[i - 1] == ':';
            }
            else if (c == '-')
            {
                dashes++;
            }
            else if (c == '.' && colons >= 2)
            {
                // IPv4-mapped tail of an IPv6 address (::ffff:10.0.0.1)
            }
            else
            {
                return false;
            }
        }
        if (digits == 0)
        {
            return false;
        }
        if (colons > 0 && dashes > 0)
        {
            return false;
        }
        if (colons >= 2)
        {
            // fe80::1, 00:1a:2b:3c:4d:5e, 0:0:0:0:0:0:0:0:2181; not a time of day such as 15:16:01.
            return doubleColon || hexLetters > 0 || colons >= 5;
        }
        if (dashes >= 3)
        {
            return true; // UUID-like 8-4-4-4-12, WWNs
        }
        if (colons == 0 && dashes == 0)
        {
            // Hashes and hex ids: long, and mixing letters with digits (a plain number is handled by pieces).
            return s.Length >= 8 && hexLetters > 0;
        }
        return false;
    }

    /// <summary>Khan et al.'s path rule: one or more "/segment", nothing else.</summary>
    private static bool IsPath(ReadOnlySpan<char> s)
    {
        if (s.Length < 2 || s[0] != '/' || s.IndexOfAny(PathDelimiters) >= 0)
        {
            return false;
        }
        // ^(/[^/]+)+$ : every segment non-empty.
        return s[^1] != '/' && s.IndexOf("//", StringComparison.Ordinal) < 0;
    }

    /// <summary>C:\Windows\winsxs\…, \\server\share\….</summary>
    private static bool IsWindowsPath(ReadOnlySpan<char> s) =>
        s.Length >= 4 && (char.IsAsciiLetter(s[0]) && s[1] == ':' && s[2] == '\\' || s[0] == '\\' && s[1] == '\\' && char.IsAsciiLetterOrDigit(s[2]));

    private static bool IsDigits(ReadOnlySpan<char> s) => s.Length > 0 && !s.ContainsAnyExceptInRange('0', '9');

    /// <summary>Cuts the token at delimiters and masks each piece that is a number or an id.</summary>
    /// <param name="origin">Where <paramref name="token"/> starts in the token whose ranges are reported.</param>
    private static int MaskPieces<TRanges>(ReadOnlySpan<char> token, Span<char> output, char before, ref TRanges ranges, int origin)
        where TRanges : struct, IMaskedRanges
    {
        int n = 0;
        int i = 0;
        while (i < token.Length)
        {
            int rel = token[i..].IndexOfAny(PieceDelimiters);
            int pieceEnd = rel < 0 ? token.Length : i + rel;
            // "blk_-123": an underscore followed by a minus sign belongs to the id.
            while (pieceEnd + 1 < token.Length && token[pieceEnd] == '-' && pieceEnd > i && token[pieceEnd - 1] == '_')
            {
                int more = token[(pieceEnd + 1)..].IndexOfAny(PieceDelimiters);
                pieceEnd = more < 0 ? token.Length : pieceEnd + 1 + more;
            }
            ReadOnlySpan<char> piece = token[i..pieceEnd];
            if (piece.Length > 0)
            {
                if (IsVariablePiece(piece))
                {
                    // A sign directly before a number belongs to it when nothing word-like precedes the sign.
                    char beforeSign = n >= 2 ? output[n - 2] : before;
                    int start = i;
                    if (n > 0 && output[n - 1] is '-' or '+' && !char.IsAsciiLetterOrDigit(beforeSign) && beforeSign is not '_' and not '>')
                    {
                        n--;
                        start--;
                    }
                    n = AppendWildcard(output, n, ref ranges, origin + start, origin + pieceEnd);
                }
                else
                {
                    piece.CopyTo(output[n..]);
                    n += piece.Length;
                }
            }
            if (pieceEnd < token.Length)
            {
                output[n++] = token[pieceEnd];
            }
            i = pieceEnd + 1;
        }
        return n;
    }

    /// <summary>
    /// Appends &lt;*&gt; for token[start..end), collapsing "&lt;*&gt;.&lt;*&gt;" and "&lt;*&gt;&lt;*&gt;" into one
    /// (whose range then runs on to <paramref name="end"/>: nothing but the '.' lies between the two).
    /// </summary>
    private static int AppendWildcard<TRanges>(Span<char> output, int n, ref TRanges ranges, int start, int end)
        where TRanges : struct, IMaskedRanges
    {
        if (n >= 3 && output[(n - 3)..n].SequenceEqual(Wildcard))
        {
            ranges.Extend(end);
            return n;
        }
        if (n >= 4 && output[n - 1] == '.' && output[(n - 4)..(n - 1)].SequenceEqual(Wildcard))
        {
            ranges.Extend(end);
            return n - 1;
        }
        ranges.Add(start, end);
        Wildcard.AsSpan().CopyTo(output[n..]);
        return n + 3;
    }

    private static readonly HashSet<string> Units = new(StringComparer.Ordinal)
    {
        "ns", "us", "µs", "ms", "s", "sec", "secs", "m", "min", "mins", "h", "hr", "hrs", "d", "w",
        "b", "B", "k", "K", "KB", "kB", "KiB", "M", "MB", "MiB", "G", "GB", "GiB", "T", "TB", "TiB", "bytes",
    };

    private static bool IsNumberWithUnit(ReadOnlySpan<char> piece)
    {
        int digits = 0;
        while (digits < piece.Length && char.IsAsciiDigit(piece[digits]))
        {
            digits++;
        }
        return digits > 0 && digits < piece.Length && Units.GetAlternateLookup<ReadOnlySpan<char>>().Contains(piece[digits..]);
    }

    private static bool IsVariablePiece(ReadOnlySpan<char> piece)
    {
        int digits = 0, letters = 0, hexLetters = 0;
        bool underscore = false;
        foreach (char c in piece)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (char.IsAsciiLetter(c))
            {
                letters++;
                if (char.IsAsciiHexDigit(c))
                {
                    hexLetters++;
                }
            }
            else if (c == '_')
            {
                underscore = true;
            }
        }
        if (digits == 0)
        {
            return false;
        }
        if (digits == piece.Length)
        {
            return true;
        }
        if (piece.Length > 2 && piece[0] == '0' && (piece[1] | 0x20) == 'x' && letters - 1 == hexLetters)
        {
            return true; // 0x1f
        }
        if (underscore)
        {
            return true; // attempt_1445144423722_0020_m_000001_0, rdd_2_1
        }
        if (letters == hexLetters && piece.Length >= 8)
        {
            return true; // 00c6a3f2…, hashes
        }
        if (IsNumberWithUnit(piece))
        {
            return true; // 15ms, 2s, 512MB
        }
        // Mostly digits: 123ms, 15s, n219076184117, but not ssh2, alt0, sha256, x86_64's parts.
        return digits > letters;
    }
}

/// <summary>Receives, token by token, the ranges that <see cref="TokenMasker"/> replaced with a wildcard.</summary>
internal interface IMaskedRanges
{
    /// <summary>A new wildcard stands for token[start..end).</summary>
    void Add(int start, int end);

    /// <summary>The last wildcard absorbed more of the token and now ends at <paramref name="end"/>.</summary>
    void Extend(int end);
}

/// <summary>The miner's sink: ranges are not wanted, and the empty calls vanish when the JIT specialises.</summary>
internal struct NoRanges : IMaskedRanges
{
    public readonly void Add(int start, int end)
    {
    }

    public readonly void Extend(int end)
    {
    }
}
