using Microsoft.Win32.SafeHandles;

namespace LogWarden.Collect.Files;

/// <summary>
/// Reads a file handle from a given offset with positional reads (pread), leaving the handle open: the
/// source keeps one handle per followed file for as long as it follows it (that is how a renamed or
/// deleted file is read to its end) and puts a short-lived reader on it for each round of reading.
/// </summary>
internal sealed class FileHandleStream(SafeFileHandle handle, long position) : Stream
{
    private long _position = position;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = RandomAccess.Read(handle, buffer, _position);
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
