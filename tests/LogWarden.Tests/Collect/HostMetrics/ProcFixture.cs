using LogWarden.Tests.Parse;

namespace LogWarden.Tests.Collect.HostMetrics;

/// <summary>
/// A directory laid out like /proc, holding recorded texts of a small VPS (2 CPUs, 1 GiB, one virtio disk,
/// eth0): <see cref="WriteFirst"/> and <see cref="WriteSecond"/> are the same host 10 seconds apart.
/// </summary>
internal sealed class ProcFixture : IDisposable
{
    private readonly TempDirectory _temp = new();

    public ProcFixture()
    {
        Root = System.IO.Path.Combine(_temp.Path, "proc");
        Directory.CreateDirectory(Root);
        DataMount = System.IO.Path.Combine(_temp.Path, "data dir");
        Directory.CreateDirectory(DataMount);
    }

    public string Root { get; }

    /// <summary>A real directory the mount table names (with a space, written "\040"), so statvfs has something to measure.</summary>
    public string DataMount { get; }

    public void Write(string relativePath, string content)
    {
        string full = System.IO.Path.Combine(Root, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public void RemoveProcess(int pid) => Directory.Delete(System.IO.Path.Combine(Root, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)), recursive: true);

    public void WriteProcess(int pid, string comm, long utime, long stime, long rssPages, long startTime = 100, string? cmdline = null)
    {
        // proc(5): pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime
        // cutime cstime priority nice num_threads itrealvalue starttime vsize rss …
        Write($"{pid}/stat", $"{pid} ({comm}) S 1 {pid} {pid} 0 -1 4194560 1200 0 3 0 {utime} {stime} 0 0 20 0 1 0 {startTime} 123456789 {rssPages} 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n");
        Write($"{pid}/cmdline", cmdline ?? string.Empty);
    }

    public void WriteFirst()
    {
        Write("stat", """
            cpu  1000 10 500 8000 100 0 20 5 0 0
            cpu0 500 5 250 4000 50 0 10 3 0 0
            cpu1 500 5 250 4000 50 0 10 2 0 0
            intr 123456 0 9 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
            ctxt 50000
            btime 1700000000
            processes 3000
            procs_running 2
            procs_blocked 1
            softirq 1 2 3 4 5 6 7 8 9 10 11

            """);
        Write("meminfo", """
            MemTotal:        1004584 kB
            MemFree:          101234 kB
            MemAvailable:     502292 kB
            Buffers:           20480 kB
            Cached:           307200 kB
            SwapCached:            0 kB
            Active:           400000 kB
            SwapTotal:        524284 kB
            SwapFree:         262142 kB
            HugePages_Total:       0

            """);
        Write("loadavg", "0.52 0.58 1.59 2/187 31337\n");
        string escapedMount = DataMount.Replace(" ", "\\040", StringComparison.Ordinal);
        Write("self/mounts", $"""
            sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
            proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
            udev /dev devtmpfs rw,nosuid,relatime,size=485036k,nr_inodes=121259,mode=755 0 0
            tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=100460k,mode=755 0 0
            /dev/vda1 {escapedMount} ext4 rw,relatime,discard,errors=remount-ro 0 0
            /dev/vda1 /etc/hostname ext4 rw,relatime,discard 0 0
            cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime 0 0
            /dev/vda15 /boot/efi-not-on-this-machine vfat rw,relatime 0 0
            overlay /var/lib/docker/overlay2/abc/merged overlay rw,relatime 0 0
            nfs-server:/export /mnt/nfs nfs4 rw,relatime 0 0

            """);
        Write("diskstats", """
               7       0 loop0 100 0 200 10 0 0 0 0 0 10 10 0 0 0 0 0 0
             254       0 vda 1000 50 20000 400 2000 300 40000 900 0 1000 1300 0 0 0 0 0 0
             254       1 vda1 990 50 19800 390 2000 300 40000 900 0 990 1290 0 0 0 0 0 0
             254      15 vda15 10 0 200 10 0 0 0 0 0 10 10 0 0 0 0 0 0
             259       0 nvme0n1 10 0 80 1 0 0 0 0 0 1 1 0 0 0 0 0 0
             259       1 nvme0n1p1 10 0 80 1 0 0 0 0 0 1 1 0 0 0 0 0 0

            """);
        Write("net/dev", """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:  500000    5000    0    0    0     0          0         0   500000    5000    0    0    0     0       0          0
              eth0: 1000000    2000    1    2    0     0          0         0   300000    1500    0    3    0     0       0          0

            """);
        Write("net/tcp", """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 14861 1 0000000000000000 100 0 0 10 0
               1: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   110        0 17651 1 0000000000000000 100 0 0 10 0
               2: 0A00000F:0016 0A000001:D1C4 01 00000000:00000000 02:0009C7A8 00000000     0        0 98374 2 0000000000000000 20 4 31 10 -1
               3: 0A00000F:0016 0A000001:D1C6 08 00000000:00000000 00:00000000 00000000     0        0 98375 1 0000000000000000 20 4 31 10 -1

            """);
        Write("net/tcp6", """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 14863 1 0000000000000000 100 0 0 10 0
               1: 0000000000000000FFFF00000A00000F:01BB 0000000000000000FFFF0A000002:C350 06 00000000:00000000 03:00000D3C 00000000     0        0 0 3 0000000000000000

            """);
        WriteProcess(1, "systemd", utime: 100, stime: 50, rssPages: 3000, cmdline: "/sbin/init\0splash\0");
        WriteProcess(2, "kthreadd", utime: 0, stime: 0, rssPages: 0);
        WriteProcess(812, "java", utime: 5000, stime: 1000, rssPages: 100_000, cmdline: "/usr/bin/java\0-Xmx512m\0-jar\0app.jar\0");
        WriteProcess(900, "tmux: server (1)", utime: 10, stime: 10, rssPages: 500, cmdline: "tmux\0");
        WriteProcess(950, "postgres", utime: 300, stime: 100, rssPages: 20_000, cmdline: "postgres: checkpointer\0");
        Write("self/stat", "not a process directory of its own: self is a link in the real /proc\n");
    }

    /// <summary>Ten seconds later: 400 ticks of CPU over 2 CPUs, disk and network traffic, java busy, pid 900 gone, a new pid.</summary>
    public void WriteSecond()
    {
        Write("stat", """
            cpu  1200 10 560 8100 120 0 30 15 0 0
            cpu0 600 5 280 4050 60 0 15 8 0 0
            cpu1 600 5 280 4050 60 0 15 7 0 0
            ctxt 60000
            processes 3010
            procs_running 3
            procs_blocked 0

            """);
        Write("diskstats", """
               7       0 loop0 100 0 200 10 0 0 0 0 0 10 10 0 0 0 0 0 0
             254       0 vda 1100 50 22000 450 2500 300 50000 1000 0 1500 1450 0 0 0 0 0 0
             254       1 vda1 1090 50 21800 440 2500 300 50000 1000 0 1490 1440 0 0 0 0 0 0
             254      15 vda15 10 0 200 10 0 0 0 0 0 10 10 0 0 0 0 0 0
             259       0 nvme0n1 10 0 80 1 0 0 0 0 0 1 1 0 0 0 0 0 0
             259       1 nvme0n1p1 10 0 80 1 0 0 0 0 0 1 1 0 0 0 0 0 0

            """);
        Write("net/dev", """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:  600000    6000    0    0    0     0          0         0   600000    6000    0    0    0     0       0          0
              eth0: 1500000    2500    1    2    0     0          0         0   400000    1600    0    5    0     0       0          0

            """);
        WriteProcess(1, "systemd", utime: 102, stime: 50, rssPages: 3000, cmdline: "/sbin/init\0splash\0");
        WriteProcess(812, "java", utime: 5300, stime: 1050, rssPages: 110_000, cmdline: "/usr/bin/java\0-Xmx512m\0-jar\0app.jar\0");
        WriteProcess(950, "postgres", utime: 400, stime: 100, rssPages: 20_000, startTime: 999, cmdline: "postgres: walwriter\0");
        RemoveProcess(900);
        WriteProcess(1001, "sshd", utime: 20, stime: 10, rssPages: 2000, cmdline: "sshd: deploy [priv]\0");
    }

    public void Dispose() => _temp.Dispose();
}
