using System.Buffers.Text;

namespace LogWarden.Collect.HostMetrics;

/// <summary>Span helpers for procfs text: whitespace-separated fields and unsigned decimal numbers, without allocation.</summary>
internal static class ProcText
{
    /// <summary>Takes the next field off <paramref name="text"/> (skipping spaces and tabs); empty when none is left.</summary>
    public static ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> text)
    {
        int start = text.IndexOfAnyExcept((byte)' ', (byte)'\t');
        if (start < 0)
        {
            text = default;
            return default;
        }

        text = text[start..];
        int end = text.IndexOfAny((byte)' ', (byte)'\t');
        if (end < 0)
        {
            var last = text;
            text = default;
            return last;
        }

        var field = text[..end];
        text = text[end..];
        return field;
    }

    /// <summary>The next field as a number, or -1 when it is missing or not a number.</summary>
    public static long NextNumber(ref ReadOnlySpan<byte> text) => ParseNumber(NextField(ref text));

    /// <summary>Skips <paramref name="count"/> fields.</summary>
    public static void SkipFields(ref ReadOnlySpan<byte> text, int count)
    {
        for (int i = 0; i < count; i++)
        {
            NextField(ref text);
        }
    }

    public static long ParseNumber(ReadOnlySpan<byte> field) =>
        Utf8Parser.TryParse(field, out long value, out int consumed) && consumed == field.Length && value >= 0 ? value : -1;

    public static double ParseDecimal(ReadOnlySpan<byte> field) =>
        Utf8Parser.TryParse(field, out double value, out int consumed) && consumed == field.Length ? value : double.NaN;

    /// <summary>Writes ASCII <paramref name="bytes"/> as chars into <paramref name="chars"/> (procfs names are ASCII); the length written.</summary>
    public static int ToChars(ReadOnlySpan<byte> bytes, Span<char> chars)
    {
        int length = Math.Min(bytes.Length, chars.Length);
        for (int i = 0; i < length; i++)
        {
            chars[i] = (char)bytes[i];
        }

        return length;
    }
}
