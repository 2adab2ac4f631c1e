using System.Runtime.InteropServices;
using LogWarden.Parse;
using Microsoft.Win32.SafeHandles;

namespace LogWarden.Collect.Files;

/// <summary>Which file this is, whatever its name: a rename keeps both numbers, a copy gets new ones.</summary>
internal readonly record struct FileIdentity(ulong Device, ulong Inode)
{
    /// <summary>The checkpoint key of the file, e.g. <c>2049:131075</c>.</summary>
    public string Key => $"{Device}:{Inode}";

    public override string ToString() => Key;
}

/// <summary>What the kernel says about a file at one moment.</summary>
/// <param name="Links">Hard links: 0 once the file is deleted while a handle keeps it alive.</param>
/// <param name="ModifiedNanoseconds">mtime, nanoseconds since the Unix epoch.</param>
/// <param name="ChangedNanoseconds">ctime (also moved by rename, chmod, truncate), nanoseconds since the Unix epoch.</param>
/// <param name="BornNanoseconds">Creation time (btime), nanoseconds since the Unix epoch; 0 where the file system does not keep it.</param>
internal readonly record struct FileStatus(
    FileIdentity Identity, long Size, uint Links, bool IsRegularFile, long ModifiedNanoseconds, long ChangedNanoseconds, long BornNanoseconds);

/// <summary>
/// <c>statx(2)</c> through libc, by path or by open handle. We need the device and inode number, which .NET
/// does not expose, to recognise a file across renames (logrotate's rename + create) and to tell a new file
/// at the same path from the old one. <c>statx</c> rather than <c>stat</c>: <c>struct stat</c> differs
/// between architectures (x86-64 and arm64 put <c>st_nlink</c> and <c>st_mode</c> in different places,
/// 32-bit ones differ again), while <c>struct statx</c> is the same fixed 256-byte layout on every
/// architecture (include/uapi/linux/stat.h), so one declaration below is right everywhere. It needs
/// Linux 4.11 and glibc 2.28 (Debian 10) or musl 1.2.5; LogWarden's file source is Linux-only.
/// </summary>
internal static unsafe partial class FileStatusReader
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const uint StatxBirthTime = 0x800;
    private const uint Wanted = StatxBasicStats | StatxBirthTime;
    private const ushort FileTypeMask = 0xF000; // S_IFMT
    private const ushort RegularFile = 0x8000; // S_IFREG

    /// <summary>The file <paramref name="path"/> names (symlinks followed), or null when there is none.</summary>
    /// <exception cref="IOException">Any other failure (a symlink loop, an I/O error).</exception>
    /// <exception cref="UnauthorizedAccessException">A directory on the way may not be searched.</exception>
    public static FileStatus? TryGet(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ThrowIfNotLinux();
        StatxBuffer buffer;
        if (Statx(AtFdCwd, path, 0, Wanted, &buffer) == 0)
        {
            return ToStatus(in buffer);
        }

        int error = Marshal.GetLastPInvokeError();
        if (error is UnlockedFile.NoSuchEntry or UnlockedFile.NotADirectory)
        {
            return null;
        }

        throw UnlockedFile.ToException(error, path);
    }

    /// <summary>The file behind an open handle (it may have been renamed or deleted since it was opened).</summary>
    public static FileStatus Get(SafeFileHandle handle, string pathForErrors)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ThrowIfNotLinux();
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            int descriptor = (int)handle.DangerousGetHandle();
            StatxBuffer buffer;
            if (Statx(descriptor, string.Empty, AtEmptyPath, Wanted, &buffer) == 0)
            {
                return ToStatus(in buffer);
            }

            throw UnlockedFile.ToException(Marshal.GetLastPInvokeError(), pathForErrors);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static FileStatus ToStatus(in StatxBuffer buffer)
    {
        // Any injective mix of major and minor serves as a key; this one is glibc's makedev.
        ulong device = ((ulong)(buffer.DeviceMajor & 0xfffff000) << 32) | ((ulong)(buffer.DeviceMajor & 0xfff) << 8)
            | ((ulong)(buffer.DeviceMinor & 0xffffff00) << 12) | (buffer.DeviceMinor & 0xff);
        return new FileStatus(
            new FileIdentity(device, buffer.Inode),
            (long)buffer.Size,
            buffer.Links,
            (buffer.Mode & FileTypeMask) == RegularFile,
            (buffer.ModifiedSeconds * 1_000_000_000) + buffer.ModifiedNanoseconds,
            (buffer.ChangedSeconds * 1_000_000_000) + buffer.ChangedNanoseconds,
            (buffer.Mask & StatxBirthTime) != 0 ? (buffer.BornSeconds * 1_000_000_000) + buffer.BornNanoseconds : 0);
    }

    private static void ThrowIfNotLinux()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The file source follows files by device and inode through Linux's statx(2); it runs on Linux only.");
        }
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, StatxBuffer* buffer);

    /// <summary><c>struct statx</c> (include/uapi/linux/stat.h): fixed offsets, 256 bytes, the same on every architecture.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(0)] public uint Mask; // stx_mask: which fields the file system filled in
        [FieldOffset(16)] public uint Links; // stx_nlink
        [FieldOffset(28)] public ushort Mode; // stx_mode
        [FieldOffset(32)] public ulong Inode; // stx_ino
        [FieldOffset(40)] public ulong Size; // stx_size
        [FieldOffset(80)] public long BornSeconds; // stx_btime.tv_sec
        [FieldOffset(88)] public uint BornNanoseconds; // stx_btime.tv_nsec
        [FieldOffset(96)] public long ChangedSeconds; // stx_ctime.tv_sec
        [FieldOffset(104)] public uint ChangedNanoseconds; // stx_ctime.tv_nsec
        [FieldOffset(112)] public long ModifiedSeconds; // stx_mtime.tv_sec
        [FieldOffset(120)] public uint ModifiedNanoseconds; // stx_mtime.tv_nsec
        [FieldOffset(136)] public uint DeviceMajor; // stx_dev_major
        [FieldOffset(140)] public uint DeviceMinor; // stx_dev_minor
    }
}
