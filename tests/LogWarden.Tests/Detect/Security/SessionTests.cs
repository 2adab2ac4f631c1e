using LogWarden.Detect.Security;
using static LogWarden.Tests.Detect.Security.SecurityLines;

namespace LogWarden.Tests.Detect.Security;

/// <summary>What lines of one connection (program, pid, connection or queue id) tell together.</summary>
public sealed class SessionTests
{
    [Fact]
    public void A_failure_without_an_address_takes_the_one_its_connection_was_opened_from()
    {
        var events = RecognizeAll([
            "Feb 12 04:09:18 web1 sshd[26713]: Connection from 115.249.163.77 port 51353 on 10.0.0.1 port 22",
            "Feb 12 04:09:21 web1 sshd[26713]: Disconnecting: Too many authentication failures for root [preauth]",
        ]);
        Assert.Null(events[0]);
        Assert.Equal(SecurityEventKinds.RateLimited, events[1]?.Kind);
        Assert.Equal("115.249.163.77", events[1]?.Ip);
        Assert.Equal("root", events[1]?.User);
    }

    [Fact]
    public void A_connection_number_ties_an_ldap_bind_failure_to_the_client_that_opened_it()
    {
        var events = RecognizeAll([
            "Jul  8 01:47:19 ldap slapd[1183]: conn=1022 fd=21 ACCEPT from IP=198.51.100.8:45011 (IP=0.0.0.0:636)",
            "Jul  8 01:47:19 ldap slapd[1183]: conn=1023 fd=22 ACCEPT from IP=198.51.100.9:45012 (IP=0.0.0.0:636)",
            "Jul  8 01:47:20 ldap slapd[1183]: conn=1022 op=1 BIND dn=\"uid=gipson,ou=people,dc=example,dc=com\" method=128",
            "Jul  8 01:47:20 ldap slapd[1183]: conn=1022 op=1 RESULT tag=97 err=49 text=",
            "Jul  8 01:47:20 ldap slapd[1183]: conn=1023 op=1 RESULT tag=97 err=0 text=",
        ]);
        Assert.Equal(SecurityEventKinds.AuthFailure, events[3]?.Kind);
        Assert.Equal("198.51.100.8", events[3]?.Ip);
        Assert.Null(events[4]);
    }

    [Fact]
    public void The_disconnect_of_a_failed_connection_is_hostile_and_names_the_peer()
    {
        var events = RecognizeAll([
            "Apr 24 01:39:19 web1 sshd[3719]: User root not allowed because account is locked",
            "Apr 24 01:39:19 web1 sshd[3719]: input_userauth_request: invalid user root [preauth]",
            "Apr 24 01:39:19 web1 sshd[3719]: Received disconnect from 198.51.100.34: 11: Bye Bye [preauth]",
            "Apr 24 01:39:20 web1 sshd[3720]: Received disconnect from 198.51.100.35: 11: Bye Bye [preauth]",
        ]);
        Assert.Equal(SecurityEventKinds.FailedSession, events[2]?.Kind);
        Assert.True(events[2]?.Hostile);
        Assert.Equal("198.51.100.34", events[2]?.Ip);
        Assert.Null(events[3]); // another connection, without failures
    }

    [Fact]
    public void An_opensmtpd_session_id_ties_an_auth_failure_to_its_own_session_address_not_an_older_one()
    {
        // One privsep process (same pid) serves every client; only the session id tells their lines apart.
        var events = RecognizeAll([
            "2026-11-09T10:00:00+0000 gw smtpd[1133]: 0a1b2c3d4e5f6a7b smtp connected address=203.0.113.7 host=<unknown>",
            "2026-11-09T10:00:02+0000 gw smtpd[1133]: 0a1b2c3d4e5f6a7b smtp authentication user=office result=permfail",
            "2026-11-09T10:00:03+0000 gw smtpd[1133]: 0a1b2c3d4e5f6a7b smtp disconnected reason=quit",
            "2026-11-11T08:00:00+0000 gw smtpd[1133]: 9f8e7d6c5b4a3f2e smtp connected address=198.51.100.23 host=<unknown>",
            "2026-11-11T08:00:01+0000 gw smtpd[1133]: 1122334455667788 smtp connected address=192.0.2.80 host=mail.example.org",
            "2026-11-11T08:00:02+0000 gw smtpd[1133]: 9f8e7d6c5b4a3f2e smtp authentication user=admin result=permfail",
            "2026-11-11T08:00:03+0000 gw smtpd[1133]: 1122334455667788 smtp authentication user=lukas result=ok",
        ]);
        Assert.Equal("203.0.113.7", events[1]?.Ip);
        Assert.True(events[5]?.Hostile);
        Assert.Equal("198.51.100.23", events[5]?.Ip);
        Assert.Equal("admin", events[5]?.User);
        Assert.False(events[6]?.Hostile ?? false);
    }

    [Fact]
    public void A_programs_own_failed_tls_call_is_no_login_failure_and_lends_no_address()
    {
        // k3s (one pid for everything) calling its admission webhook, whose certificate expired; its next line names a
        // client of its API. Blind replay #4 raised "k3s brute force from 127.0.0.1" from these.
        const string Webhook = "2026-11-11T21:29:58.707629+00:00 k3s-node1 k3s[1187]: E1111 21:29:58.707629    1187 dispatcher.go:214] \"Unhandled Error\" err=\"failed calling webhook \\\"validate.nginx.ingress.kubernetes.io\\\": failed to call webhook: Post \\\"https://ingress-nginx-controller-admission.ingress-nginx.svc:443/networking/v1/ingresses?timeout=10s\\\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid\"";
        var events = RecognizeAll([
            Webhook,
            "2026-11-11T21:30:02.827558+00:00 k3s-node1 k3s[1187]: I1111 21:30:02.827558    1187 trace.go:236] Trace[949035182]: \"List\" accept:application/json,client:127.0.0.1,verb:LIST (total time: 898ms):",
            Webhook,
        ]);
        Assert.All(events, Assert.Null);
    }

    [Fact]
    public void A_queue_id_ties_a_mail_summary_to_the_unknown_recipients_before_it()
    {
        var events = RecognizeAll([
            "Nov  3 11:35:30 mx sendmail[26254]: rA37ZTSC026254: <nobody@example.com>... No such user here",
            "Nov  3 11:35:30 mx sendmail[26254]: rA37ZTSC026255: from=<a@example.com>, size=0, class=0, nrcpts=0, proto=ESMTP, daemon=MTA, relay=client.example.net [192.0.2.55]",
            "Nov  3 11:35:30 mx sendmail[26254]: rA37ZTSC026254: from=<b@example.com>, size=0, class=0, nrcpts=0, proto=ESMTP, daemon=MTA, relay=client.example.net [192.0.2.54]",
        ]);
        Assert.Null(events[0]);
        Assert.Null(events[1]);
        Assert.Equal(SecurityEventKinds.FailedSession, events[2]?.Kind);
        Assert.Equal("192.0.2.54", events[2]?.Ip);
    }

    [Fact]
    public void Lines_without_keywords_in_different_failed_sessions_each_name_their_own_peer()
    {
        var events = RecognizeAll([
            "Nov  3 11:35:30 mx sendmail[26254]: rA37ZTSC026254: <nobody@example.com>... No such user here",
            "Nov  3 11:35:30 mx sendmail[26254]: rA37ZTSC026254: from=<b@example.com>, size=0, class=0, nrcpts=0, proto=ESMTP, daemon=MTA, relay=client.example.net [192.0.2.54]",
            "Nov  3 11:35:31 mx sendmail[26254]: rA37ZTSC026260: <ghost@example.com>... No such user here",
            "Nov  3 11:35:31 mx sendmail[26254]: rA37ZTSC026260: nrcpts=0 relay=[198.51.100.200]",
        ]);
        Assert.Equal("192.0.2.54", events[1]?.Ip);
        Assert.Equal("198.51.100.200", events[3]?.Ip);
    }

    [Fact]
    public void A_success_after_repeated_failures_in_one_connection_is_hostile()
    {
        var events = RecognizeAll([
            "Mar  7 18:53:20 web1 sshd[1556]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.113  user=rda",
            "Mar  7 18:53:20 web1 sshd[1556]: Accepted password for rda from 192.0.2.113 port 52100 ssh2",
            "Mar  7 18:53:22 web1 sshd[1558]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.114  user=known",
            "Mar  7 18:53:23 web1 sshd[1558]: Failed password for known from 192.0.2.114 port 52100 ssh2",
            "Mar  7 18:53:24 web1 sshd[1558]: Accepted password for known from 192.0.2.114 port 52100 ssh2",
        ]);
        Assert.Equal(SecurityEventKinds.AuthSuccess, events[1]?.Kind); // one mistyped password is no alarm
        Assert.False(events[1]?.Hostile);
        Assert.Equal(SecurityEventKinds.AuthSuccessAfterFailures, events[4]?.Kind);
        Assert.True(events[4]?.Hostile);
        Assert.Equal("192.0.2.114", events[4]?.Ip);
    }

    [Fact]
    public void A_connection_without_a_process_id_is_tied_by_its_connection_number()
    {
        var events = RecognizeAll([
            "2024-01-12T10:00:01.000+0000 I ACCESS   [conn42] SCRAM-SHA-1 authentication failed for admin on admin from client 192.0.2.60:51000 ; UserNotFound: Could not find user admin@admin",
            "2024-01-12T10:00:01.100+0000 I ACCESS   [conn43] Unauthorized: not authorized on admin to execute command { listDatabases: 1 }",
            "2024-01-12T10:00:01.200+0000 I NETWORK  [conn42] end connection 192.0.2.60:51000 (0 connections now open)",
        ]);
        Assert.Equal(SecurityEventKinds.InvalidUser, events[0]?.Kind);
        Assert.Equal("192.0.2.60", events[0]?.Ip);
        Assert.Equal(SecurityEventKinds.FailedSession, events[2]?.Kind);
    }

    [Fact]
    public void A_transaction_uuid_in_the_prefix_ties_a_failure_to_the_connection_line_that_named_the_client()
    {
        // Haraka: "connect ip=…" opens the connection; the auth plugin's failure names only the user.
        var events = RecognizeAll([
            "2024-05-02T08:12:00.000Z [INFO] [12F1A3C4-5B6D-4E7F-8091-A2B3C4D5E6F7.1] [core] connect ip=203.0.113.201 port=51234 local_ip=192.0.2.10 local_port=587",
            "2024-05-02T08:12:00.000Z [INFO] [30D2E3F4-0516-4273-8849-5A6B7C8D9EAF.1] [core] connect ip=192.0.2.201 port=50500 local_ip=192.0.2.10 local_port=587",
            "2024-05-02T08:12:01.000Z [NOTICE] [12F1A3C4-5B6D-4E7F-8091-A2B3C4D5E6F7.1] [auth/flat_file] AUTH user=\"admin@example.org\" success=false method=LOGIN",
            "2024-05-02T08:12:02.000Z [NOTICE] [30D2E3F4-0516-4273-8849-5A6B7C8D9EAF.1] [auth/flat_file] AUTH user=\"alice@example.org\" success=true method=PLAIN",
        ]);
        Assert.True(events[2]?.Hostile);
        Assert.Equal("203.0.113.201", events[2]?.Ip);
        Assert.Equal("admin@example.org", events[2]?.User);
        Assert.False(events[3]?.Hostile ?? false);
    }

    [Fact]
    public void A_numbered_client_label_ties_a_pam_failure_to_the_address_it_was_accepted_from()
    {
        // CUPS: "[Client N]" is the connection; its PAM failure names no address.
        var events = RecognizeAll([
            "D [02/May/2024:08:12:44 +0000] [Client 7] Accepted from 203.0.113.91:51234 (IPv4)",
            "D [02/May/2024:08:12:44 +0000] [Client 8] Accepted from 192.0.2.93:40000 (IPv4)",
            "E [02/May/2024:08:12:44 +0000] [Client 7] pam_authenticate() returned 7 (Authentication failure)",
        ]);
        Assert.True(events[2]?.Hostile);
        Assert.Equal("203.0.113.91", events[2]?.Ip);
    }

    [Fact]
    public void A_closing_line_of_another_client_of_the_same_process_is_no_failed_session()
    {
        // trojan: one process serves every client; 203.0.113.61's failure does not make 192.0.2.62's disconnect hostile
        var events = RecognizeAll([
            "May  2 08:12:44 vps1 trojan[812]: [2024-05-02 08:12:44] [ERROR] 203.0.113.61:51234 authentication failed for user probe",
            "May  2 08:30:40 vps1 trojan[812]: [2024-05-02 08:30:40] [INFO] 192.0.2.62:50512 disconnected, 48211 bytes received, 3520 bytes sent, lasted for 40 seconds",
            "May  2 08:30:41 vps1 trojan[812]: [2024-05-02 08:30:41] [INFO] 203.0.113.61:51234 disconnected, 10 bytes received, 0 bytes sent, lasted for 1 seconds",
        ]);
        Assert.True(events[0]?.Hostile);
        Assert.False(events[1]?.Hostile ?? false);
        Assert.Equal(SecurityEventKinds.FailedSession, events[2]?.Kind);
    }

    [Fact]
    public void A_pid_word_in_the_prefix_ties_a_failure_to_the_host_its_connection_came_from()
    {
        // Pgpool-II: "pid N:" after the client program's name, which changes once the client has said it
        var events = RecognizeAll([
            "2024-05-02 08:12:44.101: [unknown] pid 4101: DETAIL:  connecting host=203.0.113.13 port=51234",
            "2024-05-02 08:12:44.120: [unknown] pid 4102: DETAIL:  connecting host=192.0.2.14 port=40000",
            "2024-05-02 08:12:44.150: psql pid 4101: FATAL:  md5 authentication failed",
        ]);
        Assert.True(events[2]?.Hostile);
        Assert.Equal("203.0.113.13", events[2]?.Ip);
    }

    [Theory]
    // a bracketed word that is no connection's, or a hex id that is no UUID: no session, no borrowed address
    [InlineData("E [02/May/2024:08:12:44 +0000] [Job 7] Accepted from 203.0.113.91:51234 (IPv4)", "E [02/May/2024:08:12:45 +0000] [Job 7] pam_authenticate() returned 7 (Authentication failure)")]
    [InlineData("2024-05-02T08:12:00Z [a1b2c3d4e5f6] connect ip=203.0.113.201 port=51234", "2024-05-02T08:12:01Z [a1b2c3d4e5f6] AUTH user=\"admin\" success=false method=LOGIN")]
    public void Other_bracketed_words_and_ids_are_no_connection(string opened, string failure)
    {
        var events = RecognizeAll([opened, failure]);
        Assert.Null(events[1]?.Ip);
    }

    [Fact]
    public void Sessions_stay_bounded_over_many_connections()
    {
        var recognizer = new SecurityEventRecognizer();
        for (int pid = 0; pid < 3 * AuthSessions.GenerationSize; pid++)
        {
            recognizer.Recognize(Decode($"Jan 12 10:00:01 web1 sshd[{pid}]: Invalid user u{pid} from 192.0.2.{pid % 250} port 40000"));
        }

        Assert.InRange(recognizer.SessionCount, 1, 2 * AuthSessions.GenerationSize);
    }
    [Fact]
    public void A_multi_line_records_client_line_names_the_client_of_its_failure()
    {
        var events = RecognizeAll([
            "2024-05-02 08:12:44,123 INFO [org.apereo.inspektr.audit.support.Slf4jLoggingAuditTrailManager] - Audit trail record BEGIN",
            "WHO: admin",
            "ACTION: AUTHENTICATION_FAILED",
            "APPLICATION: CAS",
            "CLIENT IP ADDRESS: 203.0.113.16",
            "SERVER IP ADDRESS: 10.0.8.5",
            "2024-05-02 08:30:00,123 INFO [org.apereo.inspektr.audit.support.Slf4jLoggingAuditTrailManager] - Audit trail record BEGIN",
            "WHO: alice",
            "ACTION: AUTHENTICATION_SUCCESS",
            "CLIENT IP ADDRESS: 192.0.2.16",
        ]);
        Assert.Null(events[2]); // the failure names nobody yet
        Assert.Equal(SecurityEventKinds.AuthFailure, events[4]?.Kind);
        Assert.True(events[4]?.Hostile);
        Assert.Equal("203.0.113.16", events[4]?.Ip);
        Assert.Null(events[5]); // the server's own address
        Assert.False(events[9] is { Hostile: true }); // a success's record
    }

    [Fact]
    public void A_label_line_far_from_any_failure_or_naming_no_party_is_no_event()
    {
        var lines = new List<string> { "ACTION: AUTHENTICATION_FAILED" };
        lines.AddRange(Enumerable.Range(0, 20).Select(i => $"line {i} of something else"));
        lines.Add("Client IP: 203.0.113.17");
        lines.Add("ACTION: AUTHENTICATION_FAILED");
        lines.Add("Address: 203.0.113.18");
        var events = RecognizeAll(lines);
        Assert.All(events, e => Assert.False(e is { Hostile: true }));
    }

    [Fact]
    public void A_request_id_in_the_prefix_ties_a_failure_to_the_request_that_named_its_sender()
    {
        var events = RecognizeAll([
            "[webhook] 2024/05/02 08:12:44 [6ada3e] incoming HTTP POST request from 203.0.113.60:37522",
            "[webhook] 2024/05/02 08:12:44 [9e1f20] incoming HTTP POST request from 192.0.2.60:50512",
            "[webhook] 2024/05/02 08:12:44 [6ada3e] deploy-site got matched",
            "[webhook] 2024/05/02 08:12:44 [6ada3e] error evaluating hook: invalid payload signature 5d41402abc4b2a76b9719d911017c592",
            "[webhook] 2024/05/02 08:12:44 [9e1f20] deploy-site hook triggered successfully",
        ]);
        Assert.Null(events[0]);
        Assert.Equal("protocol-violation", events[3]?.Kind);
        Assert.Equal("203.0.113.60", events[3]?.Ip);
        Assert.False(events[4] is { Hostile: true });
    }
}
