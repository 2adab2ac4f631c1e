using LogWarden.Store.Embedded;

namespace LogWarden.Store.Postgres;

/// <summary>
/// A line as the central stores it (schema step 4): its logtype — <see cref="LineEncoder"/>'s, the embedded
/// store's, the exact text with a <see cref="Placeholder"/> byte for each variable — by id in <c>logtypes</c>, and
/// its variable values in one <c>bytea</c>, in the logtype's order: an integer as one varint of its zigzag value
/// shifted left by one, the low bit saying a second varint follows with its leading zeros ("007"); any other value
/// as a varint byte length and its UTF-8 bytes. A line without variables stores NULL. The embedded store keeps the
/// same values in columns per logtype (<see cref="BlockReader"/>); this row form shares its logtype fragments
/// (<see cref="LogtypeInfo"/>) and integer formatting (<see cref="LineEncoder.FormatInteger"/>).
/// </summary>
internal static class EncodedLine
{
    /// <summary>Leading zeros an integer may carry back (the embedded reader's limit too).</summary>
    private const int MaxZeros = 32;

    /// <summary>Writes the values of the line <paramref name="encoder"/> just encoded.</summary>
    public static void WriteValues(LineEncoder encoder, ByteBuffer output)
    {
        ReadOnlySpan<EncodedVariable> variables = encoder.Variables;
        for (int v = 0; v < variables.Length; v++)
        {
            ref readonly EncodedVariable variable = ref variables[v];
            if (variable.Kind == Placeholder.Integer)
            {
                // |value| < 10^18 < 2^60: zigzagged and shifted it still fits 64 bits.
                ulong zigzag = (ulong)((variable.Value << 1) ^ (variable.Value >> 63));
                if (variable.Extra == 0)
                {
                    output.WriteVarint(zigzag << 1);
                }
                else
                {
                    output.WriteVarint((zigzag << 1) | 1);
                    output.WriteVarint((ulong)variable.Extra);
                }
            }
            else
            {
                output.WriteBlob(encoder.ValueBytes(variable));
            }
        }
    }

    /// <summary>Writes the line's UTF-8 bytes back, byte for byte as they were encoded.</summary>
    /// <exception cref="InvalidDataException">The values do not fit the logtype.</exception>
    public static void Rebuild(LogtypeInfo logtype, ReadOnlySpan<byte> values, ByteBuffer output)
    {
        var reader = new VarintReader(values);
        byte[] kinds = logtype.Kinds;
        for (int c = 0; c < kinds.Length; c++)
        {
            output.Write(logtype.Fragment(c));
            if (kinds[c] == Placeholder.Integer)
            {
                ulong word = reader.ReadVarint();
                int zeros = (word & 1) != 0 ? reader.ReadCount() : 0;
                if (zeros > MaxZeros)
                {
                    throw VarintReader.Damaged();
                }
                ulong zigzag = word >> 1;
                long value = (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
                output.Advance(LineEncoder.FormatInteger(value, zeros, output.GetSpan(64)));
            }
            else
            {
                output.Write(reader.ReadBlob());
            }
        }
        output.Write(logtype.Fragment(kinds.Length));
        if (!reader.AtEnd)
        {
            throw VarintReader.Damaged();
        }
    }
}
