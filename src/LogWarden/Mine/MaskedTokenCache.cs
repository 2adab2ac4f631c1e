namespace LogWarden.Mine;

/// <summary>
/// The masked form of recently seen short tokens that need the masker's slow path (a digit or one of
/// <c>/ @ : . \</c>). Logs repeat such tokens all day — "HTTP/1.1", "200", "ssh2", a busy client's address —
/// and <see cref="TokenMasker.Mask(ReadOnlySpan{char}, Span{char})"/> is a pure function of the token, so a
/// lookup answers as the masker would, several times cheaper. Direct-mapped and fixed in size (≈ 330 KB): a
/// miss costs one comparison, and a token made to collide only evicts another (every hit compares the whole
/// token).
/// </summary>
internal sealed class MaskedTokenCache
{
    public const int MaxToken = 32;
    private const int MaxMasked = 48;
    private const int Slots = 2048;
    private readonly char[] _keys = new char[Slots * MaxToken];
    private readonly byte[] _keyLengths = new byte[Slots];
    private readonly char[] _masked = new char[Slots * MaxMasked];
    private readonly byte[] _maskedLengths = new byte[Slots];

    /// <summary>Writes the cached masked form of <paramref name="token"/> to <paramref name="output"/>; -1 when it is not cached.</summary>
    public int TryCopy(ReadOnlySpan<char> token, ulong hash, Span<char> output)
    {
        int slot = (int)hash & (Slots - 1);
        if (token.Length > MaxToken || _keyLengths[slot] != token.Length || !token.SequenceEqual(_keys.AsSpan(slot * MaxToken, token.Length)))
        {
            return -1;
        }
        int length = _maskedLengths[slot];
        _masked.AsSpan(slot * MaxMasked, length).CopyTo(output);
        return length;
    }

    public void Put(ReadOnlySpan<char> token, ulong hash, ReadOnlySpan<char> masked)
    {
        if (token.Length is 0 or > MaxToken || masked.Length > MaxMasked)
        {
            return;
        }
        int slot = (int)hash & (Slots - 1);
        token.CopyTo(_keys.AsSpan(slot * MaxToken));
        _keyLengths[slot] = (byte)token.Length;
        masked.CopyTo(_masked.AsSpan(slot * MaxMasked));
        _maskedLengths[slot] = (byte)masked.Length;
    }
}
