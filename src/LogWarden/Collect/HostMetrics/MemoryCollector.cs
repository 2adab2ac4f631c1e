namespace LogWarden.Collect.HostMetrics;

/// <summary>/proc/meminfo and /proc/loadavg: memory and swap in bytes, load averages.</summary>
internal static class MemoryCollector
{
    public static void CollectMemory(ProcFileReader reader, string path, List<HostMetric> metrics)
    {
        if (!reader.Open(path))
        {
            return;
        }

        long total = -1, free = -1, available = -1, buffers = -1, cached = -1, swapTotal = -1, swapFree = -1;
        while (reader.TryReadLine(out var line))
        {
            int colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var rest = line[(colon + 1)..];
            ref long target = ref total;
            if (name.SequenceEqual("MemTotal"u8))
            {
                target = ref total;
            }
            else if (name.SequenceEqual("MemFree"u8))
            {
                target = ref free;
            }
            else if (name.SequenceEqual("MemAvailable"u8))
            {
                target = ref available;
            }
            else if (name.SequenceEqual("Buffers"u8))
            {
                target = ref buffers;
            }
            else if (name.SequenceEqual("Cached"u8))
            {
                target = ref cached;
            }
            else if (name.SequenceEqual("SwapTotal"u8))
            {
                target = ref swapTotal;
            }
            else if (name.SequenceEqual("SwapFree"u8))
            {
                target = ref swapFree;
            }
            else
            {
                continue;
            }

            long kibibytes = ProcText.NextNumber(ref rest); // "kB" in meminfo means KiB
            target = kibibytes < 0 ? -1 : kibibytes * 1024;
        }

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
