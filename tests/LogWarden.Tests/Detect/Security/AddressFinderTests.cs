using LogWarden.Detect.Security;

namespace LogWarden.Tests.Detect.Security;

public sealed class AddressFinderTests
{
    private static string? Find(string text) => AddressFinder.Find(text, SecurityDefinitions.Default.Cues)?.Value;

    [Theory]
    [InlineData("Failed password for root from 203.0.113.7 port 51022 ssh2", "203.0.113.7")]
    [InlineData("Failed password for root from 2001:db8::7 port 51022 ssh2", "2001:db8::7")]
    [InlineData("ROOT LOGIN REFUSED FROM ::ffff:192.0.2.4", "192.0.2.4")]
    [InlineData("ejabberd: Failed c2s PLAIN authentication for x@example.ch from ::FFFF:192.0.2.3: Invalid username", "192.0.2.3")]
    [InlineData("haproxy: 2001:db8::1234:58430 [14/Nov/2015:22:45:11.608] main main/<NOSRV> 401", "2001:db8::1234")]
    [InlineData("[client [2606:2800:220:1:248:1893:25c8:1946]:51548] AH01637: Authorization failed", "2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("error: PAM: Authentication failure for bob from 192.030.0.6", "192.30.0.6")]
    [InlineData("client @0x7f00 192.0.2.97#53000 (example.com): query (cache) denied", "192.0.2.97")]
    [InlineData("res=failed remote host [ipv4:192.0.2.106:50000] mapped to x. local host [ipv4:10.0.0.1:445]", "192.0.2.106")]
    [InlineData("SecurityEvent=\"InvalidPassword\",LocalAddress=\"IPV4/UDP/10.0.0.1/5060\",RemoteAddress=\"IPV4/UDP/192.0.2.16/5084\"", "192.0.2.16")]
    public void Reads_ipv4_ipv6_mapped_and_port_forms(string text, string expected) => Assert.Equal(expected, Find(text));

    [Theory]
    // a port glued on with a dot (tcpdump, pf, SOCKS servers) or '@'; the first of a "source destination" pair of endpoints
    [InlineData("tcp/accept ]: 203.0.113.21.51234 192.0.2.10.1080: error after reading 3 bytes", "203.0.113.21")]
    [InlineData("ACL, denied, action transfer, remote 203.0.113.22@51234 TCP, key none", "203.0.113.22")]
    [InlineData("connect from 203.0.113.23.40000.", "203.0.113.23")]
    public void Reads_an_address_with_its_port_glued_on(string text, string expected) => Assert.Equal(expected, Find(text));

    [Theory]
    // dotted numbers that are no address and port: a version, an OID, a reverse DNS name
    [InlineData("loaded module version 1.2.3.4.5.6")]
    [InlineData("trap oid 1.3.6.1.4.1.9.9.41")]
    [InlineData("lookup 4.113.0.203.in-addr.arpa failed")]
    [InlineData("build 10.0.19041.100000 started")]
    public void A_longer_dotted_number_is_no_address(string text) => Assert.Null(Find(text));

    [Theory]
    // this machine's addresses: local keys, arrows, interfaces, HELO names, "to"/"via"/"on"
    [InlineData("Disconnected (auth failed, 1 attempts): user=<x>, rip=192.0.2.44, lip=10.0.0.2", "192.0.2.44")]
    [InlineData("Auth: 192.168.8.100:2274->193.48.191.9:993 client-secure=ssl status=\"failed\"", "192.168.8.100")]
    [InlineData("H=(yakult.com.tw) [202.132.70.178]:3755 I=[1.2.3.4]:25 rejected RCPT x: relay not permitted", "202.132.70.178")]
    [InlineData("login authenticator failed for rrcs.example.com ([192.168.2.33]) [24.106.174.74]: 535 Incorrect", "24.106.174.74")]
    [InlineData("error: PAM: authentication error for james from example.com via 192.168.1.201", "example.com")]
    [InlineData("Connection from 115.249.163.77 port 51353 on 127.0.0.1 port 22", "115.249.163.77")]
    [InlineData("192.0.2.123 to 192.0.2.1 ports 80, 81, 83, 88", "192.0.2.123")]
    [InlineData("ratelimit block example.com. type any target 192.0.2.0/24 query 192.0.2.105 TYPE255", "192.0.2.105")]
    // two addresses with nothing but spaces, commas or quotes between: a flow's source then its destination, a list's first
    [InlineData("Deny 1-External Firebox 40 tcp 20 64 203.0.113.20 192.0.2.1 51300 443 offset 5 S 3234567 win 1024  (blocked sites)", "203.0.113.20")]
    [InlineData("new denied hosts: ['198.51.100.161', '198.51.100.162']", "198.51.100.161")]
    // a /32 is one host, the port after it no network's
    [InlineData("blocked 203.0.113.94/32:22 for 86400 seconds", "203.0.113.94")]
    // the remote party of a log context wins over what a client claimed
    [InlineData("proftpd[17839] ftp.example.com (::ffff:59.167.242.100[::ffff:59.167.242.100]): USER x (hihoinjection[1.2.3.44]): no such user found", "59.167.242.100")]
    [InlineData("Access denied for user 'root'@'192.168.1.35' (using password: NO)", "192.168.1.35")]
    [InlineData("Access denied for user 'root'@'localhost' (using password: YES)", "localhost")]
    [InlineData("Can't find user [1001@192.168.2.51] from 5.11.47.236", "5.11.47.236")]
    [InlineData("relay=host.example.com [192.0.2.7] (may be forged)", "192.0.2.7")]
    [InlineData("pam_unix(sshd:auth): authentication failure; ruser= rhost=dsl-1-2-3-4.example.net  user=root", "dsl-1-2-3-4.example.net")]
    public void Prefers_the_remote_peer_over_local_and_claimed_addresses(string text, string expected) => Assert.Equal(expected, Find(text));

    [Theory]
    // user names are attacker-chosen text: the daemon's own "from" ends the clause
    [InlineData("Failed password for invalid user test from 10.10.1.2 port 55555 ssh2 from 127.0.0.1 port 58946 ssh2", "127.0.0.1")]
    [InlineData("Failed password for invalid user test from 127.0.0.1 port 58946 ssh2: from 10.10.1.2 port 55555 ssh2", "127.0.0.1")]
    [InlineData("IMAP Error: Login failed for admin from 127.0.0.1. from 1.2.3.4. AUTHENTICATE PLAIN: A0002 NO Login failed. user=admin from 127.0.0.1 in x", "1.2.3.4")]
    [InlineData("authentication failure; logname= uid=0 euid=0 tty=xxx ruser=test rhost=192.0.2.151 rhost=192.0.2.1", "192.0.2.1")]
    [InlineData("authentication failure; logname= uid=0 euid=0 tty=xxx ruser= rhost=192.0.2.2 user=test rhost=192.0.2.152", "192.0.2.2")]
    public void Addresses_injected_through_user_names_are_not_taken(string text, string expected) => Assert.Equal(expected, Find(text));

    [Theory]
    [InlineData("Started session 17:44:33 for build 1.2.3")]
    [InlineData("RSA 8c:e3:aa:0f:64:51:02:f7:14:79:89:3f:65:84:7c:30 accepted")]
    [InlineData("IdoTransportMgr::SendPacket failed :: retry")]
    [InlineData("loaded libfoo.so.1.2.3.4.5 from /usr/lib")]
    [InlineData("block BP-1347369012-10.190.173.170-1444972147527:blk_1073743512")]
    public void Times_fingerprints_versions_and_ids_are_no_address(string text) => Assert.Null(Find(text));

    [Theory]
    [InlineData("192.0.2.1", "192.0.2.1", false)]
    [InlineData("192.0.2.1:5566", "192.0.2.1", false)]
    [InlineData("[2001:db8::1]:443", "2001:db8::1", false)]
    [InlineData("::ffff:192.0.2.9", "192.0.2.9", false)]
    [InlineData("Mail.Example.NET", "mail.example.net", true)]
    [InlineData("not an address", null, false)]
    public void Field_values_hold_an_address_or_a_host_name(string value, string? expected, bool isHostName)
    {
        var found = AddressFinder.FromFieldValue(value);
        Assert.Equal(expected, found?.Value);
        if (found is { } address)
        {
            Assert.Equal(isHostName, address.IsHostName);
        }
    }
}
