using System.Text.Json;
using System.Text.RegularExpressions;
using LogWarden.Parse;
using LogWarden.Tests.Support;
using static LogWarden.Tests.Parse.Decoding;

namespace LogWarden.Tests.Parse;

public sealed partial class LogPaiFormatTests
{
    public static TheoryData<string> Datasets() =>
        ["Apache", "BGL", "HDFS", "HPC", "Hadoop", "HealthApp", "Linux", "OpenSSH", "Spark", "Zookeeper"];

    /// <summary>
    /// The ground truth's Content column was produced by logparser with these very format strings, so
    /// matching it line for line shows the format semantics are logparser's. The corrected ground truth
    /// also edited the text of one line by hand (HealthApp 702 gained spaces the raw line does not have);
    /// where it differs from the original ground truth, the original, logparser's own output, is compared.
    /// </summary>
    [Theory]
    [MemberData(nameof(Datasets))]
    public void Every_loghub_line_matches_and_its_content_equals_the_ground_truth(string dataset)
    {
        string data = SharedData.Root();
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(data, "loghub2k_drain_settings.json")));
        string format = settings.RootElement.GetProperty(dataset).GetProperty("log_format").GetString()!;
        var decoder = new LogPaiFormat(format);
        string directory = Path.Combine(data, "loghub2k", dataset);
        var expected = CsvColumn(Path.Combine(directory, $"{dataset}_2k.log_structured_corrected.csv"), "Content");
        var original = CsvColumn(Path.Combine(directory, $"{dataset}_2k.log_structured.csv"), "Content");

        var contents = new List<string>();
        using (var reader = new LineReader(File.OpenRead(Path.Combine(directory, $"{dataset}_2k.log"))))
        {
            var context = Context();
            while (reader.TryReadLine(out string? line))
            {
                Assert.True(decoder.TryDecode(line, context, out var record), $"{dataset} line {reader.LineNumber} does not match {format}: {line}");
                contents.Add(record.Message);
            }
        }

        Assert.Equal(expected.Count, contents.Count);
        int handEdited = 0;
        for (int i = 0; i < expected.Count; i++)
        {
            string truth = expected[i];
            if (Collapse(truth) != Collapse(original[i]))
            {
                handEdited++;
                truth = original[i];
            }

            Assert.True(Collapse(truth) == Collapse(contents[i]), $"{dataset} line {i + 1}: expected [{truth}] got [{contents[i]}]");
        }

        Assert.True(handEdited <= 1, $"{handEdited} hand-edited contents in {dataset}");

        Assert.Equal(0, decoder.MatchTimeouts);
    }

    [Fact]
    public void Hdfs_fields_map_onto_the_record()
    {
        var decoder = new LogPaiFormat("<Date> <Time> <Pid> <Level> <Component>: <Content>");

        var record = Decode(decoder, "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating");

        Assert.Equal("PacketResponder 1 for block blk_38865049064139660 terminating", record.Message);
        Assert.Equal(148, record.Pid);
        Assert.Equal(Severity.Info, record.Level);
        Assert.Equal("dfs.DataNode$PacketResponder", record.Program);
        Assert.Equal("081109", Field(record, "Date"));
        Assert.Equal(Utc(2008, 11, 9, 20, 36, 15), record.Timestamp); // Hadoop's yyMMdd HHmmss, read when the time is valid
    }

    [Fact]
    public void Time_is_pieced_together_from_month_date_and_time_fields()
    {
        var decoder = new LogPaiFormat(@"<Month> <Date> <Time> <Level> <Component>(\[<PID>\])?: <Content>");

        var record = Decode(decoder, "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 ", Context(Utc(2024, 7, 1, 0, 0, 0)));

        Assert.Equal(Utc(2024, 6, 14, 15, 16, 1), record.Timestamp);
        Assert.Equal(19939, record.Pid);
        Assert.Equal(Severity.Unknown, record.Level); // LogPAI's "Level" here holds the host name "combo"
        Assert.Equal("authentication failure; logname= uid=0", record.Message);
    }

    [Fact]
    public void Epoch_timestamp_field_is_used_when_the_joined_fields_do_not_parse()
    {
        var decoder = new LogPaiFormat("<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>");

        var record = Decode(decoder, "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected");

        Assert.Equal(Utc(2005, 6, 3, 22, 42, 50), record.Timestamp);
        Assert.Equal("R02-M1-N0-C:J12-U11", record.Host);
        Assert.Equal(Severity.Info, record.Level);
    }

    [Fact]
    public void Line_that_does_not_match_is_not_decoded()
    {
        var decoder = new LogPaiFormat(@"<Date> <Day> <Time> <Component> sshd\[<Pid>\]: <Content>");

        Assert.False(decoder.TryDecode("Dec 10 06:55:46 LabSZ cron[1]: not sshd", Context(), out _));
    }

    [Fact]
    public void Catastrophic_backtracking_times_out_instead_of_hanging()
    {
        var decoder = new LogPaiFormat("<A> <B> <C> <D> <E> <F> sshd\\[<Pid>\\]: <Content>", TimeSpan.FromMilliseconds(50));
        string line = string.Join(' ', Enumerable.Repeat("w", 20_000));

        Assert.False(decoder.TryDecode(line, Context(), out _));
        Assert.Equal(1, decoder.MatchTimeouts);
    }

    [Theory]
    [InlineData("no fields at all")]
    [InlineData("<Bad-Name> <Content>")]
    [InlineData("<Content> <Content>")]
    [InlineData("<Date> ([unclosed <Content>")]
    public void Invalid_format_strings_are_rejected_with_an_argument_exception(string format)
    {
        Assert.ThrowsAny<ArgumentException>(() => new LogPaiFormat(format));
    }

    private static List<string> CsvColumn(string path, string column)
    {
        using var reader = new StreamReader(path);
        var rows = LogWarden.Cli.Csv.Read(reader).ToList();
        int index = Array.IndexOf(rows[0], column);
        Assert.True(index >= 0, $"{path} has no column {column}");
        return rows.Skip(1).Select(row => row[index]).ToList();
    }

    private static string Collapse(string text) => WhitespaceRun().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();
}
