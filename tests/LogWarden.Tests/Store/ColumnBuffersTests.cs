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
}
