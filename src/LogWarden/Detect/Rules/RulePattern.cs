using System.Text.RegularExpressions;

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

    private volatile Regex _regex;
    private int _uses;
    private int _timeouts;

    private RulePattern(string text, Regex regex)
    {
        Text = text;
        _regex = regex;
        GroupNames = [.. regex.GetGroupNames().Where(n => !int.TryParse(n, out _))];
        GroupNumbers = [.. GroupNames.Select(regex.GroupNumberFromName)];
    }

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

    public override string ToString() => Text;

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
