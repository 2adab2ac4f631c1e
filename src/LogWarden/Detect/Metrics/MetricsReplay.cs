using LogWarden.Collect.HostMetrics;
using LogWarden.Store;

namespace LogWarden.Detect.Metrics;

/// <summary>
/// Host metrics for `analyze`: samples of <c>*.metrics.jsonl</c> files and of the daemon's store, merged by
/// time and handed to the engine as the replay's log time passes them, so that metric findings are raised in
/// the same timeline as the log findings and correlated with them (an OOM kill and the memory curve) as in
/// the daemon. Files are read as they go (each assumed in time order, as <see cref="MetricsFileWriter"/> and
/// the collector write them); the store is read an hour at a time, never ahead of log time by more than that.
/// </summary>
internal sealed class MetricsReplay : IDisposable
{
    private static readonly TimeSpan StoreChunk = TimeSpan.FromHours(1);

    private readonly PriorityQueue<IEnumerator<HostMetricsSample>, DateTimeOffset> _due = new();
    private readonly List<IEnumerator<HostMetricsSample>> _open = [];
    private readonly List<(MetricsFileReader Reader, string Path)> _files = [];
    private IMetricStore? _store;
    private string? _storeHost;
    private DateTimeOffset _storeNext = DateTimeOffset.MinValue;

    /// <summary>Samples handed to the engine.</summary>
    public long Samples { get; private set; }

    /// <summary>Adds a metrics file; its first sample is read now.</summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public void AddFile(string path)
    {
        var reader = new MetricsFileReader();
        _files.Add((reader, path));
        Add(reader.Read(path));
    }

    /// <summary>Adds the samples the daemon stored (of one host, or all), read from the replay's first time on.</summary>
    public void AddStore(IMetricStore store, string? host = null)
    {
        _store = store;
        _storeHost = host;
    }

    /// <summary>Adds a time-ordered stream of samples.</summary>
    public void Add(IEnumerable<HostMetricsSample> samples)
    {
        IEnumerator<HostMetricsSample> enumerator = samples.GetEnumerator();
        _open.Add(enumerator);
        Enqueue(enumerator);
    }

    private void Enqueue(IEnumerator<HostMetricsSample> enumerator)
    {
        if (enumerator.MoveNext())
        {
            _due.Enqueue(enumerator, enumerator.Current.Timestamp);
        }
    }

    /// <summary>Observes, oldest first, every sample taken at or before <paramref name="time"/>.</summary>
    public void FeedUntil(DateTimeOffset time, DetectionEngine engine)
    {
        ReadStoreUntil(time);
        while (_due.TryPeek(out IEnumerator<HostMetricsSample>? samples, out DateTimeOffset at) && at <= time)
        {
            _due.Dequeue();
            engine.Observe(samples.Current);
            Samples++;
            if (samples.MoveNext())
            {
                _due.Enqueue(samples, samples.Current.Timestamp);
            }
        }
    }

    /// <summary>What each metrics file skipped (lines that are no samples, metrics without a number), for a message.</summary>
    public IEnumerable<(string Path, long SkippedLines, long SkippedMetrics, string? FirstError)> Problems()
    {
        foreach ((MetricsFileReader reader, string path) in _files)
        {
            if (reader.SkippedLines > 0 || reader.SkippedMetrics > 0 || reader.FirstError is not null)
            {
                yield return (path, reader.SkippedLines, reader.SkippedMetrics, reader.FirstError);
            }
        }
    }

    /// <summary>Queues the store's samples an hour at a time, from the first time asked for up to <paramref name="time"/>.</summary>
    private void ReadStoreUntil(DateTimeOffset time)
    {
        if (_store is null)
        {
            return;
        }
        if (_storeNext == DateTimeOffset.MinValue)
        {
            _storeNext = time;
        }
        while (_storeNext <= time && _storeNext < DateTimeOffset.MaxValue - StoreChunk)
        {
            DateTimeOffset from = _storeNext;
            _storeNext += StoreChunk;
            List<HostMetricsSample> chunk = [.. StoredMetricsReader.Read(_store, from, _storeNext, _storeHost)];
            Enqueue(chunk.GetEnumerator());
        }
    }

    public void Dispose()
    {
        foreach (IEnumerator<HostMetricsSample> samples in _open)
        {
            samples.Dispose();
        }
        _open.Clear();
        _due.Clear();
    }
}
