using System.Globalization;
using System.Text;

namespace LogWarden.Respond;

/// <summary>
/// A snapshot of the machine for an incident, read from /proc and the mounted file systems (no `ps`, no
/// `df`, no shell): the top processes by CPU time and by resident memory, the memory summary, the disk
/// usage of each mounted file system, the largest directories under the configured roots; the unit's
/// recent journal comes from the caller (journalctl argv).
/// </summary>
internal static class HostDiagnostics
{
    private const int TopProcesses = 10;
    private const int TopDirectories = 10;

    /// <summary>Directories deeper than this below a root are counted into their ancestor at this depth, not listed.</summary>
    private const int ListedDepth = 3;

    /// <summary>Entries one capture visits at most: a root with millions of files costs bounded time, and the list says it stopped.</summary>
    public const int MaxEntries = 200_000;

    /// <summary>
    /// The largest directories (with everything below them) under <paramref name="roots"/>, by apparent file
    /// size, down to <see cref="ListedDepth"/> levels. Symlinks are neither followed nor counted, other file
    /// systems mounted below a root are not entered (as `du -x`), and at most <paramref name="maxEntries"/> entries are visited.
    /// </summary>
    public static string LargestDirectories(IEnumerable<string> roots, int maxEntries = MaxEntries)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        int visited = 0;
        bool truncated = false;
        foreach (string root in roots)
        {
            if (!Directory.Exists(root) || new DirectoryInfo(root).LinkTarget is not null)
            {
                continue;
            }
            var options = new EnumerationOptions
            {
                RecurseSubdirectories = true,
                IgnoreInaccessible = true,
                AttributesToSkip = FileAttributes.ReparsePoint, // symlinks: not followed into, not counted
                ReturnSpecialDirectories = false,
            };
            string prefix = Path.TrimEndingDirectorySeparator(root);
            foreach (FileInfo file in new DirectoryInfo(root).EnumerateFiles("*", options))
            {
                if (++visited > maxEntries)
                {
                    truncated = true;
                    break;
                }
                // Charge the file to each ancestor directory up to ListedDepth below the root (and the root).
                string dir = file.DirectoryName ?? prefix;
                string relative = Path.GetRelativePath(prefix, dir);
                string[] parts = relative == "." ? [] : relative.Split('/');
                string at = prefix;
                sizes[at] = sizes.GetValueOrDefault(at) + file.Length;
                for (int i = 0; i < Math.Min(parts.Length, ListedDepth); i++)
                {
                    at = at + "/" + parts[i];
                    sizes[at] = sizes.GetValueOrDefault(at) + file.Length;
                }
            }
            if (truncated)
            {
                break;
            }
        }
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"largest directories under {string.Join(", ", roots)}{(truncated ? $" (stopped after {maxEntries:N0} files)" : "")}:");
        foreach ((string dir, long bytes) in sizes.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(TopDirectories))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {bytes / (1024.0 * 1024),10:0.0} MiB  {dir}");
        }
        return text.ToString();
    }

    public static string Capture(string proc = "/proc")
    {
        var text = new StringBuilder();
        List<ProcessSample> processes = ReadProcesses(proc);
        text.AppendLine("top processes by CPU time (user+system, seconds since start):");
        foreach (ProcessSample p in processes.OrderByDescending(p => p.CpuTicks).Take(TopProcesses))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {p.Pid,7}  {p.CpuTicks / 100.0,10:0.0} s  {p.RssKiB / 1024.0,9:0.0} MiB  {p.Name}");
        }
        text.AppendLine("top processes by resident memory:");
        foreach (ProcessSample p in processes.OrderByDescending(p => p.RssKiB).Take(TopProcesses))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {p.Pid,7}  {p.RssKiB / 1024.0,9:0.0} MiB  {p.Name}");
        }
        text.AppendLine("memory:");
        foreach (string line in ReadLines(Path.Combine(proc, "meminfo")))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal) || line.StartsWith("MemAvailable:", StringComparison.Ordinal)
                || line.StartsWith("SwapTotal:", StringComparison.Ordinal) || line.StartsWith("SwapFree:", StringComparison.Ordinal))
            {
                text.AppendLine("  " + line);
            }
        }
        text.AppendLine("disk usage:");
        foreach (DriveInfo drive in DriveInfo.GetDrives())
        {
            try
            {
                if (drive.IsReady && drive.TotalSize > 0 && drive.DriveType is DriveType.Fixed or DriveType.Network)
                {
                    double used = 100.0 * (drive.TotalSize - drive.AvailableFreeSpace) / drive.TotalSize;
                    text.AppendLine(CultureInfo.InvariantCulture, $"  {drive.Name,-30} {used,5:0.0}% used, {drive.AvailableFreeSpace / (1024.0 * 1024 * 1024),8:0.0} GiB free");
                }
            }
            catch (IOException)
            {
                // A mount gone or hung meanwhile: skipped.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }
        return text.ToString();
    }

    private readonly record struct ProcessSample(int Pid, string Name, long CpuTicks, long RssKiB);

    private static List<ProcessSample> ReadProcesses(string proc)
    {
        var result = new List<ProcessSample>();
        IEnumerable<string> dirs;
        try
        {
            dirs = Directory.EnumerateDirectories(proc);
        }
        catch (IOException)
        {
            return result;
        }
        foreach (string dir in dirs)
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // exited meanwhile
            }
            // pid (comm) state ppid …: comm may hold spaces and parentheses, so split after the last ')'.
            int open = stat.IndexOf('(', StringComparison.Ordinal);
            int close = stat.LastIndexOf(')');
            if (open < 0 || close < open)
            {
                continue;
            }
            string[] f = stat[(close + 2)..].Split(' ');
            // Fields after comm: [0]=state … [11]=utime [12]=stime … [21]=rss (pages).
            if (f.Length < 22
                || !long.TryParse(f[11], CultureInfo.InvariantCulture, out long utime)
                || !long.TryParse(f[12], CultureInfo.InvariantCulture, out long stime)
                || !long.TryParse(f[21], CultureInfo.InvariantCulture, out long rssPages))
            {
                continue;
            }
            result.Add(new ProcessSample(pid, stat[(open + 1)..close], utime + stime, rssPages * Environment.SystemPageSize / 1024));
        }
        return result;
    }

    private static string[] ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
