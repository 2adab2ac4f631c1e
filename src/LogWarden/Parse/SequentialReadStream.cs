namespace LogWarden.Parse;

/// <summary>
/// A stream that reads another one front to back and owns it: a decompressor, a replayed prefix, a
/// wrapper that watches the bytes go by. Seeking, length, position and writing are unsupported, so a
/// subclass writes only <see cref="Read(Span{byte})"/>; disposing it disposes <see cref="Source"/>.
/// </summary>
internal abstract class SequentialReadStream(Stream source) : Stream
{
    /// <summary>The stream read from; disposed with this one.</summary>
    protected Stream Source { get; } = source;

    public abstract override int Read(Span<byte> buffer);

    // Both overloads end in the span one, so a subclass cannot leave one of them reading differently.
    public sealed override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Source.Dispose();
        }

        base.Dispose(disposing);
    }
}
