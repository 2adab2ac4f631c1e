using System.Text;
using System.Text.Unicode;

namespace LogWarden.Parse;

/// <summary>A path <see cref="LogInput.Enumerate"/> left out, and why.</summary>
/// <param name="IsError">True when the path could not be read (missing, no permission); false when it was skipped on purpose (binary, unsupported compression).</param>
internal readonly record struct SkippedInput(string Path, string Reason, bool IsError);

/// <summary>The files to read, in reading order, and the paths left out.</summary>
internal sealed record LogInputListing(IReadOnlyList<string> Files, IReadOnlyList<SkippedInput> Skipped)
{
    /// <summary>Paths that could not be read at all.</summary>
    public int Errors => Skipped.Count(s => s.IsError);
}

/// <summary>
/// Where log bytes come from: files (plain or gzip), directories of them, and standard input ("-").
/// </summary>
internal static class LogInput
{
    /// <summary>The path that means standard input.</summary>
    public const string StandardInput = "-";

    private const int MagicBytes = 8;
    private const int SniffBytes = 4096;

    // A text log has next to no control bytes and next to no invalid UTF-8, even a Latin-1 one (a few
    // accented letters per line). Compressed or binary data has ~11% control bytes and mostly invalid
    // UTF-8; wtmp/lastlog are mostly NULs. 10% separates the two with a wide margin either side.
    private const double BinaryShare = 0.10;

    /// <summary>
    /// Opens <paramref name="path"/> ("-" for standard input) for reading, decompressing gzip when the
    /// content starts with the gzip magic bytes (1f 8b), whatever the name. Files are opened without a lock
    /// (<see cref="UnlockedFile"/>) so a logger may keep writing and logrotate may rename or delete them.
    /// </summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to read it.</exception>
    /// <exception cref="NotSupportedException">It is compressed in a format other than gzip, or is a journald file.</exception>
    public static Stream Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Stream raw = path == StandardInput
            ? Console.OpenStandardInput()
            : UnlockedFile.TryOpenRegular(path) is { } handle
                ? new FileStream(handle, FileAccess.Read, bufferSize: 0)
                : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0); // a pipe, e.g. /dev/fd/63
        try
        {
            return Unwrap(raw, path);
        }
        catch
        {
            raw.Dispose();
            throw;
        }
    }

    private static Stream Unwrap(Stream raw, string path)
    {
        Span<byte> magic = stackalloc byte[MagicBytes];
        int length = ReadUpTo(raw, magic);
        magic = magic[..length];
        Stream content;
        if (raw.CanSeek)
        {
            raw.Seek(-length, SeekOrigin.Current);
            content = raw;
        }
        else
        {
            content = new ReplayPrefixStream(magic.ToArray(), raw);
        }

        if (magic.StartsWith((ReadOnlySpan<byte>)[0x1f, 0x8b]))
        {
            return new GzipInputStream(content);
        }

        if (UnsupportedFormat(magic) is { } format)
        {
            throw new NotSupportedException(
                $"{path} is {format}: LogWarden reads plain text and gzip only (decompress or export it first and pipe it in with '-').");
        }

        return content;
    }

    /// <summary>Names the binary container a file starts with, for the formats a log directory holds besides text and gzip.</summary>
    private static string? UnsupportedFormat(ReadOnlySpan<byte> magic)
    {
        if (magic.StartsWith("LPKSHHRH"u8))
        {
            return "a journald journal (read it with journalctl -o json)";
        }

        if (magic.StartsWith((ReadOnlySpan<byte>)[0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]))
        {
            return "xz-compressed";
        }

        if (magic.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]))
        {
            return "zstd-compressed";
        }

        if (magic.StartsWith("BZh"u8) && magic.Length > 3 && magic[3] is >= (byte)'1' and <= (byte)'9')
        {
            return "bzip2-compressed";
        }

        if (magic.StartsWith((ReadOnlySpan<byte>)[0x04, 0x22, 0x4D, 0x18]))
        {
            return "lz4-compressed";
        }

        if (magic.StartsWith("PK\x03\x04"u8))
        {
            return "a zip archive";
        }

        return null;
    }

    /// <summary>
    /// Expands <paramref name="paths"/> into the files to read. A file named directly is always read (it
    /// may be a pipe: <c>&lt;(zcat x.gz)</c>); "-" passes through. A directory is walked recursively and
    /// yields its non-empty regular files (symlinked files are followed, symlinked directories are not, so
    /// a link loop cannot recurse), except those that are binary: a journald journal or other compressed
    /// container, or content whose first 4 KiB (after gzip) is over 10% control bytes or invalid UTF-8.
    /// Files that cannot be read are left out as errors. Rotated generations of one log are put oldest
    /// first: <c>syslog.2.gz, syslog.1, syslog</c> and logrotate's dateext <c>syslog-20240301.gz, syslog</c>;
    /// apart from that, directory entries go in ordinal name order and named paths keep their order.
    /// </summary>
    public static LogInputListing Enumerate(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        var skipped = new List<SkippedInput>();
        foreach (string path in paths)
        {
            if (path == StandardInput)
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                WalkDirectory(new DirectoryInfo(path), files, skipped);
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                skipped.Add(new SkippedInput(path, "no such file or directory", IsError: true));
            }
        }

        return new LogInputListing(RotationOrder.Sort(files), skipped);
    }

    private static void WalkDirectory(DirectoryInfo directory, List<string> files, List<SkippedInput> skipped)
    {
        FileSystemInfo[] entries;
        try
        {
            entries = directory.GetFileSystemInfos();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            skipped.Add(new SkippedInput(directory.FullName, ex.Message, IsError: true));
            return;
        }

        Array.Sort(entries, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var subdirectories = new List<DirectoryInfo>();
        foreach (var entry in entries)
        {
            bool isLink = entry.LinkTarget is not null;
            if (entry is DirectoryInfo subdirectory)
            {
                if (!isLink)
                {
                    subdirectories.Add(subdirectory);
                }

                continue;
            }

            var file = isLink ? entry.ResolveLinkTarget(returnFinalTarget: true) as FileInfo : (FileInfo)entry;
            // Pipes, sockets and devices report a size of zero (and opening a pipe would block), as do
            // empty files, which hold no line anyway.
            if (file is not { Exists: true, Length: > 0 })
            {
                continue;
            }

            if (Classify(entry.FullName) is { } skip)
            {
                skipped.Add(skip);
            }
            else
            {
                files.Add(entry.FullName);
            }
        }

        foreach (var subdirectory in subdirectories)
        {
            WalkDirectory(subdirectory, files, skipped);
        }
    }

    /// <summary>Why a file found in a directory should not be read, or null if it should.</summary>
    private static SkippedInput? Classify(string path)
    {
        byte[] sample = new byte[SniffBytes];
        int length;
        try
        {
            using var stream = Open(path);
            length = ReadUpTo(stream, sample);
        }
        catch (NotSupportedException ex)
        {
            return new SkippedInput(path, ex.Message, IsError: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return new SkippedInput(path, ex.Message, IsError: true);
        }

        return LooksBinary(sample.AsSpan(0, length))
            ? new SkippedInput(path, "binary content (not a text log)", IsError: false)
            : null;
    }

    /// <summary>True when over 10% of <paramref name="sample"/> is control bytes or invalid UTF-8.</summary>
    internal static bool LooksBinary(ReadOnlySpan<byte> sample)
    {
        if (sample.IsEmpty)
        {
            return false;
        }

        int control = 0;
        foreach (byte b in sample)
        {
            // Tab, LF, VT, FF, CR and ESC (ANSI colours) are at home in text.
            if ((b < 0x20 && b is not (0x09 or 0x0A or 0x0B or 0x0C or 0x0D or 0x1B)) || b == 0x7F)
            {
                control++;
            }
        }

        int invalid = 0;
        var rest = sample;
        while (!rest.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(rest, out _, out int consumed);
            if (status == System.Buffers.OperationStatus.InvalidData)
            {
                invalid += consumed;
            }
            else if (status == System.Buffers.OperationStatus.NeedMoreData)
            {
                break; // a character cut by the end of the sample
            }

            rest = rest[consumed..];
        }

        return control > sample.Length * BinaryShare || invalid > sample.Length * BinaryShare;
    }

    private static int ReadUpTo(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = stream.Read(buffer[total..]);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>Gives back bytes already read from a stream that cannot seek (stdin, a pipe), then the rest of it.</summary>
    private sealed class ReplayPrefixStream(byte[] prefix, Stream inner) : SequentialReadStream(inner)
    {
        private int _prefixPosition;

        public override int Read(Span<byte> buffer)
        {
            if (_prefixPosition < prefix.Length)
            {
                int count = Math.Min(buffer.Length, prefix.Length - _prefixPosition);
                prefix.AsSpan(_prefixPosition, count).CopyTo(buffer);
                _prefixPosition += count;
                return count;
            }

            return Source.Read(buffer);
        }
    }
}
