using System.Text;
using LogWarden.Mine;

namespace LogWarden.Store.Embedded;

/// <summary>
/// Marks where a variable sits in a logtype. Bytes 0xF8–0xFF never occur in UTF-8, so a logtype (UTF-8
/// text with these bytes in place of values) needs no escaping and a stored line may hold any text at all,
/// <c>&lt;*&gt;</c> included.
/// </summary>
internal static class Placeholder
{
    /// <summary>A decimal integer (optional '-', 1–18 digits, leading zeros kept as a count).</summary>
    public const byte Integer = 0xF8;

    /// <summary>Any other value, stored once per block in the block's dictionary and referenced by id.</summary>
    public const byte Dictionary = 0xF9;

    public static bool Is(byte b) => b >= Integer;
}

/// <summary>One variable of an encoded line.</summary>
internal struct EncodedVariable
{
    public byte Kind;

    /// <summary>Integer: the value; dictionary: where its UTF-8 bytes start in the encoder's value buffer.</summary>
    public long Value;

    /// <summary>Integer: zeros written before the digits ("007" is 7 with two); dictionary: the byte length.</summary>
    public int Extra;
}

/// <summary>
/// Splits a line CLP-style (Rodrigues et al., OSDI 2021) into its logtype — the line's exact text, every
/// whitespace kept, with each variable value replaced by a <see cref="Placeholder"/> byte — and the values.
/// What is a value is the miner's masker's call (<see cref="TokenMasker"/>: numbers, ids, addresses, paths…),
/// so a block's logtypes line up with the miner's templates; the split is lossless whatever the masker says,
/// because a line is the concatenation of its constant and variable parts. Allocation-free per line.
/// </summary>
internal sealed class LineEncoder
{
    /// <summary>Longer tokens are kept whole as one value rather than masked (a base64 blob, a long URL).</summary>
    public const int MaxMaskedToken = 256;

    /// <summary>Lines beyond these limits are stored verbatim (one dictionary value) to keep logtypes small.</summary>
    public const int MaxVariables = 255;

    public const int MaxLogtypeBytes = 16 * 1024;


    private readonly ByteBuffer _logtype = new(1024);
    private readonly ByteBuffer _values = new(1024);
    private readonly ByteBuffer _lineBytes = new(1024);
    private bool _ascii;
    private EncodedVariable[] _variables = new EncodedVariable[32];
    private char[] _masked = new char[1024];
    private RangeList _ranges = new();
    private readonly MaskCache _cache = new();

    public int VariableCount { get; private set; }

    public ReadOnlySpan<byte> Logtype => _logtype.WrittenSpan;

    public ReadOnlySpan<EncodedVariable> Variables => _variables.AsSpan(0, VariableCount);

    /// <summary>The UTF-8 bytes of a dictionary variable of the line just encoded.</summary>
    public ReadOnlySpan<byte> ValueBytes(in EncodedVariable variable) =>
        (_ascii ? _lineBytes : _values).WrittenSpan.Slice((int)variable.Value, variable.Extra);

    public void Encode(ReadOnlySpan<char> line)
    {
        Reset(line);
        // One scalar pass finds the tokens and what each holds. Tokens without a digit or any of / @ : . \
        // are constants whatever the masker would say (its own first test), and stay in the pending
        // constant run with the whitespace around them, so a run of words costs one copy.
        int constantStart = 0;
        int i = 0;
        ReadOnlySpan<byte> classes = CharClasses;
        while (i < line.Length)
        {
            char c = line[i];
            if (c < 128 && (classes[c] & Space) != 0)
            {
                i++;
                continue;
            }
            int tokenStart = i;
            int seen = 0;
            while (i < line.Length)
            {
                c = line[i];
                int cls = c < 128 ? classes[c] : NotNumeric;
                if ((cls & Space) != 0)
                {
                    break;
                }
                seen |= cls;
                i++;
            }
            if ((seen & NeedsWork) == 0 && i - tokenStart <= MaxMaskedToken)
            {
                continue;
            }
            AppendConstant(line[constantStart..tokenStart], constantStart);
            ReadOnlySpan<char> token = line[tokenStart..i];
            if (token.Length > MaxMaskedToken)
            {
                AddVariable(token, tokenStart);
            }
            else if ((seen & NotNumeric) == 0)
            {
                EncodeNumericToken(token, tokenStart);
            }
            else
            {
                EncodeMaskedToken(token, tokenStart);
            }
            constantStart = i;
            if (VariableCount > MaxVariables || _logtype.Length > MaxLogtypeBytes)
            {
                EncodeVerbatim(line);
                return;
            }
        }
        AppendConstant(line[constantStart..], constantStart);
        if (_logtype.Length > MaxLogtypeBytes)
        {
            EncodeVerbatim(line);
        }
    }

    private const byte Space = 1;
    private const byte NeedsWork = 2;
    private const byte NotNumeric = 4;

    /// <summary>Per ASCII character: whitespace; digit or one of / @ : . \ (the masker's "needs work"); not part of a numeric token.</summary>
    private static readonly byte[] CharClasses = BuildCharClasses();

    private static byte[] BuildCharClasses()
    {
        var table = new byte[128];
        for (int c = 0; c < 128; c++)
        {
            byte cls = 0;
            if (" \t\r\n\v\f".Contains((char)c, StringComparison.Ordinal))
            {
                cls |= Space;
            }
            if ("0123456789/@:.\\".Contains((char)c, StringComparison.Ordinal))
            {
                cls |= NeedsWork;
            }
            if (!"0123456789:,-[]()=;|#".Contains((char)c, StringComparison.Ordinal))
            {
                cls |= NotNumeric;
            }
            table[c] = cls;
        }
        return table;
    }

    /// <summary>
    /// <see cref="Encode"/>, or <see cref="EncodeVerbatim"/> if splitting the line fails: whatever goes wrong
    /// splitting a line, the line itself is kept (both stores encode through this).
    /// </summary>
    public void EncodeOrVerbatim(ReadOnlySpan<char> line)
    {
        try
        {
            Encode(line);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            EncodeVerbatim(line);
        }
    }

    /// <summary>The whole line as one dictionary value: for lines too odd to split usefully.</summary>
    public void EncodeVerbatim(ReadOnlySpan<char> line)
    {
        Reset(line);
        AddDictionaryVariable(line, 0); // the logtype is the one placeholder byte
    }

    /// <summary>
    /// Most lines are ASCII: then a character's position is its byte's, the line is converted to bytes in
    /// one vectorised call, and constants and values are slices of it. Other lines are encoded piece by piece.
    /// </summary>
    private void Reset(ReadOnlySpan<char> line)
    {
        _logtype.Clear();
        _values.Clear();
        _lineBytes.Clear();
        VariableCount = 0;
        // One pass converts and validates: it stops at the first non-ASCII character.
        _ascii = System.Text.Ascii.FromUtf16(line, _lineBytes.GetSpan(line.Length), out int written) == System.Buffers.OperationStatus.Done;
        if (_ascii)
        {
            _lineBytes.Advance(written);
        }
    }

    private void EncodeMaskedToken(ReadOnlySpan<char> token, int offset)
    {
        if (!_cache.TryGet(token, ref _ranges))
        {
            int needed = token.Length * 3 + 3;
            if (_masked.Length < needed)
            {
                _masked = new char[Math.Max(needed, _masked.Length * 2)];
            }
            _ranges.Clear();
            TokenMasker.Mask(token, _masked, ref _ranges);
            _cache.Put(token, _ranges);
        }
        int position = 0;
        for (int r = 0; r < _ranges.Count; r++)
        {
            // Defensive: ranges come in order and do not overlap; anything else is skipped, never mis-stored.
            int start = Math.Max(_ranges.Start(r), position);
            int end = Math.Min(_ranges.End(r), token.Length);
            if (end <= start)
            {
                continue;
            }
            AppendConstant(token[position..start], offset + position);
            AddVariable(token[start..end], offset + start);
            position = end;
        }
        AppendConstant(token[position..], offset + position);
    }

    /// <summary>
    /// Numbers, times and dates — "148", "20:36:15", "2015-07-29", "[4242]:" — are most of a line header's
    /// tokens; the masker would make each digit run a value, and this does the same without its checks
    /// for host names, paths and addresses, which such a token cannot be.
    /// </summary>
    private void EncodeNumericToken(ReadOnlySpan<char> token, int offset)
    {
        int i = 0;
        int constantStart = 0;
        while (i < token.Length)
        {
            int start = i;
            if (token[i] == '-' && i == 0 && token.Length > 1 && char.IsAsciiDigit(token[1]))
            {
                i++; // a leading sign belongs to the number
            }
            else if (!char.IsAsciiDigit(token[i]))
            {
                i++;
                continue;
            }
            while (i < token.Length && char.IsAsciiDigit(token[i]))
            {
                i++;
            }
            AppendConstant(token[constantStart..start], offset + constantStart);
            AddVariable(token[start..i], offset + start);
            constantStart = i;
        }
        AppendConstant(token[constantStart..], offset + constantStart);
    }

    private void AppendConstant(ReadOnlySpan<char> text, int offset)
    {
        if (text.IsEmpty)
        {
            return;
        }
        if (_ascii)
        {
            _logtype.Write(_lineBytes.WrittenSpan.Slice(offset, text.Length));
            return;
        }
        int written = Encoding.UTF8.GetBytes(text, _logtype.GetSpan(text.Length * 3));
        _logtype.Advance(written);
    }

    private void AddVariable(ReadOnlySpan<char> text, int offset)
    {
        if (TryParseInteger(text, out long value, out int zeros))
        {
            ref EncodedVariable v = ref NextVariable();
            v.Kind = Placeholder.Integer;
            v.Value = value;
            v.Extra = zeros;
            _logtype.WriteByte(Placeholder.Integer);
            return;
        }
        AddDictionaryVariable(text, offset);
    }

    private void AddDictionaryVariable(ReadOnlySpan<char> text, int offset)
    {
        int start, length;
        if (_ascii)
        {
            (start, length) = (offset, text.Length);
        }
        else
        {
            start = _values.Length;
            length = Encoding.UTF8.GetBytes(text, _values.GetSpan(text.Length * 3));
            _values.Advance(length);
        }
        ref EncodedVariable v = ref NextVariable();
        v.Kind = Placeholder.Dictionary;
        v.Value = start;
        v.Extra = length;
        _logtype.WriteByte(Placeholder.Dictionary);
    }

    private ref EncodedVariable NextVariable()
    {
        if (VariableCount == _variables.Length)
        {
            Array.Resize(ref _variables, _variables.Length * 2);
        }
        return ref _variables[VariableCount++];
    }

    /// <summary>
    /// '-'? followed by 1–18 ASCII digits, "-0" excepted (its sign could not be rebuilt). Leading zeros
    /// are counted so "007" comes back as written.
    /// </summary>
    internal static bool TryParseInteger(ReadOnlySpan<char> text, out long value, out int zeros)
    {
        value = 0;
        zeros = 0;
        bool negative = text.Length > 0 && text[0] == '-';
        ReadOnlySpan<char> digits = negative ? text[1..] : text;
        if (digits.IsEmpty || digits.Length > 18)
        {
            return false;
        }
        long v = 0;
        foreach (char c in digits)
        {
            uint d = (uint)(c - '0');
            if (d > 9)
            {
                return false;
            }
            v = v * 10 + d;
        }
        if (v == 0)
        {
            if (negative)
            {
                return false;
            }
            zeros = digits.Length - 1;
        }
        else
        {
            while (digits[zeros] == '0')
            {
                zeros++;
            }
        }
        value = negative ? -v : v;
        return true;
    }

    /// <summary>Writes an integer variable back as it was written.</summary>
    internal static int FormatInteger(long value, int zeros, Span<byte> destination)
    {
        int n = 0;
        if (value < 0)
        {
            destination[n++] = (byte)'-';
            value = -value;
        }
        destination.Slice(n, zeros).Fill((byte)'0');
        n += zeros;
        value.TryFormat(destination[n..], out int digits, default, System.Globalization.CultureInfo.InvariantCulture);
        return n + digits;
    }

    /// <summary>
    /// The masker's answer for recently seen short tokens. Logs repeat the same tokens with digits or dots
    /// in them all day ("HTTP/1.1", "Mozilla/5.0", "+0000]", version strings), and a lookup is several
    /// times cheaper than masking. Direct-mapped and fixed in size: a miss costs one comparison.
    /// </summary>
    private sealed class MaskCache
    {
        private const int Slots = 2048;
        private const int MaxToken = 32;
        // Eight, not four: an access log's "[20/Nov/2026:00:00:01" has five values and repeats for every
        // line of the same second, but with four it was never cached and took the masker's slow path on
        // every line (the largest single cost of encoding, measured 27 Nov).
        private const int MaxRanges = 8;
        private readonly char[] _keys = new char[Slots * MaxToken];
        private readonly byte[] _lengths = new byte[Slots];
        private readonly byte[] _rangeCounts = new byte[Slots];
        private readonly int[] _bounds = new int[Slots * MaxRanges * 2];

        public bool TryGet(ReadOnlySpan<char> token, ref RangeList ranges)
        {
            if (token.Length > MaxToken)
            {
                return false;
            }
            int slot = Slot(token);
            if (_lengths[slot] != token.Length || !token.SequenceEqual(_keys.AsSpan(slot * MaxToken, token.Length)))
            {
                return false;
            }
            ranges.Clear();
            for (int r = 0; r < _rangeCounts[slot]; r++)
            {
                ranges.Add(_bounds[(slot * MaxRanges + r) * 2], _bounds[(slot * MaxRanges + r) * 2 + 1]);
            }
            return true;
        }

        public void Put(ReadOnlySpan<char> token, in RangeList ranges)
        {
            if (token.Length > MaxToken || token.Length == 0 || ranges.Count > MaxRanges)
            {
                return;
            }
            int slot = Slot(token);
            token.CopyTo(_keys.AsSpan(slot * MaxToken));
            _lengths[slot] = (byte)token.Length;
            _rangeCounts[slot] = (byte)ranges.Count;
            for (int r = 0; r < ranges.Count; r++)
            {
                _bounds[(slot * MaxRanges + r) * 2] = ranges.Start(r);
                _bounds[(slot * MaxRanges + r) * 2 + 1] = ranges.End(r);
            }
        }

        // Not string.GetHashCode: its randomised Marvin hash cost as much as the rest of the lookup. A token made
        // to collide only evicts another from the cache (every hit compares the whole token).
        private static int Slot(ReadOnlySpan<char> token) => (int)TokenHash.Of(token) & (Slots - 1);
    }

    /// <summary>The token ranges the masker reports, in a reusable array.</summary>
    private struct RangeList() : IMaskedRanges
    {
        private int[] _bounds = new int[32];

        public int Count { get; private set; }

        public readonly int Start(int index) => _bounds[index * 2];

        public readonly int End(int index) => _bounds[index * 2 + 1];

        public void Clear() => Count = 0;

        public void Add(int start, int end)
        {
            if (Count * 2 == _bounds.Length)
            {
                Array.Resize(ref _bounds, _bounds.Length * 2);
            }
            _bounds[Count * 2] = start;
            _bounds[Count * 2 + 1] = end;
            Count++;
        }

        public readonly void Extend(int end)
        {
            if (Count > 0)
            {
                _bounds[Count * 2 - 1] = end;
            }
        }
    }
}
