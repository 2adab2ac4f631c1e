using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace LogWarden.Collect.HostMetrics;

/// <summary>
/// Reads procfs text files into one reusable buffer, line by line, with no allocation per line or per file
/// beyond the file handle. procfs reports a size of 0, so files are read until a read returns nothing.
/// Large files (/proc/net/tcp on a busy server holds one 150-byte line per socket) are read in chunks:
/// the buffer only ever needs to hold the longest line (the "intr" line of /proc/stat grows with the
/// number of interrupts), and a line longer than <see cref="MaxLineBytes"/> is skipped.
/// </summary>
internal sealed class ProcFileReader : IDisposable
{
    private const int InitialBytes = 16 * 1024;
    private const int MaxLineBytes = 1 << 20;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBytes);
    private SafeFileHandle? _handle;
    private long _fileOffset;
    private int _start;
    private int _end;
    private bool _endOfFile;

    /// <summary>Opens <paramref name="path"/>; false when it does not exist or cannot be read (a process that just exited).</summary>
    public bool Open(string path)
    {
        Close();
        try
        {
            _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        _fileOffset = 0;
        _start = 0;
        _end = 0;
        _endOfFile = false;
        return true;
    }

    /// <summary>The next line without its '\n'; valid until the next call. False at the end of the file.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        int scanned = 0;
        while (true)
        {
            int newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = _buffer.AsSpan(_start, scanned + newline);
                _start += scanned + newline + 1;
                return true;
            }

            scanned = _end - _start;
            if (_endOfFile)
            {
                line = _buffer.AsSpan(_start, scanned);
                _start = _end;
                return scanned > 0;
            }

            if (scanned >= MaxLineBytes)
            {
                // Drop the over-long line's bytes read so far; the rest is dropped up to its newline.
                _start = _end;
                scanned = 0;
                SkipToNextLine();
                continue;
            }

            Fill();
        }
    }

    /// <summary>The whole (small) file: /proc/[pid]/stat, cmdline, loadavg. Valid until the next call.</summary>
    public bool TryReadAll(string path, int maxBytes, out ReadOnlySpan<byte> content)
    {
        content = default;
        if (!Open(path))
        {
            return false;
        }

        while (!_endOfFile && _end - _start < maxBytes)
        {
            Fill();
        }

        Close();

        content = _buffer.AsSpan(_start, Math.Min(_end - _start, maxBytes));
        return true;
    }

    private void SkipToNextLine()
    {
        while (!_endOfFile)
        {
            Fill();
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start += newline + 1;
                return;
            }

            _start = _end;
        }
    }

    private void Fill()
    {
        int pending = _end - _start;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            _start = 0;
            _end = pending;
        }

        if (_buffer.Length - _end < 4096)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        int read;
        try
        {
            read = _handle is null ? 0 : RandomAccess.Read(_handle, _buffer.AsSpan(_end), _fileOffset);
        }
        catch (IOException)
        {
            read = 0; // ESRCH: the process exited between open and read; what was read stands
        }

        if (read == 0)
        {
            _endOfFile = true;
        }

        _fileOffset += read;
        _end += read;
    }

    private void Close()
    {
        _handle?.Dispose();
        _handle = null;
    }

    public void Dispose()
    {
        Close();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
