namespace LogWarden.Detect.Security;

/// <summary>What the word right before an address says about it.</summary>
internal enum Cue
{
    None,

    /// <summary>The remote peer: <c>rhost=</c>, <c>from</c>, <c>client</c>, <c>relay=</c>…</summary>
    Remote,

    /// <summary>This machine or a third party: <c>lip=</c>, <c>to</c>, <c>via</c>, <c>server:</c>, <c>I=</c>, <c>-&gt;</c>…</summary>
    Local,
}

/// <summary>
/// The address cue words of the definitions, looked up without allocating: the word before a position is
/// read backwards over separators (space, <c>=</c>, <c>:</c>, quotes, an opening bracket, and asterisk's
/// <c>IPV4/UDP/</c>), lower-cased into a stack buffer and found in a set.
/// </summary>
internal sealed class AddressCues
{
    private const int MaxWord = 32;

    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _remote;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _local;

    public AddressCues(IEnumerable<string> remote, IEnumerable<string> local)
    {
        _remote = Normalise(remote).GetAlternateLookup<ReadOnlySpan<char>>();
        _local = Normalise(local).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The cue of the word that ends right before <paramref name="position"/> (separators skipped).</summary>
    public Cue Before(ReadOnlySpan<char> text, int position) => Before(text, position, out _);

    /// <summary>
    /// <see cref="Before(ReadOnlySpan{char}, int)"/>, and whether a remote cue is a generic noun (host, address, addr, ip)
    /// rather than a word that names the party (source, client, remote, peer, from…): when a line names both, as an
    /// audit record's <c>host:NODE|source:/CLIENT</c> does, the party is the client.
    /// </summary>
    public Cue Before(ReadOnlySpan<char> text, int position, out bool generic)
    {
        generic = false;
        int end = position;
        if (IsUrlHost(text, end))
        {
            return Cue.Local; // "rtsp://192.168.1.64:554/stream": a server a URL names (this host called it, or a link), never the client
        }

        // Java's InetAddress is written "/192.0.2.1" (its host name, when known, before the slash): the cue is before it.
        if (end >= 2 && text[end - 1] == '/' && !char.IsAsciiLetterOrDigit(text[end - 2]) && text[end - 2] != '/')
        {
            end--;
        }

        int skipped = 0;
        while (end > 0 && skipped < 4 && text[end - 1] is ' ' or '=' or ':' or '"' or '\'' or '[' or '(' or '\t')
        {
            end--;
            skipped++;
        }

        if (end >= 2 && text[end - 1] == '>' && text[end - 2] == '-')
        {
            return Cue.Local; // "192.0.2.1:2274->198.51.100.9:993": the far end of an arrow
        }

        if (end >= 2 && text[end - 1] == '>' && text[end - 2] is '\'' or '"' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z'))
        {
            // an XML element's value: "<Data Name='SourceAddress'>192.0.2.1</Data>", "<IpAddress>192.0.2.1</IpAddress>"
            end--;
            while (end > 0 && text[end - 1] is '"' or '\'')
            {
                end--;
            }
        }

        // Asterisk's RemoteAddress="IPV4/UDP/192.0.2.1/5060", Samba's [ipv4:192.0.2.1:445]: skip the protocol prefix.
        if (end >= 9 && text[end - 1] == '/' && text[(end - 9)..end].StartsWith("IPV", StringComparison.OrdinalIgnoreCase))
        {
            end -= 9;
        }
        else if (end >= 4 && (text[(end - 4)..end].Equals("ipv4", StringComparison.OrdinalIgnoreCase) || text[(end - 4)..end].Equals("ipv6", StringComparison.OrdinalIgnoreCase)))
        {
            end -= 4;
        }

        while (end > 0 && text[end - 1] is '"' or '=' or '\'' or '[' or ' ')
        {
            end--;
        }

        var cue = CueOf(text, end, out int wordStart);
        if (cue == Cue.Remote && IsGenericNoun(text[wordStart..end]))
        {
            // "local host [ipv4:…]", "server address 10.0.0.1": a qualifier before the noun decides.
            int before = wordStart;
            while (before > 0 && text[before - 1] == ' ')
            {
                before--;
            }

            var qualifier = CueOf(text, before, out int qualifierStart);
            var qualifierWord = text[qualifierStart..before];
            if (IsGenericNoun(qualifierWord) || qualifierWord.Equals("network", StringComparison.OrdinalIgnoreCase))
            {
                // "CLIENT IP ADDRESS: …" beside "SERVER IP ADDRESS: …", "Source Network Address:": the noun has a noun of its
                // own before it, and the word before both names the party; when that word names none, the nearer one stays
                int outer = qualifierStart;
                while (outer > 0 && text[outer - 1] == ' ')
                {
                    outer--;
                }

                if (CueOf(text, outer, out _) is not Cue.None and var named)
                {
                    qualifier = named;
                }
            }

            if (qualifier == Cue.Local)
            {
                return Cue.Local;
            }

            generic = qualifier != Cue.Remote;
        }

        return cue;
    }

    private Cue CueOf(ReadOnlySpan<char> text, int end, out int start)
    {
        start = end;
        while (start > 0 && end - start < MaxWord && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '_' or '-' or '.'))
        {
            start--;
        }

        if (start == end)
        {
            return Cue.None;
        }

        Span<char> word = stackalloc char[end - start];
        text[start..end].ToLowerInvariant(word);
        if (_local.Contains(word))
        {
            return Cue.Local;
        }

        if (_remote.Contains(word))
        {
            return Cue.Remote;
        }

        // a kind of server in one word ("response from dirserver 198.51.100.31:80", "mailserver", "dns-server"): the server asked
        return word.Length > "server".Length && word.EndsWith("server", StringComparison.Ordinal) ? Cue.Local : Cue.None;
    }

    /// <summary>Schemes of URLs whose host is a server (a resource's, a stream's, a directory's).</summary>
    private static readonly string[] UrlSchemes = ["http", "https", "rtsp", "rtsps", "rtmp", "ftp", "ftps", "sftp", "ldap", "ldaps", "smb", "ws", "wss", "ssh", "git"];

    /// <summary>Whether <paramref name="end"/> is right after "SCHEME://" (or "SCHEME://[" of an IPv6 host) of a URL.</summary>
    private static bool IsUrlHost(ReadOnlySpan<char> text, int end)
    {
        if (end > 0 && text[end - 1] == '[')
        {
            end--;
        }

        if (end < 4 || !text[(end - 3)..end].SequenceEqual("://"))
        {
            return false;
        }

        int schemeEnd = end - 3, schemeStart = schemeEnd;
        while (schemeStart > 0 && schemeEnd - schemeStart < 6 && char.IsAsciiLetter(text[schemeStart - 1]))
        {
            schemeStart--;
        }

        if (schemeStart > 0 && (char.IsAsciiLetterOrDigit(text[schemeStart - 1]) || text[schemeStart - 1] == '+'))
        {
            return false;
        }

        var scheme = text[schemeStart..schemeEnd];
        foreach (string known in UrlSchemes)
        {
            if (scheme.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsGenericNoun(ReadOnlySpan<char> word) =>
        word.Equals("host", StringComparison.OrdinalIgnoreCase) || word.Equals("address", StringComparison.OrdinalIgnoreCase)
        || word.Equals("addr", StringComparison.OrdinalIgnoreCase) || word.Equals("ip", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="word"/> is any cue word (an address key such as "client" or "server").</summary>
    public bool IsKey(ReadOnlySpan<char> word)
    {
        if (word.Length > MaxWord)
        {
            return false;
        }

        Span<char> lower = stackalloc char[word.Length];
        word.ToLowerInvariant(lower);
        return _remote.Contains(lower) || _local.Contains(lower);
    }

    private static HashSet<string> Normalise(IEnumerable<string> words) =>
        words.Select(w => w.Trim().TrimEnd('=', ':').ToLowerInvariant()).Where(w => w.Length > 0).ToHashSet(StringComparer.Ordinal);
}
