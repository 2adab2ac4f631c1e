using System.Buffers.Binary;
using System.Globalization;

namespace LogWarden.Collect.Files;

/// <summary>
/// A hash of a file's first <see cref="Length"/> bytes (after decompression for .gz). The inode says which
/// file; the fingerprint says whether it still holds the content we read: an inode number reused by a new
/// file, a file truncated and rewritten in place, and the compressed copy of a rotated file are all told
/// apart by it. A file shorter than the configured length is fingerprinted over what it has, and the
/// fingerprint is extended as the file grows (the old prefix must still hash the same), so a tiny file is
/// not taken for a new one when it grows.
/// </summary>
internal readonly record struct ContentFingerprint(ulong Hash, int Length)
{
    /// <summary>The fingerprint of nothing (an empty file): every content starts with it.</summary>
    public static ContentFingerprint Empty { get; } = Of([]);

    public static ContentFingerprint Of(ReadOnlySpan<byte> prefix)
    {
        // SHA-256 rather than a faster non-cryptographic hash: a collision would make us skip a file's lines, so
        // a hash nobody can aim at is worth it. The managed one (see Sha256: OpenSSL's libraries stay unloaded).
        Span<byte> digest = stackalloc byte[Sha256.HashSizeInBytes];
        Sha256.HashData(prefix, digest);
        return new ContentFingerprint(BinaryPrimitives.ReadUInt64BigEndian(digest), prefix.Length);
    }

    public string HashText => Hash.ToString("x16", CultureInfo.InvariantCulture);

    public static bool TryParse(string? hashText, int length, out ContentFingerprint fingerprint)
    {
        if (length >= 0 && ulong.TryParse(hashText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong hash))
        {
            fingerprint = new ContentFingerprint(hash, length);
            return true;
        }

        fingerprint = default;
        return false;
    }

    public override string ToString() => $"{HashText}/{Length}";
}
