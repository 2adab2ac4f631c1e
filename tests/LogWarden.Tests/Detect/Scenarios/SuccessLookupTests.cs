using LogWarden.Detect.Scenarios;

namespace LogWarden.Tests.Detect.Scenarios;

/// <summary>
/// A success of a scenario keyed by address (web-scan's 2xx requests) looks its bucket up among the live buckets of
/// its client (<see cref="BucketTable.FindSuccess"/>) instead of interning the client and building a key: it must find
/// exactly the bucket the key finds, with the client given as a slice of the line or as a string, after evictions and
/// removals too.
/// </summary>
public sealed class SuccessLookupTests
{
    private static readonly string[] Addresses = ["203.0.113.7", "203.0.113.70", "2001:db8::1", "198.51.100.2", "10.0.0.1"];
    private static readonly string?[] Hosts = ["web", "api", null];

    [Theory]
    [InlineData(64)] // every bucket stays
    [InlineData(5)] // most are evicted again, least recently touched first
    public void A_success_finds_the_bucket_its_key_finds(int capacity)
    {
        var options = new ScenarioOptions();
        var runtimes = ScenarioCatalog.BuiltIn.Scenarios.Select((d, i) => new ScenarioRuntime(d, i, options)).ToArray();
        var scan = runtimes.First(r => r.HasSuccess && r.KeyedByAddress);
        var bruteForce = runtimes.First(r => !r.HasSuccess && r.KeyedByAddress);
        var table = new BucketTable(capacity);
        var values = new RecentValues();
        long ticks = 0;

        // Buckets of four of the five addresses on two hosts and none, and one of another scenario on each address.
        foreach (string address in Addresses.Take(4))
        {
            foreach (string? host in Hosts)
            {
                foreach (var scenario in new[] { scan, bruteForce })
                {
                    var e = new ScenarioEvent { Address = address, Host = host };
                    Assert.True(scenario.TryKey(e, out var key));
                    table.Add(key, scenario, ticks++, _ => { });
                }
            }
        }

        int found = 0;
        foreach (string address in Addresses.Append(""))
        {
            foreach (string? host in Hosts.Append("other"))
            {
                foreach (bool slice in new[] { true, false })
                {
                    var e = new ScenarioEvent { Host = host };
                    if (slice)
                    {
                        e.SetAddress(("client " + address).AsMemory(7), values);
                    }
                    else
                    {
                        e.Address = address;
                    }

                    var success = table.FindSuccess(scan, e); // first: the slice is still a slice here
                    var expected = scan.TryKey(e, out var key) && table.TryPeek(key, out var bucket) ? bucket : null;
                    Assert.Same(expected, success);
                    found += success is null ? 0 : 1;
                }
            }
        }

        Assert.True(found > 0);
        Assert.Null(table.FindSuccess(scan, new ScenarioEvent { Address = null, Host = "web" }));

        // Removed buckets are no longer found, and their client no longer may be held.
        var first = new ScenarioEvent { Address = Addresses[3], Host = "web" };
        Assert.True(scan.TryKey(first, out var firstKey));
        if (table.TryPeek(firstKey, out var live) && live is not null)
        {
            table.Remove(live);
        }

        Assert.Null(table.FindSuccess(scan, first));
        table.Walk(_ => false);
        Assert.Equal(0, table.Count);
        Assert.False(table.MayHoldAddress(scan, Addresses[0]));
        Assert.Null(table.FindSuccess(scan, new ScenarioEvent { Address = Addresses[0], Host = "web" }));
    }
}
