using LogWarden.Detect.Rules;
using LogWarden.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Detect.Rules;

/// <summary>
/// A pattern whose captures depend only on the text it matched takes them from a per-detector memo keyed by that text
/// (<see cref="CaptureCache"/>): over real and synthetic lines, each seen more than once (so that the memo answers),
/// every built-in pattern must match the same lines with the same values, in the same order, as a plain Match.
/// </summary>
public sealed class CaptureCacheTests
{
    [Fact]
    public void Memoised_captures_equal_a_plain_match_for_every_built_in_pattern()
    {
        var lines = SharedData.SyntheticAndSecurityLines();

        RulePattern[] patterns = [.. RuleSet.BuiltIn.Matchers.Select(m => m.Condition.Regex).OfType<RulePattern>().Distinct()];
        Assert.Contains(patterns, p => p.CapturesFollowMatchedText); // the firewall rules' patterns, at least
        var cache = new MatchCache();
        int matches = 0;
        int cachedMatches = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (string line in lines)
            {
                var record = new LogRecord { Raw = line, Message = line };
                foreach (RulePattern pattern in patterns)
                {
                    Dictionary<string, string>? expected = null;
                    bool plain = pattern.Match(line, ref expected, out _);
                    Dictionary<string, string>? actual = null;
                    bool memo = pattern.Match(record, null, cache.MessageChars(record), cache.Captures(pattern), ref actual, out _);
                    Assert.Equal(plain, memo);
                    Assert.Equal(expected?.ToList(), actual?.ToList()); // same pairs in the same order
                    matches += plain ? 1 : 0;
                    cachedMatches += plain && pattern.CapturesFollowMatchedText ? 1 : 0;
                }
            }
        }

        Assert.True(cachedMatches > 1000, $"{cachedMatches} matches of memoised patterns of {matches}");
    }

    [Theory]
    [InlineData(@"SRC=(?<ip>[0-9a-fA-F.:]{3,39}) DST=(?<dst>\S+) ", true)]
    [InlineData(@"(?:BLOCK|DROP)\S*\s*IN=\S* (?'x'[^ ]+)", true)]
    [InlineData(@"user (?<user>\S+)$", false)]
    [InlineData(@"^Failed (?<user>\S+)", false)]
    [InlineData(@"\bfailed (?<user>\w+)", false)]
    [InlineData(@"failed (?<user>\w+)(?= from)", false)]
    [InlineData(@"failed (?<user>\w+)(?<!root)", false)]
    [InlineData(@"failed (?>(?<user>\w+))", false)]
    [InlineData(@"(?i)failed (?<user>\w+)", false)]
    [InlineData(@"a\$ (?<v>\d+)", true)]
    public void Only_patterns_that_look_no_further_than_they_consume_are_memoised(string pattern, bool expected) =>
        Assert.Equal(expected, RulePattern.LooksOnlyAtWhatItConsumes(pattern));
}
