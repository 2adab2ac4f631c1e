using System.Text;
using System.Text.Json.Nodes;
using LogWarden.Alert;
using LogWarden.Alert.Notifiers;
using LogWarden.Config;
using LogWarden.Report;
using LogWarden.Store;
using LogWarden.Tests.Parse;
using MimeKit;

namespace LogWarden.Tests.Alert;

/// <summary>The daily report through the alert channels: the outbox, a real SMTP server, and each chat's limits.</summary>
public sealed class ReportNotificationTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset End = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new();
    private FakeChannelServer _receiver = null!;

    public async Task InitializeAsync() => _receiver = await FakeChannelServer.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    /// <summary>A report as ReportRenderer makes it: text tables, Markdown, HTML that refers to a chart by content id.</summary>
    private static RenderedReport Report(int incidents = 3)
    {
        var rows = Enumerable.Range(1, incidents).Select(i => $"#{i,-5} warning  SSH brute force from 203.0.113.{i}: {i * 10} failures").ToList();
        string subject = $"LogWarden report web-1 2026-11-25: 0 critical, {incidents} warning, 2 new templates";
        string text = subject + "\n2026-11-24 08:00 – 2026-11-25 08:00 UTC\n\nIncidents\n" + string.Join('\n', rows) + "\n";
        string markdown = "# " + subject + "\n\n| id | severity | title |\n|---|---|---|\n" + string.Join('\n', rows.Select(r => "| " + r + " |")) + "\n";
        byte[] png = PngWriter.Encode(2, 1, [255, 0, 0, 0, 0, 255]);
        return new RenderedReport(subject, text, markdown, "<html><body><h1>" + subject + "</h1><img src=\"cid:chart0@logwarden\" alt=\"CPU\"></body></html>",
            [new ReportImage("chart0@logwarden", "chart-0-cpu.png", "CPU", png)]);
    }

    [Fact]
    public async Task The_daily_report_goes_through_the_outbox_by_mail_with_its_chart_inline_and_once_per_period()
    {
        using SmtpTestServer smtp = await SmtpTestServer.StartAsync(_dir.Path, "starttls");
        var mail = new AlertChannelConfig
        {
            Name = "mail", Type = "email", Host = "127.0.0.1", Port = smtp.Port, Security = "starttls",
            Username = SmtpTestServer.User, Password = SmtpTestServer.Password, From = "alerts@example.com", To = ["admin@example.com"],
            CaFile = smtp.CertificateFile, Timeout = TimeSpan.FromSeconds(20),
        };
        var config = new ReportConfig { Enabled = true, Channels = null };
        AlertsConfig alerts = AlertRig.Config(mail, AlertRig.Webhook("hook", _receiver.BaseUrl), new AlertChannelConfig { Name = "am", Type = "alertmanager", Url = _receiver.BaseUrl });
        using var rig = new AlertRig(Path.Combine(_dir.Path, "data"), alerts, End);
        IReadOnlyList<string> channels = config.ChannelsAmong(alerts.Channels);
        var delivery = new OutboxReportDelivery(rig.Outbox, channels, "https://lw.example", rig.Time, rig.Delivery.Wake);
        RenderedReport report = Report();

        await delivery.DeliverAsync(report, End.AddDays(-1), End, CancellationToken.None);
        await delivery.DeliverAsync(report, End.AddDays(-1), End, CancellationToken.None); // sent again for the same period: a restart at send time
        await rig.DeliverAsync();

        Assert.Equal(["mail", "hook"], channels);
        Assert.Equal(2, rig.Rows().Count);
        Assert.All(rig.Rows(), r => Assert.Equal(OutboxState.Delivered, r.State));
        (string eml, _) = Assert.Single(smtp.Messages());
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(eml));
        MimeMessage message = await MimeMessage.LoadAsync(stream);
        Assert.Equal(report.Subject, message.Subject);
        Assert.Contains("SSH brute force from 203.0.113.2", message.TextBody!, StringComparison.Ordinal);
        Assert.Contains("cid:chart0@logwarden", message.HtmlBody!, StringComparison.Ordinal);
        MimePart chart = Assert.Single(message.BodyParts.OfType<MimePart>(), p => p.ContentId == "chart0@logwarden");
        Assert.Equal("image/png", chart.ContentType.MimeType);
        using var png = new MemoryStream();
        await chart.Content!.DecodeToAsync(png);
        Assert.Equal(report.Images[0].Png, png.ToArray());

        JsonNode hook = Assert.Single(_receiver.Received).Json;
        Assert.Equal("report", hook["alert"]!["notice"]!.GetValue<string>());
        Assert.Equal(report.Subject, hook["alert"]!["report"]!["subject"]!.GetValue<string>());
        Assert.Contains("Dashboard: https://lw.example/", hook["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_report_fits_each_chat_s_limits_and_keeps_the_dashboard_link()
    {
        AlertMessage message = AlertMessage.FromReport(Report(incidents: 400), End.AddDays(-1), End, "https://lw.example/");

        string telegram = TelegramNotifier.Html(message);
        Assert.True(telegram.Length <= TelegramNotifier.MaxLength, $"{telegram.Length} characters");
        Assert.StartsWith("📊 <b>LogWarden report web-1", telegram, StringComparison.Ordinal);
        Assert.EndsWith("<a href=\"https://lw.example/\">Open the dashboard</a>", telegram, StringComparison.Ordinal);

        JsonObject slack = SlackNotifier.Payload(message);
        JsonArray blocks = slack["blocks"]!.AsArray();
        Assert.InRange(blocks.Count, 3, 50);
        Assert.All(blocks.Skip(1), b => Assert.InRange(b!["text"]!["text"]!.GetValue<string>().Length, 1, 3000));
        Assert.Contains("SSH brute force from 203.0.113.1:", blocks[1]!["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);

        JsonObject discord = DiscordNotifier.Payload(message);
        string description = discord["embeds"]![0]!["description"]!.GetValue<string>();
        Assert.InRange(description.Length, 100, 4096);
        Assert.StartsWith("```\n", description, StringComparison.Ordinal);
        Assert.EndsWith("\n```", description, StringComparison.Ordinal);

        Assert.StartsWith("# LogWarden report", AlertText.Markdown(message), StringComparison.Ordinal); // DingTalk, ntfy, Gotify
    }

    [Fact]
    public async Task Alertmanager_refuses_a_report_as_a_rejected_message()
    {
        var notifier = new AlertmanagerNotifier(new AlertChannelConfig { Name = "am", Type = "alertmanager", Url = _receiver.BaseUrl }, new HttpClient(), TimeProvider.System);
        var e = await Assert.ThrowsAsync<NotifierException>(() =>
            notifier.SendAsync(AlertMessage.FromReport(Report(), End.AddDays(-1), End, "https://lw.example/"), "k", CancellationToken.None));

        Assert.Equal(NotifierFailure.Rejected, e.Failure);
        Assert.Empty(_receiver.Received);
    }

    [Fact]
    public void Report_channels_must_name_configured_channels_that_take_reports()
    {
        const string yaml = """
            report:
              enabled: true
              channels: [mail, am, pagr]
            alerts:
              channels:
                - name: mail
                  type: email
                  host: smtp.example.com
                  to: [a@example.com]
                - name: am
                  type: alertmanager
                  url: http://127.0.0.1:9093
            """;

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, "r.yaml"));
        var errors = e.Errors.Select(x => x.ToString()).ToList();

        Assert.Contains(errors, x => x.StartsWith("r.yaml:3:", StringComparison.Ordinal) && x.Contains("'am' is an Alertmanager", StringComparison.Ordinal));
        Assert.Contains(errors, x => x.StartsWith("r.yaml:3:", StringComparison.Ordinal) && x.Contains("'pagr'", StringComparison.Ordinal));
        Assert.Equal(2, errors.Count);
        Assert.Equal(["mail"], ConfigLoader.Parse(yaml.Replace(", am, pagr", "", StringComparison.Ordinal), "r.yaml").Report.Channels);
    }
}
