using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace LogWarden.Detect.Security;

/// <summary>A remote party found in a line: an IP address (normalised) or a host name.</summary>
internal readonly record struct RemoteAddress(string Value, bool IsHostName);

/// <summary>
/// Finds the remote party of a log line: every IPv4/IPv6 address (IPv4-mapped IPv6 as IPv4, a trailing port
/// dropped) is a candidate, and so is a host name right after a word that introduces the remote peer. Each
/// candidate is scored by what comes right before it:
/// <list type="bullet">
/// <item>a connection context <c>(name[addr])</c>, as FTP and mail daemons prefix their lines: 50;</item>
/// <item>a remote cue (<c>rhost=</c>, <c>from</c>, <c>client</c>, <c>[client …]</c>, <c>'user'@'addr'</c>…): 40, a host name 35;</item>
/// <item>in brackets, parentheses or quotes: 20; bare: 10; after '@' (an identity, often the server's domain): 5;</item>
/// <item>the unspecified address 0.0.0.0: 2; a local cue (<c>lip=</c>, <c>to</c>, <c>via</c>, <c>server:</c>, <c>I=</c>…): not a candidate.</item>
/// </list>
/// Among the best-scored candidates the last one wins, but not past a clause break: a <c>": "</c> after a
/// word that is not an address key, or a user-name key (<c>user=</c>). User names are attacker-chosen text
/// and may themselves hold "from 10.0.0.1"; the daemon's own address comes after them in the same clause,
/// while text after a clause break is detail (a key type, a reply quoted back).
/// </summary>
internal static partial class AddressFinder
{
    private const int ContextScore = 50;
    private const int RemoteScore = 40;
    private const int RemoteHostNameScore = 35;
    private const int EnclosedScore = 20;
    private const int BareScore = 10;
    private const int AtSignScore = 5;
    private const int UnspecifiedScore = 2;
    private const int CueWindow = 40;
    private const int MaxCandidates = 32;

    // File extensions that look like top-level domains in "name.ext".
    private static readonly HashSet<string> NotTopLevelDomains = new(StringComparer.OrdinalIgnoreCase)
    {
        "php", "html", "htm", "js", "css", "conf", "cfg", "log", "txt", "pl", "cgi", "py", "sh", "xml", "json", "jpg",
        "png", "gif", "exe", "so", "dll", "jsp", "asp", "aspx", "ini", "rb", "java", "c", "h", "cs", "go", "rs", "db",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NotTopLevelDomainLookup =
        NotTopLevelDomains.GetAlternateLookup<ReadOnlySpan<char>>();

    private struct Candidate
    {
        public int Start;
        public int End;
        public int Score;
        public bool IsHostName;
    }

    /// <summary>The remote party of <paramref name="text"/>, or null when it names none.</summary>
    public static RemoteAddress? Find(ReadOnlySpan<char> text, SecurityDefinitions definitions)
    {
        Span<Candidate> candidates = stackalloc Candidate[MaxCandidates];
        int count = CollectAddresses(text, definitions, candidates);
        count = CollectHostNames(text, definitions, candidates, count);
        if (count == 0)
        {
            return null;
        }

        int best = 0;
        for (int i = 1; i < count; i++)
        {
            if (candidates[i].Score > candidates[best].Score)
            {
                best = i;
            }
        }

        // Candidates were collected in two passes; walk the best-scored ones in text order.
        var chosen = candidates[best];
        int bestScore = chosen.Score;
        foreach (var candidate in candidates[..count])
        {
            if (candidate.Score == bestScore && candidate.Start < chosen.Start)
            {
                chosen = candidate;
            }
        }

        while (true)
        {
            Candidate? next = null;
            foreach (var candidate in candidates[..count])
            {
                if (candidate.Score == bestScore && candidate.Start > chosen.Start && (next is null || candidate.Start < next.Value.Start))
                {
                    next = candidate;
                }
            }

            if (next is null || BreaksClause(text[chosen.End..next.Value.Start], definitions))
            {
                break;
            }

            chosen = next.Value;
        }

        var value = text[chosen.Start..chosen.End];
        return chosen.IsHostName
            ? new RemoteAddress(value.ToString().ToLowerInvariant(), IsHostName: true)
            : new RemoteAddress(NormaliseAddress(value), IsHostName: false);
    }

    /// <summary>Whether <paramref name="text"/> is an IP address or a host name, as a structured field holds one.</summary>
    public static RemoteAddress? FromFieldValue(string text)
    {
        var value = text.AsSpan().Trim();
        if (value.Length >= 2 && value[0] == '[')
        {
            int close = value.IndexOf(']');
            value = close > 0 ? value[1..close] : value[1..];
        }

        if (TryReadIPv4(value, 0, out int end) && (end == value.Length || (value[end] == ':' && IsAllDigits(value[(end + 1)..]))))
        {
            return new RemoteAddress(NormaliseAddress(value[..end]), IsHostName: false);
        }

        if (TryReadIPv6(value, 0, out int start6, out int end6) && (end6 == value.Length || (value[end6] == ':' && IsAllDigits(value[(end6 + 1)..]))))
        {
            return new RemoteAddress(NormaliseAddress(value[start6..end6]), IsHostName: false);
        }

        int colon = value.LastIndexOf(':');
        var host = colon > 0 && IsAllDigits(value[(colon + 1)..]) ? value[..colon] : value;
        return LooksLikeHostName(host) ? new RemoteAddress(host.ToString().ToLowerInvariant(), IsHostName: true) : null;
    }

    private static int CollectAddresses(ReadOnlySpan<char> text, SecurityDefinitions definitions, Span<Candidate> candidates)
    {
        int count = 0;
        int i = 0;
        while (i < text.Length && count < candidates.Length)
        {
            int next = text[i..].IndexOfAny(AddressStart);
            if (next < 0)
            {
                break;
            }

            i += next;
            if (i > 0 && IsAddressContinuation(text[i - 1]) && !EndsWithIPv6Tag(text[..i]))
            {
                i = SkipRun(text, i);
                continue;
            }

            int start;
            int end;
            if (TryReadIPv4(text, i, out end))
            {
                start = i;
            }
            else if (!TryReadIPv6(text, i, out start, out end))
            {
                i = SkipRun(text, i);
                continue;
            }

            int score = Score(text, start, end, definitions);
            if (score > 0)
            {
                candidates[count++] = new Candidate { Start = start, End = end, Score = score };
            }

            i = Math.Max(end, i + 1);
        }

        return count;
    }

    private static int CollectHostNames(ReadOnlySpan<char> text, SecurityDefinitions definitions, Span<Candidate> candidates, int count)
    {
        int i = 0;
        while (i < text.Length && count < candidates.Length)
        {
            int next = text[i..].IndexOfAnyInRange('a', 'z');
            int upper = text[i..].IndexOfAnyInRange('A', 'Z');
            if (next < 0 || (upper >= 0 && upper < next))
            {
                next = upper;
            }

            if (next < 0)
            {
                break;
            }

            int start = i + next;
            // Back up to the start of the token ("71-13-115-12.static.example.net" starts with digits).
            while (start > i && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '.' or '-' or '_'))
            {
                start--;
            }

            int end = start;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '.' or '-' or '_'))
            {
                end++;
            }

            var word = text[start..end].TrimEnd('.');
            bool boundary = start == 0 || !(char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '_' or '.' or '/' or '@' or ':' or '\\');
            bool userAtHost = start >= 3 && text[(start - 3)..start].SequenceEqual("'@'");
            if ((boundary || userAtHost) && word.Length > 0 && (LooksLikeHostName(word) || (userAtHost && IsSimpleName(word)) || IsLocalhostWithCue(word, text, start, definitions))
                && !FollowedByAddress(text, start + word.Length)
                && (userAtHost || definitions.RemoteCue.IsMatch(Window(text, start))) && !definitions.LocalCue.IsMatch(Window(text, start)))
            {
                candidates[count++] = new Candidate { Start = start, End = start + word.Length, Score = RemoteHostNameScore, IsHostName = true };
            }

            i = Math.Max(end, start + 1);
        }

        return count;
    }

    private static bool IsLocalhostWithCue(ReadOnlySpan<char> word, ReadOnlySpan<char> text, int start, SecurityDefinitions definitions) =>
        word.Equals("localhost", StringComparison.OrdinalIgnoreCase) && definitions.RemoteCue.IsMatch(Window(text, start));

    private static int Score(ReadOnlySpan<char> text, int start, int end, SecurityDefinitions definitions)
    {
        int before = start;
        // "::ffff:1.2.3.4": the cue is before the mapping prefix.
        if (before >= 7 && text[(before - 7)..before].Equals("::ffff:", StringComparison.OrdinalIgnoreCase))
        {
            before -= 7;
        }

        if (before >= 5 && text[(before - 5)..before].Equals("IPv6:", StringComparison.OrdinalIgnoreCase))
        {
            before -= 5;
        }

        char opener = before > 0 ? text[before - 1] : ' ';
        char closer = end < text.Length ? text[end] : ' ';
        if (opener == '[' && IsConnectionContext(text, before - 1, end))
        {
            return ContextScore;
        }

        var window = Window(text, before);
        if (definitions.LocalCue.IsMatch(window))
        {
            return 0;
        }

        bool unspecified = IsUnspecified(text[start..end]);
        if (before >= 3 && text[(before - 3)..before].SequenceEqual("'@'"))
        {
            return RemoteScore; // 'user'@'host': an account at a client host (MySQL)
        }

        if (opener == '@')
        {
            return AtSignScore; // user@host elsewhere names an identity's domain, often this server
        }

        if (definitions.RemoteCue.IsMatch(window) || (opener is '[' or '(' && RemoteCueBeforeName(text, before - 1, definitions)))
        {
            return unspecified ? UnspecifiedScore : RemoteScore;
        }

        if (unspecified)
        {
            return UnspecifiedScore;
        }

        return opener is '[' or '(' or '\'' or '"' || closer is ']' or ')' or '\'' or '"' ? EnclosedScore : BareScore;
    }

    /// <summary><c>(name[addr])</c>: a daemon's connection context, written before anything the client sent.</summary>
    private static bool IsConnectionContext(ReadOnlySpan<char> text, int bracket, int end)
    {
        if (end + 1 >= text.Length || text[end] != ']' || text[end + 1] != ')')
        {
            return false;
        }

        int nameStart = bracket;
        while (nameStart > 0 && !char.IsWhiteSpace(text[nameStart - 1]) && text[nameStart - 1] is not ('(' or '['))
        {
            nameStart--;
        }

        return nameStart > 0 && nameStart < bracket && text[nameStart - 1] == '(';
    }

    /// <summary><c>relay=host.example.com [192.0.2.7]</c>, <c>from example.com[192.0.2.1]</c>: the cue is before the name.</summary>
    private static bool RemoteCueBeforeName(ReadOnlySpan<char> text, int bracket, SecurityDefinitions definitions)
    {
        int position = bracket;
        if (position > 0 && text[position - 1] == ' ')
        {
            position--;
        }

        // Skip a parenthesised HELO name: "H=host (helo) [ip]".
        if (position > 0 && text[position - 1] == ')')
        {
            int open = text[..position].LastIndexOf('(');
            if (open < 0)
            {
                return false;
            }

            position = open;
            if (position > 0 && text[position - 1] == ' ')
            {
                position--;
            }

            // "from (helo) [ip]": no name between the cue and the HELO.
            if (definitions.RemoteCue.IsMatch(Window(text, position)))
            {
                return true;
            }
        }

        int nameStart = position;
        while (nameStart > 0 && (char.IsAsciiLetterOrDigit(text[nameStart - 1]) || text[nameStart - 1] is '.' or '-' or '_'))
        {
            nameStart--;
        }

        return nameStart < position && definitions.RemoteCue.IsMatch(Window(text, nameStart));
    }

    private static ReadOnlySpan<char> Window(ReadOnlySpan<char> text, int end) => text[Math.Max(0, end - CueWindow)..end];

    /// <summary>A ": " after a word that is not an address key, or a user-name key, between two candidates.</summary>
    private static bool BreaksClause(ReadOnlySpan<char> between, SecurityDefinitions definitions)
    {
        if (UserKey().IsMatch(between))
        {
            return true;
        }

        int offset = 0;
        while (true)
        {
            int colon = between[offset..].IndexOf(": ");
            if (colon < 0)
            {
                return false;
            }

            int position = offset + colon;
            var head = between[..(position + 1)];
            if (!definitions.RemoteCue.IsMatch(head) && !definitions.LocalCue.IsMatch(head))
            {
                return true;
            }

            offset = position + 2;
        }
    }

    private static bool FollowedByAddress(ReadOnlySpan<char> text, int end)
    {
        int position = end;
        if (position < text.Length && text[position] == ')')
        {
            position++; // "(helo.name) [192.0.2.1]": a name the client claimed, then its address
        }

        if (position < text.Length && text[position] == ' ')
        {
            position++;
        }

        if (position >= text.Length || text[position] is not ('[' or '('))
        {
            return false;
        }

        position++;
        if (position + 7 <= text.Length && text.Slice(position, 7).Equals("::ffff:", StringComparison.OrdinalIgnoreCase))
        {
            position += 7;
        }

        return TryReadIPv4(text, position, out _) || TryReadIPv6(text, position, out _, out _);
    }

    private static readonly System.Buffers.SearchValues<char> AddressStart =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF:");

    private static bool IsAddressContinuation(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '-';

    private static bool EndsWithIPv6Tag(ReadOnlySpan<char> text) =>
        text.Length >= 5 && text[^5..].Equals("IPv6:", StringComparison.OrdinalIgnoreCase);

    private static int SkipRun(ReadOnlySpan<char> text, int i)
    {
        int j = i + 1;
        while (j < text.Length && IsAddressContinuation(text[j]))
        {
            j++;
        }

        return j;
    }

    /// <summary>Four dotted decimal octets at <paramref name="start"/>, not part of a longer dotted or dashed token, not a network (/24).</summary>
    internal static bool TryReadIPv4(ReadOnlySpan<char> text, int start, out int end)
    {
        end = start;
        int position = start;
        for (int octet = 0; octet < 4; octet++)
        {
            int digits = 0;
            int value = 0;
            while (position < text.Length && char.IsAsciiDigit(text[position]) && digits < 4)
            {
                value = value * 10 + (text[position] - '0');
                position++;
                digits++;
            }

            if (digits is 0 or > 3 || value > 255)
            {
                return false;
            }

            if (octet < 3)
            {
                if (position >= text.Length || text[position] != '.')
                {
                    return false;
                }

                position++;
            }
        }

        if (position < text.Length)
        {
            char next = text[position];
            if (char.IsAsciiLetterOrDigit(next) || next == '_')
            {
                return false;
            }

            bool followedByDigit = position + 1 < text.Length && char.IsAsciiLetterOrDigit(text[position + 1]);
            if ((next is '.' or '-') && followedByDigit)
            {
                return false; // a longer dotted name or a range
            }

            if (next == '/' && position + 1 < text.Length && char.IsAsciiDigit(text[position + 1]))
            {
                int prefix = position + 1;
                int prefixEnd = prefix;
                while (prefixEnd < text.Length && char.IsAsciiDigit(text[prefixEnd]))
                {
                    prefixEnd++;
                }

                if (prefixEnd - prefix <= 2 && (prefixEnd == text.Length || !char.IsAsciiLetterOrDigit(text[prefixEnd])))
                {
                    return false; // a network, not a host
                }
            }
        }

        end = position;
        return true;
    }

    /// <summary>An IPv6 address (or IPv4-mapped) at <paramref name="position"/>, with a trailing ":port" left out.</summary>
    private static bool TryReadIPv6(ReadOnlySpan<char> text, int position, out int start, out int end)
    {
        start = position;
        end = position;
        int runEnd = position;
        int colons = 0;
        while (runEnd < text.Length && (char.IsAsciiHexDigit(text[runEnd]) || text[runEnd] is ':' or '.'))
        {
            colons += text[runEnd] == ':' ? 1 : 0;
            runEnd++;
        }

        if (colons < 2 || (runEnd < text.Length && (char.IsAsciiLetterOrDigit(text[runEnd]) || text[runEnd] == '_')))
        {
            return false;
        }

        var run = text[position..runEnd].TrimEnd(".:");
        if (!run.ContainsAnyExcept(':', '.'))
        {
            return false; // "::" between words is punctuation
        }

        if (!IPAddress.TryParse(run, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            // A port written without brackets: "2001:db8::1234:58430".
            int lastColon = run.LastIndexOf(':');
            if (lastColon <= 0 || !IsAllDigits(run[(lastColon + 1)..]))
            {
                return false;
            }

            run = run[..lastColon];
            if (!IPAddress.TryParse(run, out address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }
        }

        if (run.Length < 2)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            // Point at the IPv4 part so the value reads as IPv4 and the cue is found before the prefix.
            int lastColon = run.LastIndexOf(':');
            start = position + lastColon + 1;
            end = position + run.Length;
            return TryReadIPv4(text, start, out _);
        }

        end = position + run.Length;
        return true;
    }

    private static bool IsUnspecified(ReadOnlySpan<char> value) =>
        value.SequenceEqual("0.0.0.0") || value.SequenceEqual("::") || value.SequenceEqual("0:0:0:0:0:0:0:0");

    private static bool IsAllDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');

    private static bool IsSimpleName(ReadOnlySpan<char> word) => word.Length <= 253 && !word.ContainsAnyExcept(HostNameChars);

    /// <summary>A DNS name: two or more labels of letters, digits and dashes, the last alphabetic and not a file extension.</summary>
    internal static bool LooksLikeHostName(ReadOnlySpan<char> word)
    {
        if (word.Length is < 4 or > 253 || word.ContainsAnyExcept(HostNameChars) || word[0] is '.' or '-')
        {
            return false;
        }

        int lastDot = word.LastIndexOf('.');
        if (lastDot <= 0 || lastDot == word.Length - 1)
        {
            return false;
        }

        var tld = word[(lastDot + 1)..];
        return IsAlphabetic(tld) && !NotTopLevelDomainLookup.Contains(tld);
    }

    private static bool IsAlphabetic(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return text.Length >= 2;
    }

    private static readonly System.Buffers.SearchValues<char> HostNameChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-");

    /// <summary>IPv4 with leading zeros dropped per octet; IPv6 in its canonical compressed form.</summary>
    private static string NormaliseAddress(ReadOnlySpan<char> value)
    {
        if (TryReadIPv4(value, 0, out int end) && end == value.Length)
        {
            Span<char> buffer = stackalloc char[15];
            int length = 0;
            foreach (var range in value.Split('.'))
            {
                if (length > 0)
                {
                    buffer[length++] = '.';
                }

                int octet = int.Parse(value[range], NumberStyles.None, CultureInfo.InvariantCulture);
                octet.TryFormat(buffer[length..], out int written, provider: CultureInfo.InvariantCulture);
                length += written;
            }

            return new string(buffer[..length]);
        }

        return IPAddress.TryParse(value, out var address) ? address.ToString() : value.ToString();
    }

    [GeneratedRegex(@"\b(?:r?user(?:name)?|uname|acct|account)=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UserKey();
}
