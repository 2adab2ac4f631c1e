namespace LogWarden.Parse;

/// <summary>
/// Chooses the decoder for an input, from its first lines or from a name the user gave.
/// <para>
/// Detection rule: of the first <see cref="SampleSize"/> non-blank lines, those shaped like continuations
/// (indented, stack frames: see <see cref="MultilineAssembler.IsContinuation"/>) are set aside, since they
/// decode in no format. Each candidate decoder counts how many of the rest it decodes. The most specific
/// candidate whose count is within 10% of the best count wins, so a syslog file with a few odd lines is
/// still syslog rather than the plainer "timestamp" format that happens to read one line more. The best
/// count must reach 30% of the lines, else the input is "plain". Specificity, most specific first:
/// w3c (a log whose columns a <c>#Fields</c> header names: IIS, Zeek), journal-json, cri (containerd's and CRI-O's container logs), rfc5424, apache-error, nginx-error, access, redis, syslog, docker (Docker's json-file wrapper, ahead of the
/// JSON it is: <see cref="DockerJsonFileDecoder"/>), json, logfmt, timestamp, fields-timestamp.
/// </para>
/// </summary>
internal static class FormatDetector
{
    /// <summary>How many non-blank lines detection looks at.</summary>
    public const int SampleSize = 50;

    private const double ShareWithinBest = 0.9;
    private const double MinimumShare = 0.3;

    // Most specific first: this order breaks ties.
    private static readonly ILogDecoder[] Candidates =
    [
        W3cDecoder.Instance,
        JournalJsonDecoder.Instance,
        CriLogDecoder.Instance,
        Rfc5424Decoder.Instance,
        ApacheErrorDecoder.Instance,
        NginxErrorDecoder.Instance,
        AccessLogDecoder.Instance,
        RedisLogDecoder.Instance,
        SyslogDecoder.Instance,
        DockerJsonFileDecoder.Instance,
        JsonDecoder.Instance,
        LogfmtDecoder.Instance,
        TimestampPrefixDecoder.Instance,
        FieldsTimestampDecoder.Instance,
    ];

    private static readonly Dictionary<string, ILogDecoder> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["json"] = JsonDecoder.Instance,
        ["docker"] = DockerJsonFileDecoder.Instance,
        ["docker-json"] = DockerJsonFileDecoder.Instance,
        ["cri"] = CriLogDecoder.Instance,
        ["logfmt"] = LogfmtDecoder.Instance,
        ["syslog"] = SyslogDecoder.Instance,
        ["rfc3164"] = SyslogDecoder.Instance,
        ["rfc5424"] = Rfc5424Decoder.Instance,
        ["access"] = AccessLogDecoder.Instance,
        ["nginx-access"] = AccessLogDecoder.Instance,
        ["apache-access"] = AccessLogDecoder.Instance,
        ["combined"] = AccessLogDecoder.Instance,
        ["nginx-error"] = NginxErrorDecoder.Instance,
        ["apache-error"] = ApacheErrorDecoder.Instance,
        ["journal-json"] = JournalJsonDecoder.Instance,
        ["journal"] = JournalJsonDecoder.Instance,
        ["timestamp"] = TimestampPrefixDecoder.Instance,
        ["fields-timestamp"] = FieldsTimestampDecoder.Instance,
        ["redis"] = RedisLogDecoder.Instance,
        ["plain"] = PlainDecoder.Instance,
        ["w3c"] = W3cDecoder.Instance,
        ["iis"] = W3cDecoder.Instance,
        ["zeek"] = W3cDecoder.Instance,
    };

    /// <summary>The format names <see cref="FromName"/> accepts (aliases included).</summary>
    public static IReadOnlyCollection<string> Names => ByName.Keys;

    /// <summary>Picks the decoder that reads <paramref name="sample"/> best (see the class comment for the rule).</summary>
    public static ILogDecoder Detect(IReadOnlyList<string> sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var lines = new List<string>(SampleSize);
        var headers = new List<string>(SampleSize);
        foreach (string line in sample)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            lines.Add(line);
            if (!MultilineAssembler.IsContinuation(line))
            {
                headers.Add(line);
            }

            if (lines.Count == SampleSize)
            {
                break;
            }
        }

        if (headers.Count == 0)
        {
            headers = lines;
        }

        if (headers.Count == 0)
        {
            return PlainDecoder.Instance;
        }

        // The reference time and zone do not change whether a line decodes, only what its time is.
        var context = new DecodeContext(referenceTime: DateTimeOffset.UnixEpoch.AddYears(50), timeZone: TimeZoneInfo.Utc);
        var counts = new int[Candidates.Length];
        for (int i = 0; i < Candidates.Length; i++)
        {
            foreach (string line in headers)
            {
                if (Candidates[i].TryDecode(line, context, out _))
                {
                    counts[i]++;
                }
            }
        }

        int best = counts.Max();
        if (best == 0 || best < headers.Count * MinimumShare)
        {
            return PlainDecoder.Instance;
        }

        for (int i = 0; i < Candidates.Length; i++)
        {
            if (counts[i] >= best * ShareWithinBest)
            {
                return Candidates[i];
            }
        }

        return PlainDecoder.Instance; // not reached: the best one qualifies
    }

    /// <summary>
    /// Decodes a line the chosen decoder could not read, for files that mix formats (an RFC 5424 line in a
    /// syslog file, nginx's error lines in its access log): the first detectable format that reads it,
    /// most specific first, else the plain decoder. Never fails.
    /// </summary>
    public static LogRecord DecodeWithAnyFormat(string line, DecodeContext context)
    {
        foreach (var candidate in Candidates)
        {
            if (candidate.TryDecode(line, context, out var record))
            {
                return record;
            }
        }

        PlainDecoder.Instance.TryDecode(line, context, out var plain);
        return plain!;
    }

    /// <summary>
    /// The decoder a user named: one of <see cref="Names"/> (any case), or a LogPAI format string (anything
    /// containing '&lt;', e.g. <c>&lt;Date&gt; &lt;Time&gt; &lt;Level&gt; &lt;Content&gt;</c>).
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name, or an invalid format string; the message says what is accepted.</exception>
    public static ILogDecoder FromName(string nameOrFormat)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrFormat);
        if (nameOrFormat.Contains('<', StringComparison.Ordinal))
        {
            return new LogPaiFormat(nameOrFormat);
        }

        if (ByName.TryGetValue(nameOrFormat.Trim(), out var decoder))
        {
            return decoder;
        }

        throw new ArgumentException(
            $"Unknown log format '{nameOrFormat}'. Use one of json, docker, cri, logfmt, syslog, rfc5424, access, nginx-error, apache-error, "
            + "journal-json, timestamp, fields-timestamp, plain, or a LogPAI format string such as '<Date> <Time> <Level> <Content>'.",
            nameof(nameOrFormat));
    }
}
