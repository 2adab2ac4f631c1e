using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LogWarden.Tests.Alert;

/// <summary>
/// A real SMTP server: Debian's python3-aiosmtpd, started on a free loopback port with a certificate made
/// by the test, in STARTTLS or implicit-TLS mode, requiring AUTH (LOGIN/PLAIN) with a given user. Each
/// message it accepts is written as an .eml file (and its envelope and login as a .meta line) to a directory.
/// </summary>
public sealed class SmtpTestServer : IDisposable
{
    public const string User = "alerts@example.com";
    public const string Password = "s3cret-pass";

    private const string Script = """
        import asyncio, json, os, ssl, sys, time
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        mode, port, cert, key, outdir, user, password = sys.argv[1:8]
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(cert, key)
        count = 0

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login.decode() == user and auth_data.password.decode() == password
            return AuthResult(success=ok, handled=False, auth_data=auth_data.login.decode())

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                global count
                count += 1
                base = os.path.join(outdir, "%04d" % count)
                with open(base + ".eml", "wb") as f:
                    f.write(envelope.original_content or envelope.content)
                meta = {"from": envelope.mail_from, "to": envelope.rcpt_tos,
                        "login": session.auth_data if session.authenticated else None,
                        "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None}
                with open(base + ".meta", "w") as f:
                    f.write(json.dumps(meta))
                return "250 OK queued"

        if mode == "starttls":
            c = Controller(Handler(), hostname="127.0.0.1", port=int(port), tls_context=ctx, require_starttls=True,
                           authenticator=authenticator, auth_require_tls=True)
        else:
            c = Controller(Handler(), hostname="127.0.0.1", port=int(port), ssl_context=ctx,
                           authenticator=authenticator, auth_require_tls=False)
        c.start()
        print("READY", flush=True)
        try:
            sys.stdin.read()
        finally:
            c.stop()
        """;

    private readonly Process _process;

    private SmtpTestServer(string directory, Process process, int port)
    {
        Directory = directory;
        _process = process;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    /// <summary>The server's certificate (PEM), for the channel's ca_file.</summary>
    public string CertificateFile => Path.Combine(Directory, "cert.pem");

    public string Inbox => Path.Combine(Directory, "inbox");

    /// <param name="mode">"starttls" or "tls" (implicit).</param>
    public static async Task<SmtpTestServer> StartAsync(string directory, string mode)
    {
        string inbox = Path.Combine(directory, "inbox");
        System.IO.Directory.CreateDirectory(inbox);
        WriteCertificate(Path.Combine(directory, "cert.pem"), Path.Combine(directory, "key.pem"));
        string script = Path.Combine(directory, "smtp_server.py");
        await File.WriteAllTextAsync(script, Script);
        int port = FreePort();
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { script, mode, port.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.Combine(directory, "cert.pem"), Path.Combine(directory, "key.pem"), inbox, User, Password })
        {
            start.ArgumentList.Add(arg);
        }
        Process process = Process.Start(start)!;
        Task<string?> ready = process.StandardOutput.ReadLineAsync();
        if (await Task.WhenAny(ready, Task.Delay(TimeSpan.FromSeconds(20))) != ready || await ready != "READY")
        {
            process.Kill();
            throw new InvalidOperationException("aiosmtpd did not start: " + await process.StandardError.ReadToEndAsync());
        }
        return new SmtpTestServer(directory, process, port);
    }

    public IReadOnlyList<(string Eml, string Meta)> Messages() =>
        [.. System.IO.Directory.GetFiles(Inbox, "*.eml").Order(StringComparer.Ordinal).Select(f => (File.ReadAllText(f), File.ReadAllText(Path.ChangeExtension(f, ".meta"))))];

    private static void WriteCertificate(string certFile, string keyFile)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        using X509Certificate2 cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(certFile, cert.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
