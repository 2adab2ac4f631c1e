namespace LogWarden.Collect.LokiPush;

/// <summary>
/// Checks that a snappy block ends where its elements say it ends. Snappier decodes a block until its output
/// is full and ignores whatever follows, so a body of random bytes whose first byte is 0 (a block of zero
/// bytes) would pass as an empty push and be answered 204. Loki's decoder (golang/snappy) reads elements
/// until the input ends and refuses a block whose output is not exactly the length in its header; this walk
/// does the same over the element headers, without writing anything.
/// </summary>
internal static class SnappyExtent
{
    /// <summary>Returns null when the elements of <paramref name="block"/> produce exactly its header's length and end at its last byte; else the reason.</summary>
    public static string? Check(ReadOnlySpan<byte> block)
    {
        int at = 0;
        ulong expected = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (at == block.Length || shift > 28)
            {
                return "bad length header";
            }
            byte b = block[at++];
            expected |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }
        }

        ulong produced = 0;
        while (at < block.Length)
        {
            byte tag = block[at++];
            long length;
            int extra;
            switch (tag & 3)
            {
                case 0: // literal: the length is in the tag, or in 1–4 bytes after it
                    int inTag = tag >> 2;
                    if (inTag < 60)
                    {
                        length = inTag + 1;
                    }
                    else
                    {
                        int bytes = inTag - 59;
                        if (block.Length - at < bytes)
                        {
                            return "a literal's length is cut off";
                        }
                        long value = 0;
                        for (int i = 0; i < bytes; i++)
                        {
                            value |= (long)block[at + i] << (8 * i);
                        }
                        at += bytes;
                        length = value + 1;
                    }
                    if (block.Length - at < length)
                    {
                        return "a literal is cut off";
                    }
                    at += (int)length;
                    produced += (ulong)length;
                    break;
                case 1: // copy with a 1-byte offset
                    length = 4 + ((tag >> 2) & 7);
                    extra = 1;
                    goto Copy;
                case 2: // copy with a 2-byte offset
                    length = 1 + (tag >> 2);
                    extra = 2;
                    goto Copy;
                default: // copy with a 4-byte offset
                    length = 1 + (tag >> 2);
                    extra = 4;
                Copy:
                    if (block.Length - at < extra)
                    {
                        return "a copy's offset is cut off";
                    }
                    at += extra;
                    produced += (ulong)length;
                    break;
            }
            if (produced > expected)
            {
                return "the block holds more than its header says";
            }
        }
        return produced == expected ? null : "the block holds less than its header says";
    }
}
