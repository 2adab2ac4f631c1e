namespace LogWarden.Collect.HostMetrics;

/// <summary>
/// /proc/stat: time spent per CPU state as percentages of all CPU time since the previous sample, the
/// number of CPUs, running and blocked processes, context switches and forks per second. Also the basis
/// for per-process CPU: <see cref="TicksPerCpuSinceLastSample"/>.
/// </summary>
internal sealed class CpuStatCollector
{
    // The order of the columns of the "cpu" line (proc(5)); guest time is already counted in user time.
    private static readonly StreamLabels[] StateLabels =
    [
        new(("state", "user")), new(("state", "nice")), new(("state", "system")), new(("state", "idle")),
        new(("state", "iowait")), new(("state", "irq")), new(("state", "softirq")), new(("state", "steal")),
    ];

    private readonly long[] _ticks = new long[StateLabels.Length];
    private readonly long[] _previousTicks = new long[StateLabels.Length];
    private bool _hasPrevious;
    private long _previousContextSwitches = -1;
    private long _previousForks = -1;

    public int CpuCount { get; private set; }

    /// <summary>Wall time since the previous sample in clock ticks (all CPUs' ticks / CPUs); 0 on the first sample.</summary>
    public double TicksPerCpuSinceLastSample { get; private set; }

    public void Collect(ProcFileReader reader, string path, List<HostMetric> metrics, double elapsedSeconds)
    {
        if (!reader.Open(path))
        {
            return;
        }

        int cpus = 0;
        bool sawTotal = false;
        long contextSwitches = -1;
        long forks = -1;
        while (reader.TryReadLine(out var line))
        {
            var rest = line;
            var key = ProcText.NextField(ref rest);
            if (key.SequenceEqual("cpu"u8))
            {
                sawTotal = true;
                Array.Clear(_ticks);
                for (int i = 0; i < _ticks.Length; i++)
                {
                    long value = ProcText.NextNumber(ref rest);
                    _ticks[i] = Math.Max(value, 0); // older kernels lack the last columns
                }
            }
            else if (key.StartsWith("cpu"u8))
            {
                cpus++;
            }
            else if (key.SequenceEqual("ctxt"u8))
            {
                contextSwitches = ProcText.NextNumber(ref rest);
            }
            else if (key.SequenceEqual("processes"u8))
            {
                forks = ProcText.NextNumber(ref rest);
            }
            else if (key.SequenceEqual("procs_running"u8))
            {
                AddGauge(metrics, HostMetricNames.ProcessesRunning, ProcText.NextNumber(ref rest));
            }
            else if (key.SequenceEqual("procs_blocked"u8))
            {
                AddGauge(metrics, HostMetricNames.ProcessesBlocked, ProcText.NextNumber(ref rest));
            }
        }

        if (!sawTotal)
        {
            return;
        }

        CpuCount = Math.Max(cpus, 1);
        metrics.Add(new HostMetric(HostMetricNames.CpuCount, StreamLabels.Empty, CpuCount));
        TicksPerCpuSinceLastSample = 0;
        if (_hasPrevious)
        {
            long total = 0;
            for (int i = 0; i < _ticks.Length; i++)
            {
                total += Math.Max(_ticks[i] - _previousTicks[i], 0);
            }

            if (total > 0)
            {
                for (int i = 0; i < _ticks.Length; i++)
                {
                    metrics.Add(new HostMetric(HostMetricNames.CpuPercent, StateLabels[i], Math.Max(_ticks[i] - _previousTicks[i], 0) * 100.0 / total));
                }

                TicksPerCpuSinceLastSample = (double)total / CpuCount;
            }
        }

        MetricRates.AddRate(metrics, HostMetricNames.ContextSwitchesPerSecond, StreamLabels.Empty, contextSwitches, _previousContextSwitches, elapsedSeconds);
        MetricRates.AddRate(metrics, HostMetricNames.ForksPerSecond, StreamLabels.Empty, forks, _previousForks, elapsedSeconds);
        _ticks.CopyTo(_previousTicks, 0);
        _hasPrevious = true;
        _previousContextSwitches = contextSwitches;
        _previousForks = forks;
    }

    private static void AddGauge(List<HostMetric> metrics, string name, long value)
    {
        if (value >= 0)
        {
            metrics.Add(new HostMetric(name, StreamLabels.Empty, value));
        }
    }
}
