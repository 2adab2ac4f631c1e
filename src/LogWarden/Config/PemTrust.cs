using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace LogWarden.Config;

/// <summary>
/// The certificates of a <c>ca_file</c> (a CA bundle or one self-signed certificate, PEM), and the one place
/// that decides whether a server's certificate chains to them — for the e-mail notifier, the shipper and the
/// CLI's connection to a daemon. Revocation is not checked: a private CA rarely publishes it.
/// </summary>
internal sealed class PemTrust : IDisposable
{
    private readonly X509Certificate2Collection _certificates = [];

    private PemTrust(string file) => _certificates.ImportFromPemFile(file);

    public static PemTrust Load(string file) => new(file);

    public int Count => _certificates.Count;

    public void Dispose()
    {
        foreach (X509Certificate2 certificate in _certificates)
        {
            certificate.Dispose();
        }
    }

    /// <summary>The system's trust, or else a chain that ends in these certificates (or, with <paramref name="orPinnedLeaf"/>, the leaf itself being one of them); the host name must match either way.</summary>
    public bool AcceptsBesideSystemTrust(X509Certificate? certificate, SslPolicyErrors errors, bool orPinnedLeaf = false)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }
        using var leaf = new X509Certificate2(certificate);
        return ChainsToThese(leaf, presented: null) || (orPinnedLeaf && _certificates.Any(t => t.Thumbprint == leaf.Thumbprint));
    }

    /// <summary>Only a chain that ends in these certificates (the server's intermediates may complete it), with a matching host name; the system's trust is not asked.</summary>
    public bool AcceptsOnlyThese(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }
        using var leaf = new X509Certificate2(certificate);
        return ChainsToThese(leaf, presented);
    }

    private bool ChainsToThese(X509Certificate2 leaf, X509Chain? presented)
    {
        using var own = new X509Chain();
        own.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        own.ChainPolicy.CustomTrustStore.AddRange(_certificates);
        own.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (X509ChainElement element in presented.ChainElements)
            {
                own.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        return own.Build(leaf);
    }
}
