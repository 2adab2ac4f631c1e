using System.Numerics;
using System.Runtime.InteropServices;

namespace LogWarden.Mine;

/// <summary>
/// A fast, deterministic 64-bit hash of UTF-16 text (the same value in every process, so it could be
/// persisted), and the mixing used to combine token hashes into line keys.
/// </summary>
/// <remarks>
/// The miner identifies a masked line by the 64-bit hash of its tokens instead of comparing strings; with
/// a million distinct masked lines the chance that two collide is about 3·10⁻⁸.
/// </remarks>
internal static class TokenHash
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime3 = 0x165667B19E3779F9UL;

    /// <summary>The hash that stands for "any token" in sibling keys.</summary>
    public const ulong Any = 0x5bd1e9955bd1e995UL;

    public static ulong Of(ReadOnlySpan<char> text)
    {
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(text);
        ulong h = Prime3 ^ ((ulong)bytes.Length * Prime1);
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(bytes);
        foreach (ulong w in words)
        {
            h = BitOperations.RotateLeft(h ^ (w * Prime2), 31) * Prime1;
        }
        int rest = bytes.Length & 7;
        if (rest != 0)
        {
            ulong tail = 0;
            ReadOnlySpan<byte> t = bytes[^rest..];
            for (int i = 0; i < t.Length; i++)
            {
                tail |= (ulong)t[i] << (8 * i);
            }
            h = BitOperations.RotateLeft(h ^ (tail * Prime2), 31) * Prime1;
        }
        return Finish(h);
    }

    public static ulong Combine(ulong seed, ulong value) => BitOperations.RotateLeft(seed ^ (value * Prime2), 27) * Prime1 + Prime3;

    public static ulong Finish(ulong h)
    {
        h ^= h >> 33;
        h *= Prime2;
        h ^= h >> 29;
        h *= Prime3;
        h ^= h >> 32;
        return h;
    }
}
