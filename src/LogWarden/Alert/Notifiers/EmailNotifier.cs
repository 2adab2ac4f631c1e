using System.Net;
using System.Text;
using LogWarden.Config;
using LogWarden.Report;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace LogWarden.Alert.Notifiers;

/// <summary>
/// E-mail over SMTP with MailKit: STARTTLS (port 587, the default), implicit TLS (465) or none; LOGIN/PLAIN
/// authentication when a username is set; multipart/alternative with a plain-text and an HTML part. The
/// Message-ID is derived from the outbox entry, so a repeat after a crash carries the same id and mail
/// clients show it once. A private CA or a self-signed server is trusted through <c>ca_file</c>.
/// </summary>
internal sealed class EmailNotifier(AlertChannelConfig config) : INotifier
{
    private readonly PemTrust? _trusted = config.CaFile is { } file ? PemTrust.Load(file) : null;

    public string Channel => config.Name;

    public async Task SendAsync(AlertMessage message, string idempotencyKey, CancellationToken cancellationToken)
    {
        MimeMessage mail = Compose(message, idempotencyKey);
        using var client = new SmtpClient();
        client.Timeout = (int)config.Timeout.TotalMilliseconds;
        if (_trusted is { } trusted)
        {
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) => trusted.AcceptsBesideSystemTrust(certificate, errors, orPinnedLeaf: true);
        }
        try
        {
            await client.ConnectAsync(config.Host ?? "localhost", Port, Security, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(config.Username))
            {
                await client.AuthenticateAsync(new NetworkCredential(config.Username, config.Password), cancellationToken).ConfigureAwait(false);
            }
            await client.SendAsync(mail, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
        }
        catch (SmtpCommandException e)
        {
            // 5xx for this message (a recipient refused, too large) rejects it; 4xx is "try later".
            bool permanent = (int)e.StatusCode >= 500 && e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted;
            throw new NotifierException($"{Channel}: SMTP {(int)e.StatusCode}: {e.Message}", permanent ? NotifierFailure.Rejected : NotifierFailure.Transient, null, e);
        }
        catch (Exception e) when (e is AuthenticationException or SmtpProtocolException or SslHandshakeException or IOException or System.Net.Sockets.SocketException or ServiceNotConnectedException)
        {
            throw new NotifierException($"{Channel}: {e.GetType().Name}: {e.Message}", NotifierFailure.Transient, null, e);
        }
    }

    private int Port => config.Port ?? config.Security switch
    {
        "tls" => 465,
        "none" => 25,
        _ => 587,
    };

    private SecureSocketOptions Security => config.Security switch
    {
        "tls" => SecureSocketOptions.SslOnConnect,
        "none" => SecureSocketOptions.None,
        "auto" => SecureSocketOptions.Auto,
        _ => SecureSocketOptions.StartTls,
    };

    internal MimeMessage Compose(AlertMessage message, string idempotencyKey)
    {
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(config.From ?? config.Username ?? "logwarden@localhost"));
        foreach (string to in config.To)
        {
            mail.To.Add(MailboxAddress.Parse(to));
        }
        mail.Subject = AlertText.Truncate(AlertText.Headline(message), 200);
        mail.MessageId = idempotencyKey.Replace(':', '.') + "@logwarden";
        if (message.Report is { } report)
        {
            // The report's HTML refers to its charts as cid:…: they travel as inline parts of a multipart/related.
            var withCharts = new BodyBuilder { TextBody = report.Text, HtmlBody = report.Html };
            foreach (ReportImage image in report.Images)
            {
                MimeEntity part = withCharts.LinkedResources.Add(image.FileName, image.Png, new ContentType("image", "png"));
                part.ContentId = image.ContentId;
            }
            mail.Headers.Add("X-LogWarden-Report", report.Subject);
            mail.Body = withCharts.ToMessageBody();
            return mail;
        }
        mail.Headers.Add("X-LogWarden-Incident", message.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (message.IsCritical && !message.IsResolved)
        {
            mail.Priority = MessagePriority.Urgent;
        }
        var body = new BodyBuilder { TextBody = AlertText.Plain(message), HtmlBody = Html(message) };
        mail.Body = body.ToMessageBody();
        return mail;
    }

    internal static string Html(AlertMessage m)
    {
        string color = m.IsResolved ? "#2eb67d" : m.IsCritical ? "#e01e5a" : "#ecb22e";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        html.Append("<h2 style=\"border-left:6px solid ").Append(color).Append(";padding-left:8px\">").Append(E(AlertText.Headline(m))).Append("</h2>");
        html.Append("<table cellpadding=\"4\">");
        foreach ((string label, string value) in AlertText.Facts(m))
        {
            html.Append("<tr><th align=\"left\">").Append(E(label)).Append("</th><td>").Append(E(value)).Append("</td></tr>");
        }
        html.Append("</table>");
        IReadOnlyList<string> findings = AlertText.FindingLines(m);
        if (findings.Count > 0)
        {
            html.Append("<h3>What happened</h3><ul>");
            foreach (string line in findings)
            {
                html.Append("<li>").Append(E(line)).Append("</li>");
            }
            html.Append("</ul>");
        }
        IReadOnlyList<string> explanation = AlertText.ExplanationLines(m);
        if (explanation.Count > 0)
        {
            html.Append("<h3>Explanation</h3>");
            foreach (string line in explanation)
            {
                html.Append("<p>").Append(E(line)).Append("</p>");
            }
        }
        html.Append("<p><a href=\"").Append(E(m.Link)).Append("\">Open incident #").Append(m.IncidentId).Append("</a></p></body></html>");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
