using LogWarden.Explain;

namespace LogWarden.Tests.Explain;

public sealed class IpPseudonymsTests
{
    [Fact]
    public void The_same_address_gets_the_same_alias_and_the_alias_says_its_scope()
    {
        var ips = new IpPseudonyms();
        string text = ips.Replace("from 203.0.113.7 to 10.0.0.5, again 203.0.113.7, v6 2001:db8::1 and ::1 at 09:00:01");
        Assert.Equal("from public-ip-1 to private-ip-1, again public-ip-1, v6 public-ip-2 and loopback-ip-1 at 09:00:01", text);
        Assert.Equal(4, ips.Count);
    }

    [Fact]
    public void Aliases_in_the_answer_map_back_to_the_addresses()
    {
        var ips = new IpPseudonyms();
        ips.Replace("a 198.51.100.1 b 198.51.100.2 … 198.51.100.10");
        for (int i = 3; i <= 10; i++)
        {
            ips.Replace($"198.51.100.{i + 10}");
        }
        Assert.Equal("block 198.51.100.1 and 198.51.100.2; public-ip-99 is unknown", ips.Restore("block public-ip-1 and public-ip-2; public-ip-99 is unknown"));
        // 1, 2, 10 got aliases 1..3, then 13..20 got 4..11: alias 10 is not alias 1 followed by a 0.
        Assert.Equal("198.51.100.10 198.51.100.19", ips.Restore("public-ip-3 public-ip-10"));
    }

    [Fact]
    public void Versions_and_times_are_not_taken_for_addresses()
    {
        var ips = new IpPseudonyms();
        string text = "nginx/1.24.0 openssl 3.0.13 at 12:30:01 build 999.1.1.1 dead:beef";
        Assert.Equal(text, ips.Replace(text));
    }
}
