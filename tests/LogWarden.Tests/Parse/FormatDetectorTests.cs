using LogWarden.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Parse;

public sealed class FormatDetectorTests
{
    private static string DetectFile(string path)
    {
        var sample = new List<string>();
        using var reader = new LineReader(LogInput.Open(path));
        while (sample.Count < FormatDetector.SampleSize && reader.TryReadLine(out string? line))
        {
            sample.Add(line);
        }

        return FormatDetector.Detect(sample).Name;
    }

    [Theory]
    [InlineData("loghub2k/Apache/Apache_2k.log", "apache-error")]
    [InlineData("loghub2k/OpenSSH/OpenSSH_2k.log", "syslog")]
    [InlineData("loghub2k/Linux/Linux_2k.log", "syslog")]
    [InlineData("loghub2k/Hadoop/Hadoop_2k.log", "timestamp")]
    [InlineData("loghub2k/Spark/Spark_2k.log", "timestamp")]
    [InlineData("loghub2k/Zookeeper/Zookeeper_2k.log", "timestamp")]
    [InlineData("loghub2k/HDFS/HDFS_2k.log", "timestamp")]
    [InlineData("loghub2k/HealthApp/HealthApp_2k.log", "timestamp")]
    [InlineData("loghub2k/BGL/BGL_2k.log", "fields-timestamp")]
    [InlineData("loghub2k/HPC/HPC_2k.log", "fields-timestamp")]
    [InlineData("security/sshd.log", "syslog")]
    [InlineData("security/nginx-http-auth.log", "nginx-error")]
    [InlineData("security/nginx-botsearch.log", "access")]
    [InlineData("security/apache-auth.log", "apache-error")]
    [InlineData("security/traefik-auth.log", "access")]
    [InlineData("security/grafana.log", "logfmt")]
    [InlineData("security/gitlab.log", "timestamp")]
    public void Real_files_are_detected_as_their_format(string relativePath, string expected)
    {
        string path = Path.Combine(SharedData.Root(), relativePath);

        Assert.Equal(expected, DetectFile(path));
    }

    [Fact]
    public void Journal_export_wins_over_generic_json_on_a_tie()
    {
        var sample = Enumerable.Range(0, 10)
            .Select(i => $"{{\"__CURSOR\":\"c{i}\",\"__REALTIME_TIMESTAMP\":\"1704067200000000\",\"MESSAGE\":\"m{i}\"}}").ToList();

        Assert.Equal("journal-json", FormatDetector.Detect(sample).Name);
    }

    [Fact]
    public void Json_lines_are_json()
    {
        var sample = Enumerable.Range(0, 10).Select(i => $"{{\"level\":30,\"time\":1704067200000,\"msg\":\"m{i}\"}}").ToList();

        Assert.Equal("json", FormatDetector.Detect(sample).Name);
    }

    [Fact]
    public void Rfc5424_lines_are_rfc5424()
    {
        var sample = Enumerable.Range(0, 10).Select(i => $"<14>1 2024-01-01T00:00:0{i}Z host app {i} - - message {i}").ToList();

        Assert.Equal("rfc5424", FormatDetector.Detect(sample).Name);
    }

    [Fact]
    public void Syslog_with_a_few_odd_lines_stays_syslog_rather_than_timestamp()
    {
        var sample = Enumerable.Range(0, 18).Select(i => $"Jan 10 10:00:{i:00} host app[{i}]: event {i}").ToList();
        sample.Add("2024-01-10T10:00:30 a line some other writer put here");
        sample.Add("Jan 10 10:00:31 ");

        Assert.Equal("syslog", FormatDetector.Detect(sample).Name);
    }

    [Fact]
    public void Stack_trace_lines_do_not_count_against_the_format()
    {
        var sample = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            sample.Add($"2024-01-01 12:00:0{i},000 ERROR [main] App: failed {i}");
            sample.Add("java.lang.IllegalStateException: boom");
            sample.AddRange(Enumerable.Repeat("\tat com.example.App.run(App.java:42)", 8));
        }

        Assert.Equal("timestamp", FormatDetector.Detect(sample).Name);
    }

    [Fact]
    public void Text_with_a_rare_timestamp_is_plain()
    {
        var sample = Enumerable.Range(0, 20).Select(i => $"worker {i} did something").ToList();
        sample.Add("2024-01-01 12:00:00 one line with a time");

        Assert.Equal("plain", FormatDetector.Detect(sample).Name);
    }

    [Fact]
    public void Empty_or_blank_sample_is_plain()
    {
        Assert.Equal("plain", FormatDetector.Detect([]).Name);
        Assert.Equal("plain", FormatDetector.Detect(["", "   "]).Name);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("LOGFMT")]
    [InlineData("syslog")]
    [InlineData("rfc5424")]
    [InlineData("access")]
    [InlineData("nginx-error")]
    [InlineData("apache-error")]
    [InlineData("journal-json")]
    [InlineData("timestamp")]
    [InlineData("plain")]
    public void Every_documented_format_name_is_accepted(string name)
    {
        Assert.Equal(name.ToLowerInvariant(), FormatDetector.FromName(name).Name);
    }

    [Fact]
    public void Format_string_with_a_field_becomes_a_logpai_format()
    {
        var decoder = FormatDetector.FromName("<Date> <Time> <Level> <Content>");

        var format = Assert.IsType<LogPaiFormat>(decoder);
        Assert.Equal(["Date", "Time", "Level", "Content"], format.FieldNames);
    }

    [Fact]
    public void Unknown_format_name_throws_an_argument_exception_listing_the_choices()
    {
        var error = Assert.Throws<ArgumentException>(() => FormatDetector.FromName("yaml"));

        Assert.Contains("'yaml'", error.Message);
        Assert.Contains("journal-json", error.Message);
        Assert.Contains("LogPAI", error.Message);
    }
}
