using LogWarden.Collect;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Store;

/// <summary>Lines and stores for the store tests: real LogHub lines, hostile lines, temp data directories.</summary>
internal static class StoreTestData
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 8, 0, 0, TimeSpan.FromHours(1));

    /// <summary>Options for tests: small blocks so that sealing happens, and no disk-space floor.</summary>
    public static EmbeddedStoreOptions SmallBlocks(int sealLines = 500) => new()
    {
        SealLines = sealLines,
        SearchSliceLines = Math.Max(1, sealLines / 16), // small blocks, many slices: limited scans go through slicing
        MinFreeBytes = 0,
        MinFreeFraction = 0,
    };

    /// <summary>The raw lines of every LogHub-2k sample, in order, as one stream per dataset.</summary>
    public static List<StoredLine> LogHubLines(int perDataset = 2000)
    {
        var lines = new List<StoredLine>();
        int n = 0;
        foreach (string name in SharedData.LogHubDatasets)
        {
            var labels = new StreamLabels(("job", "loghub"), ("dataset", name));
            string path = Path.Combine(SharedData.Root(), "loghub2k", name, $"{name}_2k.log");
            foreach (string text in File.ReadLines(path).Take(perDataset))
            {
                lines.Add(new StoredLine(Start.AddSeconds(n), labels, text, 1 + n % 7, (Severity)(n % 10)));
                n++;
            }
        }
        return lines;
    }

    /// <summary>Lines that break naive encoders: placeholders, odd whitespace, unicode, huge and empty lines.</summary>
    public static List<StoredLine> HostileLines()
    {
        var labels = new StreamLabels(("job", "hostile"));
        string[] texts =
        [
            "",
            " ",
            "<*>",
            "literal <*> in the middle <*>",
            "tab\tseparated\tvalues\t42",
            "multiple   spaces    between 10   and 20",
            "trailing spaces   ",
            "   leading spaces 7",
            "line one\nline two 33\n\tat com.example.Foo(Foo.java:12)",
            "crlf ending 5\r",
            "unicode: naïve café 東京 ünïcödé 😀 value=12 emoji😀99",
            "zeros 007 000 0 -0 -00 -12 0x1f 1e10 3.14 -3.5",
            "integers at limits 999999999999999999 1000000000000000000 -999999999999999999",
            "ip 10.0.0.7:22 [::1]:8080 fe80::1 user@example.com https://example.com/a?b=1&c=2",
            "\u00a0non-breaking\u00a0space 1",
            "control \u0001\u0002 chars 3",
            "ends with a value 12345",
            "12345",
            "(()) [] {} \"\" '' ()",
            "\u00f8\u00f9\u00fa bytes that look like placeholders in latin-1 ÿ",
            new string('x', 1 << 20),
            string.Concat(Enumerable.Repeat("word 12 ", 200)),
            string.Join(' ', Enumerable.Range(0, 300)),
            "a" + new string(' ', 5000) + "b",
        ];
        return [.. texts.Select((t, i) => new StoredLine(Start.AddMinutes(i), labels, t, i, Severity.Info))];
    }
}
