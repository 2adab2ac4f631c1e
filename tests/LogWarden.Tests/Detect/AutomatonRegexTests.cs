using System.Text.RegularExpressions;
using LogWarden.Detect;
using LogWarden.Detect.Security;

namespace LogWarden.Tests.Detect;

public sealed class AutomatonRegexTests
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    /// <summary>
    /// The trim reaches the runtime's construction cache: a plain automaton of the longest built-in rule keeps
    /// tens of thousands of memoised operations, the one <see cref="AutomatonRegex.Create"/> returns none. If a
    /// runtime update renames the fields this fails, and the daemon's memory grows by the automata's caches.
    /// </summary>
    [Fact]
    public void The_construction_cache_of_a_built_automaton_is_emptied()
    {
        string pattern = SecurityDefinitions.Default.Rules.MaxBy(r => r.Matcher.Pattern.Length)!.Matcher.Pattern;

        var plain = new Regex(pattern, Options | RegexOptions.NonBacktracking);
        var trimmed = AutomatonRegex.Create(pattern, Options);

        Assert.True(AutomatonRegex.ConstructionCacheCount(plain) > 1000);
        Assert.Equal(0, AutomatonRegex.ConstructionCacheCount(trimmed));
    }

    [Fact]
    public void A_trimmed_automaton_answers_as_before_and_rebuilds_what_it_needs()
    {
        const string pattern = @"\b(?:fail(?:ed|ure)|invalid|denied)\W{1,3}(?:\w+\W{1,3}){0,2}?(?:password|user|auth\w*)\b";
        var plain = new Regex(pattern, Options | RegexOptions.NonBacktracking);
        var trimmed = AutomatonRegex.Create(pattern, Options);
        string[] lines =
        [
            "sshd[1]: Failed password for root from 192.0.2.1 port 22 ssh2",
            "sshd[1]: Invalid user admin from 192.0.2.1",
            "pam_unix(sshd:auth): authentication failure; rhost=192.0.2.7 user=root",
            "kernel: Out of memory: Killed process 1234 (java)",
            "Access DENIED for user ümlaut from 192.0.2.9",
            "",
        ];

        foreach (string line in lines)
        {
            Assert.Equal(plain.IsMatch(line), trimmed.IsMatch(line));
            Assert.Equal(plain.Match(line).Value, trimmed.Match(line).Value);
        }

        Assert.Matches(trimmed, lines[0]);
        Assert.DoesNotMatch(trimmed, lines[3]);
    }

    [Fact]
    public void A_backtracking_regex_is_left_alone() =>
        Assert.False(AutomatonRegex.TrimConstructionCache(new Regex("abc", Options)));

    [Fact]
    public void A_pattern_the_automaton_cannot_run_is_refused_as_before() =>
        Assert.Throws<NotSupportedException>(() => AutomatonRegex.Create("(?<!not )logged in", Options));
}
