using System.Diagnostics;
using LogWarden.Collect;
using LogWarden.Collect.Files;
using LogWarden.Tests.Parse;
using Microsoft.Extensions.Logging;

namespace LogWarden.Tests.Collect.Files;

/// <summary>
/// A store's behaviour in miniature: checkpoints become visible only when the sink accepts their batch,
/// in the same step as the batch's records, so a source stopped at any moment resumes from a state that
/// matches exactly the records kept.
/// </summary>
internal sealed class CommittingStore : IIngestSink, ICheckpointReader
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Source, string Key), string> _checkpoints = [];
    private readonly List<IngestRecord> _records = [];
    private readonly List<IngestBatch> _batches = [];

    /// <summary>Called before a batch is accepted; may throw (e.g. cancel) to refuse it.</summary>
    public Func<IngestBatch, CancellationToken, ValueTask>? BeforeAccept { get; set; }

    public async ValueTask WriteAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        if (BeforeAccept is { } before)
        {
            await before(batch, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            _records.AddRange(batch.Records);
            _batches.Add(batch);
            foreach (var checkpoint in batch.Checkpoints)
            {
                if (checkpoint.Value is null)
                {
                    _checkpoints.Remove((checkpoint.SourceId, checkpoint.Key));
                }
                else
                {
                    _checkpoints[(checkpoint.SourceId, checkpoint.Key)] = checkpoint.Value;
                }
            }
        }
    }

    public string? Get(string sourceId, string key)
    {
        lock (_lock)
        {
            return _checkpoints.GetValueOrDefault((sourceId, key));
        }
    }

    public IReadOnlyDictionary<string, string> GetAll(string sourceId)
    {
        lock (_lock)
        {
            return _checkpoints.Where(c => c.Key.Source == sourceId).ToDictionary(c => c.Key.Key, c => c.Value);
        }
    }

    public List<IngestRecord> Records
    {
        get
        {
            lock (_lock)
            {
                return [.. _records];
            }
        }
    }

    public List<string> Lines => Records.ConvertAll(r => r.Record.Raw);

    public List<IngestBatch> Batches
    {
        get
        {
            lock (_lock)
            {
                return [.. _batches];
            }
        }
    }

    /// <summary>File checkpoints (not remembered contents) committed now, by key.</summary>
    public Dictionary<string, FileCheckpoint> FileCheckpoints(string sourceId = "file") =>
        GetAll(sourceId).Where(c => !c.Key.StartsWith(FinishedContent.KeyPrefix, StringComparison.Ordinal))
            .ToDictionary(c => c.Key, c => FileCheckpointJson.ReadCheckpoint(c.Value));
}

/// <summary>Runs a <see cref="FileSource"/> over a temp directory, and stops and restarts it like a daemon would be.</summary>
internal sealed class FileSourceHarness : IAsyncDisposable
{
    private CancellationTokenSource? _stop;
    private Task? _run;

    public FileSourceHarness(Func<string, FileSourceOptions>? options = null)
    {
        Options = (options ?? (dir => Fast([Path.Combine(dir, "*.log")])))(Directory.Path);
    }

    public TempDirectory Directory { get; } = new();

    public CommittingStore Store { get; } = new();

    public FileSourceOptions Options { get; set; }

    public FileSource? Source { get; private set; }

    public ListLogger Logger { get; } = new();

    public string PathOf(string name) => System.IO.Path.Combine(Directory.Path, name);

    /// <summary>Intervals short enough for tests; no directory watcher, so everything below works by polling alone.</summary>
    public static FileSourceOptions Fast(IReadOnlyList<string> include) => new()
    {
        Include = include,
        PollInterval = TimeSpan.FromMilliseconds(15),
        RescanInterval = TimeSpan.FromMilliseconds(40),
        WatchDirectories = false,
        MultilineFlushAfter = TimeSpan.FromMilliseconds(150),
        DetectFormatAfter = TimeSpan.FromMilliseconds(50),
        RotatedFileIdleTimeout = TimeSpan.FromMilliseconds(150),
        HostName = "testhost",
    };

    public void Start()
    {
        Assert.Null(_run);
        Source = new FileSource(Options, Logger);
        _stop = new CancellationTokenSource();
        _run = Task.Run(() => Source.RunAsync(Store, Store, _stop.Token));
    }

    /// <summary>Writes <paramref name="lines"/> to the file <paramref name="name"/>, starts the source and waits until they are read; returns the file's path.</summary>
    public async Task<string> StartWithLinesAsync(string name, IReadOnlyList<string> lines)
    {
        string path = PathOf(name);
        int before = Store.Records.Count;
        LogWriter.Append(path, lines);
        Start();
        await WaitForRecordsAsync(before + lines.Count);
        return path;
    }

    /// <summary>Cancels the source and waits for RunAsync to return (it must not fault).</summary>
    public async Task StopAsync()
    {
        if (_run is null)
        {
            return;
        }

        await _stop!.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(30));
        _stop.Dispose();
        _run = null;
    }

    /// <summary>Cancels the running source without waiting (from inside the sink, say).</summary>
    public void CancelRun() => _stop?.Cancel();

    public async Task RestartAsync()
    {
        await StopAsync();
        Start();
    }

    public bool Running => _run is not null;

    /// <summary>Waits until <paramref name="condition"/> holds, failing with <paramref name="what"/> after a generous deadline.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 20, Func<string>? detail = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (_run is { IsCompleted: true })
            {
                await _run; // surfaces a fault
                Assert.Fail($"the source stopped while waiting for {what}");
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                Assert.Fail($"timed out waiting for {what}; have {Store.Records.Count} records, stats {Source?.Stats}\n{detail?.Invoke()}\nlog:\n"
                    + string.Join('\n', Logger.Entries.TakeLast(40).Select(e => $"{e.Level}: {e.Message}")));
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Waits until the store holds at least <paramref name="count"/> records.</summary>
    public Task WaitForRecordsAsync(int count) => WaitUntilAsync(() => Store.Records.Count >= count, $"{count} records");

    /// <summary>Waits until every file but the live ones is finished: only their checkpoints remain.</summary>
    public Task WaitForCheckpointsAsync(int count) =>
        WaitUntilAsync(() => Store.FileCheckpoints(Options.Id).Count == count, $"{count} file checkpoints");

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Dispose();
    }
}

/// <summary>Compares what was read with what was written, naming the lines lost and the lines read twice.</summary>
internal static class LineAssert
{
    public static void EachOnce(IEnumerable<string> written, IEnumerable<string> read, string? context = null)
    {
        var expected = written.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var actual = read.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var lost = expected.Where(e => actual.GetValueOrDefault(e.Key) < e.Value).Select(e => e.Key).ToList();
        var extra = actual.Where(a => expected.GetValueOrDefault(a.Key) < a.Value).Select(a => a.Key).ToList();
        Assert.True(
            lost.Count == 0 && extra.Count == 0,
            $"lost {lost.Count}: {string.Join(" | ", lost.Take(8))}\nread too often {extra.Count}: {string.Join(" | ", extra.Take(8))}\n{context}");
    }
}

/// <summary>Keeps what was logged, to check that failures are reported.</summary>
internal sealed class ListLogger : ILogger<FileSource>
{
    private readonly Lock _lock = new();
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public List<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lock)
        {
            _entries.Add((logLevel, formatter(state, exception)));
        }
    }
}

/// <summary>Writes numbered lines the way loggers do (open, append, close), and rotates the way logrotate does.</summary>
internal static class LogWriter
{
    public static List<string> Lines(string prefix, int from, int count) =>
        [.. Enumerable.Range(from, count).Select(i => $"{prefix} line {i:D6} {new string((char)('a' + (i % 26)), i % 37)}")];

    public static void Append(string path, IEnumerable<string> lines) =>
        File.AppendAllText(path, string.Concat(lines.Select(l => l + "\n")));

    /// <summary>logrotate's copytruncate: copy the file, then truncate it in place (same inode).</summary>
    public static void CopyTruncate(string path, string copyPath)
    {
        File.Copy(path, copyPath, overwrite: true);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        stream.SetLength(0);
    }

    /// <summary>logrotate's numbered generations: NAME.2 → NAME.3, NAME.1 → NAME.2, NAME → NAME.1.</summary>
    public static void ShiftGenerations(string path)
    {
        int highest = 1;
        while (File.Exists($"{path}.{highest}"))
        {
            highest++;
        }

        for (int generation = highest - 1; generation >= 1; generation--)
        {
            File.Move($"{path}.{generation}", $"{path}.{generation + 1}");
        }
    }

    /// <summary>Compresses <paramref name="path"/> to NAME.gz and removes it, with the real gzip, as logrotate does.</summary>
    public static string Gzip(string path)
    {
        using var gzip = Process.Start(new ProcessStartInfo("gzip", ["-f", path]) { RedirectStandardError = true })!;
        string error = gzip.StandardError.ReadToEnd();
        gzip.WaitForExit();
        Assert.True(gzip.ExitCode == 0, $"gzip failed: {error}");
        return path + ".gz";
    }
}
