using System.Text.RegularExpressions;
using LogWarden.Parse;

namespace LogWarden.Detect.Rules;

/// <summary>
/// A rule's regular expression, case-insensitive with explicit capture (only named groups capture; their
/// names are the values a rule extracts). Patterns run only on lines whose keywords they need occur in, so
/// building them must be cheap and matching need not be the fastest: they start on the interpreter (a
/// fraction of a millisecond to build; the automaton engine, RegexOptions.NonBacktracking, took 30 ms to
/// a second per built-in pattern) and are compiled once they have run <see cref="CompileAfter"/> times.
/// Every match has a timeout and sees at most <see cref="MaxMatchedChars"/> characters; a pattern that
/// times out repeatedly (a user's pattern with catastrophic backtracking) moves to the automaton engine,
/// whose cost is linear in the line, or, if it cannot run there, stops matching.
/// </summary>
internal sealed class RulePattern
{
    /// <summary>Lines are matched up to this many characters (the security recogniser scans as far).</summary>
    public const int MaxMatchedChars = 8192;

    /// <summary>Uses after which a pattern is compiled to IL (worth its few milliseconds only for busy patterns).</summary>
    public const int CompileAfter = 2000;

    /// <summary>Timeouts after which a pattern leaves the backtracking engines.</summary>
    public const int TimeoutsBeforeAutomaton = 3;

    /// <summary>
    /// Generous, because a loaded machine runs ordinary matches slowly too (the LogPAI format's 100 ms timed
    /// out plain lines); a pathological pattern costs this at most <see cref="TimeoutsBeforeAutomaton"/> times.
    /// </summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(500);

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    private static int s_count;

    private volatile Regex _regex;
    private int _uses;
    private int _timeouts;

    private RulePattern(string text, Regex regex)
    {
        Text = text;
        _regex = regex;
        GroupNames = [.. regex.GetGroupNames().Where(n => !int.TryParse(n, out _))];
        GroupNumbers = [.. GroupNames.Select(regex.GroupNumberFromName)];
        Id = Interlocked.Increment(ref s_count) - 1;
        CapturesFollowMatchedText = GroupNames.Length > 0 && LooksOnlyAtWhatItConsumes(text);
    }

    /// <summary>A number of its own (from 0, in order of creation): where a detector keeps this pattern's <see cref="CaptureCache"/>.</summary>
    public int Id { get; }

    /// <summary>
    /// True when the pattern has named groups and nothing in it looks beyond the characters it consumes (no anchors,
    /// word boundaries, lookarounds, atomic groups or conditionals): then, on the backtracking engines, what its
    /// groups capture depends on the matched text alone. Proof sketch: the first match at a position is the first
    /// path, in the engine's order, whose consumed characters fit the input. Two inputs whose first matches have
    /// the same text M: an earlier path that fails on one within M fails on the other; one that would succeed on
    /// the other only by consuming more than M would make that input's match longer than M. So both take the same
    /// path, and its groups hold the same characters of M.
    /// </summary>
    public bool CapturesFollowMatchedText { get; }

    public string Text { get; }

    /// <summary>The engine in use now (interpreted, compiled, or the automaton after timeouts).</summary>
    public Regex Regex => _regex;

    /// <summary>False once the pattern timed out too often and could not move to the automaton: it matches nothing.</summary>
    public bool Usable { get; private set; } = true;

    /// <summary>Names of the named groups: the values this pattern extracts.</summary>
    public string[] GroupNames { get; }

    private int[] GroupNumbers { get; }

    /// <exception cref="ArgumentException">The pattern does not compile; the message says why.</exception>
    public static RulePattern Compile(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return new RulePattern(pattern, BuiltInRegexes.Create(pattern, Options, MatchTimeout));
    }

    /// <summary>Whether the pattern occurs in <paramref name="text"/> (its first <see cref="MaxMatchedChars"/> characters).</summary>
    /// <remarks>A timed-out match counts as no match; <paramref name="timedOut"/> says so.</remarks>
    public bool IsMatch(string text, out bool timedOut)
    {
        timedOut = false;
        if (!Usable)
        {
            return false;
        }

        Regex regex = Tier();
        try
        {
            return regex.IsMatch(text.AsSpan(0, Math.Min(text.Length, MaxMatchedChars)));
        }
        catch (RegexMatchTimeoutException)
        {
            timedOut = true;
            TimedOut();
            return false;
        }
    }

    /// <summary>Matches and adds the named groups that took part to <paramref name="values"/> (created when needed).</summary>
    public bool Match(string text, ref Dictionary<string, string>? values, out bool timedOut)
    {
        timedOut = false;
        if (GroupNames.Length == 0)
        {
            return IsMatch(text, out timedOut);
        }

        if (!Usable)
        {
            return false;
        }

        Match match;
        try
        {
            match = Tier().Match(text, 0, Math.Min(text.Length, MaxMatchedChars));
        }
        catch (RegexMatchTimeoutException)
        {
            timedOut = true;
            TimedOut();
            return false;
        }

        if (!match.Success)
        {
            return false;
        }

        for (int i = 0; i < GroupNames.Length; i++)
        {
            Group group = match.Groups[GroupNumbers[i]];
            if (group.Success && group.Length > 0)
            {
                values ??= new Dictionary<string, string>(16, StringComparer.Ordinal);
                values.TryAdd(GroupNames[i], group.Value);
            }
        }

        return true;
    }

    /// <summary>Whether the pattern occurs in <paramref name="text"/> (already cut to <see cref="MaxMatchedChars"/> by the caller, or not).</summary>
    public bool IsMatch(ReadOnlySpan<char> text, out bool timedOut)
    {
        timedOut = false;
        if (!Usable)
        {
            return false;
        }

        Regex regex = Tier();
        try
        {
            return regex.IsMatch(text[..Math.Min(text.Length, MaxMatchedChars)]);
        }
        catch (RegexMatchTimeoutException)
        {
            timedOut = true;
            TimedOut();
            return false;
        }
    }

    /// <summary>
    /// <see cref="Match(string, ref Dictionary{string, string}?, out bool)"/> over a record's message, read as
    /// characters: a pattern without groups makes no string, and one whose captures follow the matched text
    /// (<see cref="CapturesFollowMatchedText"/>) takes them from <paramref name="cache"/> by that text, so that a
    /// line like many before it (a firewall's drops from one address) costs a scan and a hash, no Match, no
    /// strings. The message's string is made only on a cache miss. Same values, in the same order, as a Match.
    /// <paramref name="ruleText"/>, when given, is the line's text for the rules in place of the record's message (<see cref="RuleText"/>).
    /// </summary>
    public bool Match(LogRecord record, string? ruleText, ReadOnlySpan<char> message, CaptureCache? cache, ref Dictionary<string, string>? values, out bool timedOut)
    {
        if (GroupNames.Length == 0)
        {
            return IsMatch(message, out timedOut);
        }

        if (cache is null || !cache.Enabled || !Usable)
        {
            return Match(ruleText ?? record.Message, ref values, out timedOut);
        }

        timedOut = false;
        Regex regex = Tier();
        if ((regex.Options & RegexOptions.NonBacktracking) != 0)
        {
            // The automaton's captures were not shown to follow the matched text: matched as ever.
            return Match(ruleText ?? record.Message, ref values, out timedOut);
        }

        var text = message[..Math.Min(message.Length, MaxMatchedChars)];
        ReadOnlySpan<char> matched;
        int matchedAt;
        try
        {
            var found = regex.EnumerateMatches(text);
            if (!found.MoveNext())
            {
                return false;
            }

            matchedAt = found.Current.Index;
            matched = text.Slice(matchedAt, found.Current.Length);
        }
        catch (RegexMatchTimeoutException)
        {
            timedOut = true;
            TimedOut();
            return false;
        }

        if (cache.TryGet(matched, out string?[]? captured))
        {
            for (int i = 0; i < captured.Length; i++)
            {
                if (captured[i] is { } value)
                {
                    values ??= new Dictionary<string, string>(16, StringComparer.Ordinal);
                    values.TryAdd(GroupNames[i], value);
                }
            }

            return true;
        }

        string input = ruleText ?? record.Message;
        Match match;
        try
        {
            match = regex.Match(input, 0, Math.Min(input.Length, MaxMatchedChars));
        }
        catch (RegexMatchTimeoutException)
        {
            timedOut = true;
            TimedOut();
            return false;
        }

        if (!match.Success)
        {
            return false; // not reached: the scan above found this match
        }

        captured = new string?[GroupNames.Length];
        for (int i = 0; i < GroupNames.Length; i++)
        {
            Group group = match.Groups[GroupNumbers[i]];
            if (group.Success && group.Length > 0)
            {
                captured[i] = group.Value;
                values ??= new Dictionary<string, string>(16, StringComparer.Ordinal);
                values.TryAdd(GroupNames[i], captured[i]!);
            }
        }

        if (match.Index == matchedAt && match.Length == matched.Length && matched.Length <= CaptureCache.MaxKeyChars)
        {
            cache.Add(match.Value, captured);
        }

        return true;
    }

    public override string ToString() => Text;

    /// <summary>See <see cref="CapturesFollowMatchedText"/>: a conservative reading of the pattern's text.</summary>
    internal static bool LooksOnlyAtWhatItConsumes(string pattern)
    {
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 < pattern.Length && "bBAZzG".Contains(pattern[i + 1], StringComparison.Ordinal))
                    {
                        return false;
                    }

                    i++; // an escaped character is a literal (or a class, or a backreference into the match)
                    break;
                case '$':
                    return false;
                case '^' when i == 0 || pattern[i - 1] != '[':
                    return false;
                case '(' when i + 1 < pattern.Length && pattern[i + 1] == '?':
                    // Only a non-capturing group or a named one: not lookarounds (?= (?! (?<= (?<!, atomic (?>,
                    // conditionals (?(, inline options (?x) (whose comments could hide anything).
                    char next = i + 2 < pattern.Length ? pattern[i + 2] : '\0';
                    if (next == ':')
                    {
                        break;
                    }

                    if ((next == '<' || next == '\'') && i + 3 < pattern.Length && (char.IsLetter(pattern[i + 3]) || pattern[i + 3] == '_'))
                    {
                        break;
                    }

                    return false;
            }
        }

        return true;
    }

    /// <summary>The regex to use, compiling it on its <see cref="CompileAfter"/>th use (races only build it twice).</summary>
    private Regex Tier()
    {
        Regex regex = _regex;
        if (_uses < CompileAfter && ++_uses == CompileAfter && (regex.Options & RegexOptions.NonBacktracking) == 0)
        {
            _regex = regex = BuiltInRegexes.Create(Text, Options | RegexOptions.Compiled, MatchTimeout);
        }

        return regex;
    }

    private void TimedOut()
    {
        if (Interlocked.Increment(ref _timeouts) != TimeoutsBeforeAutomaton)
        {
            return;
        }

        try
        {
            _regex = AutomatonRegex.Create(Text, Options);
        }
        catch (NotSupportedException)
        {
            Usable = false;
        }
    }
}

/// <summary>
/// One detector's memo of a pattern's captures by the text it matched (<see cref="RulePattern.CapturesFollowMatchedText"/>):
/// bounded (cleared when full), and switched off for good once most lookups miss (a pattern whose matches hold a time
/// or a counter), where it would only add a scan. Not thread-safe: one detector's, as its other state.
/// </summary>
internal sealed class CaptureCache
{
    /// <summary>Entries kept before the memo is cleared.</summary>
    public const int MaxEntries = 1024;

    /// <summary>Matched texts longer than this are not kept (a long match rarely repeats).</summary>
    public const int MaxKeyChars = 256;

    /// <summary>Lookups per verdict on whether the memo pays.</summary>
    private const int Period = 1024;

    private readonly Dictionary<string, string?[]> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?[]>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private int _lookups;
    private int _hits;

    public CaptureCache() => _lookup = _entries.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>False once a period's lookups mostly missed: the pattern is then matched as ever.</summary>
    public bool Enabled { get; private set; } = true;

    public bool TryGet(ReadOnlySpan<char> matched, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string?[]? captured)
    {
        bool hit = _lookup.TryGetValue(matched, out captured);
        _hits += hit ? 1 : 0;
        if (++_lookups == Period)
        {
            // Fewer than a quarter hits: each miss costs a second scan, more than the hits save.
            Enabled = _hits >= Period / 4;
            _lookups = _hits = 0;
            if (!Enabled)
            {
                _entries.Clear();
                _entries.TrimExcess();
            }
        }

        return hit;
    }

    public void Add(string matched, string?[] captured)
    {
        if (!Enabled || matched.Length > MaxKeyChars)
        {
            return;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[matched] = captured;
    }
}
