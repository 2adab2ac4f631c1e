namespace LogWarden.Detect.Security;

/// <summary>
/// Remembers the text analysis of lines by their shape, so the thousandth "Failed password for root from
/// 203.0.113.7 port 50022 ssh2" costs one pass over the line and a dictionary lookup instead of the keyword
/// scan, the phrase rules and the address and user search.
/// <para>
/// The shape is the line with every digit of an IPv4 address, of a run of four or more digits, of a run
/// next to a ':' (times, ports, IPv6 groups), of the value of an upper-case <c>KEY=</c> (netfilter's LEN=,
/// TTL=, SPT=; unless the definitions' patterns name that key before a number, see
/// <see cref="SecurityDefinitions.NumericKeys"/>), or of a decoded header (pid, day) replaced by one marker
/// character, and so is every character of a hex id of six or more (a digit and a letter among them); the recogniser then makes every run of
/// markers one (<see cref="ShapeMap"/>), and a cached analysis holds its positions in that collapsed shape,
/// mapped back to each line. The analysis is a
/// function of the shape as long as no rule depends on the value or the number of such digits, which the rules do not
/// (they name short codes such as <c>err=49</c> or <c>535</c>, which stay in the shape); the unspecified
/// address 0.0.0.0, scored apart, is not masked, and neither is an invalid dotted quad.
/// </para>
/// Bounded: shapes live in two generations of at most <see cref="MaxEntries"/> / 2 each; when the current
/// one is full it becomes the previous one (the older is dropped), and a shape found in the previous one
/// moves back into the current. So a stream of one-off shapes (a firewall's LEN=/TTL= values, random
/// container ids) no longer wipes out the few hundred shapes that make most lines, as starting over did.
/// With lines of at most <see cref="MaxLineLength"/> characters that is under 4 MiB per recogniser.
/// <para>
/// Admission (<see cref="Offer"/>): a shape is kept the second time it is analysed within the last
/// <see cref="SeenSlots"/> or so new shapes, not the first. A stream of one-off shapes then costs their
/// analysis only, instead of also pushing out the shapes that repeat (measured on the synthetic web-server
/// mix: one firewall line in 25 with a shape of its own made 14 % of sshd's and 37 % of postfix's lines
/// miss, every miss a full analysis).
/// </para>
/// </summary>
internal sealed class LineShapeCache
{
    public const int MaxEntries = 4096;

    /// <summary>Lines longer than this are analysed each time: long lines rarely repeat.</summary>
    public const int MaxLineLength = 512;

    internal const char Masked = '\uE000';

    /// <summary>
    /// Hex words this long, a digit and a letter among them, are ids: a container's or a trace's, a bundler's content hash in a
    /// file name ("main.c59da3.css", each build a new one). A shorter one, "dead" or "49ab", may be a word or a code.
    /// </summary>
    private const int MinHexId = 6;

    /// <summary>Slots of the admission filter: hashes of shapes analysed once (direct-mapped, a power of two).</summary>
    private const int SeenSlots = 8192;

    /// <summary>Upper-case keys longer than this are not taken for a key of key=value fields.</summary>
    private const int MaxKeyLength = 12;

    private readonly ulong[] _seen;
    private readonly int _maxEntries;

    private Dictionary<string, LineAnalysis> _current = new(StringComparer.Ordinal);
    private Dictionary<string, LineAnalysis> _previous = new(StringComparer.Ordinal);
    private Dictionary<string, LineAnalysis>.AlternateLookup<ReadOnlySpan<char>> _currentLookup;
    private Dictionary<string, LineAnalysis>.AlternateLookup<ReadOnlySpan<char>> _previousLookup;

    /// <param name="maxEntries">Shapes kept (benchmarks try other bounds); the admission filter has twice as many slots.</param>
    public LineShapeCache(int maxEntries = MaxEntries)
    {
        _maxEntries = Math.Max(maxEntries, 2);
        _seen = new ulong[Math.Max(SeenSlots, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)_maxEntries * 2))];
        _currentLookup = _current.GetAlternateLookup<ReadOnlySpan<char>>();
        _previousLookup = _previous.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _current.Count + _previous.Count;

    /// <summary>Lookups that found no analysis (the line was analysed afresh): what the cache leaves to do.</summary>
    public long Misses { get; private set; }

    public long Lookups { get; private set; }

    public bool TryGet(ReadOnlySpan<char> shape, out LineAnalysis analysis)
    {
        Lookups++;
        if (_currentLookup.TryGetValue(shape, out analysis!))
        {
            return true;
        }

        if (!_previousLookup.TryGetValue(shape, out analysis!))
        {
            Misses++;
            return false;
        }

        Add(shape, analysis); // still in use: keep it through the next turn of generations
        return true;
    }

    /// <summary>Keeps the analysis of <paramref name="shape"/> if the shape was analysed before (see the admission note above).</summary>
    public void Offer(ReadOnlySpan<char> shape, LineAnalysis analysis)
    {
        ulong hash = Mine.TokenHash.Of(shape) | 1; // never 0, the empty slot
        ref ulong slot = ref _seen[(int)(hash >> 32) & (_seen.Length - 1)];
        if (slot == hash)
        {
            Add(shape, analysis);
        }
        else
        {
            slot = hash;
        }
    }

    public void Add(ReadOnlySpan<char> shape, LineAnalysis analysis)
    {
        if (_current.Count >= _maxEntries / 2)
        {
            (_previous, _current) = (_current, _previous);
            (_previousLookup, _currentLookup) = (_currentLookup, _previousLookup);
            _current.Clear();
        }

        _currentLookup[shape] = analysis;
    }

    /// <summary>Writes the shape of <paramref name="text"/> into <paramref name="shape"/> (same length).</summary>
    /// <param name="headerLength">
    /// How much of the line is a header its decoder took apart (syslog's time, host and program[pid]): every
    /// digit there is masked, as no rule looks at a pid or a day, and sshd's pids of three to seven digits
    /// made a shape per pid.
    /// </param>
    /// <param name="numericKeys">
    /// Keys (any case) whose numeric values a pattern looks at: their values stay. Null: no key's value is masked.
    /// </param>
    /// <param name="pathIds">
    /// Whether a digit run of a path (<see cref="IsPathId"/>) or a connection's serial number ("*37") is masked whatever its
    /// length: ids in the paths a web server's error log names ("/users/736/orders", "/products/836.jpg") and the serials
    /// of its first thousand connections made a shape, and a full analysis, per id.
    /// </param>
    public static void Shape(ReadOnlySpan<char> text, Span<char> shape, int headerLength = 0, HashSet<string>.AlternateLookup<ReadOnlySpan<char>>? numericKeys = null, bool pathIds = false)
    {
        text.CopyTo(shape);
        int i = 0;
        if (headerLength > 0 && headerLength <= text.Length)
        {
            for (; i < headerLength; i++)
            {
                if (char.IsAsciiDigit(text[i]))
                {
                    shape[i] = Masked;
                }
            }
        }

        while (true)
        {
            int next = text[i..].IndexOfAnyInRange('0', '9');
            if (next < 0)
            {
                return;
            }

            int start = i + next;
            if (HexRun(text, start) is var (hexStart, hexEnd) && hexEnd > 0)
            {
                // An id of hex digits (a container, a trace, a commit) made a shape of its own. No rule looks inside one.
                shape[hexStart..hexEnd].Fill(Masked);
                i = hexEnd;
                continue;
            }

            bool tokenStart = start == 0 || !(char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '.' or '_');
            if (tokenStart && AddressFinder.TryReadIPv4(text, start, out int quadEnd) && !IsAllZero(text[start..quadEnd]))
            {
                for (int k = start; k < quadEnd; k++)
                {
                    if (char.IsAsciiDigit(text[k]))
                    {
                        shape[k] = Masked;
                    }
                }

                i = quadEnd;
                continue;
            }

            int end = start;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            bool nextToColon = (start > 0 && text[start - 1] == ':') || (end < text.Length && text[end] == ':');
            if (end - start >= 4 || nextToColon || (numericKeys is { } keys && IsValueOfUpperCaseKey(text, start, end, keys))
                || (pathIds && (IsPathId(text, start, end) || IsSerial(text, start, end))))
            {
                shape[start..end].Fill(Masked);
            }

            i = end;
        }
    }

    private static bool IsAllZero(ReadOnlySpan<char> quad) => !quad.ContainsAnyExcept('0', '.');

    /// <summary>How far back the start of a path is looked for.</summary>
    private const int MaxPathScan = 256;

    /// <summary>
    /// Whether the digits [start, end) are a segment of a path, or a file name's stem: right after a '/', followed by a
    /// '/', a '.', the path's end or its query, in a word that starts with '/' (after a space, a quote, a bracket or a '=').
    /// "HTTP/1.1", "pts/0" and "2026/11/20" start otherwise.
    /// </summary>
    private static bool IsPathId(ReadOnlySpan<char> text, int start, int end)
    {
        if (start == 0 || text[start - 1] != '/' || (end < text.Length && text[end] is not ('/' or '.' or '"' or '\'' or ' ' or '?' or '#' or ';' or ',' or ')')))
        {
            return false;
        }

        int first = start - 1;
        int limit = Math.Max(0, start - MaxPathScan);
        while (first > limit && !IsPathOpening(text[first - 1]))
        {
            first--;
        }

        return text[first] == '/' && (first == 0 || IsPathOpening(text[first - 1]));
    }

    /// <summary>Whether the digits [start, end) are a word of their own after a '*' ("*37 open() …": nginx's connection serial number).</summary>
    private static bool IsSerial(ReadOnlySpan<char> text, int start, int end) =>
        start > 0 && text[start - 1] == '*' && (start == 1 || text[start - 2] == ' ') && (end == text.Length || text[end] == ' ');

    private static bool IsPathOpening(char c) => c is ' ' or '\t' or '"' or '\'' or '(' or '[' or '<' or '=';

    /// <summary>
    /// Whether the digits [start, end) are the whole value of an upper-case key=value field ("TTL=52 ", not
    /// "TTL=52ms" or "err=49") whose key no pattern names before a number.
    /// </summary>
    private static bool IsValueOfUpperCaseKey(ReadOnlySpan<char> text, int start, int end, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> numericKeys)
    {
        if (start < 3 || text[start - 1] != '=' || (end < text.Length && text[end] != ' '))
        {
            return false;
        }

        int keyStart = start - 1;
        while (keyStart > 0 && char.IsAsciiLetterUpper(text[keyStart - 1]) && start - 1 - keyStart < MaxKeyLength)
        {
            keyStart--;
        }

        var key = text[keyStart..(start - 1)];
        return key.Length >= 2 && (keyStart == 0 || text[keyStart - 1] == ' ') && !numericKeys.Contains(key);
    }

    /// <summary>
    /// The word of at least <see cref="MinHexId"/> hex digits, letters among them, that the digit at
    /// <paramref name="digit"/> belongs to; (0, 0) when it is in none.
    /// </summary>
    private static (int Start, int End) HexRun(ReadOnlySpan<char> text, int digit)
    {
        int start = digit;
        while (start > 0 && char.IsAsciiHexDigit(text[start - 1]))
        {
            start--;
        }

        int end = digit + 1;
        while (end < text.Length && char.IsAsciiHexDigit(text[end]))
        {
            end++;
        }

        bool word = (start == 0 || !char.IsAsciiLetterOrDigit(text[start - 1])) && (end == text.Length || !char.IsAsciiLetterOrDigit(text[end]));
        return word && end - start >= MinHexId && text[start..end].ContainsAnyExceptInRange('0', '9') ? (start, end) : (0, 0);
    }
}

/// <summary>
/// A line's shape with every run of masked characters made one (<see cref="Collapse"/>), and the way back: a
/// cached analysis holds positions in the collapsed shape, so lines whose addresses, ports, ids or times have
/// other numbers of digits share one entry ("Failed password for root from 203.0.113.7 port 50022" and "… from
/// 8.8.4.4 port 4022" had a shape each, and so a full analysis each, about 250 per user an attacker tried).
/// A position maps back exactly when it is at the start or the end of a run, never inside one; an analysis with
/// a span that starts or ends inside a run is not cached (<see cref="TryToShape(LineAnalysis)"/>).
/// One per recogniser, reused line after line; not thread-safe.
/// </summary>
internal sealed class ShapeMap
{
    private const char Masked = LineShapeCache.Masked;

    /// <summary>Index in the collapsed shape of each run of two or more masked characters.</summary>
    private int[] _at = new int[32];

    /// <summary>Characters taken out by that run and every run before it.</summary>
    private int[] _removed = new int[32];

    private int _count;

    /// <summary>Whether no run was merged: positions are the same in the line and its shape.</summary>
    public bool IsIdentity => _count == 0;

    /// <summary>Makes every run of masked characters of <paramref name="shape"/> one, in place; returns the new length.</summary>
    public int Collapse(Span<char> shape)
    {
        _count = 0;
        int write = 0;
        int read = 0;
        while (read < shape.Length)
        {
            char c = shape[read];
            if (c != Masked)
            {
                shape[write++] = c;
                read++;
                continue;
            }

            int end = read + 1;
            while (end < shape.Length && shape[end] == Masked)
            {
                end++;
            }

            if (end - read > 1)
            {
                if (_count == _at.Length)
                {
                    Array.Resize(ref _at, _count * 2);
                    Array.Resize(ref _removed, _count * 2);
                }

                _at[_count] = write;
                _removed[_count] = (_count == 0 ? 0 : _removed[_count - 1]) + end - read - 1;
                _count++;
            }

            shape[write++] = Masked;
            read = end;
        }

        return write;
    }

    /// <summary>The line's position for <paramref name="position"/> of the collapsed shape (negative values stay).</summary>
    public int ToLine(int position)
    {
        if (position < 0)
        {
            return position;
        }

        int removed = 0;
        for (int i = 0; i < _count && _at[i] < position; i++)
        {
            removed = _removed[i];
        }

        return position + removed;
    }

    /// <summary>The collapsed shape's position for <paramref name="position"/> of the line; false when it is inside a merged run.</summary>
    public bool TryToShape(int position, out int shaped)
    {
        shaped = position;
        if (position < 0)
        {
            return true;
        }

        int before = 0;
        for (int i = 0; i < _count; i++)
        {
            int start = _at[i] + before;              // the run's first character in the line
            int end = _at[i] + 1 + _removed[i];       // just after its last
            if (position <= start)
            {
                break;
            }

            if (position < end)
            {
                return false;
            }

            before = _removed[i];
        }

        shaped = position - before;
        return true;
    }

    /// <summary>The analysis of a line as the cache keeps it (positions in the collapsed shape), or null when a span ends inside a run.</summary>
    public LineAnalysis? TryToShape(LineAnalysis analysis)
    {
        if (IsIdentity)
        {
            return analysis;
        }

        if (!TryToShape(analysis.User, out var user) || !TryToShape(analysis.Path, out var path)
            || !TryToShape(analysis.Address, out var address) || !TryToShape(analysis.Method, out var method)
            || !TryToShape(analysis.MessageStart, out int messageStart) || !TryToShapeStatus(analysis.Status, out int status))
        {
            return null;
        }

        return analysis.With(user, path, address, method, status, messageStart);
    }

    /// <summary>A cached analysis with its positions in this line (the same instance when nothing was merged).</summary>
    public LineAnalysis ToLine(LineAnalysis cached) =>
        IsIdentity ? cached : cached.With(ToLine(cached.User), ToLine(cached.Path), ToLine(cached.Address), ToLine(cached.Method), ToLine(cached.Status), ToLine(cached.MessageStart));

    /// <summary>A request's three-digit status (its start): cached only when no merged run lies inside it, as it is read three characters wide.</summary>
    private bool TryToShapeStatus(int status, out int shaped)
    {
        shaped = status;
        return status < 0 || (TryToShape(status, out shaped) && TryToShape(status + 3, out int end) && end - shaped == 3);
    }

    private SpanAnalysis ToLine(SpanAnalysis span) => span.Found ? new SpanAnalysis(ToLine(span.Start), ToLine(span.End)) : span;

    /// <summary>The collapsed shape's span for <paramref name="span"/> of the line; false when an end is inside a merged run.</summary>
    public bool TryToShape(SpanAnalysis span, out SpanAnalysis shaped)
    {
        shaped = span;
        if (!span.Found)
        {
            return true;
        }

        if (!TryToShape(span.Start, out int start) || !TryToShape(span.End, out int end))
        {
            return false;
        }

        shaped = new SpanAnalysis(start, end);
        return true;
    }
}

/// <summary>What the text of a line says, independent of its session: the matched rule and where its entities are.</summary>
internal sealed class LineAnalysis
{
    public LineOutcome Outcome { get; init; }

    /// <summary>The rule that matched, for <see cref="LineOutcome.Rule"/>.</summary>
    public LineRule? Rule { get; init; }

    /// <summary>The line closes a connection (a disconnect, "Connection closed").</summary>
    public bool Closed { get; init; }

    /// <summary>Where the remote party is, once looked for (lines that are no event are searched only when a session needs it).</summary>
    public SpanAnalysis Address { get; set; } = SpanAnalysis.NotSearched;

    public bool AddressIsHostName { get; set; }

    public SpanAnalysis User { get; init; } = SpanAnalysis.None;

    public SpanAnalysis Path { get; init; } = SpanAnalysis.None;

    /// <summary>An HTTP request record's method (<see cref="LineOutcome.Request"/>).</summary>
    public SpanAnalysis Method { get; init; } = SpanAnalysis.None;

    /// <summary>Where an HTTP request record's three-digit status starts (<see cref="LineOutcome.Request"/>).</summary>
    public int Status { get; init; } = -1;

    /// <summary>Where the message started in the line analysed (-1: not scanned for shared keywords).</summary>
    public int MessageStart { get; set; } = -1;

    /// <summary>The shared keywords the message holds (<see cref="SecurityEventRecognizer.MessageAnchors"/>).</summary>
    public bool[]? MessageAnchors { get; set; }

    /// <summary>This analysis with its positions elsewhere (<see cref="ShapeMap"/>).</summary>
    public LineAnalysis With(SpanAnalysis user, SpanAnalysis path, SpanAnalysis address, SpanAnalysis method, int status, int messageStart) => new()
    {
        Outcome = Outcome,
        Rule = Rule,
        Closed = Closed,
        Address = address,
        AddressIsHostName = AddressIsHostName,
        User = user,
        Path = path,
        Method = method,
        Status = status,
        MessageStart = messageStart,
        MessageAnchors = MessageAnchors,
    };
}

internal enum LineOutcome
{
    /// <summary>No rule matched.</summary>
    None,

    /// <summary>An ignore rule matched: not an event, whatever else it says.</summary>
    Ignored,

    /// <summary>A phrase rule matched.</summary>
    Rule,

    /// <summary>The line opens a connection and may name its peer.</summary>
    Opened,

    /// <summary>An HTTP request record in a layout of its own (<see cref="RequestRecordReader"/>).</summary>
    Request,
}

/// <summary>A span of the line (start, end), none, or not searched yet.</summary>
internal readonly record struct SpanAnalysis(int Start, int End)
{
    public static readonly SpanAnalysis None = new(-1, -1);
    public static readonly SpanAnalysis NotSearched = new(-2, -2);

    public bool Found => Start >= 0;

    public bool Searched => Start != -2;
}
