using System.Text.RegularExpressions;

namespace LogWarden.Store.Embedded;

/// <summary>
/// Plain texts of which every match of a regular expression must contain at least one, so that a regex search
/// can skip blocks and lines the way a text search does and run the regex only where one of the texts is:
/// <c>user (root|admin)</c> needs "user root" or "user admin", <c>invalid user \w+ from</c> needs " from"
/// (the longest plain run). A small walk over the pattern in the manner of RE2's prefilter: each piece knows
/// the strings it matches exactly when they are few, and the texts one of which its matches contain;
/// concatenation multiplies exact sets, alternation unions them. Anything it does not follow — inline options,
/// lookarounds, back-references, escapes that run on (\x41, \u0041, \101, \cA) — gives nothing, and the regex
/// runs on every line; options that change what a literal means (ignored whitespace, right to left,
/// ECMAScript) likewise.
/// </summary>
internal static class RegexLiteral
{
    /// <summary>Most alternatives kept: beyond it a prefilter costs more than it saves.</summary>
    private const int MaxAlternatives = 16;

    /// <summary>\t, \n, … and the characters they stand for.</summary>
    private const string ControlEscapes = "tnrfvea";
    private const string ControlCharacters = "\t\n\r\f\v\u001B\a";

    /// <summary>Shorter texts match too much to rule anything out.</summary>
    private const int MinLength = 3;

    /// <summary>What a piece of a pattern is known to match.</summary>
    /// <param name="Exact">Every string the piece can match, when they are few (null: not known).</param>
    /// <param name="Required">Texts one of which every match contains (null: none known).</param>
    private sealed record Facts(string[]? Exact, string[]? Required)
    {
        public static readonly Facts Unknown = new(null, null);
        public static readonly Facts Empty = new([""], null);

        public static Facts Literal(string text) => new([text], [text]);
    }

    /// <summary>The one text every match contains (at least 3 characters), or null (none, or only a choice of several).</summary>
    public static string? Required(Regex regex) => RequiredAny(regex) is [string one] ? one : null;

    /// <summary>The texts one of which every match contains (each at least 3 characters), or null when there are none to use.</summary>
    public static string[]? RequiredAny(Regex regex)
    {
        if ((regex.Options & (RegexOptions.IgnorePatternWhitespace | RegexOptions.RightToLeft | RegexOptions.ECMAScript)) != 0)
        {
            return null;
        }
        var parser = new Parser(regex.ToString());
        Facts? facts = parser.Alternation();
        if (facts is null || !parser.AtEnd || Best(facts.Required, facts.Exact) is not { } texts || Score(texts) < MinLength)
        {
            return null;
        }
        return texts;
    }

    /// <summary>The shortest text of a set: what the set is worth as a filter (0 when it is empty or holds "").</summary>
    private static int Score(string[]? texts) => texts is null || texts.Length == 0 ? 0 : texts.Min(t => t.Length);

    private static string[]? Best(params string[]?[] candidates)
    {
        string[]? best = null;
        foreach (string[]? candidate in candidates)
        {
            if (candidate is null || candidate.Length > MaxAlternatives)
            {
                continue;
            }
            if (best is null || Score(candidate) > Score(best) || (Score(candidate) == Score(best) && candidate.Length < best.Length))
            {
                best = candidate;
            }
        }
        return best is not null && Score(best) > 0 ? best : null;
    }

    private static Facts Concatenate(Facts left, Facts right)
    {
        string[]? exact = null;
        if (left.Exact is { } a && right.Exact is { } b && (long)a.Length * b.Length <= MaxAlternatives)
        {
            exact = Product(a, b);
        }
        return new Facts(exact, Best(exact, left.Required, right.Required));
    }

    private static string[] Product(string[] left, string[] right) =>
        [.. left.SelectMany(x => right.Select(y => x + y)).Distinct(StringComparer.Ordinal)];

    private static Facts Alternate(List<Facts> branches)
    {
        string[]? exact = branches.All(b => b.Exact is not null)
            ? [.. branches.SelectMany(b => b.Exact!).Distinct(StringComparer.Ordinal)]
            : null;
        if (exact is { Length: > MaxAlternatives })
        {
            exact = null;
        }
        // Every match is a match of one branch, so it holds one of that branch's texts.
        string[]? required = null;
        if (branches.All(b => Best(b.Required, b.Exact) is not null))
        {
            required = [.. branches.SelectMany(b => Best(b.Required, b.Exact)!).Distinct(StringComparer.Ordinal)];
        }
        return new Facts(exact, Best(exact, required));
    }

    /// <summary>Recursive descent over .NET's pattern syntax; null from any rule means "give up".</summary>
    private sealed class Parser(string pattern)
    {
        private int _position;

        public bool AtEnd => _position == pattern.Length;

        public Facts? Alternation()
        {
            var branches = new List<Facts>();
            while (true)
            {
                Facts? branch = Sequence();
                if (branch is null)
                {
                    return null;
                }
                branches.Add(branch);
                if (_position < pattern.Length && pattern[_position] == '|')
                {
                    _position++;
                    continue;
                }
                return branches.Count == 1 ? branches[0] : Alternate(branches);
            }
        }

        /// <summary>
        /// A concatenation. The exact strings of the pieces since the last one without any are multiplied out as a
        /// run (in <c>invalid user \w+ from</c>, "invalid user " and then " from"); what came before the run is
        /// folded in when the run ends.
        /// </summary>
        private Facts? Sequence()
        {
            Facts before = Facts.Empty;
            string[] run = [""];
            while (_position < pattern.Length && pattern[_position] is not ('|' or ')'))
            {
                Facts? atom = Atom();
                Facts? piece = atom is null ? null : Quantified(atom);
                if (piece is null)
                {
                    return null;
                }
                if (piece.Exact is { } exact && (long)run.Length * exact.Length <= MaxAlternatives)
                {
                    run = Product(run, exact);
                    continue;
                }
                before = Concatenate(before, new Facts(run, run));
                if (piece.Exact is { } fresh)
                {
                    run = fresh;
                }
                else
                {
                    before = Concatenate(before, piece);
                    run = [""];
                }
            }
            return Concatenate(before, new Facts(run, run));
        }

        private Facts? Atom()
        {
            char c = pattern[_position++];
            switch (c)
            {
                case '(':
                    if (_position < pattern.Length && pattern[_position] == '?')
                    {
                        // (?:…) and named groups are followed; options, lookarounds, conditionals and atomic groups are not.
                        if (Next(":"))
                        {
                            _position += 2;
                        }
                        else if ((Next("<") || Next("'")) && _position + 2 < pattern.Length && char.IsAsciiLetter(pattern[_position + 2]))
                        {
                            int close = pattern.IndexOf(pattern[_position + 1] == '<' ? '>' : '\'', _position + 2);
                            if (close < 0)
                            {
                                return null;
                            }
                            _position = close + 1;
                        }
                        else
                        {
                            return null;
                        }
                    }
                    Facts? inner = Alternation();
                    if (inner is null || _position >= pattern.Length || pattern[_position] != ')')
                    {
                        return null;
                    }
                    _position++;
                    return inner;
                case '[':
                    return SkipClass() ? Facts.Unknown : null;
                case '.':
                    return Facts.Unknown;
                case '^' or '$':
                    return Facts.Empty;
                case '\\':
                    return Escape();
                case '*' or '+' or '?' or ')':
                    return null; // a quantifier with nothing before it: leave it to the regex
                default:
                    return Facts.Literal(c.ToString());
            }
        }

        private bool Next(string text) => string.CompareOrdinal(pattern, _position + 1, text, 0, text.Length) == 0;

        private Facts? Escape()
        {
            if (_position >= pattern.Length)
            {
                return null;
            }
            char c = pattern[_position++];
            switch (c)
            {
                case 'b' or 'B' or 'A' or 'z' or 'Z' or 'G':
                    return Facts.Empty;
                case 'd' or 'D' or 'w' or 'W' or 's' or 'S':
                    return Facts.Unknown;
                case 'p' or 'P':
                    int close = _position < pattern.Length && pattern[_position] == '{' ? pattern.IndexOf('}', _position) : -1;
                    if (close < 0)
                    {
                        return null;
                    }
                    _position = close + 1;
                    return Facts.Unknown;
                default:
                    int control = ControlEscapes.IndexOf(c, StringComparison.Ordinal);
                    // \. \[ \( \\ …; letters and digits with other meanings (\x41, \k<n>, \1) are not followed.
                    return control >= 0 ? Facts.Literal(ControlCharacters[control].ToString())
                        : char.IsAsciiLetterOrDigit(c) ? null : Facts.Literal(c.ToString());
            }
        }

        /// <summary>Skips a character class (its closing bracket; a ']' first in it, escapes and subtractions included).</summary>
        private bool SkipClass()
        {
            if (_position < pattern.Length && pattern[_position] == '^')
            {
                _position++;
            }
            if (_position < pattern.Length && pattern[_position] == ']')
            {
                _position++;
            }
            int depth = 1;
            while (_position < pattern.Length)
            {
                char c = pattern[_position++];
                if (c == '\\')
                {
                    _position++;
                }
                else if (c == '[')
                {
                    depth++; // a subtraction: [a-z-[aeiou]]
                }
                else if (c == ']' && --depth == 0)
                {
                    return true;
                }
            }
            return false;
        }

        private Facts? Quantified(Facts atom)
        {
            if (_position >= pattern.Length)
            {
                return atom;
            }
            int min;
            char c = pattern[_position];
            if (c is '*' or '?')
            {
                min = 0;
                _position++;
            }
            else if (c == '+')
            {
                min = 1;
                _position++;
            }
            else if (c == '{' && Repetition() is { } repetition)
            {
                min = repetition;
            }
            else
            {
                return atom;
            }
            if (_position < pattern.Length && pattern[_position] is '?' or '+' or '*' or '{')
            {
                if (pattern[_position] != '?')
                {
                    return null; // a quantifier on a quantifier: an error the regex reports, or something rarer
                }
                _position++; // lazy: matches the same strings
            }
            // Repeated at least once, a match holds what the atom's matches hold; maybe never, nothing is known.
            return min >= 1 ? new Facts(null, Best(atom.Required, atom.Exact)) : Facts.Unknown;
        }

        /// <summary>{n}, {n,} or {n,m} at the position: n (and moves past it); null when the brace is a plain '{'.</summary>
        private int? Repetition()
        {
            int end = pattern.IndexOf('}', _position);
            if (end < 0)
            {
                return null;
            }
            string body = pattern[(_position + 1)..end];
            string[] parts = body.Split(',');
            if (parts.Length > 2 || parts[0].Length == 0 || !parts[0].All(char.IsAsciiDigit) || (parts.Length == 2 && !parts[1].All(char.IsAsciiDigit))
                || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int min))
            {
                return null;
            }
            _position = end + 1;
            return min;
        }
    }
}
