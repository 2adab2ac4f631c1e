using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using LogWarden.Collect;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Store;

public sealed class LineEncoderTests
{
    private struct Ranges() : IMaskedRanges
    {
        public List<(int Start, int End)> List { get; } = [];

        public readonly void Add(int start, int end) => List.Add((start, end));

        public readonly void Extend(int end) => List[^1] = (List[^1].Start, end);
    }

    [Fact]
    public void Masker_ranges_are_exactly_what_its_wildcards_replaced()
    {
        var output = new char[4096];
        int checkedTokens = 0;
        foreach (StoredLine line in StoreTestData.LogHubLines(perDataset: 500))
        {
            foreach (string token in line.Line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var ranges = new Ranges();
                string masked = new(output, 0, TokenMasker.Mask(token, output, ref ranges));
                Assert.Equal(new string(output, 0, TokenMasker.Mask(token, output)), masked); // same answer as the miner's path
                var rebuilt = new StringBuilder();
                int position = 0;
                foreach ((int start, int end) in ranges.List)
                {
                    Assert.True(start >= position && end > start && end <= token.Length, $"bad range [{start},{end}) in '{token}'");
                    rebuilt.Append(token, position, start - position).Append(TokenMasker.Wildcard);
                    position = end;
                }
                rebuilt.Append(token, position, token.Length - position);
                if (ranges.List.Count == 0 && masked == token[..1] + TokenMasker.Wildcard + token[1..])
                {
                    continue; // "()" → "(<*>)": a wildcard for an empty value, with no range (documented)
                }
                Assert.Equal(masked, rebuilt.ToString());
                checkedTokens++;
            }
        }
        Assert.True(checkedTokens > 50_000);
    }

    [Theory]
    [InlineData("0", 0L, 0)]
    [InlineData("00", 0L, 1)]
    [InlineData("007", 7L, 2)]
    [InlineData("-12", -12L, 0)]
    [InlineData("-0012", -12L, 2)]
    [InlineData("999999999999999999", 999999999999999999L, 0)]
    public void Integers_keep_their_sign_and_leading_zeros(string text, long value, int zeros)
    {
        Assert.True(LineEncoder.TryParseInteger(text, out long v, out int z));
        Assert.Equal((value, zeros), (v, z));
        var bytes = new byte[64];
        Assert.Equal(text, Encoding.ASCII.GetString(bytes, 0, LineEncoder.FormatInteger(v, z, bytes)));
    }

    [Theory]
    [InlineData("-0")]
    [InlineData("-00")]
    [InlineData("+5")]
    [InlineData("1000000000000000000")]
    [InlineData("12a")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("٣")] // an Arabic-Indic digit is not an ASCII digit
    public void Other_numbers_are_dictionary_values(string text) => Assert.False(LineEncoder.TryParseInteger(text, out _, out _));

    [Fact]
    public void A_token_of_many_values_encodes_the_same_when_its_masking_is_remembered()
    {
        // "[20/Nov/2026:00:00:01" has five values; the second and third lines take its ranges from the encoder's cache.
        var encoder = new LineEncoder();
        string[] lines =
        [
            "203.0.113.5 - - [20/Nov/2026:00:00:01 +0000] \"GET /a HTTP/1.1\" 200 12",
            "198.51.100.7 - - [20/Nov/2026:00:00:01 +0000] \"GET /b HTTP/1.1\" 404 0",
            "203.0.113.5 - - [20/Nov/2026:00:00:01 +0000] \"GET /a HTTP/1.1\" 200 12",
        ];
        var results = new List<(string Logtype, string Values)>();
        foreach (string line in lines)
        {
            encoder.Encode(line);
            var values = new StringBuilder();
            foreach (EncodedVariable v in encoder.Variables)
            {
                values.Append(v.Kind == Placeholder.Integer ? $"{v.Value}/{v.Extra}" : Encoding.UTF8.GetString(encoder.ValueBytes(v))).Append('|');
            }
            results.Add((Convert.ToHexString(encoder.Logtype), values.ToString()));
            Assert.Equal(line, Rebuild(encoder));
        }
        Assert.Equal(results[0], results[2]);
        Assert.Equal(results[0].Logtype, results[1].Logtype);
        Assert.Contains("|20/0|2026/0|0/1|0/1|1/1|", "|" + results[1].Values, StringComparison.Ordinal);
    }

    /// <summary>The line an encoding stands for: each placeholder byte replaced by its value.</summary>
    private static string Rebuild(LineEncoder encoder)
    {
        var bytes = new List<byte>();
        int v = 0;
        Span<byte> digits = stackalloc byte[32];
        foreach (byte b in encoder.Logtype)
        {
            if (!Placeholder.Is(b))
            {
                bytes.Add(b);
                continue;
            }
            EncodedVariable variable = encoder.Variables[v++];
            if (variable.Kind == Placeholder.Integer)
            {
                bytes.AddRange(digits[..LineEncoder.FormatInteger(variable.Value, variable.Extra, digits)].ToArray());
            }
            else
            {
                bytes.AddRange(encoder.ValueBytes(variable).ToArray());
            }
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }

    [Fact]
    public void Lines_with_too_many_values_are_kept_verbatim()
    {
        var encoder = new LineEncoder();
        encoder.Encode(string.Join(' ', Enumerable.Range(0, 300)));
        Assert.Equal([Placeholder.Dictionary], encoder.Logtype.ToArray());
        encoder.Encode("took 12 ms");
        Assert.Equal("took \u00f8 ms", Encoding.Latin1.GetString(encoder.Logtype));
    }

    [Fact]
    public void Byte_matcher_agrees_with_string_search()
    {
        var random = new Random(4);
        const string alphabet = "abcXYZ019 -_.:/=<>*";
        for (int i = 0; i < 3000; i++)
        {
            string hay = new([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            string needle = new([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            bool matchCase = random.Next(2) == 0;
            Utf8Substring matcher = Utf8Substring.TryCreate(needle, matchCase)!;
            Assert.Equal(hay.Contains(needle, matchCase ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase), matcher.IsMatch(Encoding.UTF8.GetBytes(hay)));
        }
        Assert.Null(Utf8Substring.TryCreate("café", matchCase: false)); // matched on decoded text instead
        Assert.NotNull(Utf8Substring.TryCreate("café", matchCase: true));
    }

    [Theory]
    [InlineData("uid=0", "uid=\u00f8 x", true)]       // "uid=" then a value
    [InlineData("blk_-42", "\u00f8-\u00f8-\u00f8", false)] // cannot straddle a date's '-': '_' is not a digit
    [InlineData("10-18", "\u00f8-\u00f8-\u00f8", true)]
    [InlineData("port 22", "from \u00f9 port \u00f8", true)]
    [InlineData("error", "from \u00f9 port \u00f8", false)]
    [InlineData("a b", "x\u00f9 \u00f9y", true)]         // values around a lone space
    [InlineData("a\tb", "x\u00f9 \u00f9y", false)]
    public void Straddle_test_admits_exactly_the_possible_cases(string needle, string logtype, bool possible)
    {
        byte[] bytes = [.. Encoding.Latin1.GetBytes(logtype).Select(b => b == 0xf8 ? Placeholder.Integer : b == 0xf9 ? Placeholder.Dictionary : b)];
        Assert.Equal(possible, BlockTextPlan.CouldStraddle(new LogtypeInfo(bytes), Utf8Substring.TryCreate(needle, matchCase: false)!));
    }
}

public sealed class EmbeddedStoreStorageTests
{
    /// <summary>The storage bar, on a realistic mix: the store's files take no more than `zstd -3` of the raw text.</summary>
    [Fact]
    public void Stored_bytes_are_below_zstd_level_3_of_the_raw_text()
    {
        using var dir = new TempDirectory();
        string raw = Path.Combine(dir.Path, "raw.log");
        string data = Path.Combine(dir.Path, "store");
        var generator = new SyntheticLogs(8);
        var labels = SyntheticLogs.Files.Select(f => new StreamLabels(("file", f))).ToArray();
        const int Lines = 150_000;
        using (var writer = new StreamWriter(raw, false, new UTF8Encoding(false)))
        using (var store = EmbeddedStore.Open(data, new EmbeddedStoreOptions { MinFreeBytes = 0, MinFreeFraction = 0, SealLines = 50_000 }))
        {
            for (int done = 0; done < Lines; done += 10_000)
            {
                var batch = new List<StoredLine>();
                for (int i = 0; i < 10_000; i++)
                {
                    var (time, file, text) = generator.Next();
                    batch.Add(new StoredLine(time, labels[file], text, 1 + file, Severity.Info));
                    writer.Write(text);
                    writer.Write('\n');
                }
                store.Append(batch, [], []);
            }
        }
        long stored = new DirectoryInfo(data).EnumerateFiles().Sum(f => f.Length);
        using var zstd = Process.Start(new ProcessStartInfo("zstd", ["-3", "-T1", "-q", "-c", raw]) { RedirectStandardOutput = true })!;
        long compressed = 0;
        var buffer = new byte[1 << 16];
        for (int n; (n = zstd.StandardOutput.BaseStream.Read(buffer)) > 0;)
        {
            compressed += n;
        }
        zstd.WaitForExit();
        Assert.Equal(0, zstd.ExitCode);
        Assert.True(stored < compressed, $"store {stored:N0} bytes, zstd -3 {compressed:N0} bytes for {Lines:N0} lines");
    }
}

public sealed class EmbeddedStoreRegexTimeoutTests
{
    [Fact]
    public void A_runaway_regex_without_a_timeout_stops_at_the_store_timeout()
    {
        using var dir = new TempDirectory();
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks() with { RegexTimeout = TimeSpan.FromMilliseconds(100) });
        store.Append([new StoredLine(StoreTestData.Start, new StreamLabels(("job", "x")), new string('a', 40) + "!", 1, Severity.Info)], [], []);
        Assert.Throws<RegexMatchTimeoutException>(() => store.Search(new SearchQuery { Pattern = new Regex("^(a+)+$") }).ToList());
    }
}

public sealed class RegexLiteralTests
{
    [Theory]
    [InlineData(@"invalid user \w+ from 198\.51\.100\.250", " from 198.51.100.250")]
    [InlineData(@"port \d{4,5} ssh2$", "port ")]
    [InlineData(@"Failed password for \w+ from", "Failed password for ")]
    [InlineData(@"abc*def", "def")]
    [InlineData(@"(foo)+barbaz", "barbaz")]
    [InlineData(@"error|warning", null)]
    [InlineData(@"^a.b$", null)]
    [InlineData(@"[xyz]{3}", null)]
    [InlineData(@"(?i)abcdef", null)]
    [InlineData(@"\x41BCDEF", null)]
    public void Required_text_is_what_every_match_holds(string pattern, string? expected) =>
        Assert.Equal(expected, RegexLiteral.Required(new Regex(pattern)));

    [Theory]
    [InlineData(@"user (root|admin)", "user admin|user root")]
    [InlineData(@"(?:GET|POST) /api/v\d", "GET /api/v|POST /api/v")]
    [InlineData(@"invalid user (?<name>oracle|test)\b", "invalid user oracle|invalid user test")]
    [InlineData(@"(error|fail(ed|ure)) in", "error in|failed in|failure in")]
    [InlineData(@"a(b|cd)?efgh", "efgh")]
    [InlineData(@"(x|\d+)abcd", "abcd")]
    [InlineData(@"error|warning", "error|warning")]
    [InlineData(@"ab|c", null)]
    [InlineData(@"(ab|cd)", null)]
    [InlineData(@"(?=abc)abcdef|foo", null)]
    [InlineData(@"(root|admin)\1", null)]
    public void Alternatives_one_of_which_every_match_holds(string pattern, string? expected)
    {
        string[]? texts = RegexLiteral.RequiredAny(new Regex(pattern));
        Assert.Equal(expected, texts is null ? null : string.Join('|', texts.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Every_match_of_random_lines_holds_one_of_the_alternatives()
    {
        (string Pattern, string[] Words)[] cases =
        [
            (@"user (root|admin)", ["user", " ", "root", "admin", "roo", "x"]),
            (@"(?:GET|POST) /(api|static)/", ["GET", "POST", " ", "/api/", "/static/", "/", "api"]),
            (@"(error|fail(ed|ure)?) (in|at) \w+", ["error", "fail", "ed", "ure", " ", "in", "at", "x"]),
            (@"port \d{2,5}", ["port", " ", "22", "2", "x"]),
            (@"(a|b)+cde(f|g)*", ["a", "b", "cde", "cd", "f", "g"]),
        ];
        var random = new Random(5);
        foreach ((string pattern, string[] words) in cases)
        {
            var regex = new Regex(pattern);
            string[] texts = RegexLiteral.RequiredAny(regex)!;
            Assert.NotNull(texts);
            int matched = 0;
            for (int n = 0; n < 5000; n++)
            {
                string line = string.Concat(Enumerable.Range(0, random.Next(2, 9)).Select(_ => words[random.Next(words.Length)]));
                if (regex.IsMatch(line))
                {
                    matched++;
                    Assert.Contains(texts, t => line.Contains(t, StringComparison.Ordinal));
                }
            }
            Assert.True(matched > 0, pattern);
        }
    }
}
