using LogWarden.Detect;
using static LogWarden.Tests.Detect.Rules.RuleHarness;

namespace LogWarden.Tests.Detect.Rules;

public sealed class OomAndCrashRuleTests
{
    private static readonly DateTimeOffset T0 = At("Nov 25 12:00:00");

    private static string[] OomKill(DateTimeOffset t, string process = "java", int pid = 1234, string unit = "foo.service") =>
    [
        Syslog(t, "kernel", $"[123456.700] {process} invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0"),
        Syslog(t, "kernel", "[123456.701] Mem-Info:"),
        Syslog(t, "kernel", $"[123456.789] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/{unit},task={process},pid={pid},uid=1000"),
        Syslog(t, "kernel", $"[123456.790] Out of memory: Killed process {pid} ({process}) total-vm:4194304kB, anon-rss:3145728kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:6500kB oom_score_adj:0"),
        Syslog(t.AddSeconds(1), "systemd[1]", $"{unit}: A process of this unit has been killed by the OOM killer."),
    ];

    [Fact]
    public void An_oom_kill_is_one_critical_finding_naming_the_process_its_pid_and_its_unit()
    {
        var harness = new RuleHarness().Feed(OomKill(T0));
        harness.AdvanceTo(T0.AddSeconds(10));

        var finding = Assert.Single(harness.Findings);
        Assert.Equal("oom-kill", finding.Kind);
        Assert.Equal(FindingSeverity.Critical, finding.Severity);
        Assert.Equal("java", finding.Entities["process"]);
        Assert.Equal("foo.service", finding.Entities["unit"]);
        Assert.Equal("web", finding.Entities["host"]);
        Assert.Equal("OOM killer killed java (pid 1234) in foo.service, invoked by java", finding.Title);
        Assert.Equal(4, finding.Count);
        Assert.Equal(T0, finding.FirstSeen);
        Assert.InRange(finding.Timestamp, T0.AddSeconds(5), T0.AddSeconds(6)); // raised when the gathering window closes
        Assert.NotEmpty(finding.Evidence.Samples);
    }

    [Fact]
    public void A_kernel_oops_is_one_critical_finding_naming_the_task_the_report_names()
    {
        var harness = new RuleHarness().Feed(
            Syslog(T0, "kernel", "[123456.789012] BUG: kernel NULL pointer dereference, address: 0000000000000008"),
            Syslog(T0, "kernel", "[123456.789050] #PF: supervisor read access in kernel mode"),
            Syslog(T0, "kernel", "[123456.789100] Oops: 0000 [#1] PREEMPT SMP NOPTI"),
            Syslog(T0, "kernel", "[123456.789120] CPU: 0 PID: 4242 Comm: nginx Not tainted 6.1.0-13-amd64 #1 Debian 6.1.55-1"),
            Syslog(T0, "kernel", "[123456.789160] RIP: 0010:tcp_sendmsg_locked+0x4a1/0xd30"));
        harness.AdvanceTo(T0.AddSeconds(10));

        var finding = Assert.Single(harness.Findings);
        Assert.Equal("kernel-oops", finding.Kind);
        Assert.Equal(FindingSeverity.Critical, finding.Severity);
        Assert.Equal("nginx", finding.Entities["process"]);
        Assert.Equal("Kernel oops: BUG: kernel NULL pointer dereference: Oops: 0000 [#1] in nginx (pid 4242)", finding.Title);
        Assert.InRange(finding.Timestamp, T0.AddSeconds(5), T0.AddSeconds(6)); // raised when the gathering window closes
    }

    [Fact]
    public void A_task_line_of_a_warning_or_a_hung_task_report_is_no_oops()
    {
        var harness = new RuleHarness().Feed(
            Syslog(T0, "kernel", "[  3.2] WARNING: CPU: 0 PID: 1 at drivers/gpu/drm/i915/intel_display.c:1234 intel_modeset_init+0x1/0x2 [i915]"),
            Syslog(T0, "kernel", "[  3.2] CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.1.0-13-amd64 #1 Debian 6.1.55-1"));
        harness.AdvanceTo(T0.AddSeconds(10));

        Assert.DoesNotContain(harness.Findings, f => f.Kind == "kernel-oops");
    }

    [Fact]
    public void A_container_oom_names_the_container_from_the_cgroup()
    {
        string id = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
        var harness = new RuleHarness().Feed(
            Syslog(T0, "kernel", $"oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=docker-{id}.scope,mems_allowed=0,oom_memcg=/system.slice/docker-{id}.scope,task_memcg=/system.slice/docker-{id}.scope,task=node,pid=4242,uid=0"),
            Syslog(T0, "kernel", "Memory cgroup out of memory: Killed process 4242 (node) total-vm:1213017336kB, anon-rss:21188kB, file-rss:59316kB, shmem-rss:0kB, UID:0 pgtables:788kB oom_score_adj:0"));
        harness.AdvanceTo(T0.AddSeconds(10));

        var finding = Assert.Single(harness.Findings);
        Assert.Equal("0a1b2c3d4e5f", finding.Entities["container"]);
        Assert.Equal("node", finding.Entities["process"]);
        Assert.False(finding.Entities.ContainsKey("unit"));
    }

    [Fact]
    public void A_second_kill_of_the_same_process_updates_the_finding_at_most_once_a_minute()
    {
        var harness = new RuleHarness().Feed(OomKill(T0)).AdvanceTo(T0.AddSeconds(20)).Feed(OomKill(T0.AddSeconds(20), pid: 1300));
        harness.AdvanceTo(T0.AddSeconds(30));
        Assert.Single(harness.Findings);

        harness.AdvanceTo(T0.AddMinutes(2));

        Assert.Equal(2, harness.Findings.Count);
        var update = harness.Findings[1];
        Assert.Equal(harness.Findings[0].Key, update.Key);
        Assert.Equal(8, update.Count);
        Assert.Equal(T0, update.FirstSeen);
        Assert.Contains("(pid 1300)", update.Title, StringComparison.Ordinal);
        Assert.True(update.Timestamp >= harness.Findings[0].Timestamp.AddMinutes(1));
    }

    [Fact]
    public void Kills_of_two_processes_at_once_are_two_findings()
    {
        var harness = new RuleHarness().Feed(
            Syslog(T0, "kernel", "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/a.service,task=java,pid=10,uid=0"),
            Syslog(T0, "kernel", "Out of memory: Killed process 10 (java) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:1kB oom_score_adj:0"),
            Syslog(T0, "kernel", "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/b.service,task=python3,pid=20,uid=0"),
            Syslog(T0, "kernel", "Out of memory: Killed process 20 (python3) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:1kB oom_score_adj:0"));
        harness.AdvanceTo(T0.AddSeconds(10));

        Assert.Equal(["a.service/java", "b.service/python3"], harness.Findings.Select(f => f.Entities["unit"] + "/" + f.Entities["process"]).Order());
    }

    [Fact]
    public void Lines_that_only_talk_about_memory_stay_quiet()
    {
        var harness = new RuleHarness().Feed(
            Syslog(T0, "kernel", "oom_reaper: reaped process 1234 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB"),
            Syslog(T0, "app[77]", "cache stats: Out of memory errors so far: 0, evictions: 12"),
            Syslog(T0, "php-fpm[5]", "PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes)"),
            Syslog(T0, "kernel", "[    0.000000] Memory: 16318232K/16691628K available (14339K kernel code, 2400K rwdata)"));
        harness.AdvanceTo(T0.AddMinutes(1));

        Assert.Empty(harness.Findings);
    }

    [Fact]
    public void A_segfault_and_its_core_dump_are_one_warning_naming_the_process_and_unit()
    {
        var harness = new RuleHarness().Feed(
            Syslog(T0, "kernel", "[ 3600.000000] nginx[2412]: segfault at 0 ip 00007f3a1c2b3d4e sp 00007ffd5e6f7a80 error 4 in libc.so.6[7f3a1c200000+195000]"),
            Syslog(T0, "systemd-coredump[2420]", "Process 2412 (nginx) of user 33 dumped core."),
            Syslog(T0.AddSeconds(1), "systemd[1]", "nginx.service: Main process exited, code=dumped, status=11/SEGV"));
        harness.AdvanceTo(T0.AddSeconds(10));

        var finding = Assert.Single(harness.Findings);
        Assert.Equal("process-crash", finding.Kind);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("nginx", finding.Entities["process"]);
        Assert.Equal("nginx.service", finding.Entities["unit"]);
        Assert.Equal("Process nginx (pid 2412) crashed: segfault in libc.so.6 (nginx.service)", finding.Title);
        Assert.Equal(3, finding.Count);
    }
}
