using LogWarden.Collect;
using LogWarden.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LogWarden.Daemon;

/// <summary>
/// Runs the pipeline's writer for the daemon's lifetime. Registered before the sources, so it stops after
/// them: on shutdown the sources stop writing first, then everything queued is stored and the writer ends.
/// </summary>
internal sealed class PipelineService(IngestPipeline pipeline) : IHostedService
{
    private Task? _run;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _run = Task.Run(() => pipeline.RunAsync(CancellationToken.None), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        pipeline.Complete();
        if (_run is not null)
        {
            // Drain what is queued; past the host's shutdown timeout the queued batches stay unacknowledged
            // and their sources resume from their committed checkpoints next time.
            await _run.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// Runs a long-lived stage (a source, a shipper) until it returns or the daemon stops; when it fails, reports
/// it and runs it again after a delay that doubles from 1 s up to 5 min: one part's bug must not stop the daemon.
/// </summary>
internal static class RestartOnFailure
{
    public static async Task RunAsync(Func<CancellationToken, Task> run, Action<Exception, TimeSpan> failed, TimeProvider time, CancellationToken stoppingToken)
    {
        TimeSpan delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await run(stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // reported and restarted, never thrown at the host
            catch (Exception e)
#pragma warning restore CA1031
            {
                failed(e, delay);
                try
                {
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(5).Ticks));
            }
        }
    }
}

/// <summary>Runs every source; a source that fails is logged and restarted with a growing delay.</summary>
internal sealed partial class SourcesService(IEnumerable<ILogSource> sources, IngestPipeline pipeline, ILogStore store, TimeProvider time, ILogger<SourcesService> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(sources.Select(source => Task.Run(() => RunWithRestartsAsync(source, stoppingToken), CancellationToken.None)));

    private Task RunWithRestartsAsync(ILogSource source, CancellationToken stoppingToken) =>
        RestartOnFailure.RunAsync(
            async cancellationToken =>
            {
                LogStarting(source.Id);
                await source.RunAsync(pipeline, store, cancellationToken).ConfigureAwait(false);
            },
            (e, delay) => LogFailed(source.Id, e.Message, delay, e),
            time,
            stoppingToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "source {Source} starting")]
    private partial void LogStarting(string source);

    [LoggerMessage(Level = LogLevel.Error, Message = "source {Source} failed ({Reason}); restarting in {Delay}")]
    private partial void LogFailed(string source, string reason, TimeSpan delay, Exception exception);
}

/// <summary>Applies the retention policy at start and every hour.</summary>
internal sealed partial class RetentionService(ILogStore store, RetentionPolicy policy, TimeProvider time, ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                long removed = store.ApplyRetention(policy);
                if (removed > 0)
                {
                    LogRemoved(removed);
                }
            }
            catch (Exception e) when (e is IOException or Microsoft.Data.Sqlite.SqliteException)
            {
                LogFailed(e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "retention removed {Lines} old lines")]
    private partial void LogRemoved(long lines);

    [LoggerMessage(Level = LogLevel.Warning, Message = "retention failed: {Reason}")]
    private partial void LogFailed(string reason);
}

/// <summary>
/// systemd's watchdog (WatchdogSec= in the unit): while the host runs, tells systemd it is alive at half
/// the interval systemd gave in WATCHDOG_USEC, so a hung daemon is restarted. Does nothing outside systemd.
/// </summary>
internal sealed class SystemdWatchdogService(Microsoft.Extensions.Hosting.Systemd.ISystemdNotifier notifier, TimeProvider time) : BackgroundService
{
    internal static TimeSpan? Interval(string? watchdogMicroseconds, string? watchdogPid, int currentPid)
    {
        if (!long.TryParse(watchdogMicroseconds, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long usec) || usec <= 0)
        {
            return null;
        }
        // WATCHDOG_PID, when set, names the process the watchdog is meant for.
        if (watchdogPid is not null && watchdogPid != currentPid.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return null;
        }
        return TimeSpan.FromTicks(usec * 10 / 2);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TimeSpan? interval = Interval(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), Environment.GetEnvironmentVariable("WATCHDOG_PID"), Environment.ProcessId);
        if (interval is null || !notifier.IsEnabled)
        {
            return;
        }
        var alive = new Microsoft.Extensions.Hosting.Systemd.ServiceState("WATCHDOG=1");
        using var timer = new PeriodicTimer(interval.Value, time);
        do
        {
            notifier.Notify(alive);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}

/// <summary>
/// Gives memory back once start-up or a burst of ingest is over: when lines were stored since the last trim
/// and none for <see cref="QuietFor"/> (or, just after start, none for <see cref="StartupQuietFor"/>), a
/// compacting full collection returns the GC's free regions to the system, malloc_trim returns glibc's free
/// pages (SQLite's and zstd's buffers), and <see cref="FilePageReclaimer"/> the code and data pages that only
/// start-up or the burst read. Without it the process keeps, for good, what its busiest minute needed: the GC
/// holds on to committed regions and budgets, glibc to freed heap pages, and a daemon spends most of its life idle.
/// Queries are the other burst: the store's decoded-segment cache (up to 64 MiB) is released when no query
/// came for <see cref="QuietFor"/> either, and the memory trimmed after it.
/// </summary>
internal sealed partial class IdleMemoryTrimmer(IngestPipeline pipeline, ILogStore store, TimeProvider time) : BackgroundService
{
    internal static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The first look comes sooner: start-up's garbage (configuration, rule packs, DI and Kestrel set-up) and
    /// the pages it read are what an idle daemon would otherwise carry for its first 40 s, or for good.
    /// </summary>
    internal static readonly TimeSpan StartupQuietFor = TimeSpan.FromSeconds(5);

    private static bool s_glibcMissing;

    /// <summary>
    /// glibc raises its mmap threshold to the size of the largest block it ever freed (up to 32 MiB), and
    /// from then on serves such blocks from the arena of the thread that asked, where a free only returns them
    /// to that arena. A seal's block compressor (zstd, a few MiB of match tables, freed at once) runs
    /// on whichever pool thread commits, so each arena ended up keeping a compressor's worth: about 9 MiB of
    /// arenas at 10,000 lines/s. A fixed threshold keeps blocks of 128 KiB and more in their own mappings,
    /// unmapped when freed.
    /// </summary>
    /// <remarks>
    /// A block is still carved from an arena's free top when the top is large enough (glibc maps only what the
    /// top cannot give), so this bounds what the arenas keep rather than forbidding large blocks in them.
    /// </remarks>
    /// <returns>Whether glibc took the setting (false where there is no glibc, or if it refused).</returns>
    internal static bool FixMmapThreshold() => TryGlibc(static () => MallOpt(MmapThreshold, 128 * 1024), out int accepted) && accepted == 1;

    /// <summary>Calls into glibc's allocator; false (and not tried again) where there is none, as with musl.</summary>
    private static bool TryGlibc(Func<int> call, out int result)
    {
        result = 0;
        if (!OperatingSystem.IsLinux() || s_glibcMissing)
        {
            return false;
        }
        try
        {
            result = call();
            return true;
        }
        catch (EntryPointNotFoundException)
        {
            s_glibcMissing = true; // not glibc (musl): nothing to tune or trim this way
        }
        catch (DllNotFoundException)
        {
            s_glibcMissing = true;
        }
        return false;
    }

    private const int MmapThreshold = -3; // M_MMAP_THRESHOLD in malloc.h

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = FixMmapThreshold();
        long seen = pipeline.Counters.Lines;
        bool due = true;
        TimeSpan wait = StartupQuietFor;
        try
        {
            while (true)
            {
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                wait = QuietFor;
                long lines = pipeline.Counters.Lines;
                if (lines != seen)
                {
                    seen = lines;
                    due = true;
                }
                else if (due)
                {
                    due = false;
                    ReleaseReadCache();
                    Trim();
                }
                else if (ReleaseReadCache() > 0)
                {
                    Trim();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private long ReleaseReadCache() => store is IReleasableReadCache cache ? cache.ReleaseReadCacheIfIdle(QuietFor) : 0;

    internal static void Trim()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        FilePageReclaimer.Reclaim();
        _ = TryGlibc(static () => MallocTrim(0), out _);
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int param, int value);
}

/// <summary>
/// Keeps the GC heap near what is alive while lines flow. Ingest promotes records that wait for their
/// transaction, and the store's open block drops its grown arrays at each seal; that garbage sits in gen 2 and
/// the large-object heap until a full collection, which the workstation GC starts only when gen 2's budget
/// (sized from what survived the last one) runs out: measured at 10,000 lines/s, the heap held about 116 MiB
/// for 66 MiB alive. Four times a second, while lines were stored since the last look, this compares the heap with
/// what a full collection left last time, and collects when it grew by <see cref="GrowthAllowance"/>, at most
/// once per <see cref="MinInterval"/>: with tens of MiB alive a full collection costs tens of milliseconds, a few per cent
/// of a core at that interval at most, however fast lines come. The collection is aggressive (compacting, the
/// large-object heap included, and decommitting the free regions at once): after a forced one the GC kept its
/// free regions committed, and the process's anonymous memory stayed tens of MiB above the heap.
/// Idle is <see cref="IdleMemoryTrimmer"/>'s.
/// </summary>
internal sealed class HeapGrowthCollector(IngestPipeline pipeline, TimeProvider time) : BackgroundService
{
    internal static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(250);

    internal static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Growth of the heap over what the last full collection left that starts the next one: one gen-0 budget
    /// (4 MiB in the AOT build). Measured with <see cref="MinInterval"/> and <see cref="CheckEvery"/> (AOT,
    /// `memory 30 20`, same minutes): 24 MiB, 5 s and 1 s left the daemon at 131.8 MiB median while ingesting
    /// 10,000 lines/s (before the automata's caches were freed, 112.9 after); 8 MiB, 2 s and 1 s, 108.7–111.5 MiB
    /// then, and 92.9–101.4 (peaks 103–114) on 27 Nov; 4 MiB, 1 s and 0.5 s with a 100 ms
    /// <see cref="PipelineOptions.MaxDelay"/>, 89.7–92.3 (peaks 99.6–101.2) in the same minutes, for 13.8 µs of CPU
    /// per line instead of 12.4–12.7: a full collection of ~40 MiB alive at most once a second. 4 MiB, 0.5 s and
    /// 0.25 s (27 Nov, helper mem12, load 0.1–3.7, three pairs alternating with 1 s and 0.5 s): peaks 93.7, 90.6, 96.3 MiB against 104.6,
    /// 99.3, 99.3 (medians 88.6, 85.7, 90.7 against 87.7, 87.7, 89.3): each check catches the heap with less garbage on it.
    /// </summary>
    internal const long GrowthAllowance = 4L << 20;

    /// <summary>Full collections this started (for tests and /metrics).</summary>
    public long Collections { get; private set; }

    /// <summary>Whether to collect now: the heap outgrew the allowance over the last baseline, and the last collection is old enough.</summary>
    internal static bool Due(long heapBytes, long baselineBytes, TimeSpan sinceLast) =>
        heapBytes - baselineBytes > GrowthAllowance && sinceLast >= MinInterval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckEvery, time);
        long seen = pipeline.Counters.Lines;
        long baseline = GC.GetTotalMemory(forceFullCollection: false);
        long lastCollection = time.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                long lines = pipeline.Counters.Lines;
                long heap = GC.GetTotalMemory(forceFullCollection: false);
                if (lines == seen)
                {
                    baseline = Math.Min(baseline, heap);
                    continue;
                }
                seen = lines;
                if (!Due(heap, baseline, time.GetElapsedTime(lastCollection)))
                {
                    // A collection the GC started itself lowers the mark too.
                    baseline = Math.Min(baseline, heap);
                    continue;
                }
                // Aggressive rather than forced: the free regions are decommitted now, not kept for reuse (see above).
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                Collections++;
                baseline = GC.GetTotalMemory(forceFullCollection: false);
                lastCollection = time.GetTimestamp();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
