using System.Text.RegularExpressions;
using LogWarden.Detect.Security;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Detect.Security;

public sealed class DeferredRegexTests
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    [Fact]
    public void Alternatives_are_split_only_at_the_top_level()
    {
        Assert.Equal(new[] { "a(b|c)", "[|(]d", @"\|e", "(?-i:x|y)" }, DeferredRegex.TopLevelAlternatives(@"a(b|c)|[|(]d|\|e|(?-i:x|y)"));
        Assert.Equal(new[] { "[]|]x", "[^]|]y", "z" }, DeferredRegex.TopLevelAlternatives("[]|]x|[^]|]y|z"));
        Assert.Equal(new[] { "plain" }, DeferredRegex.TopLevelAlternatives("plain"));
    }

    [Theory]
    [InlineData("(?i)a|b")] // the option runs on into the next alternative
    [InlineData(@"(?<w>a)\k<w>|b")]
    [InlineData(@"(a)\1|b")]
    [InlineData("a(?#comment|)|b")]
    public void A_pattern_whose_meaning_a_split_could_change_is_not_split(string pattern) =>
        Assert.Null(DeferredRegex.TopLevelAlternatives(pattern));

    [Fact]
    public void Lookaround_alternatives_stay_backtracking_and_the_others_move_to_the_automaton()
    {
        var regex = Warm(new DeferredRegex(new Regex(@"(?:\bfoo\b)|(?:(?<!not )\bbar\b)|(?:baz\d+)|(?:\bqux(?!ly))", Options)));

        Assert.Equal(2, regex.BacktrackingAlternatives);
        foreach (string line in new[] { "a foo b", "food", "a bar", "not bar", "NOT BAR", "baz12", "baz", "qux", "quxly", "nothing", "" })
        {
            Assert.Equal(regex.Value.IsMatch(line), regex.IsMatch(line));
        }
    }

    [Fact]
    public void A_pattern_the_automaton_runs_whole_keeps_nothing_backtracking()
    {
        var regex = Warm(new DeferredRegex(new Regex(@"\bfailed password\b|\binvalid user (?<user>\S+)", Options)));

        Assert.Equal(0, regex.BacktrackingAlternatives);
        Assert.True(regex.IsMatch("sshd[1]: Invalid user admin from 192.0.2.1"));
        Assert.False(regex.IsMatch("sshd[1]: Accepted password for admin"));
    }

    /// <summary>
    /// Every phrase and ignore rule of the built-in definitions, once on the automaton (split where it has
    /// lookarounds), says of each line of the security corpus, of the LogHub samples and of the rules' own
    /// examples what the backtracking engine says: wherever one of the rule's anchors occurs, which is where
    /// the recogniser asks it.
    /// </summary>
    [Fact]
    public void Every_rule_answers_on_the_automaton_as_on_the_backtracking_engine()
    {
        var definitions = SecurityDefinitions.Default;
        var rules = definitions.Ignore.Concat(definitions.Rules).ToList();
        var lines = Directory.GetFiles(Path.Combine(SharedData.Root(), "security"), "*.log").SelectMany(File.ReadLines)
            .Concat(SharedData.LogHubDatasets.SelectMany(n => File.ReadLines(Path.Combine(SharedData.Root(), "loghub2k", n, $"{n}_2k.log"))))
            .Concat(rules.SelectMany(r => r.Examples))
            .ToList();
        var warmed = rules.Select(r => Warm(r.Matcher.Fresh())).ToList();
        var found = new bool[definitions.Scanner.Count];
        var mismatches = new List<string>();
        int compared = 0;
        foreach (string line in lines)
        {
            var text = line.AsSpan(0, Math.Min(line.Length, SecurityEventRecognizer.MaxScannedChars));
            Array.Clear(found);
            definitions.Scanner.Scan(text, found);
            for (int i = 0; i < rules.Count; i++)
            {
                if (!rules[i].Always && !AnchorScanner.AnyOf(found, rules[i].Anchors))
                {
                    continue;
                }

                compared++;
                if (warmed[i].IsMatch(text) != rules[i].Pattern.IsMatch(text))
                {
                    mismatches.Add($"{rules[i].Kind}: {line}");
                }
            }
        }

        Assert.Empty(mismatches);
        Assert.True(compared > 5_000, $"only {compared} comparisons");
        // The rules with a lookaround now run their other patterns on the automaton.
        Assert.Contains(warmed, r => r.BacktrackingAlternatives > 0);
        Assert.All(warmed, r => Assert.NotEqual(-1, r.BacktrackingAlternatives));
    }

    [Fact]
    public void A_pattern_the_backtracking_engine_answers_cheaply_stays_there()
    {
        var regex = new DeferredRegex(new Regex(@"\bsegfault at\b", Options));

        for (int i = 0; i < 3 * DeferredRegex.AutomatonAfter; i++)
        {
            Assert.False(regex.IsMatch("kernel: eth0: link up"));
        }

        Assert.Equal(-1, regex.BacktrackingAlternatives);
        Assert.True(regex.IsMatch("kernel: app[1]: segfault at 0 ip 0 sp 0 error 4"));
    }

    /// <summary>
    /// A pattern whose backtracking costs far more than the automaton's bar moves to it on its own: a lazy
    /// repetition of words before a literal that is not there makes the backtracking engine try every word
    /// from every start (quadratic in the line), hundreds of microseconds on a line of a hundred words.
    /// </summary>
    [Fact]
    public void A_pattern_the_backtracking_engine_answers_slowly_moves_to_the_automaton()
    {
        var regex = new DeferredRegex(new Regex(@"(?:\w+\W{1,3}){3,}?qzx\b", Options));
        string costly = string.Concat(Enumerable.Repeat("word ", 100));

        for (int i = 0; i < DeferredRegex.AutomatonAfter; i++)
        {
            Assert.False(regex.IsMatch(costly));
        }

        Assert.Equal(0, regex.BacktrackingAlternatives);
        Assert.True(regex.IsMatch("words and more words qzx"));
        Assert.False(regex.IsMatch(costly));
    }

    private static DeferredRegex Warm(DeferredRegex regex)
    {
        regex.BuildAutomatonNow();
        return regex;
    }
}
