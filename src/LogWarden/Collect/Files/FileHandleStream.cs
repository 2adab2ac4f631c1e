using Microsoft.Win32.SafeHandles;

namespace LogWarden.Collect.Files;

/// <summary>
/// Reads a file handle from a given offset with positional reads (pread), leaving the handle open: the
/// source keeps one handle per followed file for as long as it follows it (that is how a renamed or
/// deleted file is read to its end) and puts a short-lived reader on it for each round of reading.
/// </summary>
/// <remarks>
/// With <paramref name="stillSame"/>, every read is checked after it returns: a file truncated and written again
/// in place (copytruncate) between two reads, or before the first, may have given bytes of its new content from
/// our old offset, the middle of a line. Then the stream ends there, without those bytes, and
/// <see cref="Replaced"/> says why: what was read before the check is the old content's.
/// </remarks>
internal sealed class FileHandleStream(SafeFileHandle handle, long position, Func<bool>? stillSame = null) : Stream
{
    private long _position = position;

    /// <summary>The content was found replaced after a read; the stream ended without that read's bytes.</summary>
    public bool Replaced { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (Replaced)
        {
            return 0;
        }

        int read = RandomAccess.Read(handle, buffer, _position);
        if (read > 0 && stillSame is not null && !stillSame())
        {
            Replaced = true;
            return 0;
        }

        _position += read;
        return read;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
