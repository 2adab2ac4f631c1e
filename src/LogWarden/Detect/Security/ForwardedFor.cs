using System.Buffers;

namespace LogWarden.Detect.Security;

/// <summary>
/// The client a reverse proxy forwarded, as a line dumps the request's headers: <c>X-Forwarded-For: 203.0.113.5, 10.0.0.2</c>,
/// <c>X-Real-IP: …</c>, <c>CF-Connecting-IP</c>, <c>True-Client-IP</c>, <c>X-Client-IP</c>, <c>Forwarded: for=…</c> (RFC 7239), in
/// any of the ways logs write a header (<c>Name: value</c>, <c>name=value</c>, <c>"Name":"value"</c>, Go's
/// <c>Name:[value]</c>). The first address of the list is the client (each proxy appends the one it heard from).
/// </summary>
internal static class ForwardedFor
{
    private static readonly SearchValues<string> Names = SearchValues.Create(
        ["x-forwarded-for", "x_forwarded_for", "xforwardedfor", "x-real-ip", "x_real_ip", "cf-connecting-ip", "true-client-ip", "x-client-ip", "forwarded"],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>Characters between a header's name and its value.</summary>
    private static readonly SearchValues<char> Between = SearchValues.Create(":=\"' [\\");

    /// <summary>Characters of an address (with a port).</summary>
    private static readonly SearchValues<char> AddressChars = SearchValues.Create("0123456789abcdefABCDEF.:");

    /// <summary>Where the first forwarded client address is in <paramref name="text"/>; false when the line dumps no such header.</summary>
    public static bool Find(ReadOnlySpan<char> text, out int start, out int end)
    {
        start = end = 0;
        int offset = 0;
        while (offset < text.Length)
        {
            int found = text[offset..].IndexOfAny(Names);
            if (found < 0)
            {
                return false;
            }

            int nameStart = offset + found;
            int i = nameStart;
            while (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] is '-' or '_'))
            {
                i++;
            }

            offset = i;
            if (nameStart > 0 && (char.IsAsciiLetterOrDigit(text[nameStart - 1]) || text[nameStart - 1] is '-' or '_'))
            {
                continue; // part of a longer name ("x-forwarded-for-count", "forwarded_port")
            }

            bool rfc7239 = text[nameStart] is 'f' or 'F';
            int skipped = text[i..].IndexOfAnyExcept(Between);
            i = skipped < 0 ? text.Length : i + skipped;
            if (rfc7239)
            {
                // "Forwarded: for=192.0.2.60;proto=http;by=…", "for=\"[2001:db8::1]:4711\""
                if (!text[i..].StartsWith("for=", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                i += 4;
                skipped = text[i..].IndexOfAnyExcept(Between);
                i = skipped < 0 ? text.Length : i + skipped;
            }

            int length = text[i..].IndexOfAnyExcept(AddressChars);
            length = length < 0 ? text.Length - i : length;
            if (length >= 3 && (text[i..(i + length)].Contains('.') || text[i..(i + length)].Contains(':')))
            {
                start = i;
                end = i + length;
                return true;
            }
        }

        return false;
    }
}
