namespace LogWarden.Collect.HostMetrics;

/// <summary>/proc/meminfo and /proc/loadavg: memory and swap in bytes, load averages.</summary>
internal static class MemoryCollector
{
    private static readonly byte[][] MeminfoKeys =
    [
        "MemTotal"u8.ToArray(), "MemFree"u8.ToArray(), "MemAvailable"u8.ToArray(), "Buffers"u8.ToArray(),
        "Cached"u8.ToArray(), "SwapTotal"u8.ToArray(), "SwapFree"u8.ToArray(),
    ];

    private static int IndexOfKey(ReadOnlySpan<byte> name)
    {
        for (int i = 0; i < MeminfoKeys.Length; i++)
        {
            if (name.SequenceEqual(MeminfoKeys[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public static void CollectMemory(ProcFileReader reader, string path, List<HostMetric> metrics)
    {
        if (!reader.Open(path))
        {
            return;
        }

        Span<long> values = stackalloc long[MeminfoKeys.Length];
        values.Fill(-1);
        while (reader.TryReadLine(out var line))
        {
            int colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            int index = IndexOfKey(line[..colon]);
            if (index >= 0)
            {
                var rest = line[(colon + 1)..];
                long kibibytes = ProcText.NextNumber(ref rest); // "kB" in meminfo means KiB
                values[index] = kibibytes < 0 ? -1 : kibibytes * 1024;
            }
        }

        long total = values[0], free = values[1], available = values[2], buffers = values[3], cached = values[4], swapTotal = values[5], swapFree = values[6];
        Add(metrics, HostMetricNames.MemoryTotalBytes, total);
        Add(metrics, HostMetricNames.MemoryAvailableBytes, available);
        Add(metrics, HostMetricNames.MemoryFreeBytes, free);
        Add(metrics, HostMetricNames.MemoryBuffersBytes, buffers);
        Add(metrics, HostMetricNames.MemoryCachedBytes, cached);
        if (total > 0 && available >= 0)
        {
            Add(metrics, HostMetricNames.MemoryUsedBytes, total - available);
            metrics.Add(new HostMetric(HostMetricNames.MemoryUsedPercent, StreamLabels.Empty, (total - available) * 100.0 / total));
        }

        Add(metrics, HostMetricNames.SwapTotalBytes, swapTotal);
        Add(metrics, HostMetricNames.SwapFreeBytes, swapFree);
        if (swapTotal >= 0 && swapFree >= 0)
        {
            Add(metrics, HostMetricNames.SwapUsedBytes, swapTotal - swapFree);
        }
    }

    public static void CollectLoad(ProcFileReader reader, string path, List<HostMetric> metrics)
    {
        if (!reader.TryReadAll(path, 256, out var content))
        {
            return;
        }

        var rest = content;
        double load1 = ProcText.ParseDecimal(ProcText.NextField(ref rest));
        double load5 = ProcText.ParseDecimal(ProcText.NextField(ref rest));
        double load15 = ProcText.ParseDecimal(ProcText.NextField(ref rest).TrimEnd((byte)'\n'));
        if (!double.IsNaN(load1) && !double.IsNaN(load5) && !double.IsNaN(load15))
        {
            metrics.Add(new HostMetric(HostMetricNames.Load1, StreamLabels.Empty, load1));
            metrics.Add(new HostMetric(HostMetricNames.Load5, StreamLabels.Empty, load5));
            metrics.Add(new HostMetric(HostMetricNames.Load15, StreamLabels.Empty, load15));
        }
    }

    private static void Add(List<HostMetric> metrics, string name, long value)
    {
        if (value >= 0)
        {
            metrics.Add(new HostMetric(name, StreamLabels.Empty, value));
        }
    }
}
