namespace LogWarden.Detect.Rules;

/// <summary>Shell-style name patterns for rules (<c>postgres*</c>, <c>*.service</c>, <c>su?</c>), any case.</summary>
internal static class Glob
{
    public static bool IsMatch(string glob, string text) => IsMatch(glob.AsSpan(), text.AsSpan());

    /// <summary>Iterative matching with one backtrack point per '*' (linear in practice, never exponential).</summary>
    public static bool IsMatch(ReadOnlySpan<char> glob, ReadOnlySpan<char> text)
    {
        int g = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (g < glob.Length && (glob[g] == '?' || char.ToLowerInvariant(glob[g]) == char.ToLowerInvariant(text[t])))
            {
                g++;
                t++;
            }
            else if (g < glob.Length && glob[g] == '*')
            {
                star = g++;
                resume = t;
            }
            else if (star >= 0)
            {
                g = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (g < glob.Length && glob[g] == '*')
        {
            g++;
        }

        return g == glob.Length;
    }
}
