using System.Diagnostics;
using LogWarden.Config;
using LogWarden.Detect;
using LogWarden.Report;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Report;

public sealed class DailyReportTests : IDisposable
{
    private readonly ReportStoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private DailyReport Build() =>
        new DailyReportBuilder(_fixture.Store, _fixture.Store, _fixture.Store).Build(ReportStoreFixture.DayEnd.AddHours(-24), ReportStoreFixture.DayEnd);

    [Fact]
    public void Incidents_are_counted_by_severity_with_resolution_times()
    {
        DailyReport report = Build();
        Assert.Equal(5, report.IncidentCount);
        SeverityRow warning = report.Severities.Single(s => s.Severity == FindingSeverity.Warning);
        Assert.Equal((3, 3, 0), (warning.Opened, warning.Resolved, warning.StillOpen));
        Assert.Equal(TimeSpan.FromMinutes(50), warning.MedianResolution);
        Assert.Equal(TimeSpan.FromHours(2), warning.LongestResolution);
        SeverityRow critical = report.Severities.Single(s => s.Severity == FindingSeverity.Critical);
        Assert.Equal((1, 0, 1), (critical.Opened, critical.Resolved, critical.StillOpen));
        Assert.Equal(4, report.Incidents[0].Id);
    }

    [Fact]
    public void Attack_sources_group_the_addresses_of_security_incidents()
    {
        DailyReport report = Build();
        // Equal severity: the one with more lines first.
        Assert.Equal(["198.51.100.9", "203.0.113.7"], report.AttackSources.Select(a => a.Ip));
        AttackSource ssh = report.AttackSources[1];
        Assert.Equal(2, ssh.Incidents);
        Assert.Equal(412, ssh.Lines);
        Assert.Equal(["ssh-brute-force"], ssh.Kinds);
    }

    [Fact]
    public void Resource_curves_and_the_disk_forecast_come_from_the_stored_metrics()
    {
        DailyReport report = Build();
        Assert.Equal(["CPU in use", "Memory in use", "Load (1 min)", "Disk /"], report.Curves.Select(c => c.Title));
        ResourceCurve cpu = report.Curves[0];
        Assert.InRange(cpu.Max, 49, 50.1);
        Assert.True(cpu.Points.Count <= 288);
        DiskForecast disk = Assert.Single(report.DiskForecasts);
        Assert.Equal("/", disk.Mount);
        Assert.NotNull(disk.TimeToFull);
        Assert.InRange(disk.TimeToFull!.Value.TotalDays, 18, 20);
    }

    [Fact]
    public void Every_rendering_carries_the_sections_and_escapes_log_text()
    {
        RenderedReport r = ReportRenderer.Render(Build());
        Assert.Equal("LogWarden report 2026-11-25: 1 critical, 3 warning, 0 new templates", r.Subject);
        foreach (string body in new[] { r.Text, r.Markdown, r.Html })
        {
            Assert.Contains("203.0.113.7", body, StringComparison.Ordinal);
            Assert.Contains("OOM kill of java", body, StringComparison.Ordinal);
            Assert.Contains("full in about", body, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("<script>", r.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", r.Html, StringComparison.Ordinal);
        Assert.Contains("\\| pipe", r.Markdown, StringComparison.Ordinal);
        Assert.Equal(4, r.Images.Count);
        Assert.All(r.Images, i => Assert.Contains($"cid:{i.ContentId}", r.Html, StringComparison.Ordinal));
        string inline = r.HtmlWithInlineImages();
        Assert.DoesNotContain("cid:", inline, StringComparison.Ordinal);
        Assert.Contains("data:image/png;base64,", inline, StringComparison.Ordinal);
    }

    [Fact]
    public void The_charts_are_valid_png_that_an_independent_decoder_reads()
    {
        RenderedReport r = ReportRenderer.Render(Build());
        using var dir = new Parse.TempDirectory();
        string file = Path.Combine(dir.Path, r.Images[0].FileName);
        File.WriteAllBytes(file, r.Images[0].Png);
        // Python's zlib and struct (python3 is installed for the scorers): every chunk's CRC, the IHDR and the pixel data.
        const string check = """
            import struct, sys, zlib
            data = open(sys.argv[1], 'rb').read()
            assert data[:8] == b'\x89PNG\r\n\x1a\n'
            pos, idat, colours = 8, b'', set()
            while pos < len(data):
                n, kind = struct.unpack('>I4s', data[pos:pos + 8])
                body = data[pos + 8:pos + 8 + n]
                assert struct.unpack('>I', data[pos + 8 + n:pos + 12 + n])[0] == zlib.crc32(kind + body), kind
                if kind == b'IHDR': w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
                if kind == b'IDAT': idat += body
                pos += 12 + n
            raw = zlib.decompress(idat)
            assert len(raw) == h * (1 + 3 * w), (len(raw), w, h)
            for y in range(h):
                row = raw[y * (1 + 3 * w) + 1:(y + 1) * (1 + 3 * w)]
                colours.update(row[i:i + 3] for i in range(0, len(row), 3))
            print(w, h, depth, ctype, len(colours), bytes([37, 99, 235]) in colours)
            """;
        string script = Path.Combine(dir.Path, "check.py");
        File.WriteAllText(script, check);
        using var python = Process.Start(new ProcessStartInfo("python3", [script, file]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string output = python.StandardOutput.ReadToEnd().Trim();
        string error = python.StandardError.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, error);
        string[] parts = output.Split(' ');
        Assert.Equal(["640", "170", "8", "2"], parts[..4]);
        Assert.True(int.Parse(parts[4], System.Globalization.CultureInfo.InvariantCulture) >= 5, output);
        Assert.Equal("True", parts[5]);
    }

    [Fact]
    public async Task With_an_llm_the_report_gets_a_short_ai_summary_from_redacted_figures()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Reply = (_, _) => new FakeChatReply.Completion("A quiet day except an OOM kill of java; public-ip-1 kept probing the web server.");
        var config = new LogWardenConfig { Llm = new LlmConfig { BaseUrl = server.BaseUrl.ToString(), Model = FakeOpenAiServer.Model, ApiKey = "k" } };
        RenderedReport r = await ReportGenerator.GenerateAsync(_fixture.Store, config, ReportStoreFixture.DayEnd.AddHours(-24), ReportStoreFixture.DayEnd, null, withAiSummary: true, default);

        // The web scan's address is the first one in the figures (incidents by severity, then lines): alias 1, mapped back.
        Assert.Contains("Summary (AI): A quiet day except an OOM kill of java; 198.51.100.9 kept probing", r.Text, StringComparison.Ordinal);
        RecordedChatRequest request = Assert.Single(server.Requests);
        Assert.DoesNotContain("203.0.113.7", request.Text, StringComparison.Ordinal);
        Assert.Contains("OOM kill of java", request.Message("user"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_llm_or_when_it_fails_the_report_has_no_ai_summary()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Reply = (_, _) => new FakeChatReply.Error(503, "server_error", "overloaded", "The engine is currently overloaded");
        var config = new LogWardenConfig { Llm = new LlmConfig { BaseUrl = server.BaseUrl.ToString(), Model = FakeOpenAiServer.Model, ApiKey = "k" } };
        RenderedReport failed = await ReportGenerator.GenerateAsync(_fixture.Store, config, ReportStoreFixture.DayEnd.AddHours(-24), ReportStoreFixture.DayEnd, null, true, default);
        RenderedReport off = await ReportGenerator.GenerateAsync(_fixture.Store, new LogWardenConfig(), ReportStoreFixture.DayEnd.AddHours(-24), ReportStoreFixture.DayEnd, null, true, default);
        Assert.DoesNotContain("Summary (AI)", failed.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Summary (AI)", off.Text, StringComparison.Ordinal);
        Assert.Contains("OOM kill of java", off.Text, StringComparison.Ordinal);
    }
}
