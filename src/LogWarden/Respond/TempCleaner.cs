using System.Runtime.InteropServices;
using LogWarden.Collect.Files;

namespace LogWarden.Respond;

/// <summary>What one clean-up did.</summary>
internal sealed record TempCleanResult(int Deleted, long Bytes, int SkippedLinks, int Errors, bool Truncated)
{
    public override string ToString() =>
        $"deleted {Deleted} file(s), {Bytes:N0} bytes; {SkippedLinks} symlink(s) left alone; {Errors} error(s)" + (Truncated ? "; stopped at the entry limit" : "");
}

/// <summary>
/// `clean-temp`: deletes regular files older than a cutoff under one configured directory (respond.temp_dirs;
/// the directory never comes from a log). It never follows a symlink: the walk holds each directory open
/// (<c>O_DIRECTORY|O_NOFOLLOW</c>) and reaches entries through <c>/proc/self/fd/N/name</c>, so that a
/// directory swapped for a symlink while the walk runs (a race an attacker with write access to /tmp can
/// try) is refused at open, and a name swapped for a symlink is unlinked itself, never its target — unlink
/// does not follow. Symlinks, sockets, FIFOs and devices are left alone; the walk is bounded in depth and entries.
/// </summary>
internal static partial class TempCleaner
{
    public const int MaxDepth = 32;
    public const int MaxEntries = 200_000;

    /// <summary>
    /// O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC. O_DIRECTORY and O_NOFOLLOW differ by architecture
    /// (x86: 0200000 and 0400000 octal; arm and arm64: 040000 and 0100000); O_CLOEXEC is 02000000 on both.
    /// </summary>
    private static readonly int DirectoryNoFollow =
        (RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 | 0x8000 : 0x10000 | 0x20000) | 0x80000;

    /// <exception cref="IOException">The directory cannot be opened (missing, a symlink, not a directory).</exception>
    public static TempCleanResult Clean(string root, DateTimeOffset cutoff, int maxEntries = MaxEntries)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("clean-temp walks directories through /proc/self/fd; it runs on Linux only.");
        }
        // The root itself must not be a symlink either: O_NOFOLLOW applies to its last component.
        int fd = Open(Path.TrimEndingDirectorySeparator(root), DirectoryNoFollow);
        if (fd < 0)
        {
            throw new IOException($"cannot open {root} as a directory without following a symlink (errno {Marshal.GetLastPInvokeError()})");
        }
        var walk = new Walk(cutoff.ToUnixTimeMilliseconds() * 1_000_000, maxEntries);
        try
        {
            walk.Directory(fd, 0);
        }
        finally
        {
            _ = Close(fd); // a read-only directory descriptor: nothing to flush, nothing to report
        }
        return new TempCleanResult(walk.Deleted, walk.Bytes, walk.SkippedLinks, walk.Errors, walk.Truncated);
    }

    private sealed class Walk(long cutoffNanoseconds, int maxEntries)
    {
        private int _visited;

        public int Deleted { get; private set; }

        public long Bytes { get; private set; }

        public int SkippedLinks { get; private set; }

        public int Errors { get; private set; }

        public bool Truncated { get; private set; }

        public void Directory(int fd, int depth)
        {
            string dir = "/proc/self/fd/" + fd.ToString(System.Globalization.CultureInfo.InvariantCulture);
            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = [.. new DirectoryInfo(dir).EnumerateFileSystemInfos()];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Errors++;
                return;
            }
            foreach (FileSystemInfo entry in entries)
            {
                if (++_visited > maxEntries)
                {
                    Truncated = true;
                    return;
                }
                string path = dir + "/" + entry.Name;
                try
                {
                    if (entry.LinkTarget is not null)
                    {
                        SkippedLinks++;
                    }
                    else if (entry is DirectoryInfo)
                    {
                        if (depth + 1 >= MaxDepth)
                        {
                            continue;
                        }
                        int child = Open(path, DirectoryNoFollow);
                        if (child < 0)
                        {
                            // Swapped for a symlink since it was listed (ELOOP), or gone.
                            Errors++;
                            continue;
                        }
                        try
                        {
                            Directory(child, depth + 1);
                        }
                        finally
                        {
                            _ = Close(child);
                        }
                    }
                    else if (FileStatusReader.TryGet(path) is { IsRegularFile: true } status && status.ModifiedNanoseconds < cutoffNanoseconds)
                    {
                        // unlink(2) of a name in the directory held open: a symlink put here meanwhile is removed itself, its target never.
                        File.Delete(path);
                        Deleted++;
                        Bytes += status.Size;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Errors++;
                }
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
