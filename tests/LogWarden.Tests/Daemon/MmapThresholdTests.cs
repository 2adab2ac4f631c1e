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

        long mappedBefore = (long)MallInfo2().Hblkhd;
        IntPtr block = Marshal.AllocHGlobal(1 << 20); // malloc on Linux
        try
        {
            long mapped = (long)MallInfo2().Hblkhd - mappedBefore;
            Assert.True(mapped >= 1 << 20, $"a 1 MiB block added {mapped} bytes of mmapped chunks: it came from an arena");
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }

    /// <summary>glibc's struct mallinfo2 (malloc.h): every field a size_t.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo
    {
        public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallInfo MallInfo2();
}
