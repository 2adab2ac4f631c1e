namespace LogWarden.Mine;

/// <summary>
/// One mined template: the constant tokens of a kind of log line with <c>&lt;*&gt;</c> where values vary.
/// </summary>
public sealed class LogTemplate
{
    internal LogTemplate(int id, string[] tokens, bool[] anyPosition)
    {
        Id = id;
        Tokens = tokens;
        AnyPosition = anyPosition;
        Hashes = new ulong[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            Hashes[i] = TokenHash.Of(tokens[i]);
        }
    }

    /// <summary>Hash of each masked token (meaningless where <see cref="AnyPosition"/> is set).</summary>
    internal ulong[] Hashes { get; }

    /// <summary>The most severe level seen on a line of this template.</summary>
    public Parse.Severity Level { get; internal set; }

    /// <summary>Stable id: assigned once, kept across restarts (the miner's state persists).</summary>
    public int Id { get; }

    /// <summary>Masked tokens; a generalised position reads <c>&lt;*&gt;</c> or e.g. <c>user=&lt;*&gt;</c>.</summary>
    internal string[] Tokens { get; }

    /// <summary>Positions that match any token (generalised after enough different values were seen).</summary>
    internal bool[] AnyPosition { get; }

    /// <summary>Lines that matched this template (including those of templates merged into it).</summary>
    public long Count { get; internal set; }

    public DateTimeOffset? FirstSeen { get; internal set; }

    public DateTimeOffset? LastSeen { get; internal set; }

    /// <summary>The first line seen of this template.</summary>
    public string Example { get; internal set; } = "";

    /// <summary>When this template was generalised into another, that one's id; else 0.</summary>
    public int MergedInto { get; internal set; }

    internal int TokenCount => Tokens.Length;

    internal bool HasAnyPosition => Array.IndexOf(AnyPosition, true) >= 0;

    private string? _text;

    /// <summary>The template as text: tokens joined by one space.</summary>
    public string Text => _text ??= string.Join(' ', Tokens);

    internal void InvalidateText() => _text = null;

    public override string ToString() => Text;
}
