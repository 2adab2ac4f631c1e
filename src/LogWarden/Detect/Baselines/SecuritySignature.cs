namespace LogWarden.Detect.Baselines;

/// <summary>
/// One shape of security line on a source: a template as written by one program (OpenSSH's
/// "Failed password for …" from <c>sshd</c>), with how often and since when it comes. Rules and
/// scenarios rely on these lines; when one stops while similar new lines appear, they may have gone blind.
/// </summary>
internal sealed class SecuritySignature(TemplateBaseline template, string? program, string kind, long firstSeen)
{
    public TemplateBaseline Template { get; set; } = template;

    public string? Program { get; } = program;

    public string Kind { get; } = kind;

    public long Count;

    public long FirstSeen = firstSeen;

    public long LastSeen = firstSeen;

    /// <summary>Distinct hours with lines (and the latest), to tell a steady shape from occasional bursts.</summary>
    public int ActiveHours;

    public long LastHour = -1;

    /// <summary>Whether its blind spot was raised (until it comes back).</summary>
    public bool Raised;

    public string? Sample;

    public bool Matches(int templateId, string? program) =>
        Template.Id == templateId && string.Equals(Program, program, StringComparison.Ordinal);

    /// <summary>
    /// Similarity of two templates' wording: the share of constant words they have in common (Jaccard
    /// over words without placeholders). "Failed password for &lt;*&gt; from &lt;*&gt;" and
    /// "Failed password for invalid user &lt;*&gt; from &lt;*&gt;" are 0.6 alike.
    /// </summary>
    public static double Similarity(string a, string b)
    {
        var left = ConstantWords(a);
        var right = ConstantWords(b);
        if (left.Count == 0 || right.Count == 0)
        {
            return 0;
        }
        int shared = 0;
        foreach (string word in left)
        {
            if (right.Contains(word))
            {
                shared++;
            }
        }
        return shared / (double)(left.Count + right.Count - shared);
    }

    /// <summary>Programs of one family: equal, or one the other's prefix ("sshd" and "sshd-session").</summary>
    public static bool SameFamily(string? a, string? b) =>
        a is not null && b is not null && a.Length > 0 && b.Length > 0
        && (a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal));

    private static HashSet<string> ConstantWords(string text)
    {
        var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string trimmed = word.Trim(':', ',', ';', '.', '[', ']', '(', ')', '"', '\'');
            if (trimmed.Length > 0 && !trimmed.Contains("<*>", StringComparison.Ordinal))
            {
                words.Add(trimmed);
            }
        }
        return words;
    }
}
