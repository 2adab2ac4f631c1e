using System.Runtime.InteropServices;
using LogWarden.Daemon;

namespace LogWarden.Tests.Daemon;

public sealed class MmapThresholdTests
{
    [Fact]
    public void After_a_large_free_a_mid_sized_block_still_gets_its_own_mapping()
    {
        IdleMemoryTrimmer.FixMmapThreshold();
        // What a seal does: a compressor's tables of several MiB, then freed. glibc's dynamic threshold would
        // now rise to 6 MiB, and the next 1 MiB block would come from (and go back to) an arena.
        Marshal.FreeHGlobal(Marshal.AllocHGlobal(6 << 20));

        IntPtr block = Marshal.AllocHGlobal(1 << 20); // malloc on Linux
        try
        {
            // glibc's chunk header, the size_t before the block, carries IS_MMAPPED (bit 1) for a block in its
            // own mapping. Read from the block itself rather than from mallinfo's totals, which other tests'
            // threads change at the same time.
            long size = Marshal.ReadInt64(block, -8);
            Assert.True((size & 2) != 0, $"the 1 MiB block came from an arena (chunk size field 0x{size:x})");
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }
}
