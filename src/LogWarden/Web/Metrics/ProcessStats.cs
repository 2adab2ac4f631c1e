using System.Globalization;
using Prometheus;

namespace LogWarden.Web.Metrics;

/// <summary>
/// The process and .NET runtime metrics Prometheus users expect (the names prometheus-net's DotNetStats
/// exports), read cheaply. DotNetStats refreshes a <see cref="System.Diagnostics.Process"/> at every scrape,
/// and on Linux its thread and handle counts list /proc/self/task (reading every thread's stat file) and
/// /proc/self/fd: most of /metrics' 1.1 s p99 under 50 scrapers (issue 8). Here one read of /proc/self/stat
/// gives CPU time, threads, memory and start time, the descriptors are counted without building a list, and
/// both at most once a second however many scrapers ask; the GC counts are read at each scrape (free).
/// </summary>
internal sealed class ProcessStats
{
    /// <summary>How stale the /proc values may be: Prometheus scrapes every 15 s or so, a second is invisible.</summary>
    public static readonly TimeSpan ProcInterval = TimeSpan.FromSeconds(1);

    private static readonly long ClockTicksPerSecond = 100; // USER_HZ: 100 on every Linux ABI .NET runs on
    private static readonly long PageSize = Environment.SystemPageSize;

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Counter _cpuSeconds;
    private readonly Gauge _residentBytes;
    private readonly Gauge _virtualBytes;
    private readonly Gauge _threads;
    private readonly Gauge _openHandles;
    private readonly Gauge _startTime;
    private readonly Counter.Child[] _collections;
    private readonly Gauge _totalMemory;
    private readonly Gauge _committedMemory;
    private long _readAtTicks = long.MinValue;

    public ProcessStats(MetricFactory metrics, TimeProvider time)
    {
        _time = time;
        _cpuSeconds = metrics.CreateCounter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.");
        _residentBytes = metrics.CreateGauge("process_working_set_bytes", "Process working set (resident memory).");
        _virtualBytes = metrics.CreateGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.");
        _threads = metrics.CreateGauge("process_num_threads", "Total number of threads.");
        _openHandles = metrics.CreateGauge("process_open_handles", "Number of open file descriptors.");
        _startTime = metrics.CreateGauge("process_start_time_seconds", "Start time of the process since the Unix epoch in seconds.");
        Counter collections = metrics.CreateCounter("dotnet_collection_count_total", "GC collection count.", "generation");
        _collections = [.. Enumerable.Range(0, GC.MaxGeneration + 1).Select(g => collections.WithLabels(g.ToString(CultureInfo.InvariantCulture)))];
        _totalMemory = metrics.CreateGauge("dotnet_total_memory_bytes", "Total known allocated memory.");
        _committedMemory = metrics.CreateGauge("dotnet_gc_committed_bytes", "Memory the GC has committed from the system (its heap with the free space it keeps), as of the last collection.");
    }

    /// <summary>Before each scrape.</summary>
    public void Refresh()
    {
        for (int g = 0; g < _collections.Length; g++)
        {
            _collections[g].IncTo(GC.CollectionCount(g));
        }
        _totalMemory.Set(GC.GetTotalMemory(forceFullCollection: false));
        _committedMemory.Set(GC.GetGCMemoryInfo().TotalCommittedBytes);
        long now = _time.GetTimestamp();
        lock (_gate)
        {
            if (_readAtTicks != long.MinValue && _time.GetElapsedTime(_readAtTicks, now) < ProcInterval)
            {
                return;
            }
            _readAtTicks = now;
            ReadProc();
        }
    }

    private void ReadProc()
    {
        try
        {
            // /proc/self/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses, so fields count from the last ')'.
            string stat = File.ReadAllText("/proc/self/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state): utime is field 14, stime 15, num_threads 20, starttime 22, vsize 23, rss 24.
            long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
            _cpuSeconds.IncTo((double)(Field(14) + Field(15)) / ClockTicksPerSecond);
            _threads.Set(Field(20));
            _virtualBytes.Set(Field(23));
            _residentBytes.Set(Field(24) * PageSize);
            if (_startTime.Value == 0)
            {
                _startTime.Set(BootTimeSeconds() + ((double)Field(22) / ClockTicksPerSecond));
            }
            _openHandles.Set(Directory.EnumerateFileSystemEntries("/proc/self/fd").Count());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            // Not Linux, or /proc hidden: the process metrics stay as they were; /metrics still answers.
        }
    }

    private static long BootTimeSeconds()
    {
        foreach (string line in File.ReadLines("/proc/stat"))
        {
            if (line.StartsWith("btime ", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6), CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }
}
