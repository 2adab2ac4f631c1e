using System.Runtime.InteropServices;
using System.Text;

namespace LogWarden.Collect.HostMetrics;

/// <summary>
/// Space and inodes of each mounted file system that holds data, from statvfs(3) on the mount points
/// listed in /proc/self/mounts. The mount table is parsed again only when its text changed, so a steady
/// host costs one small read and one statvfs per mount per sample. Skipped: pseudo and RAM file systems
/// (<see cref="HostMetricsOptions.IgnoredFileSystemTypes"/>), mounts under <see cref="HostMetricsOptions.IgnoredMountPrefixes"/>,
/// network file systems (statvfs on a dead NFS server blocks, and would stop every later sample), and
/// further mounts of a block device already listed (Docker bind-mounts /etc/hosts from the root disk).
/// </summary>
internal sealed partial class FileSystemCollector(HostMetricsOptions options)
{
    private const int MaxMountTableBytes = 4 << 20;

    private static readonly HashSet<string> NetworkFileSystemTypes = new(StringComparer.Ordinal)
    {
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "ceph", "glusterfs", "fuse.sshfs", "fuse.glusterfs", "afs",
    };

    private byte[] _mountTable = [];
    private int _mountTableLength = -1;
    private List<Mount> _mounts = [];

    /// <summary>The mounts measured (after filtering), as of the last sample.</summary>
    public IReadOnlyList<string> MountPoints => [.. _mounts.Select(m => m.Path)];

    public void Collect(ProcFileReader reader, string mountsPath, List<HostMetric> metrics)
    {
        if (!reader.TryReadAll(mountsPath, MaxMountTableBytes, out var table))
        {
            return;
        }

        if (_mountTableLength != table.Length || !table.SequenceEqual(_mountTable.AsSpan(0, _mountTableLength)))
        {
            _mounts = ParseMountTable(table);
            _mountTable = table.ToArray();
            _mountTableLength = table.Length;
        }

        foreach (var mount in _mounts)
        {
            if (!TryStatVfs(mount.Path, out var stats) || stats.Blocks == 0)
            {
                continue; // unmounted since, no permission, or a file system with no blocks to speak of
            }

            ulong blockSize = stats.FragmentSize != 0 ? stats.FragmentSize : stats.BlockSize;
            double size = (double)stats.Blocks * blockSize;
            double free = (double)stats.FreeBlocks * blockSize;
            double available = (double)stats.AvailableBlocks * blockSize;
            double used = size - free;
            metrics.Add(new HostMetric(HostMetricNames.FilesystemSizeBytes, mount.Labels, size));
            metrics.Add(new HostMetric(HostMetricNames.FilesystemFreeBytes, mount.Labels, free));
            metrics.Add(new HostMetric(HostMetricNames.FilesystemAvailableBytes, mount.Labels, available));
            if (used + available > 0)
            {
                // df's Use%: root's reserved blocks count as neither used nor available.
                metrics.Add(new HostMetric(HostMetricNames.FilesystemUsedPercent, mount.Labels, used * 100 / (used + available)));
            }

            if (stats.Files > 0)
            {
                metrics.Add(new HostMetric(HostMetricNames.FilesystemInodes, mount.Labels, stats.Files));
                metrics.Add(new HostMetric(HostMetricNames.FilesystemInodesFree, mount.Labels, stats.FreeFiles));
            }
        }
    }

    private List<Mount> ParseMountTable(ReadOnlySpan<byte> table)
    {
        var byPath = new Dictionary<string, Mount>(StringComparer.Ordinal);
        var devices = new HashSet<string>(StringComparer.Ordinal);
        foreach (var range in table.Split((byte)'\n'))
        {
            var rest = table[range];
            string device = Unescape(ProcText.NextField(ref rest));
            string path = Unescape(ProcText.NextField(ref rest));
            string type = Encoding.UTF8.GetString(ProcText.NextField(ref rest));
            if (path.Length == 0 || type.Length == 0 || options.IgnoredFileSystemTypes.Contains(type) || NetworkFileSystemTypes.Contains(type)
                || options.IgnoredMountPrefixes.Any(prefix => path.StartsWith(prefix, StringComparison.Ordinal)))
            {
                continue;
            }

            if (device.StartsWith("/dev/", StringComparison.Ordinal) && !byPath.ContainsKey(path) && !devices.Add(device))
            {
                continue;
            }

            // A later mount over the same path hides the earlier one.
            byPath[path] = new Mount(path, new StreamLabels(("device", device), ("fstype", type), ("mount", path)));
        }

        return [.. byPath.Values];
    }

    /// <summary>Undoes the octal escapes the kernel writes for space, tab, newline and backslash ("\040").</summary>
    private static string Unescape(ReadOnlySpan<byte> field)
    {
        if (field.IndexOf((byte)'\\') < 0)
        {
            return Encoding.UTF8.GetString(field);
        }

        var bytes = new List<byte>(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                bytes.Add((byte)(((field[i + 1] - '0') * 64) + ((field[i + 2] - '0') * 8) + (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                bytes.Add(field[i]);
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static bool IsOctal(byte b) => b is >= (byte)'0' and <= (byte)'7';

    private sealed record Mount(string Path, StreamLabels Labels);

    private static bool TryStatVfs(string path, out StatVfs stats)
    {
        stats = default;

        // The struct below is glibc's on 64-bit Linux (x86-64, arm64); 32-bit layouts differ.
        return OperatingSystem.IsLinux() && Environment.Is64BitProcess && StatVfsNative(path, out stats) == 0;
    }

    [LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int StatVfsNative(string path, out StatVfs buffer);

    /// <summary>struct statvfs of glibc on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct StatVfs
    {
        public ulong BlockSize;
        public ulong FragmentSize;
        public ulong Blocks;
        public ulong FreeBlocks;
        public ulong AvailableBlocks;
        public ulong Files;
        public ulong FreeFiles;
        public ulong AvailableFiles;
        public ulong FileSystemId;
        public ulong Flags;
        public ulong MaxNameLength;
        public Spare Reserved;
    }

    [System.Runtime.CompilerServices.InlineArray(6)]
    private struct Spare
    {
        private int _element;
    }
}
