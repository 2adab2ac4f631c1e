using System.Text;

namespace LogWarden.Detect.Security;

/// <summary>
/// Finds literal text that every match of a regular expression must contain, so a rule can be skipped
/// by one keyword scan over the line instead of running its regex (the scan looks for all rules'
/// literals at once). Conservative: when in doubt it answers null ("no literal is certain") and the rule
/// runs on every line its other filters let through. Case is ignored, as the keyword scan ignores it.
/// </summary>
/// <remarks>
/// A pattern yields one literal per top-level alternative (any of them must occur); within an
/// alternative, the longest run of plain characters that no quantifier makes optional, or the literals of
/// a group that must match, whichever has the longer shortest literal. Escaped punctuation counts as
/// plain text; classes, <c>.</c>, anchors, escapes such as <c>\d</c>, backreferences and lookarounds end
/// a run. Patterns with the ignore-whitespace option are not analysed.
/// </remarks>
internal static class RegexLiterals
{
    /// <summary>Shorter literals hit too many lines to be worth scanning for.</summary>
    public const int MinLength = 3;

    /// <summary>Literals one of which occurs in every match, or null when none can be named for certain.</summary>
    /// <param name="minLength">The shortest literal worth naming (a prefilter of a costly regex may take single characters).</param>
    public static string[]? Required(string pattern, int minLength = MinLength)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (UsesIgnoreWhitespace(pattern))
        {
            return null;
        }

        var literals = Alternation(pattern, minLength);
        if (literals is null)
        {
            return null;
        }

        var distinct = new List<string>();
        foreach (string literal in literals)
        {
            if (!distinct.Exists(d => d.Equals(literal, StringComparison.OrdinalIgnoreCase)))
            {
                distinct.Add(literal);
            }
        }

        return [.. distinct];
    }

    /// <summary>The literals of an alternation: one per branch, or null when a branch has none.</summary>
    private static List<string>? Alternation(string pattern, int minLength)
    {
        var result = new List<string>();
        foreach (string branch in SplitTopLevel(pattern))
        {
            var literals = Branch(branch, minLength);
            if (literals is null)
            {
                return null;
            }

            result.AddRange(literals);
        }

        return result;
    }

    /// <summary>The best required literals of one branch (a sequence without top-level '|').</summary>
    private static List<string>? Branch(string branch, int minLength)
    {
        List<string>? best = null;
        var run = new StringBuilder();

        void Consider(List<string>? candidate)
        {
            if (candidate is null || candidate.Count == 0 || candidate.Exists(c => c.Length < minLength))
            {
                return;
            }

            int weight = Weakest(candidate, minLength), bestWeight = best is null ? 0 : Weakest(best, minLength);
            if (best is null || weight > bestWeight || (weight == bestWeight && candidate.Count < best.Count))
            {
                best = candidate;
            }
        }

        void EndRun()
        {
            if (run.Length > 0)
            {
                Consider([run.ToString()]);
                run.Clear();
            }
        }

        int i = 0;
        while (i < branch.Length)
        {
            char c = branch[i];
            switch (c)
            {
                case '(':
                    {
                        int close = MatchingParen(branch, i);
                        if (close < 0)
                        {
                            return best;
                        }

                        string inner = branch[(i + 1)..close];
                        i = close + 1;
                        var quantifier = ReadQuantifier(branch, ref i);
                        EndRun();
                        if (quantifier != Quantifier.Optional && GroupContent(inner) is { } content)
                        {
                            Consider(Alternation(content, minLength));
                        }

                        break;
                    }

                case '[':
                    i = SkipClass(branch, i);
                    ReadQuantifier(branch, ref i);
                    EndRun();
                    break;

                case '\\':
                    {
                        char? literal = EscapedLiteral(branch, ref i);
                        var quantifier = ReadQuantifier(branch, ref i);
                        if (literal is null)
                        {
                            EndRun();
                        }
                        else
                        {
                            Append(literal.Value, quantifier);
                        }

                        break;
                    }

                case '.' or '^' or '$':
                    i++;
                    ReadQuantifier(branch, ref i);
                    EndRun();
                    break;

                default:
                    {
                        i++;
                        var quantifier = ReadQuantifier(branch, ref i);
                        Append(c, quantifier);
                        break;
                    }
            }
        }

        EndRun();
        return best;

        void Append(char literal, Quantifier quantifier)
        {
            switch (quantifier)
            {
                case Quantifier.None:
                    run.Append(literal);
                    break;
                case Quantifier.Optional:
                    EndRun();
                    break;
                default:
                    // Required, maybe repeated: it ends the run before it and starts the next ("x+abc" always holds "xabc").
                    run.Append(literal);
                    EndRun();
                    run.Append(literal);
                    break;
            }
        }
    }

    /// <summary>
    /// How selective the least selective of <paramref name="literals"/> is: its length, or, for a prefilter that takes
    /// literals shorter than <see cref="MinLength"/>, a weight in which punctuation counts two and a half letters. Short
    /// words are in many texts ("or" in "/orders", "sh" in "?q=shoes", "GET" in "widget"), a quote, a ';' or a "$_" in few,
    /// so SQL injection's "'…or" is looked for by its quote and "$_GET" by its "$_".
    /// </summary>
    private static int Weakest(List<string> literals, int minLength)
    {
        int weakest = int.MaxValue;
        foreach (string literal in literals)
        {
            int weight = literal.Length;
            if (minLength < MinLength)
            {
                weight = 0;
                foreach (char c in literal)
                {
                    weight += char.IsAsciiLetterOrDigit(c) ? 2 : 5;
                }
            }

            weakest = Math.Min(weakest, weight);
        }

        return weakest;
    }

    private enum Quantifier
    {
        None,
        Optional,
        AtLeastOnce,
    }

    private static Quantifier ReadQuantifier(string s, ref int i)
    {
        if (i >= s.Length)
        {
            return Quantifier.None;
        }

        Quantifier result;
        switch (s[i])
        {
            case '?' or '*':
                result = Quantifier.Optional;
                i++;
                break;
            case '+':
                result = Quantifier.AtLeastOnce;
                i++;
                break;
            case '{':
                {
                    int close = s.IndexOf('}', i);
                    var body = close < 0 ? default : s.AsSpan(i + 1, close - i - 1);
                    int comma = body.IndexOf(',');
                    var low = comma < 0 ? body : body[..comma];
                    if (close < 0 || low.Length == 0 || !int.TryParse(low, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int min))
                    {
                        return Quantifier.None; // a literal '{'
                    }

                    result = min == 0 ? Quantifier.Optional : Quantifier.AtLeastOnce;
                    i = close + 1;
                    break;
                }

            default:
                return Quantifier.None;
        }

        if (i < s.Length && (s[i] == '?' || s[i] == '+'))
        {
            i++; // lazy or possessive modifier
        }

        return result;
    }

    /// <summary>The character an escape stands for when it is plain text; null for classes, anchors and references.</summary>
    private static char? EscapedLiteral(string s, ref int i)
    {
        if (i + 1 >= s.Length)
        {
            i++;
            return null;
        }

        char e = s[i + 1];
        i += 2;
        if (!char.IsAsciiLetterOrDigit(e))
        {
            return e;
        }

        switch (e)
        {
            case 'p' or 'P' when i < s.Length && s[i] == '{':
                i = Math.Max(i, s.IndexOf('}', i) + 1);
                break;
            case 'k' when i < s.Length && (s[i] == '<' || s[i] == '\''):
                i = Math.Max(i, s.IndexOfAny(['>', '\''], i + 1) + 1);
                break;
            case 'x':
                i = Math.Min(s.Length, i + 2);
                break;
            case 'u':
                i = Math.Min(s.Length, i + 4);
                break;
            case 'c':
                i = Math.Min(s.Length, i + 1);
                break;
            case >= '0' and <= '9':
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }

                break;
        }

        return null;
    }

    /// <summary>The content of a group that consumes text, or null for lookarounds, conditionals and option switches.</summary>
    private static string? GroupContent(string inner)
    {
        if (inner.Length == 0 || inner[0] != '?')
        {
            return inner;
        }

        if (inner.StartsWith("?:", StringComparison.Ordinal) || inner.StartsWith("?>", StringComparison.Ordinal))
        {
            return inner[2..];
        }

        if (inner.StartsWith("?<=", StringComparison.Ordinal) || inner.StartsWith("?<!", StringComparison.Ordinal)
            || inner.StartsWith("?=", StringComparison.Ordinal) || inner.StartsWith("?!", StringComparison.Ordinal) || inner.StartsWith("?(", StringComparison.Ordinal))
        {
            return null;
        }

        if (inner.StartsWith("?<", StringComparison.Ordinal) || inner.StartsWith("?'", StringComparison.Ordinal))
        {
            int end = inner.IndexOfAny(['>', '\''], 2);
            return end < 0 ? null : inner[(end + 1)..];
        }

        // (?imn-s:...) scoped options, or (?i) for the rest of the enclosing group: treat as opaque.
        int colon = inner.IndexOf(':');
        return colon > 0 && inner[1..colon].All(ch => ch is 'i' or 'm' or 'n' or 's' or '-') ? inner[(colon + 1)..] : null;
    }

    private static bool UsesIgnoreWhitespace(string pattern)
    {
        for (int i = pattern.IndexOf("(?", StringComparison.Ordinal); i >= 0; i = pattern.IndexOf("(?", i + 2, StringComparison.Ordinal))
        {
            int j = i + 2;
            while (j < pattern.Length && pattern[j] is 'i' or 'm' or 'n' or 's' or 'x' or '-')
            {
                if (pattern[j] == 'x')
                {
                    return true;
                }

                j++;
            }
        }

        return false;
    }

    /// <summary>The branches of <paramref name="pattern"/>'s top-level '|' (outside escapes, classes and groups).</summary>
    internal static List<string> SplitTopLevel(string pattern)
    {
        var branches = new List<string>();
        int start = 0;
        for (int i = 0, depth = 0; NextStructural(pattern, ref i, ref depth) is { } c; i++)
        {
            if (c == '|' && depth == 0)
            {
                branches.Add(pattern[start..i]);
                start = i + 1;
            }
        }

        branches.Add(pattern[start..]);
        return branches;
    }

    /// <summary>
    /// Moves <paramref name="i"/> to the next character outside escapes and classes and returns it (null at the
    /// end), keeping <paramref name="depth"/> the group depth after it: the walk both splitting and paren matching need.
    /// </summary>
    private static char? NextStructural(string s, ref int i, ref int depth)
    {
        while (i < s.Length)
        {
            switch (s[i])
            {
                case '\\':
                    i += 2;
                    continue;
                case '[':
                    i = SkipClass(s, i);
                    continue;
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
            }

            return s[i];
        }

        return null;
    }

    /// <summary>The index just after the class that opens at <paramref name="open"/>.</summary>
    private static int SkipClass(string s, int open)
    {
        int i = open + 1;
        if (i < s.Length && s[i] == '^')
        {
            i++;
        }

        if (i < s.Length && s[i] == ']')
        {
            i++;
        }

        for (; i < s.Length; i++)
        {
            if (s[i] == '\\')
            {
                i++;
            }
            else if (s[i] == '-' && i + 1 < s.Length && s[i + 1] == '[')
            {
                i = SkipClass(s, i + 1) - 1; // class subtraction: [a-z-[aeiou]]
            }
            else if (s[i] == ']')
            {
                return i + 1;
            }
        }

        return s.Length;
    }

    private static int MatchingParen(string s, int open)
    {
        for (int i = open, depth = 0; NextStructural(s, ref i, ref depth) is { } c; i++)
        {
            if (c == ')' && depth == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
