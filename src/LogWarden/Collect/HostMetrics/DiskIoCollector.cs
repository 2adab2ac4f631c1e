namespace LogWarden.Collect.HostMetrics;

/// <summary>
/// /proc/diskstats: reads, writes, bytes and busy time per second for each whole disk. Partitions
/// (sda1, nvme0n1p2, mmcblk0p1 when their disk is listed) would count the same I/O twice; loop, ram,
/// floppy and optical devices are not storage a VPS owner watches.
/// </summary>
internal sealed class DiskIoCollector
{
    // diskstats counts in 512-byte sectors whatever the device's sector size (Documentation/admin-guide/iostats.rst).
    private const int SectorBytes = 512;

    private readonly DeviceTable<Disk> _disks = new();
    private readonly List<string> _wholeDisks = [];

    public int DeviceCount => _disks.Count;

    public void Collect(ProcFileReader reader, string path, List<HostMetric> metrics, double elapsedSeconds)
    {
        if (!reader.Open(path))
        {
            return;
        }

        _disks.BeginSample();
        _wholeDisks.Clear();
        while (reader.TryReadLine(out var line))
        {
            var rest = line;
            ProcText.SkipFields(ref rest, 2); // major, minor
            var name = ProcText.NextField(ref rest);
            if (name.IsEmpty || IsIgnored(name) || IsPartitionOfListedDisk(name))
            {
                continue;
            }

            long reads = ProcText.NextNumber(ref rest);
            ProcText.SkipFields(ref rest, 1); // reads merged
            long sectorsRead = ProcText.NextNumber(ref rest);
            ProcText.SkipFields(ref rest, 1); // ms reading
            long writes = ProcText.NextNumber(ref rest);
            ProcText.SkipFields(ref rest, 1); // writes merged
            long sectorsWritten = ProcText.NextNumber(ref rest);
            ProcText.SkipFields(ref rest, 2); // ms writing, I/Os in progress
            long ioMilliseconds = ProcText.NextNumber(ref rest);
            if (ioMilliseconds < 0)
            {
                continue; // not a diskstats line
            }

            var disk = _disks.Get(name, out _);
            _wholeDisks.Add(disk.Name);
            MetricRates.AddRate(metrics, HostMetricNames.DiskReadsPerSecond, disk.Labels, reads, disk.Reads, elapsedSeconds);
            MetricRates.AddRate(metrics, HostMetricNames.DiskWritesPerSecond, disk.Labels, writes, disk.Writes, elapsedSeconds);
            MetricRates.AddRate(metrics, HostMetricNames.DiskReadBytesPerSecond, disk.Labels, sectorsRead * SectorBytes, disk.SectorsRead * SectorBytes, elapsedSeconds);
            MetricRates.AddRate(metrics, HostMetricNames.DiskWrittenBytesPerSecond, disk.Labels, sectorsWritten * SectorBytes, disk.SectorsWritten * SectorBytes, elapsedSeconds);
            if (disk.IoMilliseconds >= 0 && ioMilliseconds >= disk.IoMilliseconds && elapsedSeconds > 0)
            {
                double busy = (ioMilliseconds - disk.IoMilliseconds) / (elapsedSeconds * 10.0); // ms per s → percent
                metrics.Add(new HostMetric(HostMetricNames.DiskBusyPercent, disk.Labels, Math.Min(busy, 100)));
            }

            disk.Reads = reads;
            disk.Writes = writes;
            disk.SectorsRead = sectorsRead;
            disk.SectorsWritten = sectorsWritten;
            disk.IoMilliseconds = ioMilliseconds;
        }

        _disks.EndSample();
    }

    private static bool IsIgnored(ReadOnlySpan<byte> name) =>
        name.StartsWith("loop"u8) || name.StartsWith("ram"u8) || name.StartsWith("fd"u8) || name.StartsWith("sr"u8);

    /// <summary>sda1 after sda, nvme0n1p1 after nvme0n1 (diskstats lists a disk before its partitions).</summary>
    private bool IsPartitionOfListedDisk(ReadOnlySpan<byte> name)
    {
        Span<char> chars = stackalloc char[64];
        var text = chars[..ProcText.ToChars(name, chars)];
        foreach (string disk in _wholeDisks)
        {
            if (text.Length > disk.Length && text.StartsWith(disk, StringComparison.Ordinal))
            {
                var suffix = text[disk.Length..];
                if (suffix[0] == 'p' && char.IsAsciiDigit(disk[^1]))
                {
                    suffix = suffix[1..];
                }

                if (suffix.Length > 0 && !suffix.ContainsAnyExceptInRange('0', '9'))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private sealed class Disk : DeviceState
    {
        public long Reads { get; set; }
        public long Writes { get; set; }
        public long SectorsRead { get; set; }
        public long SectorsWritten { get; set; }
        public long IoMilliseconds { get; set; }

        public override void Reset() => Reads = Writes = SectorsRead = SectorsWritten = IoMilliseconds = -1;
    }
}
