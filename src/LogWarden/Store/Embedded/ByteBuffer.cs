using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace LogWarden.Store.Embedded;

/// <summary>A growable byte array written front to back: the encoder's columns and scratch space.</summary>
internal sealed class ByteBuffer(int capacity = 256)
{
    private byte[] _data = new byte[Math.Max(capacity, 16)];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _data.AsSpan(0, Length);

    public int Capacity => _data.Length;

    public void Clear() => Length = 0;

    /// <summary>Forgets everything and gives back a large array, so a spike does not stay resident.</summary>
    public void Reset(int keepCapacity)
    {
        Length = 0;
        if (_data.Length > keepCapacity)
        {
            _data = new byte[keepCapacity];
        }
    }

    public void Truncate(int length) => Length = length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteByte(byte value)
    {
        if (Length == _data.Length)
        {
            Grow(1);
        }
        _data[Length++] = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarint(ulong value)
    {
        if (_data.Length - Length < 10)
        {
            Grow(10);
        }
        byte[] data = _data;
        int n = Length;
        while (value >= 0x80)
        {
            data[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        data[n++] = (byte)value;
        Length = n;
    }

    /// <summary>Zig-zag: small magnitudes of either sign take few bytes.</summary>
    public void WriteSignedVarint(long value) => WriteVarint((ulong)((value << 1) ^ (value >> 63)));

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_data.Length - Length < bytes.Length)
        {
            Grow(bytes.Length);
        }
        bytes.CopyTo(_data.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Writes a length-prefixed byte string.</summary>
    public void WriteBlob(ReadOnlySpan<byte> bytes)
    {
        WriteVarint((ulong)bytes.Length);
        Write(bytes);
    }

    public void WriteInt64LittleEndian(long value) => BinaryPrimitives.WriteInt64LittleEndian(GetSpan(8), value);

    /// <summary>Room for at least <paramref name="size"/> bytes at the end; follow with <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int size)
    {
        if (_data.Length - Length < size)
        {
            Grow(size);
        }
        return _data.AsSpan(Length);
    }

    public void Advance(int count) => Length += count;

    private void Grow(int needed)
    {
        long wanted = Math.Max((long)_data.Length * 2, (long)Length + needed);
        if (wanted > Array.MaxLength)
        {
            wanted = (long)Length + needed <= Array.MaxLength ? Array.MaxLength : throw new InvalidOperationException("buffer over 2 GiB");
        }
        Array.Resize(ref _data, (int)wanted);
    }
}

/// <summary>Reads what <see cref="ByteBuffer"/> wrote; any read past the end is damaged data.</summary>
internal ref struct VarintReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly int Position => _position;

    public readonly bool AtEnd => _position >= _data.Length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarint()
    {
        ulong result = 0;
        int shift = 0;
        while (true)
        {
            if ((uint)_position >= (uint)_data.Length || shift > 63)
            {
                throw Damaged();
            }
            byte b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
            shift += 7;
        }
    }

    public long ReadSignedVarint()
    {
        ulong v = ReadVarint();
        return (long)(v >> 1) ^ -(long)(v & 1);
    }

    /// <summary>A varint that must fit a non-negative int (counts, lengths, ids).</summary>
    public int ReadCount()
    {
        ulong v = ReadVarint();
        return v <= int.MaxValue ? (int)v : throw Damaged();
    }

    public byte ReadByte() => (uint)_position < (uint)_data.Length ? _data[_position++] : throw Damaged();

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > _data.Length - _position)
        {
            throw Damaged();
        }
        ReadOnlySpan<byte> s = _data.Slice(_position, count);
        _position += count;
        return s;
    }

    public ReadOnlySpan<byte> ReadBlob() => ReadBytes(ReadCount());

    public long ReadInt64LittleEndian() => BinaryPrimitives.ReadInt64LittleEndian(ReadBytes(8));

    public static InvalidDataException Damaged() => new("stored log data is damaged (read past its end)");
}
