using System.Text;
using LogWarden.Store.Embedded;

namespace LogWarden.Tests.Store;

public sealed class ByteStringTableTests
{
    [Fact]
    public void Keys_get_dense_indexes_in_order_of_first_appearance_through_growth_and_clearing()
    {
        var table = new ByteStringTable();
        for (int round = 0; round < 2; round++)
        {
            // 5,000 keys: the bucket array and the entries grow many times; the empty key and prefixes of
            // one another are distinct keys.
            var keys = Enumerable.Range(0, 5_000).Select(i => Encoding.UTF8.GetBytes(i % 7 == 0 ? new string('x', i % 50) + i : "k" + i)).ToArray();
            keys[0] = [];
            for (int i = 0; i < keys.Length; i++)
            {
                Assert.Equal(i, table.GetOrAdd(keys[i]));
            }
            Assert.Equal(keys.Length, table.Count);
            for (int i = keys.Length - 1; i >= 0; i--)
            {
                Assert.Equal(i, table.GetOrAdd(keys[i]));
                Assert.True(table[i].SequenceEqual(keys[i]));
            }
            Assert.Equal(keys.Length, table.Count);
            table.Clear(keepArenaBytes: round == 0 ? 0 : 1 << 20);
            Assert.Equal(0, table.Count);
            Assert.Equal(0, table.GetOrAdd("k4999"u8));
            table.Clear(keepArenaBytes: 0);
        }
    }
}
