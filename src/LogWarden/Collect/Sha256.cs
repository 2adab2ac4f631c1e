using Org.BouncyCastle.Crypto.Digests;

namespace LogWarden.Collect;

/// <summary>
/// SHA-256 in managed code (BouncyCastle's <see cref="Sha256Digest"/>), for the fingerprints the daemon computes on
/// every start and while it ingests (a followed file's first bytes, an incident's kind and entities). The same digest
/// as <c>System.Security.Cryptography.SHA256</c>, so stored checkpoints and noise fingerprints keep matching; but
/// that one calls OpenSSL, and loading libcrypto and libssl for it kept 3.6 MiB of the daemon's memory resident
/// (their touched pages), idle or busy. These inputs are short (1 KiB at most for a file, a few dozen bytes for an
/// incident): speed does not matter here. Everything else (TLS, HMAC, passwords) stays on the system's.
/// </summary>
internal static class Sha256
{
    public const int HashSizeInBytes = 32;

    /// <summary>Writes the digest of <paramref name="data"/> to the first 32 bytes of <paramref name="destination"/>.</summary>
    public static void HashData(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < HashSizeInBytes)
        {
            throw new ArgumentException("the destination is shorter than a SHA-256 digest", nameof(destination));
        }

        var digest = new Sha256Digest();
        digest.BlockUpdate(data);
        digest.DoFinal(destination);
    }
}
