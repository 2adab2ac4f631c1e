using System.Text;
using System.Text.RegularExpressions;

namespace LogWarden.Store.Embedded;

/// <summary>
/// The longest piece of plain text every match of a regular expression must contain, so that a regex
/// search can skip blocks and lines the way a text search does and run the regex only where the text is.
/// Deliberately simple: a pattern with alternation, or options that change what a literal means, gives
/// nothing (and the regex runs on every line).
/// </summary>
internal static partial class RegexLiteral
{
    [GeneratedRegex(@"\\[xucCk0-9]")]
    private static partial Regex EscapeWithArgument();

    public static string? Required(Regex regex)
    {
        if ((regex.Options & (RegexOptions.IgnorePatternWhitespace | RegexOptions.RightToLeft | RegexOptions.ECMAScript)) != 0)
        {
            return null;
        }
        string pattern = regex.ToString();
        // Alternation, inline options and escapes that run on (\x41, \u0041, \101, \cA, \k<n>) are not followed.
        if (pattern.Contains('|', StringComparison.Ordinal) || pattern.Contains("(?", StringComparison.Ordinal) || EscapeWithArgument().IsMatch(pattern))
        {
            return null;
        }
        string best = "";
        var run = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            char? literal = null;
            if (c == '\\' && i + 1 < pattern.Length)
            {
                char next = pattern[i + 1];
                if (!char.IsAsciiLetterOrDigit(next))
                {
                    literal = next; // \. \[ \( \\ …
                }
                i++;
            }
            else if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (!".*+?^$".Contains(c, StringComparison.Ordinal))
            {
                literal = c;
            }
            bool quantified = i + 1 < pattern.Length && "*?{".Contains(pattern[i + 1], StringComparison.Ordinal);
            if (literal is { } l && depth == 0 && !quantified)
            {
                run.Append(l);
                continue;
            }
            if (run.Length > best.Length)
            {
                best = run.ToString();
            }
            run.Clear();
        }
        if (run.Length > best.Length)
        {
            best = run.ToString();
        }
        return best.Length >= 3 ? best : null;
    }
}
