using LogWarden.Parse;
using LogWarden.Store.Embedded;

namespace LogWarden.Tests.Store;

public sealed class ColumnBuffersTests
{
    [Fact]
    public void Returned_buffers_come_back_empty_and_the_largest_first()
    {
        var pool = new ColumnBuffers();
        ByteBuffer small = pool.Rent();
        ByteBuffer large = pool.Rent();
        large.Write(new byte[100_000]);
        small.WriteByte(7);
        pool.Return(small);
        pool.Return(large);
        Assert.True(pool.SpareBytes >= 100_000);

        ByteBuffer first = pool.Rent();
        Assert.Same(large, first);
        Assert.Equal(0, first.Length);
        Assert.Same(small, pool.Rent());
        Assert.Equal(0, pool.SpareBytes);
        Assert.NotSame(small, pool.Rent()); // empty pool: a new buffer
    }

    [Fact]
    public void Columns_with_leading_zeros_do_not_grow_the_pool_block_after_block()
    {
        var builder = new BlockBuilder();
        var time = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
        long sequence = 1;
        var spare = new List<int>();
        for (int block = 0; block < 10; block++)
        {
            for (int i = 0; i < 200; i++)
            {
                builder.Add(sequence++, time, $"job 00{i % 7} took 0{i % 90 + 10} ms", 1, Severity.Info, streamId: 1);
            }
            builder.Clear();
            spare.Add(builder.SpareColumnBuffers);
        }
        // One logtype with two zero-padded integers: template, level, two values and two zero counts.
        Assert.All(spare, count => Assert.Equal(6, count));
    }

    [Fact]
    public void A_block_with_many_logtypes_does_not_leave_its_buffers_to_the_next_ones()
    {
        var builder = new BlockBuilder();
        var time = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
        long sequence = 1;
        for (int i = 0; i < 50; i++)
        {
            string word = new((char)('g' + i % 20), 1 + i / 20); // letters only: 50 logtypes, not one with a variable
            builder.Add(sequence++, time, $"kind {word} value {i}", 1, Severity.Info, streamId: 1);
        }
        builder.Clear();
        Assert.True(builder.SpareColumnBuffers >= 100, $"{builder.SpareColumnBuffers} buffers after 50 logtypes");

        builder.Add(sequence++, time, "one kind value 3", 1, Severity.Info, streamId: 1);
        builder.Clear();
        Assert.Equal(3, builder.SpareColumnBuffers);
    }

    [Fact]
    public void Trim_keeps_the_largest_of_what_was_out_at_once()
    {
        var pool = new ColumnBuffers();
        ByteBuffer a = pool.Rent(), b = pool.Rent(), c = pool.Rent();
        b.Write(new byte[1000]);
        pool.Return(a);
        pool.Return(b);
        pool.Return(c);
        pool.TrimToLastUse();
        Assert.Equal(3, pool.SpareCount);

        ByteBuffer only = pool.Rent();
        Assert.Same(b, only);
        pool.Return(only);
        pool.TrimToLastUse();
        Assert.Equal(1, pool.SpareCount);
        Assert.Same(b, pool.Rent());
    }

    [Fact]
    public void A_returned_buffer_keeps_about_what_its_column_used()
    {
        var pool = new ColumnBuffers();
        ByteBuffer buffer = pool.Rent();
        buffer.Write(new byte[65_536]);
        pool.Return(buffer);
        Assert.Equal(65_536, pool.SpareBytes);

        buffer = pool.Rent();
        buffer.Write(new byte[100]);
        pool.Return(buffer);
        Assert.Equal(128, pool.SpareBytes); // the next power of two over what was written

        buffer = pool.Rent();
        buffer.Write(new byte[100]);
        pool.Return(buffer);
        Assert.Equal(128, pool.SpareBytes); // a buffer that fits its use is kept as it is
    }
}
