using LogWarden.Detect.Security;
using static LogWarden.Tests.Detect.Security.SecurityLines;

namespace LogWarden.Tests.Detect.Security;

/// <summary>Markers of hostility that are not about one login: attacks, bans and blocks, throttling, mail refusals, protocol abuse.</summary>
public sealed class HostilityMarkerTests
{
    [Theory]
    [InlineData("Jan 12 10:00:01 web1 sshd[1]: reverse mapping checking getaddrinfo for dsl.example.net [203.0.113.20] failed - POSSIBLE BREAK-IN ATTEMPT!", "attack", "203.0.113.20")]
    [InlineData("Jan 12 10:00:01 mx sm-mta[5133]: s1GNXHYB005133: client.example.net [203.0.113.21]: possible SMTP attack: command=AUTH, count=5", "attack", "203.0.113.21")]
    [InlineData("{\"reqId\":\"y\",\"level\":2,\"remoteAddr\":\"203.0.113.22\",\"app\":\"core\",\"message\":\"Bruteforce attempt from \\\"203.0.113.22\\\" detected for action \\\"login\\\".\"}", "attack", "203.0.113.22")]
    [InlineData("Mar  5 21:44:43 fw scanlogd: 203.0.113.23 to 10.0.0.1 ports 80, 81, 83, 88, 99, 443, 1080, 3128, ..., f????uxy, TOS 00", "attack", "203.0.113.23")]
    [InlineData("Jan 12 10:00:01 web1 suhosin[9636]: ALERT - script tried to increase memory_limit (attacker '203.0.113.24', file '/var/www/index.php', line 161)", "attack", "203.0.113.24")]
    [InlineData("Jan 12 10:00:01 web1 fail2ban.actions[1]: NOTICE [sshd] Ban 203.0.113.25", "blocked", "203.0.113.25")]
    [InlineData("Jan 12 10:00:01 fw kernel: [UFW BLOCK] IN=eth0 OUT= MAC=00:11:22 SRC=203.0.113.26 DST=10.0.0.1 LEN=40 TOS=0x00 PROTO=TCP SPT=5000 DPT=23 SYN", "blocked", "203.0.113.26")]
    [InlineData("Jan 12 10:00:01 mx postfix/postscreen[1148]: NOQUEUE: reject: RCPT from [203.0.113.27]:60591: 550 5.7.1 Service unavailable; client [203.0.113.27] blocked using zen.spamhaus.org", "blocked", "203.0.113.27")]
    [InlineData("Jan 12 10:00:01 web1 sshd[1]: error: maximum authentication attempts exceeded for root from 203.0.113.28 port 50002 ssh2 [preauth]", "rate-limited", "203.0.113.28")]
    [InlineData("Jan 12 10:00:01 web1 sshd[1]: drop connection #3 from [203.0.113.29]:50100 on [10.0.0.1]:22 penalty: exceeded LoginGraceTime", "rate-limited", "203.0.113.29")]
    [InlineData("Jan 12 10:00:01 mx exim[1]: SMTP call from client.example.net [203.0.113.30]:3767 I=[10.0.0.1]:25 dropped: too many nonmail commands (last was \"RSET\")", "rate-limited", "203.0.113.30")]
    [InlineData("Jan 12 10:00:01 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from client.example.net[203.0.113.31]: 550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local recipient table; from=<a@b.c> to=<nobody@example.org> proto=ESMTP helo=<x>", "invalid-user", "203.0.113.31")]
    [InlineData("Jan 12 10:00:01 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from client.example.net[203.0.113.32]: 450 4.7.1 <x>: Helo command rejected: Host not found; from=<a@b.c> to=<d@e.f> proto=ESMTP helo=<x>", "mail-reject", "203.0.113.32")]
    [InlineData("2024-01-12 10:00:01 H=client.example.net [203.0.113.33] sender verify fail for <a@b.c>: Unrouteable address", "mail-reject", "203.0.113.33")]
    [InlineData("Jan 12 10:00:01 mx postfix/smtpd[1]: improper command pipelining after EHLO from unknown[203.0.113.34]: QUIT", "protocol-violation", "203.0.113.34")]
    [InlineData("Jan 12 10:00:01 mx sm-mta[1]: s1R9r60D044307: rejecting commands from client.example.net [203.0.113.35] due to pre-greeting traffic after 0 seconds", "protocol-violation", "203.0.113.35")]
    [InlineData("Jan 12 10:00:01 vpn wireguard: wg0: Invalid handshake initiation from 203.0.113.36:51820", "protocol-violation", "203.0.113.36")]
    [InlineData("2024-01-12 10:00:01 203.0.113.37:1194 TLS Error: TLS handshake failed", "protocol-violation", "203.0.113.37")]
    public void Hostility_markers_name_the_source(string line, string kind, string remote) =>
        AssertEvent(line, kind, hostile: true, remote);

    [Theory]
    [InlineData("Jan 12 10:00:01 web1 fail2ban.actions[1]: NOTICE [sshd] Unban 203.0.113.25")]
    [InlineData("time=\"2024-01-12T10:00:01Z\" level=info msg=\"Removed ban on 203.0.113.26 (crowdsecurity/ssh-bf)\"")]
    [InlineData("2024-01-12 10:00:01,123 INFO [main] org.apache.hadoop.mapreduce.v2.app.job.impl.JobImpl: Not uberizing job because: not enabled; too many maps; too much input;")]
    [InlineData("2024-01-12 10:00:01,124 - WARN  [NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:ZooKeeperServer@793] - Connection request from old client /10.10.34.11:55260; will be dropped if server is in r-o mode")]
    [InlineData("2024-01-12 10:00:01,125 INFO dfs.FSNamesystem: BLOCK* NameSystem.delete: blk_-1 is added to invalidSet of 10.251.43.21:50010")]
    [InlineData("Jan 12 10:00:01 web1 kernel: EXT4-fs (sda1): mounted filesystem with ordered data mode. Quota mode: none.")]
    public void Words_of_hostility_in_ordinary_contexts_are_no_hostile_event(string line)
    {
        var e = Recognize(line);
        Assert.True(e is null || !e.Hostile, $"{e?.Kind} {e?.Ip}");
    }
}
