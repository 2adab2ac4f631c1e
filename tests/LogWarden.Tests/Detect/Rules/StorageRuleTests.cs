using LogWarden.Detect;
using static LogWarden.Tests.Detect.Rules.RuleHarness;

namespace LogWarden.Tests.Detect.Rules;

public sealed class StorageRuleTests
{
    private static readonly DateTimeOffset T0 = At("Apr  1 03:00:00");

    [Fact]
    public void One_no_space_left_line_is_a_critical_disk_full_naming_the_program_at_once()
    {
        var harness = new RuleHarness().Feed(
            Syslog(T0, "postgres[2211]", "[5-1] 2024-04-01 03:00:00 UTC ERROR:  could not extend file \"base/16384/2619\": No space left on device"));

        var finding = Assert.Single(harness.Findings, f => f.Kind == "disk-full");
        Assert.Equal(FindingSeverity.Critical, finding.Severity);
        Assert.Equal("postgres", finding.Entities["process"]);
        Assert.Equal(T0, finding.Timestamp);
    }

    [Fact]
    public void A_flood_of_disk_full_lines_is_one_finding_updated_with_its_count()
    {
        var harness = new RuleHarness();
        for (int i = 0; i < 300; i++)
        {
            harness.Feed(Syslog(T0.AddSeconds(i), "dockerd[900]", $"level=error msg=\"write /var/lib/docker/tmp/blob{i}: no space left on device\""));
        }

        Assert.All(harness.Findings, f => Assert.Equal(harness.Findings[0].Key, f.Key));
        Assert.InRange(harness.Findings.Count, 5, 6); // raised at once, then about once a minute
        Assert.InRange(harness.Findings[^1].Count, 240, 300);
        Assert.Equal("Disk full: dockerd cannot write /var/lib/docker/tmp/blob0", harness.Findings[0].Title);
    }

    [Fact]
    public void Watch_and_ipc_limits_that_return_enospc_are_no_full_disk()
    {
        var harness = new RuleHarness().Feed(
            Syslog(T0, "tail[1234]", "tail: inotify cannot be used, reverting to polling: No space left on device"),
            Syslog(T0, "node[55]", "Error: ENOSPC: System limit for number of file watchers reached, watch '/srv/app/src'"),
            Syslog(T0, "systemd[1]", "Failed to add inotify watch descriptor for control group /system.slice/x.service: No space left on device"),
            Syslog(T0, "httpd[77]", "(28)No space left on device: AH00023: Couldn't create the mpm-accept mutex; semget failed"));

        Assert.Empty(harness.Findings);
    }

    [Fact]
    public void A_single_block_io_error_is_critical_with_the_device()
    {
        var harness = new RuleHarness().Feed(
            Syslog(T0, "kernel", "[68408.122305] blk_update_request: I/O error, dev sdb, sector 2176 op 0x1:(WRITE) flags 0x0 phys_seg 94 prio class 0"),
            Syslog(T0, "kernel", "Buffer I/O error on dev sdb1, logical block 272, lost async page write"));

        var finding = Assert.Single(harness.Findings);
        Assert.Equal("io-error", finding.Kind);
        Assert.Equal(FindingSeverity.Critical, finding.Severity);
        Assert.Equal("/dev/sdb", finding.Entities["path"]);
        Assert.Equal("I/O error on /dev/sdb at sector 2176 (WRITE)", finding.Title);
    }

    [Fact]
    public void Cdrom_floppy_and_loop_devices_io_errors_stay_quiet()
    {
        var harness = new RuleHarness().Feed(
            Syslog(T0, "kernel", "[   12.3] blk_update_request: I/O error, dev fd0, sector 0"),
            Syslog(T0, "kernel", "[   12.3] I/O error, dev sr0, sector 0 op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 0"),
            Syslog(T0, "kernel", "[   12.3] I/O error, dev loop7, sector 0 op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 0"));

        Assert.Empty(harness.Findings);
    }

    [Fact]
    public void A_filesystem_going_read_only_is_critical()
    {
        var harness = new RuleHarness().Feed(
            Syslog(T0, "kernel", "EXT4-fs error (device dm-0): ext4_lookup:1855: inode #1310721: comm nginx: deleted inode referenced: 1311234"),
            Syslog(T0, "kernel", "Aborting journal on device dm-0-8."),
            Syslog(T0, "kernel", "EXT4-fs (dm-0): Remounting filesystem read-only"));

        var finding = Assert.Single(harness.Findings);
        Assert.Equal("filesystem-error", finding.Kind);
        Assert.Equal("/dev/dm-0", finding.Entities["path"]);
        Assert.Equal(FindingSeverity.Critical, finding.Severity);
    }

    [Fact]
    public void Hung_tasks_name_the_stuck_process()
    {
        var harness = new RuleHarness().Feed(
            Syslog(T0, "kernel", "[87603.066176] INFO: task mysqld:4242 blocked for more than 120 seconds."),
            Syslog(T0, "kernel", "[87603.066178]       Tainted: G        W         5.15.0-91-generic #101-Ubuntu"),
            Syslog(T0, "kernel", "[87603.066179] \"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message."));

        var finding = Assert.Single(harness.Findings);
        Assert.Equal("hung-task", finding.Kind);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("mysqld", finding.Entities["process"]);
        Assert.Equal("Task mysqld (pid 4242) hung for more than 120 s", finding.Title);
    }
}
