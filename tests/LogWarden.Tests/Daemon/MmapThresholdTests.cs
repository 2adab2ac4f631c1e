using LogWarden.Daemon;

namespace LogWarden.Tests.Daemon;

/// <remarks>
/// What the fixed threshold changes — where a large block goes after a larger one was freed — depends on every
/// arena's free top, which a test process shares with hundreds of other tests' threads: checked on a block's
/// own chunk header it held alone and failed in the whole suite. The effect is measured in the daemon instead
/// (docs/BENCHMARKS.md, `memory … --binary`, A/B); here, that glibc takes the setting.
/// </remarks>
public sealed class MmapThresholdTests
{
    [Fact]
    public void Glibc_takes_the_fixed_mmap_threshold()
    {
        Assert.True(OperatingSystem.IsLinux(), "the daemon and these tests run on Linux");
        Assert.True(IdleMemoryTrimmer.FixMmapThreshold(), "mallopt(M_MMAP_THRESHOLD, 128 KiB) was refused or glibc is missing");
    }
}
