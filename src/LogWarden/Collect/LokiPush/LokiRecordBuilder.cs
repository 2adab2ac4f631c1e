using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using LogWarden.Parse;

namespace LogWarden.Collect.LokiPush;

/// <summary>One pushed entry before it is decoded: its time, its line and its structured metadata.</summary>
internal readonly record struct LokiEntry(DateTimeOffset Timestamp, string Line, List<KeyValuePair<string, string>>? Metadata)
{
    /// <summary>A LogWarden agent's <c>lw_seq</c>, when the reader took it out of the metadata (the protobuf reader parses it from its digits).</summary>
    public long? Sequence { get; init; }
}

/// <summary>
/// What every push shares: label sets already seen (a client sends the same few over and over, as the
/// same LogQL string), and the format detected per stream. Both are bounded: past their size they are
/// cleared and refilled, so a client that invents a new label set per line costs time, not memory.
/// </summary>
internal sealed class LokiPushCaches
{
    private const int MaxEntries = 4096;

    private readonly ConcurrentDictionary<string, StreamLabels> _labelsByText = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<StreamLabels, ILogDecoder> _decoders = new();

    public bool TryGetLabels(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StreamLabels? labels) =>
        _labelsByText.TryGetValue(text, out labels);

    public void AddLabels(string text, StreamLabels labels) => Add(_labelsByText, text, labels);

    public ILogDecoder Decoder(StreamLabels labels, List<LokiEntry> entries)
    {
        if (_decoders.TryGetValue(labels, out var decoder))
        {
            return decoder;
        }

        var sample = new List<string>(Math.Min(entries.Count, FormatDetector.SampleSize));
        for (int i = 0; i < entries.Count && sample.Count < FormatDetector.SampleSize; i++)
        {
            sample.Add(entries[i].Line);
        }

        decoder = FormatDetector.Detect(sample);
        Add(_decoders, labels, decoder);
        return decoder;
    }

    private static void Add<TKey, TValue>(ConcurrentDictionary<TKey, TValue> cache, TKey key, TValue value)
        where TKey : notnull
    {
        if (cache.Count >= MaxEntries)
        {
            cache.Clear();
        }

        cache[key] = value;
    }
}

/// <summary>
/// Turns the streams of one push into records. Labels are validated as Loki does (names as Prometheus
/// allows, no duplicates, bounded counts and lengths; empty values dropped, as they mean "no label").
/// Each line is decoded with the format detected for its stream (pino's JSON, logfmt, …) so the miner
/// sees the message and not the envelope; the entry's own timestamp is kept, and the stream's
/// <c>level</c> label stands in where the line names no level. Structured metadata becomes fields.
/// </summary>
internal sealed class LokiRecordBuilder
{
    private const string SourceName = "loki-push";

    /// <summary>The structured metadata a LogWarden agent tags each entry with: its store sequence.</summary>
    public const string AgentSequenceName = "lw_seq";

    public static ReadOnlySpan<byte> AgentSequenceNameUtf8 => "lw_seq"u8;

    private readonly LokiPushOptions _options;
    private readonly LokiPushCaches _caches;
    private readonly DecodeContext _context;

    public LokiRecordBuilder(LokiPushOptions options, LokiPushCaches caches, DateTimeOffset receivedAt)
    {
        _options = options;
        _caches = caches;
        _context = new DecodeContext(SourceName, receivedAt, TimeZoneInfo.Utc);
    }

    public List<IngestRecord> Records { get; } = [];

    /// <summary>
    /// The label of LogWarden's reserved streams: <c>{__lw_kind="metrics", host="web1"}</c> holds an agent's
    /// metrics samples (one JSON sample per entry), not log lines; they go to <see cref="MetricLines"/>.
    /// </summary>
    public const string KindLabel = "__lw_kind";

    public const string MetricsKind = "metrics";

    /// <summary>
    /// The reserved stream of an agent's own findings (<c>{__lw_kind="findings", host="web1"}</c>, one JSON finding
    /// per entry): stored as lines like any other (exactly once, by <c>lw_seq</c>), then correlated by the
    /// central's detection stage instead of being judged as log lines.
    /// </summary>
    public const string FindingsKind = "findings";

    /// <summary>Entries of reserved metrics streams: the stream's host and the sample's JSON.</summary>
    public List<(string Host, string Line)> MetricLines { get; } = [];

    public int TruncatedLines { get; private set; }

    /// <summary>A LogWarden agent's push: entries whose <c>lw_seq</c> is at or below this are dropped as already stored (null: not an agent's push).</summary>
    public long? AfterSequence { get; init; }

    /// <summary>The only <c>host</c> label the pushing agent's token may write (null: any).</summary>
    public string? RequiredHost { get; init; }

    /// <summary>The largest <c>lw_seq</c> kept (long.MinValue: none).</summary>
    public long MaxSequence { get; private set; } = long.MinValue;

    /// <summary>Entries dropped as at or below <see cref="AfterSequence"/>.</summary>
    public int Duplicates { get; private set; }

    /// <summary>The label set of a LogQL label string (cached).</summary>
    /// <exception cref="LokiPushException">The string is not a valid label set.</exception>
    public StreamLabels LabelsFromText(string text)
    {
        if (_caches.TryGetLabels(text, out var labels))
        {
            return labels;
        }

        var pairs = new List<KeyValuePair<string, string>>();
        if (!LogQlLabels.TryParse(text, pairs, out string? error))
        {
            throw new LokiPushException($"bad label set '{Shorten(text)}': {error}");
        }

        labels = LabelsFromPairs(pairs);
        _caches.AddLabels(text, labels);
        return labels;
    }

    /// <summary>The label set of name/value pairs, validated.</summary>
    /// <exception cref="LokiPushException">A name is invalid or repeated, or a bound is passed.</exception>
    public StreamLabels LabelsFromPairs(List<KeyValuePair<string, string>> pairs)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<KeyValuePair<string, string>>(pairs.Count);
        foreach (var (name, value) in pairs)
        {
            if (!StreamLabels.IsValidName(name) || name.Length > _options.MaxLabelNameLength)
            {
                throw new LokiPushException($"invalid label name '{Shorten(name)}': use letters, digits and '_', not starting with a digit, at most {_options.MaxLabelNameLength} characters");
            }

            if (!names.Add(name))
            {
                throw new LokiPushException($"duplicate label name '{name}'");
            }

            if (value.Length > _options.MaxLabelValueLength)
            {
                throw new LokiPushException($"the value of label '{name}' is longer than {_options.MaxLabelValueLength} characters");
            }

            if (value.Length > 0)
            {
                kept.Add(new(name, value));
            }
        }

        if (kept.Count == 0)
        {
            throw new LokiPushException("a stream needs at least one label with a value");
        }

        if (kept.Count > _options.MaxLabelNames)
        {
            throw new LokiPushException($"a stream has {kept.Count} labels; at most {_options.MaxLabelNames} are allowed");
        }

        return new StreamLabels(kept);
    }

    public void AddStream(StreamLabels labels, List<LokiEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        string? host = labels["host"] ?? labels["hostname"];
        if (RequiredHost is not null && labels["host"] != RequiredHost)
        {
            throw new LokiPushException($"this agent token may only push streams with host=\"{RequiredHost}\", not {Shorten(labels.Key)}", 403);
        }

        if (labels[KindLabel] is { } kind && kind != FindingsKind)
        {
            if (kind != MetricsKind || string.IsNullOrEmpty(host))
            {
                throw new LokiPushException($"{KindLabel}=\"{Shorten(kind)}\" is reserved: only {KindLabel}=\"{MetricsKind}\" or \"{FindingsKind}\" with a host label is known");
            }
            foreach (var entry in entries)
            {
                MetricLines.Add((host, entry.Line));
            }
            return;
        }

        if (labels[KindLabel] is not null && string.IsNullOrEmpty(labels["host"]))
        {
            throw new LokiPushException($"{KindLabel}=\"{FindingsKind}\" needs a host label: whose findings they are");
        }

        var decoder = _caches.Decoder(labels, entries);
        string? program = labels["app"] ?? labels["service_name"];
        string? levelName = labels["level"] ?? labels["detected_level"] ?? labels["severity"];
        var streamLevel = levelName is not null && SeverityNames.TryParse(levelName, out var parsed) ? parsed : Severity.Unknown;
        foreach (var entry in entries)
        {
            long? entrySequence = entry.Sequence ?? AgentSequence(entry.Metadata);
            if (AfterSequence is { } after && entrySequence is { } sequence)
            {
                if (sequence <= after)
                {
                    Duplicates++;
                    continue;
                }

                MaxSequence = Math.Max(MaxSequence, sequence);
            }

            var (line, truncated) = LimitLength(entry.Line);
            var decoded = decoder.TryDecode(line, _context, out var record) ? record : FormatDetector.DecodeWithAnyFormat(line, _context);
            Records.Add(new IngestRecord(
                new LogRecord
                {
                    Raw = line,
                    Message = decoded.Message,
                    Timestamp = entry.Timestamp,
                    Level = decoded.Level != Severity.Unknown ? decoded.Level : streamLevel,
                    Host = decoded.Host ?? host,
                    Source = SourceName,
                    Program = decoded.Program ?? program,
                    Pid = decoded.Pid,
                    Fields = WithMetadata(decoded.Fields, AfterSequence is null ? WithAgentSequence(entry) : WithoutAgentSequence(entry.Metadata)),
                    Truncated = truncated,
                },
                labels));
        }
    }

    /// <summary>The line cut to <see cref="LokiPushOptions.MaxLineBytes"/> UTF-8 bytes (whole characters) with the file reader's marker.</summary>
    private (string Line, bool Truncated) LimitLength(string line)
    {
        int max = _options.MaxLineBytes;
        if (line.Length <= max / 3 || Encoding.UTF8.GetByteCount(line) <= max)
        {
            return (line, false); // a char is at most 3 UTF-8 bytes
        }

        byte[] kept = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            // Stops before the first character that does not fit whole.
            Utf8.FromUtf16(line, kept.AsSpan(0, max), out int charsRead, out int bytesWritten, replaceInvalidSequences: true, isFinalBlock: true);
            long skipped = Encoding.UTF8.GetByteCount(line.AsSpan(charsRead));
            TruncatedLines++;
            return (string.Concat(line.AsSpan(0, charsRead), " …[truncated ", skipped.ToString(CultureInfo.InvariantCulture), " bytes]"), true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(kept);
        }
    }

    private static IReadOnlyList<KeyValuePair<string, string>> WithMetadata(IReadOnlyList<KeyValuePair<string, string>> fields, List<KeyValuePair<string, string>>? metadata)
    {
        if (metadata is null || metadata.Count == 0)
        {
            return fields;
        }

        List<KeyValuePair<string, string>>? merged = [.. fields];
        foreach (var (name, value) in metadata)
        {
            RecordFields.Add(ref merged, name, value);
        }

        return merged ?? fields;
    }

    /// <summary>The metadata of a push that is not an agent's, its <c>lw_seq</c> (if the reader took it out) put back: an ordinary field there.</summary>
    private static List<KeyValuePair<string, string>>? WithAgentSequence(LokiEntry entry) =>
        entry.Sequence is not { } sequence ? entry.Metadata
            : [.. entry.Metadata ?? [], new(AgentSequenceName, sequence.ToString(CultureInfo.InvariantCulture))];

    /// <summary>An agent's metadata less its <c>lw_seq</c>, which only served the dedupe (usually nothing is left: no merged field list per line).</summary>
    private static List<KeyValuePair<string, string>>? WithoutAgentSequence(List<KeyValuePair<string, string>>? metadata) =>
        metadata is null || (metadata.Count == 1 && metadata[0].Key == AgentSequenceName) ? null : metadata.FindAll(m => m.Key != AgentSequenceName);

    private static long? AgentSequence(List<KeyValuePair<string, string>>? metadata)
    {
        if (metadata is null)
        {
            return null;
        }

        foreach (var (name, value) in metadata)
        {
            if (name == AgentSequenceName)
            {
                return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long sequence)
                    ? sequence
                    : throw new LokiPushException($"{AgentSequenceName} '{Shorten(value)}' is not an integer");
            }
        }

        return null;
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "…");
}
