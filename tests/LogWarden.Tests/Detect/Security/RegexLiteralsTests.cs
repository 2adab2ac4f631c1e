using System.Text.RegularExpressions;
using LogWarden.Detect.Rules;
using LogWarden.Detect.Security;

namespace LogWarden.Tests.Detect.Security;

public sealed class RegexLiteralsTests
{
    [Theory]
    [InlineData(@"Out of memory: Killed process (?<pid>\d+)", "Out of memory: Killed process ")]
    [InlineData(@"\bsegfault at [0-9a-f]+ ip", "segfault at ")]
    [InlineData(@"(?:Out of memory|Memory cgroup out of memory): Kill", "Memory cgroup out of memory|Out of memory")]
    [InlineData(@"^(?<unit>\S+): Failed with result '(?<r>[\w-]+)'|^Unit (?<unit>\S+) entered failed state", " entered failed state|: Failed with result '")]
    [InlineData(@"colou?r change", "r change")]
    [InlineData(@"a+bcd", "abcd")]
    [InlineData(@"x\.y\(z\)", "x.y(z)")]
    [InlineData(@"(?-i:\bPANIC):  \S", "PANIC")]
    [InlineData(@"[abc]+ not here(?:x)?", " not here")]
    public void Every_match_contains_one_of_the_derived_literals(string pattern, string expected)
    {
        var literals = RegexLiterals.Required(pattern);

        Assert.NotNull(literals);
        Assert.Equal(expected, string.Join("|", literals.Order(StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData(@"(?:%27|')(?:\s|\+)*(?:or|and)(?:\s|\+)+\d", "%27|'")] // a quote is in fewer targets than "or" ("/orders")
    [InlineData(@"\$_(?:GET|POST|REQUEST)\b", "$_")]                    // not "GET" ("/widget")
    [InlineData(@"(?:;|\|)\s*(?:wget|sh|id)\b", ";||")]
    [InlineData(@"=(?:https?|ftp)(?::|%3a)", "ftp|http")]                // not "=", in every query
    [InlineData(@"\.(?:php|asp)(?:$|/)", "asp|php")]
    public void A_prefilter_of_short_literals_prefers_punctuation_to_short_words(string pattern, string expected)
    {
        var literals = RegexLiterals.Required(pattern, minLength: 1);

        Assert.NotNull(literals);
        Assert.Equal(expected, string.Join("|", literals.Order(StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData(@"\d+")]
    [InlineData(@"ab|longer literal")]
    [InlineData(@"(?:foo)?ba")]
    [InlineData(@"(?x) spaced out pattern")]
    [InlineData(@"(?=lookahead)x")]
    [InlineData(@"a.b.c.d")]
    public void Patterns_without_a_certain_literal_of_three_characters_have_none(string pattern)
    {
        Assert.Null(RegexLiterals.Required(pattern));
    }

    [Fact]
    public void Built_in_rules_examples_contain_their_rules_literals()
    {
        // The keyword scan relies on it: a matching line without one of its rule's literals would be missed.
        foreach (Rule rule in RuleSet.BuiltIn.Rules.Where(r => r.Match.Anchors.Count > 0))
        {
            foreach (RuleExample example in rule.Examples.Where(e => e.Fires))
            {
                Assert.True(
                    rule.Match.Anchors.Any(a => example.Line.Contains(a, StringComparison.OrdinalIgnoreCase)),
                    $"{rule.Id}: {example.Line} contains none of [{string.Join(", ", rule.Match.Anchors)}]");
            }
        }
    }

    [Fact]
    public void Derived_literals_are_necessary_for_random_matches()
    {
        // Lines built to match each pattern: every one must contain a literal (fuzzing the derivation).
        var random = new Random(11);
        string[] patterns =
        [
            @"(?<a>\w+) (?:said|wrote) (?:hello|goodbye)+ to (?<b>\w+)",
            @"^(?:\[\s*\d+\.\d+\]\s*)?Killed process (?<pid>\d+) \((?<p>[^)]+)\)",
            @"task (?<p>\S.{0,63}?):(?<pid>\d+) blocked for more than (?<s>\d+) seconds",
            @"(?:BLOCK|DROP)\S*\s*IN=\S* OUT=\S*.*?\bSRC=(?<ip>[0-9.]+)",
        ];
        string[] samples =
        [
            "x said hello to y", "bob wrote goodbyegoodbye to alice", "[ 12.5] Killed process 12 (java)", "Killed process 1 (a b)",
            "task kworker/u16:9:7088 blocked for more than 120 seconds", "[UFW BLOCK] IN=eth0 OUT= MAC=x SRC=1.2.3.4 DST=5.6.7.8",
            "FOO-DROP: IN=eth1 OUT= SRC=10.0.0.1",
        ];
        foreach (string pattern in patterns)
        {
            var literals = RegexLiterals.Required(pattern)!;
            var regex = new Regex(pattern, RegexOptions.IgnoreCase);
            foreach (string sample in samples.Select(s => random.Next(2) == 0 ? s.ToUpperInvariant() : s).Where(s => regex.IsMatch(s)))
            {
                Assert.Contains(literals, l => sample.Contains(l, StringComparison.OrdinalIgnoreCase));
            }
        }
    }
}
