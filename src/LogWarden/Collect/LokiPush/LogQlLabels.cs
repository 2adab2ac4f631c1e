using System.Globalization;
using System.Text;

namespace LogWarden.Collect.LokiPush;

/// <summary>
/// Reads a label set written as LogQL writes it, the form a protobuf push carries per stream:
/// <c>{job="varlogs", host="web1"}</c>. Values are Go string literals, as Loki's parser (Go's text/scanner)
/// reads them: double-quoted with the escapes <c>\a \b \f \n \r \t \v \\ \" \xHH \ooo \uHHHH \UHHHHHHHH</c>,
/// or raw between backquotes. A trailing comma and spaces anywhere between tokens are allowed; nothing else is.
/// </summary>
internal static class LogQlLabels
{
    /// <summary>The pairs of <paramref name="text"/> in order; false with a message saying where it went wrong.</summary>
    public static bool TryParse(string text, List<KeyValuePair<string, string>> pairs, out string? error)
    {
        var s = text.AsSpan();
        int i = SkipSpaces(s, 0);
        error = null;
        if (i >= s.Length || s[i] != '{')
        {
            return Fail(out error, "a label set starts with '{'", i);
        }

        i = SkipSpaces(s, i + 1);
        while (i < s.Length && s[i] != '}')
        {
            int nameStart = i;
            while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_'))
            {
                i++;
            }

            if (i == nameStart)
            {
                return Fail(out error, "expected a label name", i);
            }

            string name = text[nameStart..i];
            i = SkipSpaces(s, i);
            if (i >= s.Length || s[i] != '=')
            {
                return Fail(out error, $"expected '=' after label name '{name}' (a push takes only '=')", i);
            }

            i = SkipSpaces(s, i + 1);
            if (!TryReadString(s, ref i, out string? value, out error))
            {
                return false;
            }

            pairs.Add(new(name, value));
            i = SkipSpaces(s, i);
            if (i < s.Length && s[i] == ',')
            {
                i = SkipSpaces(s, i + 1);
            }
            else if (i < s.Length && s[i] != '}')
            {
                return Fail(out error, "expected ',' or '}'", i);
            }
        }

        if (i >= s.Length)
        {
            return Fail(out error, "the label set has no closing '}'", i);
        }

        i = SkipSpaces(s, i + 1);
        return i == s.Length || Fail(out error, "unexpected text after '}'", i);
    }

    /// <summary>Reads one Go string literal at <paramref name="i"/> (also used by the LogQL query parser).</summary>
    internal static bool TryReadString(ReadOnlySpan<char> s, ref int i, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value, out string? error)
    {
        value = null;
        error = null;
        if (i >= s.Length || s[i] is not ('"' or '`'))
        {
            return Fail(out error, "expected a quoted label value", i);
        }

        char quote = s[i++];
        int start = i;
        if (quote == '`')
        {
            int close = s[i..].IndexOf('`');
            if (close < 0)
            {
                return Fail(out error, "unterminated raw string", start - 1);
            }

            value = s.Slice(i, close).ToString();
            i += close + 1;
            return true;
        }

        int end = s[i..].IndexOfAny('"', '\\', '\n');
        if (end >= 0 && s[i + end] == '"')
        {
            value = s.Slice(i, end).ToString(); // no escapes: the common case, one allocation
            i += end + 1;
            return true;
        }

        var text = new StringBuilder();
        List<byte>? bytes = null; // \x and octal escapes are bytes; consecutive ones may form one UTF-8 character
        while (true)
        {
            if (i >= s.Length || s[i] == '\n')
            {
                return Fail(out error, "unterminated string", start - 1);
            }

            char c = s[i++];
            if (c == '"')
            {
                FlushBytes(text, ref bytes);
                value = text.ToString();
                return true;
            }

            if (c != '\\')
            {
                FlushBytes(text, ref bytes);
                text.Append(c);
                continue;
            }

            if (i >= s.Length)
            {
                return Fail(out error, "unterminated string", start - 1);
            }

            char escape = s[i++];
            switch (escape)
            {
                case 'a': FlushBytes(text, ref bytes); text.Append('\a'); break;
                case 'b': FlushBytes(text, ref bytes); text.Append('\b'); break;
                case 'f': FlushBytes(text, ref bytes); text.Append('\f'); break;
                case 'n': FlushBytes(text, ref bytes); text.Append('\n'); break;
                case 'r': FlushBytes(text, ref bytes); text.Append('\r'); break;
                case 't': FlushBytes(text, ref bytes); text.Append('\t'); break;
                case 'v': FlushBytes(text, ref bytes); text.Append('\v'); break;
                case '\\': FlushBytes(text, ref bytes); text.Append('\\'); break;
                case '"': FlushBytes(text, ref bytes); text.Append('"'); break;
                case 'x':
                    if (!TryHex(s, ref i, 2, out int hexByte))
                    {
                        return Fail(out error, "\\x needs two hex digits", i);
                    }

                    (bytes ??= []).Add((byte)hexByte);
                    break;
                case >= '0' and <= '7':
                    i--;
                    if (i + 3 > s.Length || s.Slice(i, 3).ContainsAnyExceptInRange('0', '7'))
                    {
                        return Fail(out error, "an octal escape needs three octal digits", i);
                    }

                    int octal = ((s[i] - '0') * 64) + ((s[i + 1] - '0') * 8) + (s[i + 2] - '0');
                    if (octal > 255)
                    {
                        return Fail(out error, "octal escape above \\377", i);
                    }

                    (bytes ??= []).Add((byte)octal);
                    i += 3;
                    break;
                case 'u' or 'U':
                    if (!TryHex(s, ref i, escape == 'u' ? 4 : 8, out int codePoint) || !Rune.IsValid(codePoint))
                    {
                        return Fail(out error, $"\\{escape} needs {(escape == 'u' ? 4 : 8)} hex digits of a valid code point", i);
                    }

                    FlushBytes(text, ref bytes);
                    text.Append(new Rune(codePoint).ToString());
                    break;
                default:
                    return Fail(out error, $"unknown escape '\\{escape}'", i - 2);
            }
        }
    }

    private static bool TryHex(ReadOnlySpan<char> s, ref int i, int digits, out int value)
    {
        value = 0;
        if (i + digits > s.Length || !int.TryParse(s.Slice(i, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        i += digits;
        return true;
    }

    private static void FlushBytes(StringBuilder text, ref List<byte>? bytes)
    {
        if (bytes is { Count: > 0 })
        {
            text.Append(Encoding.UTF8.GetString([.. bytes]));
            bytes.Clear();
        }
    }

    private static int SkipSpaces(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t' or '\n' or '\r')
        {
            i++;
        }

        return i;
    }

    private static bool Fail(out string? error, string message, int position)
    {
        error = $"{message} at character {position + 1}";
        return false;
    }
}
