using System.Text.RegularExpressions;
using LogWarden.Detect;
using LogWarden.Detect.Rules;
using LogWarden.Detect.Scenarios;
using LogWarden.Detect.Security;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Detect;

public sealed class BuiltInRegexesTests
{
    private const string GeneratedFile = "src/LogWarden/Detect/BuiltInRegexes.Generated.cs";

    /// <summary>
    /// The checked-in twins are exactly those of the built-in YAML as it is now: a wording added or changed in
    /// a pack, the scenarios or the recogniser's definitions without its twin fails here (and would run on the
    /// interpreter in the Native AOT binary).
    /// </summary>
    [Fact]
    public void The_checked_in_twins_are_those_the_built_in_yaml_needs()
    {
        var keys = BuiltInRegexes.CollectBuiltIn();
        string file = Path.Combine(FindRepository(), GeneratedFile);

        Assert.True(keys.Count > 50, $"only {keys.Count} built-in patterns collected");
        Assert.True(
            BuiltInRegexes.GenerateSource(keys) == File.ReadAllText(file),
            $"{GeneratedFile} is out of date: run `dotnet bench/LogWarden.Bench/bin/Release/net10.0/LogWarden.Bench.dll regex-twins {GeneratedFile}` and rebuild");
        Assert.Equal(keys.Count, BuiltInRegexes.TwinCount);
        Assert.All(keys, k => Assert.True(BuiltInRegexes.HasTwin(k.Pattern, k.Options, k.TimeoutMilliseconds), k.Pattern));
    }

    /// <summary>The loaded built-ins run their twins (source-generated types), not regexes built at run time.</summary>
    [Fact]
    public void The_built_in_definitions_rules_and_scenarios_run_their_twins()
    {
        var definitions = SecurityDefinitions.LoadBuiltIn();
        Assert.NotEmpty(definitions.CompiledPatterns);
        Assert.All(definitions.CompiledPatterns, p => Assert.True(IsTwin(p.Value), p.Pattern));

        var patterns = RuleSet.ReadBuiltInPacks([]).SelectMany(p => p.Rules)
            .SelectMany(r => new[] { r.Match?.Regex, r.Match?.Not, r.Match?.Template }.Concat((r.Match?.Fields ?? []).Select(f => f.Pattern)).Concat((r.Extract ?? []).Select(e => e.Pattern)))
            .OfType<RulePattern>()
            .ToList();
        Assert.NotEmpty(patterns);
        Assert.All(patterns, p => Assert.True(IsTwin(p.Regex), p.Text));

        var scenarios = ScenarioCatalog.LoadBuiltIn();
        Assert.All(scenarios.Services, s => Assert.True(IsTwin(s.Programs), s.Name));
        Assert.All(scenarios.AttemptLines, a => Assert.True(IsTwin(a.Pattern), a.Kind));
    }

    /// <summary>A pattern of a user's YAML has no twin and is built at run time, with its options and timeout.</summary>
    [Fact]
    public void A_pattern_without_a_twin_is_built_at_run_time()
    {
        var options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;
        var regex = BuiltInRegexes.Create(@"my own service (?<user>\w+) failed", options, TimeSpan.FromMilliseconds(500));

        Assert.False(IsTwin(regex));
        Assert.Equal(options, regex.Options);
        Assert.Equal(TimeSpan.FromMilliseconds(500), regex.MatchTimeout);
        Assert.Equal("bob", regex.Match("MY OWN SERVICE bob FAILED").Groups["user"].Value);
        Assert.ThrowsAny<ArgumentException>(() => BuiltInRegexes.Create("(unclosed", options));
    }

    /// <summary>
    /// Every twin gives the same matches, at the same places and with the same named captures, as the regex built
    /// at run time from its pattern, over the security corpus and the LogHub samples; and it keeps the options
    /// and the timeout.
    /// </summary>
    [Fact]
    public void Every_twin_matches_as_the_regex_built_at_run_time()
    {
        var lines = Directory.GetFiles(Path.Combine(SharedData.Root(), "security"), "*.log").SelectMany(File.ReadLines)
            .Concat(SharedData.LogHubDatasets.SelectMany(n => File.ReadLines(Path.Combine(SharedData.Root(), "loghub2k", n, $"{n}_2k.log")).Take(300)))
            .Select(l => l.Length > RulePattern.MaxMatchedChars ? l[..RulePattern.MaxMatchedChars] : l)
            .ToList();
        var mismatches = new List<string>();
        long matches = 0;
        foreach (var key in BuiltInRegexes.CollectBuiltIn())
        {
            var twin = BuiltInRegexes.Create(key.Pattern, key.Options, key.TimeoutMilliseconds == BuiltInRegexes.DefaultTimeout ? Regex.InfiniteMatchTimeout : TimeSpan.FromMilliseconds(key.TimeoutMilliseconds));
            var runtime = key.TimeoutMilliseconds == BuiltInRegexes.DefaultTimeout
                ? new Regex(key.Pattern, key.Options)
                : new Regex(key.Pattern, key.Options, TimeSpan.FromMilliseconds(key.TimeoutMilliseconds));
            Assert.True(IsTwin(twin), key.Pattern);
            Assert.Equal(runtime.Options, twin.Options);
            Assert.Equal(runtime.MatchTimeout, twin.MatchTimeout);
            Assert.Equal(runtime.GetGroupNames(), twin.GetGroupNames());
            foreach (string line in lines)
            {
                var expected = runtime.Match(line);
                var actual = twin.Match(line);
                if (Describe(runtime, expected) != Describe(twin, actual))
                {
                    mismatches.Add($"{key.Pattern[..Math.Min(60, key.Pattern.Length)]} on {line}");
                }

                matches += expected.Success ? 1 : 0;
            }
        }

        Assert.True(matches > 1000, $"only {matches} matches compared");
        Assert.Empty(mismatches.Take(10));
    }

    private static bool IsTwin(Regex regex) => regex.GetType() != typeof(Regex);

    private static string Describe(Regex regex, Match match) =>
        !match.Success ? "-" : string.Join(';', regex.GetGroupNames().Select(n => match.Groups[n]).Select(g => g.Success ? $"{g.Index}:{g.Length}" : "x"));

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LogWarden.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("LogWarden.slnx not found above " + AppContext.BaseDirectory);
    }
}
