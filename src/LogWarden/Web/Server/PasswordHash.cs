using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LogWarden.Web.Server;

/// <summary>
/// Password hashes for the config, as <c>pbkdf2-sha256$iterations$salt$hash</c> (salt and hash in base64):
/// PBKDF2-HMAC-SHA256 with OWASP's 600,000 iterations, a 16-byte random salt and a 32-byte key, compared
/// in constant time. Bearer tokens are random, so they are kept as a plain SHA-256 (<see cref="TokenSha256"/>).
/// </summary>
internal static class PasswordHash
{
    public const int DefaultIterations = 600_000;
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int KeyBytes = 32;

    public static string Create(string password, int iterations = DefaultIterations)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(SaltBytes);
        byte[] key = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, KeyBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}");
    }

    public static bool IsWellFormed(string hash) => TryRead(hash, out _, out _, out _);

    public static bool Verify(string password, string hash)
    {
        if (!TryRead(hash, out int iterations, out byte[]? salt, out byte[]? expected))
        {
            return false;
        }
        byte[] actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>The lowercase hex SHA-256 of a token, as <c>web.auth.token_sha256</c> lists it.</summary>
    public static string TokenSha256(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A new random bearer token (32 bytes, base64url).</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryRead(string hash, out int iterations, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? salt, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? key)
    {
        iterations = 0;
        salt = key = null;
        string[] parts = hash.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations is < 1000 or > 10_000_000)
        {
            return false;
        }
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            key = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length >= 8 && key.Length >= 16;
    }
}
