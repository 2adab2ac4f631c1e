using System.Text;
using LogWarden.Collect;

namespace LogWarden.Detect.Incidents;

/// <summary>
/// The identity of "this kind of thing about these entities" that survives restarts and versions:
/// the first 16 hex digits of the SHA-256 of the finding's key (its kind and sorted entities). Marking an
/// incident as noise remembers the fingerprints of its findings; a later finding with one of them is
/// downgraded to info. (String hash codes are randomised per process, hence a real hash.)
/// </summary>
internal static class IncidentFingerprint
{
    public const int Length = 16;

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    public static string Of(string findingKey)
    {
        ArgumentNullException.ThrowIfNull(findingKey);
        int max = Encoding.UTF8.GetMaxByteCount(findingKey.Length);
        byte[]? rented = null;
        Span<byte> utf8 = max <= 1024 ? stackalloc byte[max] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(max));
        try
        {
            int length = Encoding.UTF8.GetBytes(findingKey, utf8);
            Span<byte> hash = stackalloc byte[Sha256.HashSizeInBytes];
            Sha256.HashData(utf8[..length], hash); // managed: the daemon need not load OpenSSL (see Sha256)
            return Convert.ToHexStringLower(hash[..(Length / 2)]);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>True for text shaped like a fingerprint (what the store accepts from outside).</summary>
    public static bool IsValid(string? text) =>
        text is { Length: Length } && text.AsSpan().IndexOfAnyExcept(HexDigits) < 0;
}
