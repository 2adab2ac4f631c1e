using System.Runtime.CompilerServices;
using System.Text;

namespace LogWarden.Store.Embedded;

/// <summary>The text a query asks for, matched on UTF-8 bytes when it can be, else on decoded text.</summary>
internal sealed class TextFilter
{
    /// <summary>Pieces a plan probes at most (each is one pass over a block's dictionary).</summary>
    private const int MaxPieces = 3;

    private readonly string _text;
    private readonly bool _matchCase;

    public string Text => _text;

    public bool MatchCase => _matchCase;

    public TextFilter(string text, bool matchCase)
    {
        _text = text;
        _matchCase = matchCase;
        Bytes = Utf8Substring.TryCreate(text, matchCase);
        Pieces = Bytes is null ? [] : [.. SplitPieces(text).Select(p => Utf8Substring.TryCreate(p, matchCase)).OfType<Utf8Substring>()];
    }

    /// <summary>Null when the text must be matched on decoded characters (case ignored, non-ASCII letters).</summary>
    public Utf8Substring? Bytes { get; }

    /// <summary>
    /// For text with whitespace, its longest whitespace-free pieces (at most <see cref="MaxPieces"/>, longest
    /// first): every line that holds the text holds each of them, and unlike the whole text each usually sits
    /// inside one value or one constant word, so blocks and lines are ruled out by any of them — by the rarest,
    /// whichever that is in a block ("user root": "user" is in many values and logtypes, "root" in few) — and
    /// then the whole text is checked. Empty when the text has no whitespace (the text is its own probe).
    /// </summary>
    public Utf8Substring[] Pieces { get; }

    private static IEnumerable<string> SplitPieces(string text)
    {
        string[] pieces = text.Split([' ', '\t', '\r', '\n', '\v', '\f'], StringSplitOptions.RemoveEmptyEntries);
        if (pieces.Length == 1 && pieces[0].Length == text.Length)
        {
            return [];
        }
        return pieces.Distinct(StringComparer.Ordinal).OrderByDescending(p => p.Length).Take(MaxPieces);
    }

    public bool IsMatch(ReadOnlySpan<byte> utf8, ref char[] scratch)
    {
        if (Bytes is not null)
        {
            return Bytes.IsMatch(utf8);
        }
        int needed = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        if (scratch.Length < needed)
        {
            scratch = new char[Math.Max(needed, scratch.Length * 2)];
        }
        int n = Encoding.UTF8.GetChars(utf8, scratch);
        return scratch.AsSpan(0, n).IndexOf(_text, _matchCase ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase) >= 0;
    }
}

internal enum Verdict : byte
{
    /// <summary>No line of this logtype can hold the text.</summary>
    None,

    /// <summary>Every line does: the text is in the logtype's constant text.</summary>
    All,

    /// <summary>A line can only when its values hold the probes no constant text or value edge can: check them, then (with pieces) the line.</summary>
    Variables,

    /// <summary>The text may straddle a value's edge: rebuild the line and look.</summary>
    Verify,
}

/// <summary>
/// What a text query means for one block (or tail chunk), worked out from its logtypes and dictionary alone.
/// The probes are the text itself, or its pieces when it has whitespace (<see cref="TextFilter.Pieces"/>);
/// per logtype, a probe is in its constant text, may straddle a value's edge, can only be inside a value of
/// a kind that could hold it, or cannot be there at all — then no line of the logtype holds the text.
/// </summary>
internal sealed class BlockTextPlan
{
    private readonly Probe[] _probes;

    /// <summary>Per logtype, the probes (bits) that only a value can hold: a line must have each in a value.</summary>
    private readonly ulong[] _valueProbes;

    /// <summary>
    /// Per logtype of a section, the rows whose values hold the probes, worked out once per plan: plans are shared
    /// by every query for the same text (<see cref="For(BlockHeader, TextFilter, ReadCounters)"/>), and a section dropped from the
    /// decoded cache takes its entries with it (weak keys), so a re-decoded section starts afresh.
    /// </summary>
    private readonly ConditionalWeakTable<LogtypeRows, bool[]> _variableMatches = new();

    /// <summary>The plans made for a block header or tail chunk, by text: they live as long as the decoded segment does.</summary>
    private static readonly ConditionalWeakTable<object, PlanSet> Plans = new();

    /// <summary>Most texts whose plans a segment keeps (a dashboard repeats a few queries; a new one replaces the oldest).</summary>
    private const int PlansPerSegment = 16;

    /// <summary>A segment's plans, by text and case; locked, since searches run on many threads.</summary>
    private sealed class PlanSet
    {
        private readonly List<(string Text, bool MatchCase, BlockTextPlan Plan)> _plans = [];

        public BlockTextPlan GetOrAdd(TextFilter text, Func<BlockTextPlan> create)
        {
            if (Find(text) is { } known)
            {
                return known;
            }
            BlockTextPlan made = create();
            lock (_plans)
            {
                if (_plans.Count >= PlansPerSegment)
                {
                    _plans.RemoveAt(0);
                }
                _plans.Add((text.Text, text.MatchCase, made));
            }
            return made;
        }

        public BlockTextPlan? Find(TextFilter text)
        {
            lock (_plans)
            {
                foreach ((string t, bool matchCase, BlockTextPlan plan) in _plans)
                {
                    if (matchCase == text.MatchCase && t == text.Text)
                    {
                        return plan;
                    }
                }
            }
            return null;
        }
    }

    /// <summary>A probe and what the dictionary says of it.</summary>
    private sealed class Probe(Utf8Substring needle, bool[] dictionaryMatches, bool anyDictionaryMatch)
    {
        public Utf8Substring Needle { get; } = needle;

        /// <summary>Per dictionary value, whether it holds the probe.</summary>
        public bool[] DictionaryMatches { get; } = dictionaryMatches;

        public bool AnyDictionaryMatch { get; } = anyDictionaryMatch;

        public bool IntegersMayMatch { get; } = needle.CouldBeInsideInteger();

        public bool CouldBeValueOf(LogtypeInfo info) =>
            (AnyDictionaryMatch && info.HasKind(Placeholder.Dictionary)) || (IntegersMayMatch && info.HasKind(Placeholder.Integer));
    }

    private BlockTextPlan(Probe[] probes, Verdict[] verdicts, ulong[] valueProbes, bool valueMatchIsWhole)
    {
        _probes = probes;
        Verdicts = verdicts;
        _valueProbes = valueProbes;
        ValueMatchIsWhole = valueMatchIsWhole;
    }

    public Verdict[] Verdicts { get; }

    /// <summary>Whether a <see cref="Verdict.Variables"/> line whose values hold the probes holds the text (the text is its only probe).</summary>
    public bool ValueMatchIsWhole { get; }

    public static BlockTextPlan Create(BlockHeader header, TextFilter text) =>
        Create(header.Logtypes, header.DictionaryBytes, header.DictionaryOffsets, text);

    /// <summary>
    /// The plan for <paramref name="text"/> in a block, made once and shared by the queries that follow while the
    /// header stays decoded: making one scans the block's whole dictionary once per probe, and working out which
    /// rows' values hold the probes visits every row of a logtype in a section — more than a limited search that
    /// stops after a few thousand lines costs otherwise (a dashboard asks the same text over and over).
    /// </summary>
    public static BlockTextPlan For(BlockHeader header, TextFilter text, ReadCounters counters) =>
        Plans.GetValue(header, static _ => new PlanSet()).GetOrAdd(text, () =>
        {
            counters.TextPlanMade();
            return Create(header, text);
        });

    /// <summary>The shared plan for <paramref name="text"/> in a tail chunk, made now.</summary>
    public static BlockTextPlan For(TailChunk.Decoded chunk, TextFilter text, ReadCounters counters) =>
        Plans.GetValue(chunk, static _ => new PlanSet()).GetOrAdd(text, () =>
        {
            counters.TextPlanMade();
            return Create(chunk, text);
        });

    /// <summary>The shared plan for <paramref name="text"/> in a tail chunk if an earlier query made one, else null.</summary>
    public static BlockTextPlan? Made(TailChunk.Decoded chunk, TextFilter text) =>
        Plans.TryGetValue(chunk, out PlanSet? set) ? set.Find(text) : null;

    public static BlockTextPlan Create(TailChunk.Decoded chunk, TextFilter text) =>
        Create(chunk.Logtypes, chunk.DictionaryBytes, chunk.DictionaryOffsets, text);

    /// <param name="text">A text matched on bytes (<see cref="TextFilter.Bytes"/> is not null).</param>
    private static BlockTextPlan Create(LogtypeInfo[] logtypes, byte[] dictionary, int[] offsets, TextFilter text)
    {
        Utf8Substring needle = text.Bytes ?? throw new ArgumentException("a text matched on decoded characters has no plan", nameof(text));
        Utf8Substring[] needles = text.Pieces.Length > 0 ? text.Pieces : [needle];
        var probes = new Probe[needles.Length];
        for (int p = 0; p < probes.Length; p++)
        {
            bool[] matches = MatchDictionary(dictionary, offsets, needles[p], out bool any);
            probes[p] = new Probe(needles[p], matches, any);
        }
        var verdicts = new Verdict[logtypes.Length];
        var valueProbes = new ulong[logtypes.Length];
        for (int l = 0; l < verdicts.Length; l++)
        {
            LogtypeInfo info = logtypes[l];
            if (InConstantText(info, needle))
            {
                verdicts[l] = Verdict.All;
                continue;
            }
            ulong inValues = 0;
            bool impossible = false;
            for (int p = 0; p < probes.Length && !impossible; p++)
            {
                Utf8Substring probe = probes[p].Needle;
                if ((text.Pieces.Length > 0 && InConstantText(info, probe)) || CouldStraddle(info, probe))
                {
                    continue; // the line itself must tell
                }
                if (probes[p].CouldBeValueOf(info))
                {
                    inValues |= 1UL << p;
                }
                else
                {
                    impossible = true;
                }
            }
            verdicts[l] = impossible ? Verdict.None : inValues != 0 ? Verdict.Variables : Verdict.Verify;
            valueProbes[l] = inValues;
        }
        return new BlockTextPlan(probes, verdicts, valueProbes, valueMatchIsWhole: text.Pieces.Length == 0);
    }

    public bool AnyCandidate(int[] logtypes)
    {
        foreach (int l in logtypes)
        {
            if (Verdicts[l] != Verdict.None)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether the values of row <paramref name="row"/> hold every probe its logtype needs there (computed once per logtype).</summary>
    public bool VariablesMatch(SectionData lines, int logtype, int row)
    {
        LogtypeRows rows = lines.RowsOf(logtype);
        if (!_variableMatches.TryGetValue(rows, out bool[]? matches))
        {
            matches = null;
            ulong wanted = _valueProbes[logtype];
            for (int p = 0; p < _probes.Length; p++)
            {
                if ((wanted & (1UL << p)) != 0)
                {
                    bool[] found = RowsHolding(lines, rows, _probes[p]);
                    if (matches is null)
                    {
                        matches = found;
                    }
                    else
                    {
                        for (int r = 0; r < matches.Length; r++)
                        {
                            matches[r] &= found[r];
                        }
                    }
                }
            }
            _variableMatches.AddOrUpdate(rows, matches ??= new bool[rows.Count]);
        }
        return matches[row];
    }

    private static bool[] RowsHolding(SectionData lines, LogtypeRows rows, Probe probe)
    {
        Span<byte> digits = stackalloc byte[64];
        var match = new bool[rows.Count];
        for (int c = 0; c < rows.Info.VariableCount; c++)
        {
            if (rows.Info.Kinds[c] == Placeholder.Dictionary)
            {
                if (!probe.AnyDictionaryMatch)
                {
                    continue;
                }
                long[] values = lines.Column(rows, c);
                for (int r = 0; r < match.Length; r++)
                {
                    match[r] |= probe.DictionaryMatches[values[r]];
                }
            }
            else if (probe.IntegersMayMatch)
            {
                long[] values = lines.Column(rows, c);
                byte[]? zeros = rows.Zeros[c];
                for (int r = 0; r < match.Length; r++)
                {
                    if (!match[r])
                    {
                        int n = LineEncoder.FormatInteger(values[r], zeros is null ? 0 : zeros[r], digits);
                        match[r] = probe.Needle.IsMatch(digits[..n]);
                    }
                }
            }
        }
        return match;
    }

    /// <summary>The same as <see cref="VariablesMatch"/> for a line of a tail chunk (whose values sit by line, not by column).</summary>
    public bool VariablesMatch(TailChunk.Decoded chunk, int line)
    {
        int logtype = chunk.LineLogtypes[line];
        ulong wanted = _valueProbes[logtype];
        LogtypeInfo info = chunk.Logtypes[logtype];
        int first = chunk.FirstValue[line];
        Span<byte> digits = stackalloc byte[64];
        for (int p = 0; p < _probes.Length; p++)
        {
            if ((wanted & (1UL << p)) == 0)
            {
                continue;
            }
            Probe probe = _probes[p];
            bool found = false;
            for (int c = 0; c < info.VariableCount && !found; c++)
            {
                long value = chunk.Values[first + c];
                if (info.Kinds[c] == Placeholder.Dictionary)
                {
                    found = probe.DictionaryMatches[value];
                }
                else if (probe.IntegersMayMatch)
                {
                    int n = LineEncoder.FormatInteger(value, Math.Min((int)chunk.Zeros[first + c], 32), digits);
                    found = probe.Needle.IsMatch(digits[..n]);
                }
            }
            if (!found)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Marks each dictionary value that holds the text, in one pass over all of them.</summary>
    private static bool[] MatchDictionary(ReadOnlySpan<byte> all, int[] offsets, Utf8Substring needle, out bool any)
    {
        var matches = new bool[offsets.Length - 1];
        any = false;
        int position = 0;
        while (position < all.Length)
        {
            int found = needle.IndexOf(all[position..]);
            if (found < 0)
            {
                break;
            }
            int start = position + found;
            int id = ValueAt(offsets, start);
            if (start + needle.Length <= offsets[id + 1])
            {
                matches[id] = true;
                any = true;
                position = offsets[id + 1];
            }
            else
            {
                position = start + 1; // straddles two values: not a match
            }
        }
        return matches;
    }

    /// <summary>The value holding byte <paramref name="position"/>: the last one starting at or before it (empty values share their start with the next).</summary>
    private static int ValueAt(int[] offsets, int position) => SortedStarts.LastAtOrBefore(offsets.AsSpan(0, offsets.Length - 1), position);

    private static bool InConstantText(LogtypeInfo info, Utf8Substring needle)
    {
        for (int f = 0; f <= info.VariableCount; f++)
        {
            if (needle.IsMatch(info.Fragment(f)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Whether the text could lie partly in a value and partly in the constant text beside it: a prefix of
    /// the text ending a fragment that a value follows, or a suffix starting a fragment that a value
    /// precedes (a fragment shorter than the text may sit wholly inside it, between two values). The
    /// text's bytes that would fall just inside a value must suit the value's kind — an integer holds only
    /// digits (and a leading '-'), a dictionary value no whitespace — which keeps "blk_-42" from
    /// straddling the '-' of every date.
    /// </summary>
    internal static bool CouldStraddle(LogtypeInfo info, Utf8Substring needle)
    {
        int m = needle.Length;
        ReadOnlySpan<byte> text = needle.Needle;
        for (int f = 0; f <= info.VariableCount; f++)
        {
            ReadOnlySpan<byte> fragment = info.Fragment(f);
            bool valueBefore = f > 0;
            bool valueAfter = f < info.VariableCount;
            for (int k = 1; k < m; k++)
            {
                if (valueAfter && Suits(info.Kinds[f], text[k], first: true))
                {
                    // needle[0..k) ends where the fragment ends.
                    bool fits = k <= fragment.Length
                        ? needle.EqualsPart(fragment[^k..], 0)
                        : valueBefore && Suits(info.Kinds[f - 1], text[k - fragment.Length - 1], first: false) && needle.EqualsPart(fragment, k - fragment.Length);
                    if (fits)
                    {
                        return true;
                    }
                }
                if (valueBefore && Suits(info.Kinds[f - 1], text[k - 1], first: false))
                {
                    // needle[k..m) starts where the fragment starts.
                    int s = m - k;
                    bool fits = s <= fragment.Length
                        ? needle.EqualsPart(fragment[..s], k)
                        : valueAfter && Suits(info.Kinds[f], text[k + fragment.Length], first: true) && needle.EqualsPart(fragment, k);
                    if (fits)
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /// <summary>Whether byte <paramref name="b"/> can be a value's first (or last) byte, given its kind.</summary>
    private static bool Suits(byte kind, byte b, bool first) =>
        kind == Placeholder.Integer
            ? char.IsAsciiDigit((char)b) || (first && b == '-')
            : b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\v' or (byte)'\f');
}
