using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace LogWarden.Store.Postgres;

/// <summary>
/// PostgreSQL's binary COPY format written by hand into one pooled buffer and sent through Npgsql's raw copy
/// stream (<c>BeginRawBinaryCopy</c>) in 64 KiB writes. <c>NpgsqlBinaryImporter</c> resolves a type converter and
/// steps an async state machine for every value (7 per line: most of the store's CPU per line in the central-pg
/// bench); here a row is a few big-endian stores and one UTF-8 encode into the buffer, nothing allocated.
/// Format (PostgreSQL docs, "COPY … Binary Format"): the 11-byte signature, flags and header-extension
/// length (both 0); per row the field count (int16), then per field its length (int32) and its bytes in
/// network order (text as UTF-8); the trailer -1 (int16).
/// </summary>
internal sealed class CopyRowWriter : IDisposable
{
    private const int FlushAt = 64 * 1024;

    // "PGCOPY\n\xff\r\n\0" (0xFF is a byte, not a character: no u8 literal).
    private static ReadOnlySpan<byte> Signature => [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00];

    private readonly Stream _copy;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(FlushAt * 2);
    private int _used;

    public CopyRowWriter(Stream copy)
    {
        _copy = copy;
        Signature.CopyTo(_buffer);
        _used = Signature.Length;
        Int32(0); // flags: no OIDs
        Int32(0); // header extension length
    }

    /// <summary>Starts a row of <paramref name="fields"/> values.</summary>
    public void StartRow(short fields)
    {
        if (_used >= FlushAt)
        {
            Flush();
        }
        Int16(fields);
    }

    public void Bigint(long value)
    {
        Int32(8);
        Room(8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_used), value);
        _used += 8;
    }

    public void Integer(int value)
    {
        Int32(4);
        Int32(value);
    }

    public void Smallint(short value)
    {
        Int32(2);
        Int16(value);
    }

    /// <summary>A text value as UTF-8 (the caller keeps NUL out: PostgreSQL's text cannot hold it; a lone surrogate becomes U+FFFD).</summary>
    public void Text(string value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        Room(4 + max);
        int length = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_used + 4));
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), length);
        _used += 4 + length;
    }

    /// <summary>A bytea value.</summary>
    public void Bytea(ReadOnlySpan<byte> value)
    {
        Int32(value.Length);
        Room(value.Length);
        value.CopyTo(_buffer.AsSpan(_used));
        _used += value.Length;
    }

    /// <summary>A NULL value.</summary>
    public void Null() => Int32(-1);

    /// <summary>Writes the trailer and what is buffered; the caller then ends the COPY (disposing Npgsql's stream).</summary>
    public void Complete()
    {
        Int16(-1);
        Flush();
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Int16(short value)
    {
        Room(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_used), value);
        _used += 2;
    }

    private void Int32(int value)
    {
        Room(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), value);
        _used += 4;
    }

    /// <summary>Makes room for <paramref name="bytes"/> more: flushes, and grows the buffer for a value larger than it.</summary>
    private void Room(int bytes)
    {
        if (_buffer.Length - _used >= bytes)
        {
            return;
        }
        Flush();
        if (_buffer.Length < bytes)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(bytes);
        }
    }

    private void Flush()
    {
        if (_used > 0)
        {
            _copy.Write(_buffer, 0, _used);
            _used = 0;
        }
    }
}
