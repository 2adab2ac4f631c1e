using System.Buffers;
using LogWarden.Parse;

namespace LogWarden.Mine;

/// <summary>Settings of the miner. The defaults are the one setting used for every kind of log.</summary>
public sealed record MinerOptions
{
    /// <summary>
    /// How many different values a token position must show, among templates that agree on every other
    /// token, before the position becomes a variable. Two values are often a constant choice
    /// ("view"/"modify", "ok"/"error"); user names, host names and states of many values are not.
    /// </summary>
    public int GeneraliseAfterValues { get; init; } = 3;

    /// <summary>A position is generalised only when at least this many constant tokens remain, so short
    /// messages that differ in one word ("Link ok", "running", "blocked") stay apart.</summary>
    public int MinConstantTokens { get; init; } = 2;

    /// <summary>
    /// The first token takes more evidence: as Drain assumes, a message's first word usually names what it
    /// is about ("cupsd startup succeeded", "DMA zone: …"), but in lines such as
    /// "chrome.exe - proxy:443 close, 0 bytes sent, …" it is a value, and then many constant tokens follow.
    /// </summary>
    public int FirstTokenGeneraliseAfterValues { get; init; } = 4;

    /// <summary>Constant tokens that must remain before the first token is generalised.</summary>
    public int FirstTokenMinConstantTokens { get; init; } = 4;

    /// <summary>Tokens beyond this count are kept as one last token.</summary>
    public int MaxTokens { get; init; } = 128;

    /// <summary>A token longer than this is a value (a blob, a base64 payload), not a word of the template.</summary>
    public int MaxTokenLength { get; init; } = 256;

    /// <summary>Characters of the example line kept per template.</summary>
    public int MaxExampleLength { get; init; } = 1024;

    /// <summary>Upper bound on templates held; past it, a line joins the most similar template of its length.</summary>
    public int MaxTemplates { get; init; } = 50_000;

    /// <summary>Upper bound on remembered masked lines (the fast path's map); past it the slow path still answers.</summary>
    public int MaxExactKeys { get; init; } = 1_000_000;
}

/// <summary>
/// Online, single-pass template miner. Each line's message is cut into whitespace tokens and each token
/// masked (<see cref="TokenMasker"/>); a line whose masked tokens were seen before is answered from a hash
/// map with no allocation. A new masked form either matches a template with generalised positions or
/// becomes a new template; when templates that agree on every token but one reach
/// <see cref="MinerOptions.GeneraliseAfterValues"/> different values at that position, they merge into one
/// template with <c>&lt;*&gt;</c> there, keeping the oldest id. Merged ids stay valid: they resolve to the
/// surviving template.
/// </summary>
/// <remarks>Not thread-safe: one miner per pipeline.</remarks>
public sealed partial class TemplateMiner
{
    private static readonly SearchValues<char> Whitespace = SearchValues.Create(" \t\r\n\v\f");

    private static readonly HashSet<string> SizeUnits = new(StringComparer.Ordinal)
    {
        "B", "KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "kB",
    };

    private readonly MinerOptions _options;
    private readonly List<LogTemplate> _byId = [null!]; // ids start at 1
    private readonly Dictionary<ulong, int> _exact = [];
    private readonly Dictionary<int, List<int>> _generalisedByLength = [];
    private readonly Dictionary<ulong, List<int>> _siblings = [];
    private readonly Dictionary<(int Length, ulong FirstToken), List<int>> _byFirstToken = [];
    private readonly Dictionary<int, int> _overflowByLength = [];
    private readonly HashSet<int> _changed = [];
    private int _liveCount;

    // Scratch for one line: masked characters, token bounds and hashes.
    private char[] _masked = new char[1024];
    private int[] _tokenStart = new int[64];
    private int[] _tokenLength = new int[64];
    private int[] _rawStart = new int[64];
    private int[] _rawLength = new int[64];
    private ulong[] _tokenHash = new ulong[64];
    private readonly MaskedTokenCache _maskCache = new();

    public TemplateMiner(MinerOptions? options = null)
    {
        _options = options ?? new MinerOptions();
        if (_options.GeneraliseAfterValues < 2 || _options.MaxTokens < 1 || _options.MaxTemplates < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "miner options out of range");
        }
    }

    public MinerOptions Options => _options;

    /// <summary>Templates alive now (not merged into another), in id order.</summary>
    public IEnumerable<LogTemplate> Templates => _byId.Skip(1).Where(t => t.MergedInto == 0);

    public int TemplateCount => _liveCount;

    /// <summary>Templates held in the sibling index (where merges are looked for), counted once per position.</summary>
    internal int SiblingIndexEntries => _siblings.Values.Sum(group => group.Count);

    /// <summary>The template with this id as it is now: after merges, the one it was merged into.</summary>
    public LogTemplate Resolve(int id)
    {
        LogTemplate t = _byId[id];
        while (t.MergedInto != 0)
        {
            LogTemplate next = _byId[t.MergedInto];
            if (next.MergedInto != 0)
            {
                t.MergedInto = next.MergedInto; // path halving keeps chains short
            }
            t = next;
        }
        return t;
    }

    /// <summary>Adds one message and returns the id of its template.</summary>
    public int Add(ReadOnlySpan<char> message, DateTimeOffset? timestamp = null, Severity level = Severity.Unknown)
    {
        int count = Tokenize(message);
        ulong key = LineKey(count);
        LogTemplate template;
        if (_exact.TryGetValue(key, out int id))
        {
            template = Resolve(id);
        }
        else
        {
            template = AddNewForm(message, count, key);
        }
        template.Count++;
        _changed.Add(template.Id);
        if (timestamp is { } ts)
        {
            if (template.FirstSeen is null || ts < template.FirstSeen)
            {
                template.FirstSeen = ts;
            }
            if (template.LastSeen is null || ts > template.LastSeen)
            {
                template.LastSeen = ts;
            }
        }
        if (level != Severity.Unknown && (template.Level == Severity.Unknown || level < template.Level))
        {
            template.Level = level;
        }
        return template.Id;
    }

    /// <summary>
    /// The values that the template's variables take in <paramref name="message"/>, in order.
    /// Returns false when the message does not fit the template.
    /// </summary>
    public bool TryExtractParameters(ReadOnlySpan<char> message, int templateId, List<string> parameters)
    {
        LogTemplate template = Resolve(templateId);
        int count = Tokenize(message);
        if (count != template.TokenCount)
        {
            return false;
        }
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<char> raw = message.Slice(_rawStart[i], _rawLength[i]);
            if (template.AnyPosition[i])
            {
                parameters.Add(raw.ToString());
                continue;
            }
            if (_tokenHash[i] != template.Hashes[i])
            {
                return false;
            }
            ReadOnlySpan<char> masked = _masked.AsSpan(_tokenStart[i], _tokenLength[i]);
            if (masked.IndexOf(TokenMasker.Wildcard) >= 0 && !AlignWildcards(masked, raw, parameters))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Finds what each &lt;*&gt; of a masked token stands for in the raw token.</summary>
    private static bool AlignWildcards(ReadOnlySpan<char> masked, ReadOnlySpan<char> raw, List<string> parameters)
    {
        int r = 0;
        while (true)
        {
            int w = masked.IndexOf(TokenMasker.Wildcard);
            if (w < 0)
            {
                return raw[r..].SequenceEqual(masked);
            }
            if (!raw[r..].StartsWith(masked[..w]))
            {
                return false;
            }
            r += w;
            masked = masked[(w + TokenMasker.Wildcard.Length)..];
            int nextWild = masked.IndexOf(TokenMasker.Wildcard);
            ReadOnlySpan<char> literal = nextWild < 0 ? masked : masked[..nextWild];
            int end;
            if (literal.IsEmpty)
            {
                end = raw.Length;
            }
            else if (nextWild < 0)
            {
                end = raw.Length - literal.Length;
                if (end < r || !raw[end..].SequenceEqual(literal))
                {
                    return false;
                }
            }
            else
            {
                int rel = raw[(r + 1)..].IndexOf(literal);
                if (rel < 0)
                {
                    return false;
                }
                end = r + 1 + rel;
            }
            parameters.Add(raw[r..end].ToString());
            r = end;
        }
    }

    private int Tokenize(ReadOnlySpan<char> message)
    {
        int needed = message.Length * 3 + 16;
        if (_masked.Length < needed)
        {
            _masked = new char[Math.Max(needed, _masked.Length * 2)];
        }
        int count = 0;
        int pos = 0;
        int outPos = 0;
        while (pos < message.Length)
        {
            pos = SkipWhitespace(message, pos);
            if (pos == message.Length)
            {
                break;
            }
            int end;
            if (count == _options.MaxTokens - 1)
            {
                end = message.Length; // the rest of an over-long message is one token
                while (end > pos && Whitespace.Contains(message[end - 1]))
                {
                    end--;
                }
            }
            else
            {
                end = TokenEnd(message, pos);
            }
            if (count == _tokenStart.Length)
            {
                GrowTokenArrays();
            }
            int written;
            int dateEnd = DateTimeWords.MatchLength(message[pos..]);
            if (dateEnd > 0)
            {
                // "Fri Jul  1 07:57:30 2005" is one value, not five tokens.
                end = pos + dateEnd;
                TokenMasker.Wildcard.AsSpan().CopyTo(_masked.AsSpan(outPos));
                written = 3;
            }
            else if (end - pos > _options.MaxTokenLength)
            {
                TokenMasker.Wildcard.AsSpan().CopyTo(_masked.AsSpan(outPos));
                written = 3;
            }
            else
            {
                written = MaskToken(message[pos..end], _masked.AsSpan(outPos));
            }
            _rawStart[count] = pos;
            _rawLength[count] = end - pos;
            pos = end;
            // "16.0 KB," is one value: a size unit after a number joins it.
            if (written == 3 && _masked.AsSpan(outPos, 3).SequenceEqual(TokenMasker.Wildcard) && pos < message.Length)
            {
                pos = JoinSizeUnit(message, pos, ref written, outPos);
                _rawLength[count] = pos - _rawStart[count];
            }
            _tokenStart[count] = outPos;
            _tokenLength[count] = written;
            _tokenHash[count] = TokenHash.Of(_masked.AsSpan(outPos, written));
            outPos += written;
            count++;
        }
        return CollapseTrailingList(count);
    }

    // The characters of Whitespace as bits of a 64-bit mask: tokens are a few characters long, so a scalar test of
    // each beats a vectorised search whose set-up costs more than the token (measured: docs/BENCHMARKS.md, ana10).
    private const ulong WhitespaceBits = (1UL << ' ') | (1UL << '\t') | (1UL << '\r') | (1UL << '\n') | (1UL << '\v') | (1UL << '\f');

    private static bool IsWhitespace(char c) => c <= ' ' && ((WhitespaceBits >> c) & 1) != 0;

    /// <summary>The first position from <paramref name="pos"/> that holds no whitespace, or the message's length.</summary>
    private static int SkipWhitespace(ReadOnlySpan<char> message, int pos)
    {
        while (pos < message.Length && IsWhitespace(message[pos]))
        {
            pos++;
        }
        return pos;
    }

    /// <summary>The end of the token starting at <paramref name="pos"/>: the next whitespace, or the message's length.</summary>
    private static int TokenEnd(ReadOnlySpan<char> message, int pos)
    {
        // Most tokens are short: look at the first characters one by one, then let a vectorised search take a long one.
        int scalarEnd = Math.Min(message.Length, pos + 24);
        for (int i = pos; i < scalarEnd; i++)
        {
            if (IsWhitespace(message[i]))
            {
                return i;
            }
        }
        if (scalarEnd == message.Length)
        {
            return scalarEnd;
        }
        int len = message[scalarEnd..].IndexOfAny(Whitespace);
        return len < 0 ? message.Length : scalarEnd + len;
    }

    /// <summary>The masker's output for one token, from <see cref="_maskCache"/> when the token needs the slow path and was seen lately.</summary>
    private int MaskToken(ReadOnlySpan<char> token, Span<char> output)
    {
        if (token.Length > MaskedTokenCache.MaxToken)
        {
            return TokenMasker.Mask(token, output);
        }
        if (!token.ContainsAny(TokenMasker.NeedsWork))
        {
            return TokenMasker.MaskWord(token, output);
        }
        ulong hash = TokenHash.Of(token);
        int written = _maskCache.TryCopy(token, hash, output);
        if (written < 0)
        {
            written = TokenMasker.Mask(token, output);
            _maskCache.Put(token, hash, output[..written]);
        }
        return written;
    }

    /// <summary>
    /// A message that ends in a list of values ("to delete blk_1 blk_2 … blk_100") has one variable there,
    /// however long the list: four or more trailing &lt;*&gt; tokens become one. Up to three are kept apart,
    /// as fixed tuples ("x y z", "1 -2") usually are.
    /// </summary>
    private int CollapseTrailingList(int count)
    {
        int first = count;
        while (first > 0 && _tokenLength[first - 1] == 3 && _masked.AsSpan(_tokenStart[first - 1], 3).SequenceEqual(TokenMasker.Wildcard))
        {
            first--;
        }
        if (count - first < 4 || first == 0)
        {
            return count;
        }
        _rawLength[first] = _rawStart[count - 1] + _rawLength[count - 1] - _rawStart[first];
        return first + 1;
    }

    private int JoinSizeUnit(ReadOnlySpan<char> message, int pos, ref int written, int outPos)
    {
        int start = SkipWhitespace(message, pos);
        // Every unit of SizeUnits starts with one of these: most values are followed by a word that is none.
        if (start == message.Length || message[start] is not ('B' or 'K' or 'M' or 'G' or 'T' or 'P' or 'k'))
        {
            return pos;
        }
        int end = TokenEnd(message, start);
        ReadOnlySpan<char> next = message[start..end];
        int unitEnd = next.Length;
        while (unitEnd > 0 && next[unitEnd - 1] is ',' or ';' or ')' or ']' or '.')
        {
            unitEnd--;
        }
        if (unitEnd == 0 || !SizeUnits.GetAlternateLookup<ReadOnlySpan<char>>().Contains(next[..unitEnd]))
        {
            return pos;
        }
        ReadOnlySpan<char> trailing = next[unitEnd..];
        trailing.CopyTo(_masked.AsSpan(outPos + written));
        written += trailing.Length;
        return end;
    }

    private void GrowTokenArrays()
    {
        int n = _tokenStart.Length * 2;
        Array.Resize(ref _tokenStart, n);
        Array.Resize(ref _tokenLength, n);
        Array.Resize(ref _rawStart, n);
        Array.Resize(ref _rawLength, n);
        Array.Resize(ref _tokenHash, n);
    }

    private ulong LineKey(int count)
    {
        ulong h = TokenHash.Combine(0x2545F4914F6CDD1DUL, (ulong)count);
        for (int i = 0; i < count; i++)
        {
            h = TokenHash.Combine(h, _tokenHash[i]);
        }
        return TokenHash.Finish(h);
    }

    private static ulong LineKey(ulong[] hashes, bool[]? any)
    {
        ulong h = TokenHash.Combine(0x2545F4914F6CDD1DUL, (ulong)hashes.Length);
        for (int i = 0; i < hashes.Length; i++)
        {
            h = TokenHash.Combine(h, any is not null && any[i] ? TokenHash.Any : hashes[i]);
        }
        return TokenHash.Finish(h);
    }

    private static ulong SiblingKey(LogTemplate t, int position)
    {
        ulong h = TokenHash.Combine(0x6A09E667F3BCC909UL, (ulong)t.TokenCount);
        h = TokenHash.Combine(h, (ulong)position);
        for (int i = 0; i < t.TokenCount; i++)
        {
            h = TokenHash.Combine(h, i == position || t.AnyPosition[i] ? TokenHash.Any : t.Hashes[i]);
        }
        return TokenHash.Finish(h);
    }

    /// <summary>The slow path: a masked form not seen before.</summary>
    private LogTemplate AddNewForm(ReadOnlySpan<char> message, int count, ulong key)
    {
        LogTemplate? template = FindGeneralised(count);
        if (template is null && _liveCount >= _options.MaxTemplates)
        {
            template = FindMostSimilar(count) ?? Overflow(message, count);
        }
        if (template is null)
        {
            var tokens = new string[count];
            for (int i = 0; i < count; i++)
            {
                tokens[i] = new string(_masked.AsSpan(_tokenStart[i], _tokenLength[i]));
            }
            template = new LogTemplate(_byId.Count, tokens, new bool[count]) { Example = Example(message) };
            _byId.Add(template);
            _liveCount++;
            IndexFirstToken(template);
            IndexSiblings(template);
            template = TryGeneraliseAround(template);
        }
        if (_exact.Count < _options.MaxExactKeys)
        {
            _exact[key] = template.Id;
        }
        return template;
    }

    private LogTemplate? FindGeneralised(int count)
    {
        if (!_generalisedByLength.TryGetValue(count, out List<int>? ids))
        {
            return null;
        }
        LogTemplate? best = null;
        int bestConstants = -1;
        for (int k = 0; k < ids.Count; k++)
        {
            LogTemplate t = _byId[ids[k]];
            if (t.MergedInto != 0)
            {
                ids.RemoveAt(k--);
                continue;
            }
            int constants = 0;
            bool match = true;
            for (int i = 0; i < count; i++)
            {
                if (t.AnyPosition[i])
                {
                    continue;
                }
                if (t.Hashes[i] != _tokenHash[i])
                {
                    match = false;
                    break;
                }
                constants++;
            }
            if (match && constants > bestConstants)
            {
                best = t;
                bestConstants = constants;
            }
        }
        return best;
    }

    /// <summary>
    /// At the template limit: the template of the same length and first token that shares most tokens.
    /// Looking only at templates with the same first token keeps this cheap when a flood of unique lines
    /// (random words written by an attacker) arrives at the limit.
    /// </summary>
    private LogTemplate? FindMostSimilar(int count)
    {
        if (count == 0 || !_byFirstToken.TryGetValue((count, _tokenHash[0]), out List<int>? ids))
        {
            return null;
        }
        LogTemplate? best = null;
        int bestSame = -1;
        foreach (int id in ids)
        {
            LogTemplate t = Resolve(id);
            int same = 0;
            for (int i = 0; i < count; i++)
            {
                if (t.AnyPosition[i] || t.Hashes[i] == _tokenHash[i])
                {
                    same++;
                }
            }
            if (same > bestSame)
            {
                best = t;
                bestSame = same;
            }
        }
        return best;
    }

    /// <summary>At the template limit with nothing similar: one catch-all template per token count.</summary>
    private LogTemplate Overflow(ReadOnlySpan<char> message, int count)
    {
        if (_overflowByLength.TryGetValue(count, out int id))
        {
            return Resolve(id);
        }
        var tokens = Enumerable.Repeat(TokenMasker.Wildcard, count).ToArray();
        var any = Enumerable.Repeat(true, count).ToArray();
        var template = new LogTemplate(_byId.Count, tokens, any) { Example = Example(message) };
        _byId.Add(template);
        _liveCount++;
        _overflowByLength[count] = template.Id;
        RegisterGeneralised(template);
        return template;
    }

    private string Example(ReadOnlySpan<char> message) =>
        message.Length <= _options.MaxExampleLength ? message.ToString() : string.Concat(message[.._options.MaxExampleLength], "…");

    private void IndexFirstToken(LogTemplate t)
    {
        if (t.TokenCount == 0)
        {
            return;
        }
        if (!_byFirstToken.TryGetValue((t.TokenCount, t.Hashes[0]), out List<int>? ids))
        {
            _byFirstToken[(t.TokenCount, t.Hashes[0])] = ids = [];
        }
        ids.Add(t.Id);
    }

    private void IndexSiblings(LogTemplate t)
    {
        for (int p = 0; p < t.TokenCount; p++)
        {
            if (t.AnyPosition[p] || !CanGeneraliseAt(t, p))
            {
                continue;
            }
            ulong sk = SiblingKey(t, p);
            if (!_siblings.TryGetValue(sk, out List<int>? group))
            {
                _siblings[sk] = group = [];
            }
            group.Add(t.Id);
        }
    }

    /// <summary>Merges the template with its siblings wherever a position has shown enough values.</summary>
    private LogTemplate TryGeneraliseAround(LogTemplate t)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int p = 0; p < t.TokenCount; p++)
            {
                if (t.AnyPosition[p] || !CanGeneraliseAt(t, p) || !_siblings.TryGetValue(SiblingKey(t, p), out List<int>? group))
                {
                    continue;
                }
                LogTemplate? survivor = TryMergeGroup(group, p);
                if (survivor is not null)
                {
                    t = survivor;
                    changed = true;
                    break;
                }
            }
        }
        return t;
    }

    /// <summary>
    /// Whether enough constant tokens would remain if position <paramref name="p"/> became a variable: otherwise
    /// the template never merges there (siblings agree on every other token, so they have as few), and it is not
    /// indexed there either. Two-token lines whose first token is unique (a JSON object without spaces, then one
    /// word) made one sibling group grow by a template a line, each new line scanning it: minutes for 10,000 lines.
    /// </summary>
    private bool CanGeneraliseAt(LogTemplate t, int p)
    {
        int needed = p == 0 ? _options.FirstTokenMinConstantTokens : _options.MinConstantTokens;
        int constants = 0;
        for (int i = 0; i < t.TokenCount && constants < needed; i++)
        {
            if (i != p && !t.AnyPosition[i] && t.Tokens[i] != TokenMasker.Wildcard)
            {
                constants++;
            }
        }
        return constants >= needed;
    }

    private LogTemplate? TryMergeGroup(List<int> group, int p)
    {
        // Live members, deduplicated (a merged id resolves to its survivor).
        var members = new List<LogTemplate>();
        var seen = new HashSet<LogTemplate>(ReferenceEqualityComparer.Instance);
        foreach (int id in group)
        {
            LogTemplate m = Resolve(id);
            if (!m.AnyPosition[p] && seen.Add(m))
            {
                members.Add(m);
            }
        }
        group.Clear();
        foreach (LogTemplate m in members)
        {
            group.Add(m.Id);
        }
        if (members.Count < (p == 0 ? _options.FirstTokenGeneraliseAfterValues : _options.GeneraliseAfterValues))
        {
            return null;
        }
        if (!CanGeneraliseAt(members[0], p))
        {
            return null;
        }

        LogTemplate survivor = members.MinBy(m => m.Id)!;
        survivor.Tokens[p] = Generalise(members.Select(m => m.Tokens[p]));
        survivor.AnyPosition[p] = true;
        survivor.InvalidateText();
        _changed.Add(survivor.Id);
        foreach (LogTemplate m in members)
        {
            if (m == survivor)
            {
                continue;
            }
            m.MergedInto = survivor.Id;
            _changed.Add(m.Id);
            survivor.Count += m.Count;
            if (m.FirstSeen < survivor.FirstSeen || survivor.FirstSeen is null)
            {
                survivor.FirstSeen = m.FirstSeen;
            }
            if (m.LastSeen > survivor.LastSeen || survivor.LastSeen is null)
            {
                survivor.LastSeen = m.LastSeen;
            }
            if (m.Level != Severity.Unknown && (survivor.Level == Severity.Unknown || m.Level < survivor.Level))
            {
                survivor.Level = m.Level;
            }
            _liveCount--;
        }
        group.Clear();
        RegisterGeneralised(survivor);
        IndexSiblings(survivor);
        AbsorbSubsumed(survivor);
        return survivor;
    }

    private void RegisterGeneralised(LogTemplate t)
    {
        if (!_generalisedByLength.TryGetValue(t.TokenCount, out List<int>? ids))
        {
            _generalisedByLength[t.TokenCount] = ids = [];
        }
        if (!ids.Contains(t.Id))
        {
            ids.Add(t.Id);
        }
    }

    /// <summary>Templates that the newly generalised one now covers join it.</summary>
    private void AbsorbSubsumed(LogTemplate general)
    {
        foreach (LogTemplate t in Templates.ToList())
        {
            if (t == general || t.TokenCount != general.TokenCount)
            {
                continue;
            }
            bool covered = true;
            for (int i = 0; i < t.TokenCount && covered; i++)
            {
                covered = general.AnyPosition[i] || !t.AnyPosition[i] && t.Hashes[i] == general.Hashes[i];
            }
            if (!covered)
            {
                continue;
            }
            t.MergedInto = general.Id;
            _changed.Add(t.Id);
            general.Count += t.Count;
            _liveCount--;
        }
    }

    /// <summary>
    /// The text of a generalised position: what all values share at both ends, cut back to a delimiter,
    /// around one &lt;*&gt;. "user=root", "user=news" → "user=&lt;*&gt;".
    /// </summary>
    internal static string Generalise(IEnumerable<string> values)
    {
        string? prefix = null, suffix = null;
        int shortest = int.MaxValue;
        foreach (string v in values)
        {
            shortest = Math.Min(shortest, v.Length);
            if (prefix is null)
            {
                prefix = suffix = v;
                continue;
            }
            prefix = prefix[..prefix.AsSpan().CommonPrefixLength(v)];
            int s = 0;
            while (s < suffix!.Length && s < v.Length && suffix[^(s + 1)] == v[^(s + 1)])
            {
                s++;
            }
            suffix = suffix[^s..];
        }
        prefix ??= "";
        suffix ??= "";
        int p = prefix.Length;
        while (p > 0 && IsWordChar(prefix[p - 1]))
        {
            p--;
        }
        int sfx = suffix.Length;
        while (sfx > 0 && IsWordChar(suffix[^sfx]))
        {
            sfx--;
        }
        if (p + sfx > shortest)
        {
            sfx = Math.Max(0, shortest - p);
        }
        string result = string.Concat(prefix.AsSpan(0, p), TokenMasker.Wildcard, suffix.AsSpan(suffix.Length - sfx));
        return result.Replace("<*><*>", TokenMasker.Wildcard, StringComparison.Ordinal);
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '*' or '<' or '>';
}
