using LogWarden.Collect;
using LogWarden.Detect;
using LogWarden.Detect.Rules;
using LogWarden.Detect.Security;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Detect.Rules;

/// <summary>
/// The rules' keyword scan of a message comes from the security recogniser's scan of the line's shape when the
/// engine can share it (<see cref="SecurityEventRecognizer.ShareMessageKeywords"/>): cached per shape, it must
/// give the rules exactly what their own scan of each line gives.
/// </summary>
public sealed class SharedKeywordTests
{
    private static readonly DecodeContext Context = new("test", new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc);

    [Fact]
    public void Rules_match_the_same_lines_with_the_recognisers_cached_keyword_scan_as_with_their_own()
    {
        var lines = new List<string>();
        var synthetic = new SyntheticLogs(5);
        for (int i = 0; i < 20_000; i++)
        {
            lines.Add(synthetic.Next().Text);
        }

        string data = SharedData.Root();
        foreach (string file in Directory.EnumerateFiles(Path.Combine(data, "security"), "*.log").Order(StringComparer.Ordinal))
        {
            lines.AddRange(File.ReadLines(file));
        }

        foreach (string dataset in (string[])["Linux", "OpenSSH"])
        {
            lines.AddRange(File.ReadLines(Path.Combine(data, "loghub2k", dataset, $"{dataset}_2k.log")));
        }

        // Lines of one shape (same length, differing only in masked hex ids) of which only some hold a keyword a
        // shape can hide: "bad certificate" inside "00000bad certificate", not in "00000bee certificate".
        for (int i = 0; i < 4; i++)
        {
            lines.Add($"Nov 20 01:2{i}:12 web1 app[12{i}]: peer 00000be{(i % 2 == 0 ? 'e' : 'a')} certificate rejected");
            lines.Add($"Nov 20 01:2{i}:12 web1 app[12{i}]: peer 00000b{(i % 2 == 0 ? "ad" : "ee")} certificate rejected");
        }

        var detector = new RuleDetector();
        var recognizer = new SecurityEventRecognizer();
        recognizer.ShareMessageKeywords(detector.MessageKeywords);
        var miner = new TemplateMiner();
        var labels = new StreamLabels(("job", "file"), ("path", "/var/log/test.log"));
        int shared = 0, matched = 0;
        foreach (string text in lines)
        {
            LogRecord record = FormatDetector.DecodeWithAnyFormat(text, Context);
            var template = miner.Resolve(miner.Add(record.Message, record.Timestamp, record.Level));
            var security = recognizer.Recognize(record);
            var keywords = recognizer.MessageAnchors;
            shared += keywords is null ? 0 : 1;
            var fromShape = detector.Match(Observation(record, labels, template, security, keywords, detector.MessageKeywords));
            var ownScan = detector.Match(Observation(record, labels, template, security, null, null));
            Assert.Equal(Describe(ownScan), Describe(fromShape));
            matched += ownScan.Count;
        }

        Assert.True(shared > lines.Count / 10, $"only {shared} of {lines.Count} lines had the shared scan");
        Assert.True(matched > 100, $"only {matched} rule matches: the comparison says little");
    }

    [Theory]
    [InlineData("failed password", true)]
    [InlineData("Out of memory: Killed process", true)]
    [InlineData("access denied", true)]
    [InlineData("bad certificate", false)] // "bad" may lie in a masked hex id
    [InlineData("EDAC ", false)]
    [InlineData("Errcode: 28", false)] // digits are masked
    [InlineData("x509: certificate ", false)]
    public void A_keyword_survives_a_lines_shape_unless_masking_can_hide_it(string anchor, bool survives) =>
        Assert.Equal(survives, AnchorScanner.SurvivesShape(anchor));

    private static LogObservation Observation(LogRecord record, StreamLabels labels, LogTemplate template, SecurityEvent? security, bool[]? keywords, AnchorScanner? of) => new()
    {
        Record = record,
        Labels = labels,
        Time = record.Timestamp ?? DateTimeOffset.UnixEpoch,
        Template = template,
        Security = security,
        MessageKeywords = keywords,
        MessageKeywordsOf = of,
    };

    private static List<string> Describe(List<(Rule Rule, IReadOnlyDictionary<string, string> Values)> matches) =>
        [.. matches.Select(m => m.Rule.Id + " " + string.Join(",", m.Values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => v.Key + "=" + v.Value)))];
}
