using System.IO.Enumeration;
using System.Text;

namespace LogWarden.Collect.HostMetrics;

/// <summary>
/// Every process from /proc/[pid]/stat: how many there are, and the top N by CPU (utime + stime since the
/// previous sample) and by resident memory (rss pages). One read per process per sample; a process's
/// paths, name and command line are kept between samples (the command line is read only for processes
/// that make a top list), so a steady host allocates nothing per process.
/// </summary>
internal sealed class ProcessCollector
{
    private const int MaxStatBytes = 4096;
    private const int MaxCommandLineChars = 256;

    // Fields after the ")" that closes comm, counted from 0 = state (proc(5) numbers them from 3).
    private const int UserTimeField = 11;
    private const int StartTimeField = 19;
    private const int ResidentPagesField = 21;

    private readonly string _procRoot;
    private readonly int _topCount;
    private readonly long _pageSize = Environment.SystemPageSize;
    private readonly Dictionary<int, ProcessState> _processes = [];
    private readonly List<int> _gone = [];
    private readonly FileSystemEnumerable<int> _pids;
    private long _sample;

    public ProcessCollector(string procRoot, int topCount)
    {
        _procRoot = procRoot;
        _topCount = Math.Max(topCount, 0);
        _pids = new FileSystemEnumerable<int>(
            procRoot,
            static (ref FileSystemEntry entry) => int.Parse(entry.FileName, System.Globalization.CultureInfo.InvariantCulture),
            new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = 0 })
        {
            ShouldIncludePredicate = static (ref FileSystemEntry entry) =>
                entry.IsDirectory && entry.FileName.Length is > 0 and < 10 && !entry.FileName.ContainsAnyExceptInRange('0', '9'),
        };
    }

    public IReadOnlyList<TopProcess> TopByCpu { get; private set; } = [];

    public IReadOnlyList<TopProcess> TopByMemory { get; private set; } = [];

    /// <param name="ticksPerCpu">Clock ticks one CPU had since the previous sample (100% of one core); 0 on the first.</param>
    public void Collect(ProcFileReader reader, List<HostMetric> metrics, double ticksPerCpu)
    {
        _sample++;
        var byCpu = new ProcessState?[_topCount];
        var byMemory = new ProcessState?[_topCount];
        int count = 0;
        IEnumerator<int> pids;
        try
        {
            pids = _pids.GetEnumerator();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        using (pids)
        {
            while (pids.MoveNext())
            {
                int pid = pids.Current;
                if (!_processes.TryGetValue(pid, out var process))
                {
                    process = new ProcessState(pid, _procRoot);
                    _processes[pid] = process;
                }

                if (!reader.TryReadAll(process.StatPath, MaxStatBytes, out var stat) || !Update(process, stat, ticksPerCpu))
                {
                    continue; // exited meanwhile, or not a stat file
                }

                process.SeenInSample = _sample;
                count++;
                Insert(byCpu, process, static p => p.CpuPercent);
                Insert(byMemory, process, static p => p.ResidentBytes);
            }
        }

        foreach (var (pid, process) in _processes)
        {
            if (process.SeenInSample != _sample)
            {
                _gone.Add(pid);
            }
        }

        foreach (int pid in _gone)
        {
            _processes.Remove(pid);
        }

        _gone.Clear();
        metrics.Add(new HostMetric(HostMetricNames.Processes, StreamLabels.Empty, count));
        TopByCpu = ToTopList(reader, byCpu);
        TopByMemory = ToTopList(reader, byMemory);
    }

    private bool Update(ProcessState process, ReadOnlySpan<byte> stat, double ticksPerCpu)
    {
        // "pid (comm) state …": comm may hold spaces and parentheses, so it ends at the last ')'.
        int open = stat.IndexOf((byte)'(');
        int close = stat.LastIndexOf((byte)')');
        if (open < 0 || close < open)
        {
            return false;
        }

        var comm = stat[(open + 1)..close];
        var rest = stat[(close + 1)..];
        long userTime = 0, systemTime = 0, startTime = 0, residentPages = 0;
        for (int field = 0; field <= ResidentPagesField; field++)
        {
            var value = ProcText.NextField(ref rest);
            switch (field)
            {
                case UserTimeField: userTime = ProcText.ParseNumber(value); break;
                case UserTimeField + 1: systemTime = ProcText.ParseNumber(value); break;
                case StartTimeField: startTime = ProcText.ParseNumber(value); break;
                case ResidentPagesField: residentPages = ProcText.ParseNumber(value); break;
                default: break;
            }
        }

        if (userTime < 0 || systemTime < 0 || startTime < 0 || residentPages < 0)
        {
            return false;
        }

        long ticks = userTime + systemTime;
        bool sameProcess = process.StartTime == startTime && ticks >= process.Ticks;
        process.CpuPercent = sameProcess && ticksPerCpu > 0 ? (ticks - process.Ticks) * 100.0 / ticksPerCpu : 0;
        process.Ticks = ticks;
        process.ResidentBytes = residentPages * _pageSize;
        if (!sameProcess || !SameName(process.Command, comm))
        {
            // A new process behind a reused pid, or one that exec'd: name and command line are new.
            process.StartTime = startTime;
            process.Command = Encoding.UTF8.GetString(comm);
            process.CommandLine = null;
        }

        return true;
    }

    private static bool SameName(string known, ReadOnlySpan<byte> comm)
    {
        Span<char> chars = stackalloc char[64];
        return comm.Length <= chars.Length
            && Encoding.UTF8.TryGetChars(comm, chars, out int length)
            && chars[..length].SequenceEqual(known);
    }

    /// <summary>Keeps <paramref name="top"/> sorted by <paramref name="key"/>, largest first; ties keep the earlier (lower pid).</summary>
    private static void Insert(ProcessState?[] top, ProcessState process, Func<ProcessState, double> key)
    {
        double value = key(process);
        for (int i = 0; i < top.Length; i++)
        {
            if (top[i] is null || value > key(top[i]!))
            {
                Array.Copy(top, i, top, i + 1, top.Length - i - 1);
                top[i] = process;
                return;
            }
        }
    }

    private static List<TopProcess> ToTopList(ProcFileReader reader, ProcessState?[] top)
    {
        var list = new List<TopProcess>(top.Length);
        foreach (var process in top)
        {
            if (process is null)
            {
                break;
            }

            process.CommandLine ??= ReadCommandLine(reader, process);
            list.Add(new TopProcess(process.Pid, process.Command, process.CommandLine, process.CpuPercent, process.ResidentBytes));
        }

        return list;
    }

    /// <summary>/proc/[pid]/cmdline: arguments separated by NULs; empty for kernel threads, shown as ps does: "[comm]".</summary>
    private static string ReadCommandLine(ProcFileReader reader, ProcessState process)
    {
        if (!reader.TryReadAll(process.CommandLinePath, MaxCommandLineChars * 4, out var bytes))
        {
            return "[" + process.Command + "]";
        }

        bytes = bytes.TrimEnd((byte)0);
        if (bytes.IsEmpty)
        {
            return "[" + process.Command + "]";
        }

        string text = Encoding.UTF8.GetString(bytes).Replace('\0', ' ');
        return text.Length > MaxCommandLineChars ? text[..MaxCommandLineChars] : text;
    }

    private sealed class ProcessState(int pid, string procRoot)
    {
        public int Pid { get; } = pid;

        public string StatPath { get; } = Path.Combine(procRoot, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "stat");

        public string CommandLinePath => Path.Combine(Path.GetDirectoryName(StatPath)!, "cmdline");

        public long StartTime { get; set; } = -1;

        public long Ticks { get; set; }

        public double CpuPercent { get; set; }

        public long ResidentBytes { get; set; }

        public string Command { get; set; } = string.Empty;

        public string? CommandLine { get; set; }

        public long SeenInSample { get; set; }
    }
}
