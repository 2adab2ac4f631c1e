namespace LogWarden.Collect.HostMetrics;

/// <summary>What <see cref="HostMetricsCollector"/> reads and how often <see cref="HostMetricsSource"/> samples.</summary>
internal sealed record HostMetricsOptions
{
    /// <summary>
    /// File system types that are not storage (kernel interfaces, RAM-backed, images mounted read-only);
    /// node_exporter's default list plus tmpfs, which on a VPS is /run and /dev/shm.
    /// </summary>
    public static readonly IReadOnlySet<string> DefaultIgnoredFileSystemTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "debugfs", "devpts", "devtmpfs", "efivarfs",
        "fusectl", "fuse.lxcfs", "hugetlbfs", "iso9660", "mqueue", "nsfs", "proc", "procfs", "pstore", "ramfs",
        "rpc_pipefs", "securityfs", "selinuxfs", "squashfs", "erofs", "sysfs", "tracefs", "tmpfs", "nfsd",
    };

    /// <summary>
    /// Mount points under these are someone else's plumbing: kernel trees, container layers (each container's
    /// overlay would repeat the root file system), systemd's credential mounts.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultIgnoredMountPrefixes =
        ["/proc/", "/sys/", "/dev/", "/run/credentials/", "/var/lib/docker/", "/var/lib/containers/", "/snap/"];

    /// <summary>Where procfs is: "/proc", or a directory holding recorded copies of its files (tests, replays).</summary>
    public string ProcRoot { get; init; } = "/proc";

    /// <summary>Time between samples.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many processes each top list holds.</summary>
    public int TopProcesses { get; init; } = 5;

    /// <summary>The host every sample names.</summary>
    public string Host { get; init; } = Environment.MachineName;

    /// <summary>Report the loopback interface too (local traffic, usually noise).</summary>
    public bool IncludeLoopback { get; init; }

    public IReadOnlySet<string> IgnoredFileSystemTypes { get; init; } = DefaultIgnoredFileSystemTypes;

    public IReadOnlyList<string> IgnoredMountPrefixes { get; init; } = DefaultIgnoredMountPrefixes;
}
