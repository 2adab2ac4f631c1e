using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LogWarden.Tests.Support;

/// <summary>Certificates for the tests that serve or reach https on loopback.</summary>
internal static class TestCertificates
{
    /// <summary>
    /// A self-signed certificate for 127.0.0.1, valid from yesterday to tomorrow, written with its key as PEM
    /// files into <paramref name="directory"/> (cert.pem, key.pem). The caller disposes the certificate.
    /// </summary>
    public static X509Certificate2 WriteSelfSignedForLoopback(string directory, out string certPath, out string keyPath)
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        certPath = Path.Combine(directory, "cert.pem");
        keyPath = Path.Combine(directory, "key.pem");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }
}
