using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LogWarden.Cli;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Cli;

public sealed class MineCommandTests
{
    private static string FormatOf(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.Root(), "loghub2k_drain_settings.json")));
        return doc.RootElement.GetProperty(name).GetProperty("log_format").GetString()!;
    }

    private static string RawLog(string name) => Path.Combine(SharedData.Root(), "loghub2k", name, $"{name}_2k.log");

    private static string GroundTruth(string name) => Path.Combine(SharedData.Root(), "loghub2k", name, $"{name}_2k.log_structured_corrected.csv");

    [Fact]
    public void Mine_prints_one_csv_row_per_input_line_counting_from_one()
    {
        var (exit, output, _) = CliRunner.Run("mine", "--format", FormatOf("HDFS"), RawLog("HDFS"));
        Assert.Equal(0, exit);
        var rows = Csv.Read(new StringReader(output)).ToList();
        Assert.Equal(["LineId", "EventTemplate"], rows[0]);
        Assert.Equal(2001, rows.Count);
        Assert.Equal(Enumerable.Range(1, 2000).Select(i => i.ToString(CultureInfo.InvariantCulture)), rows.Skip(1).Select(r => r[0]));
        Assert.Equal("PacketResponder <*> for block <*> terminating", rows[1][1]);
    }

    [Theory]
    [InlineData("Spark")]
    [InlineData("OpenSSH")]
    public void Mine_output_scores_the_same_in_the_reference_scorer_as_in_ours(string name)
    {
        var (exit, output, _) = CliRunner.Run("mine", "--format", FormatOf(name), RawLog(name));
        Assert.Equal(0, exit);
        string predictions = Path.Combine(Path.GetTempPath(), $"logwarden-{name}-{Environment.ProcessId}.csv");
        File.WriteAllText(predictions, output);
        try
        {
            var psi = new ProcessStartInfo("python3", [Path.Combine(SharedData.Root(), "..", "tools", "score_parsing.py"), GroundTruth(name), predictions, "--json"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var python = Process.Start(psi)!;
            string json = python.StandardOutput.ReadToEnd();
            python.WaitForExit();
            Assert.True(python.ExitCode == 0, python.StandardError.ReadToEnd());
            using var reference = JsonDocument.Parse(json);

            var sample = LogHubSample.Load(name);
            var predicted = Csv.Read(new StringReader(output)).Skip(1).Select(r => r[1]).ToList();
            var ours = ParsingScore.Compute(sample.Templates, predicted);
            Assert.Equal(reference.RootElement.GetProperty("GA").GetDouble(), ours.GA, 9);
            Assert.Equal(reference.RootElement.GetProperty("PA").GetDouble(), ours.PA, 9);
            Assert.Equal(reference.RootElement.GetProperty("FGA").GetDouble(), ours.FGA, 9);
            Assert.Equal(reference.RootElement.GetProperty("FTA").GetDouble(), ours.FTA, 9);
            Assert.True(ours.GA > 0.95, $"GA {ours.GA}");
        }
        finally
        {
            File.Delete(predictions);
        }
    }

    [Fact]
    public void Mine_quotes_templates_with_commas_as_rfc4180_says()
    {
        string file = Path.Combine(Path.GetTempPath(), $"logwarden-quote-{Environment.ProcessId}.log");
        File.WriteAllText(file, "Times: total = 5, boot = \"x\", init = 3\n");
        try
        {
            var (exit, output, _) = CliRunner.Run("mine", "--format", "plain", file);
            Assert.Equal(0, exit);
            Assert.Contains("1,\"Times: total = <*>, boot = \"\"x\"\", init = <*>\"", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("mine", "--no-such-option")]
    [InlineData("mine", "--format", "no-such-format", "x.log")]
    [InlineData("no-such-command")]
    [InlineData()]
    [InlineData("templates", "--top", "-3", "x")]
    public void Usage_errors_exit_with_code_2(params string[] args)
    {
        var (exit, _, err) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.NotEmpty(err);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("mine", "--help")]
    [InlineData("templates", "--help")]
    public void Help_is_everywhere_and_exits_0(params string[] args)
    {
        var (exit, output, _) = CliRunner.Run(args);
        Assert.Equal(0, exit);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_a_failure_not_a_crash()
    {
        var (exit, _, err) = CliRunner.Run("mine", "/nonexistent/logwarden/x.log");
        Assert.Equal(1, exit);
        Assert.Contains("x.log", err, StringComparison.Ordinal);
    }
}
