using LogWarden.Detect.Rules;
using LogWarden.Detect.Security;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Detect.Security;

/// <summary>
/// A large keyword set searches ASCII lines by pairs of characters (<see cref="AnchorScanner"/>'s pair filter): it must
/// set exactly the keywords the search by <see cref="System.Buffers.SearchValues{T}"/> sets, on real lines, on lines
/// made of the keywords themselves in any case, cut, joined and overlapping, and on lines outside ASCII.
/// </summary>
public sealed class AnchorScannerTests
{
    [Fact]
    public void The_pair_filter_finds_exactly_what_the_search_values_find()
    {
        var scanners = new[] { RuleSet.BuiltIn.Scanner, SecurityDefinitions.Default.Scanner };
        Assert.All(scanners, s => Assert.True(s.SearchesByPairs));

        var lines = SharedData.SyntheticAndSecurityLines();

        var random = new Random(17);
        foreach (var scanner in scanners)
        {
            var keywords = scanner.Anchors.OfType<string>().ToArray();
            for (int i = 0; i < 20_000; i++)
            {
                // Keywords whole or cut at either end, in random case, run together or apart, with noise between.
                var line = new System.Text.StringBuilder();
                for (int part = random.Next(1, 5); part > 0; part--)
                {
                    string keyword = keywords[random.Next(keywords.Length)];
                    int start = random.Next(3) == 0 ? random.Next(keyword.Length) : 0;
                    int end = random.Next(3) == 0 ? random.Next(start, keyword.Length + 1) : keyword.Length;
                    foreach (char c in keyword.AsSpan(start, end - start))
                    {
                        line.Append(random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
                    }

                    line.Append(random.Next(4) switch { 0 => "", 1 => " ", 2 => "x", _ => "\u00e9" });
                }

                lines.Add(line.ToString());
            }
        }

        lines.AddRange(["", "a", "ab", "Out of memor", "OUT OF MEMORY", "out of memoryout of memory", "Out of m\u00e9mory Out of memory", "\u0130nvalid user"]);

        int found = 0;
        foreach (var scanner in scanners)
        {
            foreach (string line in lines)
            {
                var byPairs = new bool[scanner.Count];
                var bySearchValues = new bool[scanner.Count];
                bool anyByPairs = scanner.Scan(line, byPairs);
                bool anyBySearchValues = scanner.ScanBySearchValues(line, bySearchValues);
                Assert.Equal(anyBySearchValues, anyByPairs);
                Assert.True(bySearchValues.AsSpan().SequenceEqual(byPairs), line);
                found += anyByPairs ? 1 : 0;
            }
        }

        Assert.True(found > 40_000, $"{found} lines with a keyword");
    }

    [Fact]
    public void A_small_or_short_or_non_ascii_set_keeps_the_search_values()
    {
        Assert.False(new AnchorScanner(["error", "failed"]).SearchesByPairs);
        Assert.False(new AnchorScanner([.. Enumerable.Range(0, 100).Select(i => $"keyword{i}"), "x"]).SearchesByPairs);
        Assert.False(new AnchorScanner([.. Enumerable.Range(0, 100).Select(i => $"keyword{i}"), "\u00e9chec"]).SearchesByPairs);
        var holes = new AnchorScanner([null, .. Enumerable.Range(0, 100).Select(i => $"keyword{i}"), null]);
        Assert.True(holes.SearchesByPairs);
        var found = new bool[holes.Count];
        Assert.True(holes.Scan("a KEYWORD42 here", found));
        Assert.Equal([5, 43], found.Select((f, i) => (f, i)).Where(p => p.f).Select(p => p.i));
    }
}
