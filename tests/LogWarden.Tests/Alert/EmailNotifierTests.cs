using System.Text.Json.Nodes;
using LogWarden.Alert;
using LogWarden.Alert.Notifiers;
using LogWarden.Config;
using LogWarden.Detect;
using LogWarden.Tests.Parse;
using MimeKit;

namespace LogWarden.Tests.Alert;

/// <summary>Real MailKit sessions against a real SMTP server (aiosmtpd): STARTTLS and implicit TLS, AUTH, multipart mail.</summary>
public sealed class EmailNotifierTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static AlertChannelConfig Channel(SmtpTestServer server, string security, string? password = SmtpTestServer.Password) => new()
    {
        Name = "mail",
        Type = "email",
        Host = "127.0.0.1",
        Port = server.Port,
        Security = security,
        Username = SmtpTestServer.User,
        Password = password,
        From = "LogWarden <alerts@example.com>",
        To = ["oncall@example.com", "admin@example.com"],
        CaFile = server.CertificateFile,
        Timeout = TimeSpan.FromSeconds(20),
    };

    [Fact]
    public async Task Starttls_with_login_delivers_a_multipart_mail_with_text_and_html()
    {
        using SmtpTestServer server = await SmtpTestServer.StartAsync(_dir.Path, "starttls");
        var notifier = new EmailNotifier(Channel(server, "starttls"));

        await notifier.SendAsync(AlertSamples.Message(severity: FindingSeverity.Critical, title: "Disk <full> & on fire"), "logwarden:mail:7:firing", CancellationToken.None);

        (string eml, string meta) = Assert.Single(server.Messages());
        JsonNode envelope = JsonNode.Parse(meta)!;
        Assert.True(envelope["tls"]!.GetValue<bool>());
        Assert.Equal(SmtpTestServer.User, envelope["login"]!.GetValue<string>());
        Assert.Equal(["oncall@example.com", "admin@example.com"], envelope["to"]!.AsArray().Select(t => t!.GetValue<string>()));
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(eml));
        MimeMessage mail = await MimeMessage.LoadAsync(stream);
        Assert.Equal("[CRITICAL] Disk <full> & on fire (host web-1)", mail.Subject);
        Assert.Equal("logwarden.mail.7.firing@logwarden", mail.MessageId);
        Assert.Equal("multipart/alternative", mail.Body!.ContentType.MimeType);
        Assert.Contains("Probable cause: An internet scanner", mail.TextBody!, StringComparison.Ordinal);
        Assert.Contains("https://logwarden.example.com/incidents/7", mail.TextBody!, StringComparison.Ordinal);
        Assert.Contains("Disk &lt;full&gt; &amp; on fire", mail.HtmlBody!, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://logwarden.example.com/incidents/7\">", mail.HtmlBody!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Implicit_tls_delivers_and_a_wrong_password_is_a_transient_failure_naming_no_secret()
    {
        using SmtpTestServer server = await SmtpTestServer.StartAsync(_dir.Path, "tls");

        await new EmailNotifier(Channel(server, "tls")).SendAsync(AlertSamples.Message(notice: AlertNotice.Resolved), "logwarden:mail:7:resolved", CancellationToken.None);
        var e = await Assert.ThrowsAsync<NotifierException>(() =>
            new EmailNotifier(Channel(server, "tls", "wrong-password")).SendAsync(AlertSamples.Message(), "k", CancellationToken.None));

        (string eml, string meta) = Assert.Single(server.Messages());
        Assert.True(JsonNode.Parse(meta)!["tls"]!.GetValue<bool>());
        Assert.Contains("Subject: [RESOLVED]", eml, StringComparison.Ordinal);
        Assert.Equal(NotifierFailure.Transient, e.Failure);
        Assert.DoesNotContain("wrong-password", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_certificate_not_trusted_is_refused()
    {
        using SmtpTestServer server = await SmtpTestServer.StartAsync(_dir.Path, "starttls");
        var untrusted = Channel(server, "starttls") with { CaFile = null };

        var e = await Assert.ThrowsAsync<NotifierException>(() => new EmailNotifier(untrusted).SendAsync(AlertSamples.Message(), "k", CancellationToken.None));

        Assert.Contains("Ssl", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(server.Messages());
    }
}
