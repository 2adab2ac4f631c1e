using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace LogWarden.Parse;

/// <summary>
/// Opens another program's log for reading without taking a lock on it. .NET's <c>File.OpenHandle</c> and
/// <c>FileStream</c> put an advisory <c>flock(LOCK_SH)</c> on every file they open on Unix (their emulation of
/// Windows' sharing modes): while we follow a log, a .NET program that opens it with <c>FileShare.None</c> gets
/// an <see cref="IOException"/> from its own logger, and a log that program holds with <c>FileShare.None</c>
/// cannot be opened by us at all. A reader of other programs' files must not change how they behave, so on Linux
/// the file is opened with <c>open(2)</c> directly. The runtime-wide switch that turns the locking off
/// (<c>System.IO.DisableFileLocking</c>) is not used: the store's own <c>writer.lock</c> relies on it.
/// </summary>
internal static unsafe partial class UnlockedFile
{
    private const int ReadOnly = 0; // O_RDONLY
    private const int NoControllingTerminal = 0x100; // O_NOCTTY (0400, the same on x86-64 and arm64)
    private const int NonBlocking = 0x800; // O_NONBLOCK (04000): a FIFO must not block the open; no effect on regular files
    private const int CloseOnExec = 0x80000; // O_CLOEXEC (02000000): a responder's child process must not inherit it
    private const int SetStatusFlags = 4; // F_SETFL
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1; // STATX_TYPE
    private const ushort FileTypeMask = 0xF000; // S_IFMT
    private const ushort RegularFile = 0x8000; // S_IFREG
    private const ushort Directory = 0x4000; // S_IFDIR
    private const int Interrupted = 4; // EINTR
    internal const int NoSuchEntry = 2; // ENOENT
    internal const int NotADirectory = 20; // ENOTDIR
    private const int PermissionDenied = 13; // EACCES
    private const int OperationNotPermitted = 1; // EPERM

    /// <summary>
    /// Opens the regular file <paramref name="path"/> (symlinks followed) for reading, without a lock.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="UnauthorizedAccessException">It may not be read, or it is a directory.</exception>
    /// <exception cref="IOException">It is not a regular file (a FIFO, a device), or another failure.</exception>
    public static SafeFileHandle OpenForReading(string path) =>
        TryOpenRegular(path) ?? throw new IOException($"{path}: not a regular file");

    /// <summary>
    /// Like <see cref="OpenForReading"/>, but null when <paramref name="path"/> is a FIFO, a socket or a device
    /// (which a caller may read another way, e.g. <c>/dev/fd/63</c> of a shell's process substitution).
    /// </summary>
    public static SafeFileHandle? TryOpenRegular(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!OperatingSystem.IsLinux())
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }

        int descriptor;
        do
        {
            descriptor = Open(path, ReadOnly | NoControllingTerminal | NonBlocking | CloseOnExec);
        }
        while (descriptor < 0 && Marshal.GetLastPInvokeError() == Interrupted);

        if (descriptor < 0)
        {
            throw ToException(Marshal.GetLastPInvokeError(), path);
        }

        var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        try
        {
            switch (FileType(handle, path))
            {
                case RegularFile:
                    // O_NONBLOCK only kept a FIFO from blocking the open; cleared so that nothing that inspects
                    // the descriptor's flags (the runtime's FileStream does) takes it for an asynchronous handle.
                    if (Control(descriptor, SetStatusFlags, 0) != 0)
                    {
                        throw ToException(Marshal.GetLastPInvokeError(), path);
                    }

                    return handle;
                case Directory:
                    throw new UnauthorizedAccessException($"{path}: is a directory");
                default:
                    handle.Dispose();
                    return null;
            }
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static ushort FileType(SafeFileHandle handle, string path)
    {
        StatxTypeBuffer buffer;
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (Statx((int)handle.DangerousGetHandle(), "", AtEmptyPath, StatxType, &buffer) != 0)
            {
                throw ToException(Marshal.GetLastPInvokeError(), path);
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        return (ushort)(buffer.Mode & FileTypeMask);
    }

    /// <summary>The exception .NET's own file APIs throw for <paramref name="error"/> (an errno) on <paramref name="path"/>.</summary>
    internal static Exception ToException(int error, string path)
    {
        string message = $"{path}: {Marshal.GetPInvokeErrorMessage(error)}";
        return error switch
        {
            NoSuchEntry or NotADirectory => new FileNotFoundException(message, path),
            PermissionDenied or OperationNotPermitted => new UnauthorizedAccessException(message),
            _ => new IOException(message, error),
        };
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Control(int descriptor, int command, int argument);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, StatxTypeBuffer* buffer);

    /// <summary><c>struct statx</c>: 256 bytes on every architecture; only <c>stx_mode</c> (offset 28) is read here.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxTypeBuffer
    {
        [FieldOffset(28)] public ushort Mode;
    }
}
