using System.Text;

namespace LogWarden.Collect.LokiPush;

/// <summary>
/// The protobuf wire format read straight from a span: tags, varints, fixed fields and length-delimited
/// fields, with the position as the only state. Used instead of <c>CodedInputStream</c> where a field's
/// bytes are worth looking at before (or instead of) making a string of them: the agents' <c>lw_seq</c>
/// metadata is parsed from its digits, not materialised as two strings and a list per entry. Every read
/// is bounds-checked: a body that ends inside a field is a <see cref="LokiPushException"/>, never a read
/// past the buffer.
/// </summary>
internal ref struct ProtoWireReader
{
    private readonly ReadOnlySpan<byte> _data;

    public ProtoWireReader(ReadOnlySpan<byte> data)
    {
        _data = data;
    }

    public int Position { get; private set; }

    public readonly int Length => _data.Length;

    /// <summary>The next tag, or 0 at the end of the input (a tag whose field number is 0 is an error).</summary>
    public uint ReadTagOrEnd()
    {
        if (Position >= _data.Length)
        {
            return 0;
        }
        ulong tag = ReadVarint();
        if (tag >> 3 == 0 || tag > uint.MaxValue)
        {
            throw Bad($"invalid tag {tag}");
        }
        return (uint)tag;
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (Position >= _data.Length)
            {
                throw Bad("it ends inside a varint");
            }
            byte b = _data[Position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw Bad("a varint is longer than ten bytes");
    }

    /// <summary>A length prefix: the bytes that follow, checked to fit in <paramref name="end"/>.</summary>
    public int ReadLength(int end, string field)
    {
        ulong length = ReadVarint();
        if (length > (ulong)(end - Position))
        {
            throw Bad($"{field} claims {length} bytes, more than its message holds");
        }
        return (int)length;
    }

    /// <summary>The bytes of a length-delimited field, the position moved past them.</summary>
    public ReadOnlySpan<byte> ReadBytes(int end, string field)
    {
        int length = ReadLength(end, field);
        ReadOnlySpan<byte> bytes = _data.Slice(Position, length);
        Position += length;
        return bytes;
    }

    /// <summary>A UTF-8 string field (invalid sequences become U+FFFD, as protobuf's own reader does).</summary>
    public string ReadString(int end, string field)
    {
        ReadOnlySpan<byte> bytes = ReadBytes(end, field);
        return bytes.IsEmpty ? string.Empty : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Skips the field whose <paramref name="tag"/> was just read (unknown fields, as protobuf requires).</summary>
    public void Skip(uint tag, int end)
    {
        switch (tag & 7)
        {
            case 0:
                ReadVarint();
                break;
            case 1:
                Advance(8, end);
                break;
            case 2:
                Advance(ReadLength(end, "a field"), end);
                break;
            case 5:
                Advance(4, end);
                break;
            default:
                throw Bad($"wire type {tag & 7} is not supported");
        }
    }

    private void Advance(int bytes, int end)
    {
        if (bytes > end - Position)
        {
            throw Bad("a field runs past the end of its message");
        }
        Position += bytes;
    }

    public static LokiPushException Bad(string why) => new("bad protobuf body: " + why);
}
