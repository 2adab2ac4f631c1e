using System.Diagnostics;
using System.Text;
using LogWarden.Detect.Security;
using LogWarden.Parse;
using static LogWarden.Tests.Detect.Security.SecurityLines;

namespace LogWarden.Tests.Detect.Security;

/// <summary>Garbage, huge and adversarial lines never throw and stay cheap.</summary>
public sealed class HostileInputTests
{
    public static TheoryData<string> HostileLines()
    {
        var random = new Random(42);
        var binary = new char[4096];
        for (int i = 0; i < binary.Length; i++)
        {
            binary[i] = (char)random.Next(0, 0x3000);
        }

        return new TheoryData<string>
        {
            new string(binary),
            "Failed password for " + new string('x', 200_000) + " from 192.0.2.1 port 22 ssh2",
            string.Concat(Enumerable.Repeat("failed login from 1.2.3.4 ", 40_000)),
            string.Concat(Enumerable.Repeat("::", 50_000)),
            string.Concat(Enumerable.Repeat("1.", 100_000)),
            string.Concat(Enumerable.Repeat("a.b-", 100_000)),
            string.Concat(Enumerable.Repeat("[client ", 30_000)),
            "user=" + new string('\'', 100_000),
            "\uFFFD\uFFFD\0\0 authentication failure rhost=\uD800 user=\uDFFF",
            string.Concat(Enumerable.Repeat("0", 100_000)) + ".0.0.0",
            "192.0.2.1 - - [12/Jan/2024:10:00:01 +0000] \"GET /" + new string('A', 500_000) + " HTTP/1.1\" 414 0 \"-\" \"-\"",
            "{\"status\":401,\"path\":\"" + new string('/', 100_000) + "\",\"client\":\"" + new string('9', 1000) + "\"}",
            "",
            " ",
        };
    }

    [Theory]
    [MemberData(nameof(HostileLines))]
    public void A_hostile_line_never_throws_and_is_analysed_in_bounded_time(string line)
    {
        var clock = Stopwatch.StartNew();
        var recognizer = new SecurityEventRecognizer();
        for (int i = 0; i < 3; i++)
        {
            _ = recognizer.Recognize(Decode(line));
        }

        // Generous: the point is "not quadratic", a megabyte line in well under a second on a busy machine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed}");
    }

    [Fact]
    public void A_record_with_hostile_fields_never_throws()
    {
        var record = new LogRecord
        {
            Raw = "x",
            Message = "x",
            Fields =
            [
                new("client", "\0\0\0"), new("status", "99999999999999999999"), new("path", ""), new("user", new string('u', 10_000)),
                new("request", "GET"), new("remote_addr", "[::1"), new("user_agent", new string('(', 10_000)),
            ],
        };
        _ = new SecurityEventRecognizer().Recognize(record);
    }

    [Fact]
    public void Invalid_utf8_in_a_file_is_read_and_recognised_around()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("Jan 12 10:00:01 web1 sshd[1]: Failed password for r"), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes("t from 192.0.2.5 port 22 ssh2\n")];
        string path = Path.Combine(Path.GetTempPath(), $"logwarden-badutf8-{Environment.ProcessId}.log");
        File.WriteAllBytes(path, bytes);
        try
        {
            var decoder = new LogFileDecoder(path, new LogFileOptions { Multiline = MultilineOptions.LinePerRecord });
            var events = decoder.ReadRecords().Select(new SecurityEventRecognizer().Recognize).ToList();
            Assert.Equal("192.0.2.5", Assert.Single(events)?.Ip);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
