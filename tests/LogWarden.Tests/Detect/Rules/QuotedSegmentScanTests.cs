using LogWarden.Detect.Rules;
using LogWarden.Detect.Security;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Detect.Rules;

/// <summary>
/// The rules' own keyword scan remembers what quoted parts of a line hold (<see cref="QuotedSegmentScan"/>): it must
/// find exactly what one scan of the whole line finds, the first time a part comes, the second (when it is
/// remembered) and after.
/// </summary>
public sealed class QuotedSegmentScanTests
{
    [Fact]
    public void Finds_exactly_the_keywords_a_scan_of_the_whole_line_finds_over_real_and_crafted_lines()
    {
        var lines = new List<string>();
        var synthetic = new SyntheticLogs(7);
        for (int i = 0; i < 20_000; i++)
        {
            lines.Add(synthetic.Next().Text);
        }

        string data = SharedData.Root();
        foreach (string file in Directory.EnumerateFiles(Path.Combine(data, "security"), "*.log").Order(StringComparer.Ordinal))
        {
            lines.AddRange(File.ReadLines(file));
        }

        // Keywords with a quote, keywords next to or across quotes, a quoted part repeated with and without one.
        string[] crafted =
        [
            "LOG:  replication slot \"standby_1\" does not exist and certificate expired",
            "ERROR: relation \"orders\" contains unexpected zero page at block 7",
            "1.2.3.4 - - \"GET /x HTTP/1.1\" 200 5 \"-\" \"Mozilla/5.0 (X11; Linux x86_64) certificate verify failed here\"",
            "1.2.3.4 - - \"GET /y HTTP/1.1\" 200 5 \"-\" \"Mozilla/5.0 (X11; Linux x86_64) certificate verify failed here\"",
            "1.2.3.4 - - \"GET /z HTTP/1.1\" 200 5 \"-\" \"Mozilla/5.0 (X11; Linux x86_64) certificate verify failed here\"",
            "1.2.3.4 - - \"GET /z HTTP/1.1\" 200 5 \"-\" \"Mozilla/5.0 (X11; Linux x86_64) a plain agent of no keyword\"",
            "1.2.3.4 - - \"GET /z HTTP/1.1\" 200 5 \"-\" \"Mozilla/5.0 (X11; Linux x86_64) a plain agent of no keyword\"",
            "1.2.3.4 - - \"GET /z HTTP/1.1\" 200 5 \"-\" \"Mozilla/5.0 (X11; Linux x86_64) a plain agent of no keyword\"",
            "{\"msg\":\"no space left on device while writing the journal\",\"level\":\"error\"}",
            "{\"msg\":\"no space left on device while writing the journal\",\"level\":\"error\"}",
            "no space \"left on device\" split by quotes, and \"Out of\" memory",
            "an open quote \"that never closes: Out of memory",
            "\"",
            "\"\"",
            "",
        ];
        lines.AddRange(crafted);
        lines.AddRange(crafted);

        var scanner = RuleSet.BuiltIn.Scanner;
        var segments = new QuotedSegmentScan(scanner, RuleSet.BuiltIn.QuoteSplit);
        int withKeywords = 0;
        foreach (string line in lines)
        {
            var whole = new bool[scanner.Count];
            var parts = new bool[scanner.Count];
            bool anyWhole = scanner.Scan(line, whole);
            bool anyParts = segments.Scan(line, parts);
            Assert.True(whole.SequenceEqual(parts), $"different keywords in: {line}");
            Assert.Equal(anyWhole, anyParts);
            withKeywords += anyWhole ? 1 : 0;
        }

        Assert.True(segments.Counts.Remembered > 1_000, $"only {segments.Counts.Remembered} quoted parts answered from memory");
        Assert.True(withKeywords > 100, $"only {withKeywords} lines with a keyword: the comparison says little");
    }

    [Fact]
    public void Keywords_holding_a_quote_are_scanned_over_the_whole_line()
    {
        var scanner = new AnchorScanner(["slot \"", "expired"]);
        var segments = new QuotedSegmentScan(scanner, QuotedSegmentScan.Split(scanner));
        var found = new bool[2];
        Assert.True(segments.Scan("replication slot \"standby certificate long enough to be remembered\" expired", found));
        Assert.Equal([true, true], found);
    }
}
