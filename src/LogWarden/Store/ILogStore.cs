using System.Text.RegularExpressions;
using LogWarden.Collect;
using LogWarden.Mine;
using LogWarden.Parse;

namespace LogWarden.Store;

/// <summary>One line to store: when, which stream, the raw text, its template and level.</summary>
/// <param name="Timestamp">The record's own time, or when it was received when the line has none.</param>
/// <param name="Line">The raw text as read (all lines of a multi-line event joined with '\n').</param>
/// <param name="TemplateId">The miner's id for the line's message (ids are stable; merged ids resolve).</param>
internal sealed record StoredLine(DateTimeOffset Timestamp, StreamLabels Labels, string Line, int TemplateId, Severity Level);

/// <summary>How a <see cref="LabelMatcher"/> compares: LogQL's <c>=</c>, <c>!=</c>, <c>=~</c>, <c>!~</c>.</summary>
internal enum LabelMatchType
{
    Equal,
    NotEqual,
    Regex,
    NotRegex,
}

/// <summary>
/// A condition on one label, as LogQL's stream selector has it. A stream without the label counts as having
/// it empty (Loki's rule), so <c>{env!="prod"}</c> also selects streams with no <c>env</c>. Regex matchers are
/// anchored at both ends, as Prometheus and Loki anchor them; make them with <see cref="Create"/>.
/// </summary>
internal readonly record struct LabelMatcher(string Name, string Value, LabelMatchType Type = LabelMatchType.Equal)
{
    /// <summary>The anchored expression of a regex matcher (null for the others).</summary>
    public Regex? Pattern { get; init; }

    /// <exception cref="ArgumentException">A regex matcher's value is not a valid regular expression.</exception>
    public static LabelMatcher Create(string name, LabelMatchType type, string value) =>
        type is LabelMatchType.Regex or LabelMatchType.NotRegex
            ? new LabelMatcher(name, value, type) { Pattern = new Regex($"^(?:{value})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) }
            : new LabelMatcher(name, value, type);

    /// <summary>Whether a stream whose label has <paramref name="value"/> (null: absent) passes.</summary>
    public bool Matches(string? value)
    {
        value ??= "";
        return Type switch
        {
            LabelMatchType.Equal => value == Value,
            LabelMatchType.NotEqual => value != Value,
            LabelMatchType.Regex => Pattern!.IsMatch(value),
            _ => !Pattern!.IsMatch(value),
        };
    }

    public bool Matches(StreamLabels labels) => Matches(labels[Name]);
}

/// <summary>What `logwarden search` and the APIs ask the store.</summary>
internal sealed record SearchQuery
{
    /// <summary>Substring the line must contain (case-insensitive unless <see cref="MatchCase"/>); null for any.</summary>
    public string? Text { get; init; }

    public bool MatchCase { get; init; }

    /// <summary>Regular expression the line must match (with a match timeout); null for any.</summary>
    public Regex? Pattern { get; init; }

    /// <summary>Inclusive lower bound of the line's timestamp.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive upper bound of the line's timestamp.</summary>
    public DateTimeOffset? To { get; init; }

    public IReadOnlyList<LabelMatcher> Labels { get; init; } = [];

    /// <summary>Only lines whose template resolves to this id.</summary>
    public int? TemplateId { get; init; }

    /// <summary>At most this many hits.</summary>
    public int Limit { get; init; } = 100;

    /// <summary>Newest first (the default, as `search` shows) or oldest first (as `--follow` and exports read).</summary>
    public bool NewestFirst { get; init; } = true;

    /// <summary>
    /// Only lines stored after this <see cref="SearchHit.Sequence"/>, and then in the order they were stored
    /// (by sequence, not by timestamp; oldest first unless <see cref="NewestFirst"/>): what `search --follow`
    /// polls with, passing the last sequence it printed, so that it neither skips nor repeats a line.
    /// </summary>
    public long? AfterSequence { get; init; }

    /// <summary>
    /// A reader going through the store once, in order (the shipper): what it decodes is kept under a small budget
    /// of its own (<c>EmbeddedStoreOptions.DecodedReadOnceBytes</c>), enough for the part it is in, so that it does
    /// not fill the cache searches and the dashboard share with lines it will not read again.
    /// </summary>
    public bool ReadOnce { get; init; }
}

/// <summary>One line found. <see cref="Sequence"/> orders lines of the store and lets `--follow` resume.</summary>
internal sealed record SearchHit(long Sequence, DateTimeOffset Timestamp, StreamLabels Labels, string Line, int TemplateId, Severity Level);

internal sealed record StoreStats(
    long Lines,
    int Streams,
    int Templates,
    DateTimeOffset? Oldest,
    DateTimeOffset? Newest,
    IReadOnlyDictionary<string, long> BytesByTable,
    long BytesOnDisk);

/// <summary>Keep at most <see cref="MaxAge"/> of history and at most <see cref="MaxBytes"/> on disk (oldest data goes first).</summary>
internal sealed record RetentionPolicy(TimeSpan? MaxAge, long? MaxBytes);

/// <summary>
/// Where everything LogWarden keeps lives: log lines (template-encoded), stream labels, the miner's
/// templates, sources' checkpoints, and later host metrics, incidents, alerts and audit. The embedded
/// implementation needs nothing installed; a PostgreSQL one serves fleets.
/// </summary>
internal interface ILogStore : ICheckpointReader, IDisposable
{
    /// <summary>
    /// Stores the lines, the templates that changed, and the checkpoints, in one transaction: after a
    /// crash either all of them are there or none is. Durable when it returns.
    /// </summary>
    /// <exception cref="StoreFullException">The disk-space guard refused the write (nothing was written).</exception>
    void Append(IReadOnlyList<StoredLine> lines, IReadOnlyList<TemplateState> templates, IReadOnlyList<Checkpoint> checkpoints);

    /// <summary>Lines matching the query, in the order it asks for, at most its limit.</summary>
    IEnumerable<SearchHit> Search(SearchQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// The streams that have lines in [<paramref name="from"/>, <paramref name="to"/>) (null: unbounded), in
    /// the order of their keys — what label and series listings read. The default scans the lines; a store
    /// should answer from its index without touching any line (the embedded one does).
    /// </summary>
    IReadOnlyList<StreamLabels> ListStreams(DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        [.. Search(new SearchQuery { From = from, To = to, Limit = int.MaxValue }).Select(h => h.Labels).Distinct().OrderBy(l => l.Key, StringComparer.Ordinal)];

    /// <summary>
    /// How many lines of the streams that pass <paramref name="labels"/> fall in each of <paramref name="buckets"/>
    /// consecutive intervals [from + i·bucket, from + (i+1)·bucket), per stream: what a histogram or LogQL's
    /// count_over_time needs. The default scans the lines; a store should count from its timestamps without
    /// reading any text (the embedded one does).
    /// </summary>
    IReadOnlyDictionary<StreamLabels, long[]> CountLines(IReadOnlyList<LabelMatcher> labels, DateTimeOffset from, TimeSpan bucket, int buckets, CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<StreamLabels, long[]>();
        var query = new SearchQuery { Labels = labels, From = from, To = from + (bucket * buckets), Limit = int.MaxValue, NewestFirst = false };
        foreach (SearchHit hit in Search(query, cancellationToken))
        {
            if (!counts.TryGetValue(hit.Labels, out long[]? perBucket))
            {
                counts[hit.Labels] = perBucket = new long[buckets];
            }
            perBucket[(hit.Timestamp - from).Ticks / bucket.Ticks]++;
        }
        return counts;
    }

    /// <summary>
    /// How many lines of one template (of every id that resolves to <paramref name="templateId"/>, as
    /// <see cref="SearchQuery.TemplateId"/> selects) in the streams that pass <paramref name="labels"/> fall in each
    /// of <paramref name="buckets"/> consecutive intervals from <paramref name="from"/>, all streams summed: a
    /// template's counts over time. The default scans the template's lines; a store should count from its
    /// per-line template ids without rebuilding any line (the embedded one does; a SQL store: GROUP BY bucket).
    /// </summary>
    long[] CountTemplateLines(int templateId, IReadOnlyList<LabelMatcher> labels, DateTimeOffset from, TimeSpan bucket, int buckets, CancellationToken cancellationToken = default)
    {
        var counts = new long[buckets];
        var query = new SearchQuery { TemplateId = templateId, Labels = labels, From = from, To = from + (bucket * buckets), Limit = int.MaxValue, NewestFirst = false };
        foreach (SearchHit hit in Search(query, cancellationToken))
        {
            counts[(hit.Timestamp - from).Ticks / bucket.Ticks]++;
        }
        return counts;
    }

    /// <summary>Every template stored (merged ones too), to rebuild the miner at start.</summary>
    IReadOnlyList<TemplateState> LoadTemplates();

    StoreStats GetStats();

    /// <summary>Drops the oldest data beyond the policy; returns the number of lines removed.</summary>
    long ApplyRetention(RetentionPolicy policy);
}

/// <summary>
/// A store that keeps decoded data between queries (the embedded store's decoded-segment cache): the daemon's
/// idle trimmer lets it go when no query came for a while. Optional: a store without such a cache does not
/// implement it.
/// </summary>
internal interface IReleasableReadCache
{
    /// <summary>Drops what was kept for queries when none came for <paramref name="idleFor"/>; the bytes released (0: kept).</summary>
    long ReleaseReadCacheIfIdle(TimeSpan idleFor);
}

/// <summary>The store would leave less free disk than its guard allows; it stopped writing and says so.</summary>
internal sealed class StoreFullException(string message) : IOException(message);
