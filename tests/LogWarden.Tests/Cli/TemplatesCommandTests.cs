using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace LogWarden.Tests.Cli;

public sealed class TemplatesCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("logwarden-templates-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Templates_reads_directories_rotated_gz_and_json_and_counts_each_kind()
    {
        var auth = new StringBuilder();
        for (int i = 0; i < 30; i++)
        {
            auth.Append(System.Globalization.CultureInfo.InvariantCulture, $"Nov 24 10:{i:00}:01 web1 sshd[{1000 + i}]: Failed password for root from 203.0.113.{i} port {40000 + i} ssh2\n");
        }
        File.WriteAllText(Path.Combine(_dir, "auth.log"), auth.ToString());
        using (var gz = new GZipStream(File.Create(Path.Combine(_dir, "auth.log.2.gz")), CompressionLevel.Fastest))
        {
            gz.Write(Encoding.UTF8.GetBytes("Nov 20 09:00:00 web1 sshd[99]: Accepted publickey for alice from 198.51.100.1 port 2222 ssh2\n"));
        }
        var app = new StringBuilder();
        for (int i = 0; i < 5; i++)
        {
            app.Append(System.Globalization.CultureInfo.InvariantCulture, $$"""{"level":"error","time":"2026-11-24T10:00:0{{i}}Z","msg":"payment {{i}} failed after 30ms"}""").Append('\n');
        }
        Directory.CreateDirectory(Path.Combine(_dir, "app"));
        File.WriteAllText(Path.Combine(_dir, "app", "app.json"), app.ToString());

        var (exit, output, err) = CliRunner.Run("templates", "--json", _dir);
        Assert.True(exit == 0, err);
        using var doc = JsonDocument.Parse(output);
        var rows = doc.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("template").GetString()!, r => r);
        Assert.Equal(30, rows["Failed password for root from <*> port <*> ssh2"].GetProperty("count").GetInt64());
        Assert.Equal(1, rows["Accepted publickey for alice from <*> port <*> ssh2"].GetProperty("count").GetInt64());
        var payment = rows["payment <*> failed after <*>"];
        Assert.Equal(5, payment.GetProperty("count").GetInt64());
        Assert.Equal("error", payment.GetProperty("level").GetString());
        Assert.StartsWith("2026-11-24T10:00:00", payment.GetProperty("firstSeen").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("2026-11-24T10:00:04", payment.GetProperty("lastSeen").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Templates_table_shows_counts_and_an_example()
    {
        File.WriteAllText(Path.Combine(_dir, "x.log"), "2026-11-24T10:00:00Z ERROR disk /dev/sda1 is full\n2026-11-24T10:00:05Z ERROR disk /dev/sdb2 is full\n");
        var (exit, output, _) = CliRunner.Run("templates", Path.Combine(_dir, "x.log"));
        Assert.Equal(0, exit);
        Assert.Contains("disk <*> is full", output, StringComparison.Ordinal);
        Assert.Contains("e.g. disk /dev/sda1 is full", output, StringComparison.Ordinal);
        Assert.Contains("2 lines, 1 templates", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_garbage_and_truncated_gzip_do_not_stop_the_run()
    {
        var random = new Random(3);
        var garbage = new byte[200_000];
        random.NextBytes(garbage);
        File.WriteAllBytes(Path.Combine(_dir, "garbage.log"), garbage);
        var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (int i = 0; i < 2000; i++)
            {
                gz.Write(Encoding.UTF8.GetBytes($"line number {i} of a compressed file\n"));
            }
        }
        File.WriteAllBytes(Path.Combine(_dir, "old.log.1.gz"), buffer.ToArray()[..(int)(buffer.Length / 2)]);
        var (exit, output, _) = CliRunner.Run("templates", "--json", _dir);
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.Contains(doc.RootElement.EnumerateArray(), r => r.GetProperty("template").GetString() == "line number <*> of a compressed file");
    }
}
