using System.IO.Compression;
using System.Text;
using System.Text.Json;
using LogWarden.Tests.Parse;

namespace LogWarden.Tests.Cli;

public sealed class EventsCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static List<JsonElement> JsonLines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    [Fact]
    public void Json_lines_name_file_physical_line_time_kind_hostility_and_entities()
    {
        string file = _dir.Write("auth.log", """
            Jan 12 10:00:01 web1 sshd[1001]: Failed password for root from 203.0.113.7 port 51022 ssh2
                an indented continuation that a stack-trace joiner would glue to the line above

            Jan 12 10:00:03 web1 sshd[1002]: Accepted publickey for alice from 2001:db8::5 port 50003 ssh2: ED25519 SHA256:x
            Jan 12 10:00:04 web1 systemd[1]: Started Session 4 of User alice.
            Jan 12 10:00:05 web1 sshd[1003]: Invalid user admin from ::ffff:198.51.100.9 port 44044

            """);
        var (exit, output, errors) = CliRunner.Run("events", "--json", file);
        Assert.True(exit == 0, errors);
        var events = JsonLines(output);
        Assert.Equal(3, events.Count);

        Assert.Equal(file, events[0].GetProperty("file").GetString());
        Assert.Equal(1, events[0].GetProperty("line").GetInt32());
        Assert.Equal("auth-failure", events[0].GetProperty("kind").GetString());
        Assert.True(events[0].GetProperty("hostile").GetBoolean());
        Assert.StartsWith($"{DateTime.Now.Year}-01-12T10:00:01", events[0].GetProperty("ts").GetString(), StringComparison.Ordinal);
        Assert.Equal("203.0.113.7", events[0].GetProperty("entities").GetProperty("ip").GetString());
        Assert.Equal("root", events[0].GetProperty("entities").GetProperty("user").GetString());

        Assert.Equal(4, events[1].GetProperty("line").GetInt32());
        Assert.Equal("auth-success", events[1].GetProperty("kind").GetString());
        Assert.False(events[1].GetProperty("hostile").GetBoolean());
        Assert.Equal("2001:db8::5", events[1].GetProperty("entities").GetProperty("ip").GetString());

        Assert.Equal(6, events[2].GetProperty("line").GetInt32());
        Assert.Equal("198.51.100.9", events[2].GetProperty("entities").GetProperty("ip").GetString());
        Assert.Contains("6 lines", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Directories_and_rotated_gz_files_are_read_and_hostile_filters()
    {
        using (var gz = new GZipStream(File.Create(Path.Combine(_dir.Path, "auth.log.2.gz")), CompressionLevel.Fastest))
        {
            gz.Write(Encoding.UTF8.GetBytes("Jan 10 09:00:00 web1 sshd[9]: Failed password for bob from 192.0.2.1 port 2222 ssh2\n"));
        }

        _dir.Write("auth.log", "Jan 12 10:00:00 web1 sshd[10]: Accepted password for bob from 192.0.2.2 port 2223 ssh2\n");
        _dir.Write("nginx/access.log", "192.0.2.3 - - [12/Jan/2024:10:00:01 +0000] \"GET /.env HTTP/1.1\" 404 153 \"-\" \"curl/8\"\n");

        var (exit, output, errors) = CliRunner.Run("events", "--json", "--hostile", _dir.Path);
        Assert.True(exit == 0, errors);
        var events = JsonLines(output);
        Assert.Equal(["192.0.2.1", "192.0.2.3"], events.Select(e => e.GetProperty("entities").GetProperty("ip").GetString()));
        Assert.EndsWith("auth.log.2.gz", events[0].GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.Equal("/.env", events[1].GetProperty("entities").GetProperty("path").GetString());
    }

    [Fact]
    public void Without_json_a_table_lists_each_event()
    {
        string file = _dir.Write("auth.log", "Jan 12 10:00:01 web1 sshd[1001]: Failed password for root from 203.0.113.7 port 51022 ssh2\n");
        var (exit, output, _) = CliRunner.Run("events", file);
        Assert.Equal(0, exit);
        string[] rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("TIME", rows[0], StringComparison.Ordinal);
        Assert.Contains("auth-failure", rows[1], StringComparison.Ordinal);
        Assert.Contains("203.0.113.7", rows[1], StringComparison.Ordinal);
        Assert.EndsWith("auth.log:1", rows[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("events")]
    [InlineData("events", "--nope", "x.log")]
    [InlineData("events", "--format", "no-such-format", "x.log")]
    public void Usage_errors_exit_2(params string[] args)
    {
        var (exit, _, errors) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void A_missing_file_is_reported_and_exits_1_after_the_others()
    {
        string file = _dir.Write("auth.log", "Jan 12 10:00:01 web1 sshd[1001]: Failed password for root from 203.0.113.7 port 51022 ssh2\n");
        var (exit, output, errors) = CliRunner.Run("events", "--json", Path.Combine(_dir.Path, "missing.log"), file);
        Assert.Equal(1, exit);
        Assert.Contains("missing.log", errors, StringComparison.Ordinal);
        Assert.Single(JsonLines(output));
    }
}
