using System.Text;
using LogWarden.Collect.LokiPush;
using Snappier;

namespace LogWarden.Tests.Collect.LokiPush;

public sealed class SnappyExtentTests
{
    public static TheoryData<int> Sizes => [0, 1, 59, 60, 61, 300, 70_000, 1 << 20];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Blocks_from_the_compressor_pass(int size)
    {
        // Text with repeats (copies of every offset width) and random runs (long literals).
        var random = new Random(size);
        var bytes = new byte[size];
        for (int i = 0; i < size; i++)
        {
            bytes[i] = i % 4096 < 2048 ? (byte)"the quick brown fox jumps over the lazy dog "[i % 44] : (byte)random.Next(256);
        }
        byte[] block = Snappy.CompressToArray(bytes);

        Assert.Null(SnappyExtent.Check(block));
    }

    [Fact]
    public void Bytes_after_the_block_or_a_cut_block_are_refused()
    {
        byte[] block = Snappy.CompressToArray(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("GET /index.html 200 ", 50))));

        Assert.Equal("the block holds more than its header says", SnappyExtent.Check([.. block, 0x00, 0x41])); // one more literal byte
        Assert.Equal("a literal is cut off", SnappyExtent.Check([.. block, 0x00]));
        Assert.NotNull(SnappyExtent.Check(block.AsSpan(0, block.Length - 1)));
        Assert.Equal("the block holds more than its header says", SnappyExtent.Check([0x00, 0x00, 0x41]));
        Assert.Equal("bad length header", SnappyExtent.Check([]));
        Assert.Equal("bad length header", SnappyExtent.Check([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));
    }

    [Fact]
    public void Random_bodies_that_Snappier_decodes_are_almost_all_refused()
    {
        // Of 200,000 random 4 KiB bodies Snappier decoded ~900 (a zero header and garbage, mostly).
        var random = new Random(7);
        var body = new byte[4096];
        int snappierTook = 0, passed = 0;
        for (int i = 0; i < 20_000; i++)
        {
            random.NextBytes(body);
            if (i % 10 == 0)
            {
                body[0] = 0;
            }
            int size;
            try
            {
                size = Snappy.GetUncompressedLength(body);
                if ((uint)size > 1 << 22) // Snappier reads a header over 2^31 as a negative length
                {
                    continue;
                }
                Snappy.Decompress(body, new byte[size]);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException)
            {
                continue;
            }
            snappierTook++;
            passed += SnappyExtent.Check(body) is null ? 1 : 0;
        }

        Assert.True(snappierTook >= 2_000, $"{snappierTook}");
        Assert.Equal(0, passed);
    }
}
