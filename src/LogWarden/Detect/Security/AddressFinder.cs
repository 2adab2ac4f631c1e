using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LogWarden.Detect.Security;

/// <summary>A remote party found in a line: an IP address (normalised) or a host name.</summary>
internal readonly record struct RemoteAddress(string Value, bool IsHostName);

/// <summary>
/// Finds the remote party of a log line: every IPv4/IPv6 address (IPv4-mapped IPv6 as IPv4, a trailing port
/// dropped) is a candidate, and so is a host name right after a word that introduces the remote peer. Each
/// candidate is scored by what comes right before it (<see cref="AddressCues"/>):
/// <list type="bullet">
/// <item>a connection context <c>(name[addr])</c>, as FTP daemons prefix their lines: 50;</item>
/// <item>a remote cue (<c>rhost=</c>, <c>from</c>, <c>[client …]</c>, <c>relay=name [addr]</c>, <c>'user'@'addr'</c>…): 40, a host name 35;
/// a generic noun as the cue (<c>host:</c>, <c>address=</c>, <c>ip</c>): 38, so a word that names the party wins over it;</item>
/// <item>in brackets, parentheses or quotes: 20; bare: 10; bare right after another endpoint with its port (the destination of a
/// "source destination" pair): 8; after '@' (an identity, often the server's own domain): 5;</item>
/// <item>the unspecified address 0.0.0.0: 2; after a local cue (<c>lip=</c>, <c>to</c>, <c>via</c>, <c>server:</c>, <c>I=</c>): not a candidate.</item>
/// </list>
/// Among the best-scored candidates the last one wins, but not past a clause break: a <c>": "</c> after a
/// word that is not an address key, or a user-name key (<c>user=</c>). User names are attacker-chosen text
/// and may themselves hold "from 10.0.0.1"; the daemon's own words follow them in the same clause, while
/// text after a clause break is detail (a key type, a reply quoted back).
/// </summary>
internal static class AddressFinder
{
    private const int ContextScore = 50;
    private const int RemoteScore = 40;
    private const int RemoteGenericScore = 38;
    private const int RemoteHostNameScore = 35;
    private const int EnclosedScore = 20;
    private const int BareScore = 10;
    private const int DestinationScore = 8;
    private const int AtSignScore = 5;
    private const int UnspecifiedScore = 2;
    private const int MaxCandidates = 32;

    // File extensions that look like top-level domains in "name.ext".
    private static readonly HashSet<string> NotTopLevelDomains = new(StringComparer.OrdinalIgnoreCase)
    {
        "php", "html", "htm", "js", "css", "conf", "cfg", "log", "txt", "pl", "cgi", "py", "sh", "xml", "json", "jpg",
        "png", "gif", "exe", "so", "dll", "jsp", "asp", "aspx", "ini", "rb", "java", "cs", "go", "rs", "db", "pid", "sock",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NotTopLevelDomainLookup =
        NotTopLevelDomains.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly SearchValues<char> HostNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-");

    private static readonly SearchValues<string> UserKeys =
        SearchValues.Create(["user=", "username=", "ruser=", "uname=", "acct=", "account="], StringComparison.OrdinalIgnoreCase);

    private struct Candidate
    {
        public int Start;
        public int End;
        public int Score;
        public bool IsHostName;
    }

    /// <summary>The remote party of <paramref name="text"/>, or null when it names none.</summary>
    public static RemoteAddress? Find(ReadOnlySpan<char> text, AddressCues cues) => Find(text, cues, out _, out _);

    /// <summary>The remote party of <paramref name="text"/> and where it is, or null when it names none.</summary>
    public static RemoteAddress? Find(ReadOnlySpan<char> text, AddressCues cues, out int start, out int end)
    {
        start = end = -1;
        Span<Candidate> candidates = stackalloc Candidate[MaxCandidates];
        int count = CollectAddresses(text, cues, candidates);
        count = CollectHostNames(text, cues, candidates, count);
        if (count == 0)
        {
            return null;
        }

        // Candidates come from two passes; put them in text order.
        candidates[..count].Sort(static (a, b) => a.Start.CompareTo(b.Start));
        int bestScore = 0;
        foreach (var candidate in candidates[..count])
        {
            bestScore = Math.Max(bestScore, candidate.Score);
        }

        int chosen = -1;
        for (int i = 0; i < count; i++)
        {
            if (candidates[i].Score != bestScore)
            {
                continue;
            }

            if (chosen >= 0 && text[candidates[chosen].End..candidates[i].Start] is var between
                && (BreaksClause(between, cues) || IsListSeparator(between)))
            {
                break; // "203.0.113.20 192.0.2.1 51234 22", "['192.0.2.9', '192.0.2.10']": a flow's source, then its destination; a list's first
            }

            chosen = i;
        }

        var winner = candidates[chosen];
        start = winner.Start;
        end = winner.End;
        var value = text[winner.Start..winner.End];
        return winner.IsHostName
            ? new RemoteAddress(value.ToString().ToLowerInvariant(), IsHostName: true)
            : new RemoteAddress(NormaliseAddress(value), IsHostName: false);
    }

    /// <summary>Nothing but spaces, commas and quotes between two addresses: a source and destination pair or a list.</summary>
    private static bool IsListSeparator(ReadOnlySpan<char> between) => !between.IsEmpty && !between.ContainsAnyExcept(ListSeparators);

    private static readonly System.Buffers.SearchValues<char> ListSeparators = System.Buffers.SearchValues.Create(" \t,'\"");

    /// <summary>The address or host name a structured field holds ("1.2.3.4", "1.2.3.4:5678", "[2001:db8::1]:443", "host.example.com").</summary>
    public static RemoteAddress? FromFieldValue(string text)
    {
        var value = text.AsSpan().Trim();
        if (value.Length >= 2 && value[0] == '[')
        {
            int close = value.IndexOf(']');
            value = close > 0 ? value[1..close] : value[1..];
            if (value.Length >= 2 && value[0] == '"')
            {
                // a JSON array of addresses ("sourceIPs":["192.0.2.7","10.0.0.1"]): the first, where the request came from
                int quote = value[1..].IndexOf('"');
                value = quote >= 0 ? value[1..(quote + 1)] : value[1..];
            }
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

    /// <summary>Every IPv4 and IPv6 address: found from its digits (every address has one) back to its token start.</summary>
    private static int CollectAddresses(ReadOnlySpan<char> text, AddressCues cues, Span<Candidate> candidates)
    {
        int count = 0;
        int i = 0;
        while (count < candidates.Length)
        {
            int next = text[i..].IndexOfAnyInRange('0', '9');
            if (next < 0)
            {
                break;
            }

            int digit = i + next;
            int tokenStart = digit;
            while (tokenStart > 0 && (char.IsAsciiHexDigit(text[tokenStart - 1]) || text[tokenStart - 1] == ':'))
            {
                tokenStart--;
            }

            int tokenEnd = digit;
            while (tokenEnd < text.Length && (char.IsAsciiHexDigit(text[tokenEnd]) || text[tokenEnd] is ':' or '.'))
            {
                tokenEnd++;
            }

            i = Math.Max(tokenEnd, digit + 1);
            bool boundary = tokenStart == 0 || !(char.IsAsciiLetterOrDigit(text[tokenStart - 1]) || text[tokenStart - 1] is '_' or '.' or '-')
                || EndsWithIPv6Tag(text[..tokenStart]);
            if (!boundary)
            {
                // "ipv4:192.0.2.1", "TCP:[…]": the run backed into a tag; an address may start after a colon in it.
                if (digit > 0 && text[digit - 1] == ':' && TryReadIPv4(text, digit, out int tagged))
                {
                    int taggedScore = Score(text, digit, tagged, cues);
                    if (taggedScore > 0)
                    {
                        candidates[count++] = new Candidate { Start = digit, End = tagged, Score = taggedScore };
                    }

                    i = tagged;
                }
                else
                {
                    int colon = text[digit..tokenEnd].IndexOf(':');
                    i = colon < 0 ? tokenEnd : digit + colon + 1;
                }

                continue;
            }

            int start;
            int end;
            if (tokenStart == digit && TryReadIPv4(text, digit, out end))
            {
                start = digit;
            }
            else if (TryReadIPv6(text, tokenStart, out start, out end))
            {
                // an IPv6 address, or an IPv4-mapped one
            }
            else if (digit > 0 && text[digit - 1] == ':' && TryReadIPv4(text, digit, out end))
            {
                start = digit; // "ipv4:192.0.2.1", "TCP:192.0.2.1"
            }
            else
            {
                continue;
            }

            int score = Score(text, start, end, cues);
            if (score > 0)
            {
                candidates[count++] = new Candidate { Start = start, End = end, Score = score };
            }

            i = Math.Max(i, end);
        }

        return count;
    }

    /// <summary>Host names right after a remote cue: dotted names ("rhost=ec2-1-2-3-4.example.net"), and 'user'@'localhost'.</summary>
    private static int CollectHostNames(ReadOnlySpan<char> text, AddressCues cues, Span<Candidate> candidates, int count)
    {
        int i = 0;
        while (count < candidates.Length)
        {
            int dot = text[i..].IndexOf('.');
            if (dot < 0)
            {
                break;
            }

            int start = i + dot;
            while (start > 0 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '.' or '-' or '_'))
            {
                start--;
            }

            int end = i + dot;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '.' or '-' or '_'))
            {
                end++;
            }

            i = Math.Max(end, i + dot + 1);
            var word = text[start..end].TrimEnd('.');
            if (word.IsEmpty || !LooksLikeHostName(word) || !IsNameBoundary(text, start) || FollowedByAddress(text, start + word.Length))
            {
                continue;
            }

            bool userAtHost = start >= 3 && text[(start - 3)..start].SequenceEqual("'@'");
            if (userAtHost || cues.Before(text, start) == Cue.Remote)
            {
                candidates[count++] = new Candidate { Start = start, End = start + word.Length, Score = RemoteHostNameScore, IsHostName = true };
            }
        }

        int localhost = text.IndexOf("'@'localhost'", StringComparison.OrdinalIgnoreCase);
        if (localhost >= 0 && count < candidates.Length)
        {
            candidates[count++] = new Candidate { Start = localhost + 3, End = localhost + 12, Score = RemoteHostNameScore, IsHostName = true };
        }

        return count;
    }

    private static bool IsNameBoundary(ReadOnlySpan<char> text, int start) =>
        start == 0 || text[start - 1] is not ('/' or '@' or ':' or '\\' or '_');

    private static int Score(ReadOnlySpan<char> text, int start, int end, AddressCues cues)
    {
        int before = start;
        // "::ffff:1.2.3.4", "[IPv6:2001:db8::1]": the cue is before the prefix.
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

        var cue = cues.Before(text, before, out bool generic);
        if (cue == Cue.Local)
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

        if (cue == Cue.Remote || (opener is '[' or '(' && RemoteCueBeforeName(text, before - 1, cues)))
        {
            return unspecified ? UnspecifiedScore : cue == Cue.Remote && generic ? RemoteGenericScore : RemoteScore;
        }

        if (unspecified)
        {
            return UnspecifiedScore;
        }

        return opener is '[' or '(' or '\'' or '"' || closer is ']' or ')' or '\'' or '"' ? EnclosedScore
            : FollowsEndpoint(text, before) ? DestinationScore : BareScore;
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

    /// <summary>
    /// <c>relay=host.example.com [192.0.2.7]</c>, <c>from example.com[192.0.2.1]</c>, <c>from (helo) [192.0.2.1]</c>:
    /// the cue is before the name (and the parenthesised HELO name) that precede the bracket.
    /// </summary>
    private static bool RemoteCueBeforeName(ReadOnlySpan<char> text, int bracket, AddressCues cues)
    {
        int position = bracket;
        if (position > 0 && text[position - 1] == ' ')
        {
            position--;
        }

        if (position > 0 && text[position - 1] == ')')
        {
            int open = text[..position].LastIndexOf('(');
            if (open < 0)
            {
                return false;
            }

            position = open;
            if (cues.Before(text, position) == Cue.Remote)
            {
                return true;
            }

            if (position > 0 && text[position - 1] == ' ')
            {
                position--;
            }
        }

        int nameStart = position;
        while (nameStart > 0 && (char.IsAsciiLetterOrDigit(text[nameStart - 1]) || text[nameStart - 1] is '.' or '-' or '_'))
        {
            nameStart--;
        }

        return nameStart < position && cues.Before(text, nameStart) == Cue.Remote;
    }

    /// <summary>A ": " after a word that is not an address key, or a user-name key, between two candidates.</summary>
    private static bool BreaksClause(ReadOnlySpan<char> between, AddressCues cues)
    {
        if (between.IndexOfAny(UserKeys) >= 0)
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
            int wordStart = position;
            while (wordStart > 0 && (char.IsAsciiLetterOrDigit(between[wordStart - 1]) || between[wordStart - 1] is '_' or '-'))
            {
                wordStart--;
            }

            if (!cues.IsKey(between[wordStart..position]))
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

    /// <summary>Whether <paramref name="value"/> is an IP address (with or without a port).</summary>
    public static bool LooksLikeAddress(ReadOnlySpan<char> value) =>
        (TryReadIPv4(value, 0, out int end) && (end == value.Length || value[end] == ':'))
        || (TryReadIPv6(value, 0, out _, out int end6) && end6 >= value.Length - 6);

    private static bool EndsWithIPv6Tag(ReadOnlySpan<char> text) =>
        text.Length >= 5 && text[^5..].Equals("IPv6:", StringComparison.OrdinalIgnoreCase);

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

            bool followedByAlphanumeric = position + 1 < text.Length && char.IsAsciiLetterOrDigit(text[position + 1]);
            if (next == '.' && DottedPortEnd(text, position + 1) > 0)
            {
                end = position; // a port glued on with a dot, as tcpdump, pf and SOCKS servers write it ("192.0.2.5.51234")
                return true;
            }

            if ((next is '.' or '-') && followedByAlphanumeric)
            {
                return false; // a longer dotted name ("1.2.3.4.dsl.example.net") or a range
            }

            if (next == '/' && position + 1 < text.Length && char.IsAsciiDigit(text[position + 1]))
            {
                int prefixEnd = position + 1;
                while (prefixEnd < text.Length && char.IsAsciiDigit(text[prefixEnd]))
                {
                    prefixEnd++;
                }

                if (prefixEnd - position - 1 <= 2 && (prefixEnd == text.Length || !char.IsAsciiLetterOrDigit(text[prefixEnd]))
                    && text[(position + 1)..prefixEnd] is not "32")
                {
                    return false; // a network, not a host ("/32" is one host: blacklistd's "blocked 192.0.2.4/32:22")
                }
            }
        }

        end = position;
        return true;
    }

    /// <summary>
    /// Where a port after an address's dot ends (one to five digits, at most 65535, then no letter, digit, dot or dash
    /// but a sentence's full stop); 0 when the digits are none (a fifth octet of a longer dotted number, a version).
    /// </summary>
    private static int DottedPortEnd(ReadOnlySpan<char> text, int position)
    {
        int end = position;
        int port = 0;
        while (end < text.Length && char.IsAsciiDigit(text[end]) && end - position < 5)
        {
            port = (port * 10) + (text[end] - '0');
            end++;
        }

        if (end == position || port > 65535 || (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '_' or '-')))
        {
            return 0;
        }

        bool fullStop = end < text.Length && text[end] == '.' && (end + 1 == text.Length || !char.IsAsciiLetterOrDigit(text[end + 1]));
        return end < text.Length && text[end] == '.' && !fullStop ? 0 : end;
    }

    /// <summary>
    /// Whether the word before <paramref name="before"/> (one space between) is an endpoint, an IPv4 address with its port
    /// glued on (<c>:</c>, <c>.</c>, <c>#</c>, <c>@</c>): the second of a "source destination" pair of endpoints
    /// (<c>203.0.113.5.51234 192.0.2.10.1080</c>) is where the connection went, not who made it.
    /// </summary>
    private static bool FollowsEndpoint(ReadOnlySpan<char> text, int before)
    {
        if (before < 2 || text[before - 1] != ' ')
        {
            return false;
        }

        int portEnd = before - 1;
        int portStart = portEnd;
        while (portStart > 0 && char.IsAsciiDigit(text[portStart - 1]))
        {
            portStart--;
        }

        if (portStart == portEnd || portEnd - portStart > 5 || portStart < 2 || text[portStart - 1] is not (':' or '.' or '#' or '@'))
        {
            return false;
        }

        int wordStart = portStart - 1;
        while (wordStart > 0 && text[wordStart - 1] is not (' ' or '\t' or '[' or '(' or '"' or '\'' or '=' or ','))
        {
            wordStart--;
        }

        return TryReadIPv4(text, wordStart, out int end) && end == portStart - 1;
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
        if (run.Length < 3 || !run.ContainsAnyExcept(':', '.'))
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
        return tld.Length >= 2 && IsAsciiLetters(tld) && !NotTopLevelDomainLookup.Contains(tld);
    }

    private static bool IsAsciiLetters(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }

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
}
