using LogWarden.Mine;

namespace LogWarden.Detect.Baselines;

/// <summary>
/// Templates of one source that are one message the miner kept apart: the same number of words and the same first
/// <see cref="PrefixWords"/> words (<c>lame server resolving 'ns.example' (in 'a.example'?): &lt;*&gt;</c> and the same with
/// other quoted names, which the miner keeps as words because each repeats). Counted together, for spikes only: each
/// template alone may stay under its spike threshold while the message as a whole runs at fifteen times its rate.
/// A family's spike is raised only as a warning (strong and sustained, as a plain template's), and only while none of
/// its templates is in a spike episode of its own (that template's finding tells it).
/// </summary>
internal sealed class TemplateFamily
{
    /// <summary>Words the templates of a family share from their start.</summary>
    public const int PrefixWords = 4;

    /// <summary>Fewer words than this make no family: a short message's first words are most of it.</summary>
    public const int MinWords = 6;

    public TemplateFamily(ulong key, SourceBaseline source, SpikeRule rule, long firstSeen, string prefix)
    {
        Key = key;
        Source = source;
        Counts = new CountBaseline(rule);
        FirstSeen = firstSeen;
        Prefix = prefix;
    }

    public ulong Key { get; }

    /// <summary>The source whose templates these are (a family empty of templates leaves it).</summary>
    public SourceBaseline Source { get; }

    public CountBaseline Counts { get; }

    /// <summary>The latest lines' times while the family's rate runs hot (null otherwise), as a template's.</summary>
    public RateHold? Hold;

    public long FirstSeen { get; }

    /// <summary>The shared first words, for titles ("lame-servers: info: lame server").</summary>
    public string Prefix { get; }

    /// <summary>The source's templates in the family now (evicted and merged ones leave).</summary>
    public List<TemplateBaseline> Members { get; } = [];

    /// <summary>The minute its spike was last judged (once a minute while it is over its threshold and not yet a warning).</summary>
    public long JudgedMinute = -1;

    /// <summary>The entities of the current spike episode (fixed at its first raise).</summary>
    public Dictionary<string, string>? SpikeEntities;

    /// <summary>
    /// The family of a template's text: its word count and first <see cref="PrefixWords"/> words, none of them a
    /// variable; null for a template too short, or whose first words hold a variable (its prefix says too little).
    /// </summary>
    public static ulong? KeyOf(string text, out string prefix)
    {
        prefix = "";
        var span = text.AsSpan().Trim(' ');
        int words = 0, prefixEnd = -1;
        bool inWord = false;
        for (int i = 0; i < span.Length; i++)
        {
            bool space = span[i] == ' ';
            if (!space && !inWord)
            {
                words++;
            }
            else if (space && inWord && words == PrefixWords)
            {
                prefixEnd = i;
            }
            inWord = !space;
        }

        if (words < MinWords || prefixEnd < 0)
        {
            return null;
        }

        var head = span[..prefixEnd];
        if (head.Contains(TokenMasker.Wildcard, StringComparison.Ordinal))
        {
            return null;
        }

        prefix = head.ToString();
        return TokenHash.Of(head) ^ ((ulong)words * 0x9E3779B97F4A7C15UL);
    }

    /// <summary>Whether a template of the family is in a spike episode of its own.</summary>
    public bool AnyMemberSpiking()
    {
        foreach (TemplateBaseline member in Members)
        {
            if (member.Counts.EpisodeStart >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
