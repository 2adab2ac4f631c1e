using LogWarden.Detect.Security;
using static LogWarden.Tests.Detect.Security.SecurityLines;

namespace LogWarden.Tests.Detect.Security;

/// <summary>
/// Authentication outcomes as real software words them: lines modelled on each service's own format, none of
/// them from the shared corpus. Each row: the line, the kind, whether it is hostile, the remote party and the user.
/// </summary>
public sealed class AuthenticationEventTests
{
    [Theory]
    // OpenSSH, classic and 9.8+ (sshd-session) wording
    [InlineData("Jan 12 10:00:01 web1 sshd[1001]: Failed password for root from 203.0.113.7 port 51022 ssh2", "203.0.113.7", "root")]
    [InlineData("Jan 12 10:00:01 web1 sshd-session[1005]: Failed password for root from 2001:db8::7 port 51022 ssh2", "2001:db8::7", "root")]
    [InlineData("Jan 12 10:00:01 web1 sshd-auth[1007]: Failed publickey for git from 198.51.100.21 port 50001 ssh2: ED25519 SHA256:AbCd", "198.51.100.21", "git")]
    [InlineData("Jan 12 10:00:01 web1 sshd[1009]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9  user=admin", "203.0.113.9", "admin")]
    [InlineData("Jan 12 10:00:01 web1 sshd[1010]: PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=dsl-1-2.example.net  user=root", "dsl-1-2.example.net", "root")]
    // sudo, su, login (local: a user and no address)
    [InlineData("Jan 12 10:00:01 web1 sudo: pam_unix(sudo:auth): authentication failure; logname=bob uid=1000 euid=0 tty=/dev/pts/0 ruser=bob rhost=  user=bob", null, "bob")]
    [InlineData("Jan 12 10:00:01 web1 sudo:      bob : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/usr/bin/id", null, "bob")]
    [InlineData("Jan 12 10:00:01 web1 su[2001]: FAILED SU (to root) bob on pts/0", null, "bob")]
    [InlineData("Jan 12 10:00:01 web1 login[2004]: FAILED LOGIN (1) on '/dev/tty1' FOR 'root', Authentication failure", null, "root")]
    // FTP servers
    [InlineData("Jan 12 10:00:01 ftp vsftpd[3001]: [ftpuser] FAIL LOGIN: Client \"::ffff:192.0.2.31\"", "192.0.2.31", "ftpuser")]
    [InlineData("Jan 12 10:00:01 ftp proftpd[3004]: ftp.example.com (client.example.net[192.0.2.34]) - USER alice (Login failed): Incorrect password", "192.0.2.34", "alice")]
    [InlineData("Jan 12 10:00:01 ftp pure-ftpd: (?@192.0.2.35) [WARNING] Authentication failed for user [bob]", "192.0.2.35", "bob")]
    // mail: Postfix SASL, Dovecot, Exim, Courier, Cyrus
    [InlineData("Jan 12 10:00:01 mx postfix/smtpd[4001]: warning: unknown[192.0.2.41]: SASL LOGIN authentication failed: UGFzc3dvcmQ6", "192.0.2.41", null)]
    [InlineData("Jan 12 10:00:01 mx postfix/submission/smtpd[4002]: warning: mail.example.net[192.0.2.42]: SASL PLAIN authentication failed: authentication failure", "192.0.2.42", null)]
    [InlineData("Jan 12 10:00:01 mx dovecot: imap-login: Disconnected (auth failed, 3 attempts in 12 secs): user=<carol>, method=PLAIN, rip=192.0.2.44, lip=10.0.0.2, TLS, session=<abc>", "192.0.2.44", "carol")]
    [InlineData("2024-01-12 10:00:01 dovecot_login authenticator failed for (User) [192.0.2.47]: 535 Incorrect authentication data (set_id=erin@example.com)", "192.0.2.47", "erin@example.com")]
    [InlineData("Jan 12 10:00:01 mx courier-imapd: LOGIN FAILED, user=frank, ip=[::ffff:192.0.2.49]", "192.0.2.49", "frank")]
    [InlineData("Jan 12 10:00:01 mx cyrus/imap[5001]: badlogin: client.example.net [192.0.2.51] plaintext grace SASL(-13): authentication failure: checkpass failed", "192.0.2.51", null)]
    // web applications and admin panels
    [InlineData("2024/01/12 10:00:01 [error] 1234#1234: *5 user \"mallory\": password mismatch, client: 192.0.2.76, server: example.com, request: \"GET /private HTTP/1.1\", host: \"example.com\"", "192.0.2.76", "mallory")]
    [InlineData("{\"severity\":\"ERROR\",\"time\":\"2024-01-12T10:00:01Z\",\"correlation_id\":\"x\",\"message\":\"Failed Login: username=admin ip=192.0.2.87\"}", "192.0.2.87", "admin")]
    [InlineData("Jan 12 10:00:01 git gitea[1]: 2024/01/12 10:00:01 ...rs/web/auth/auth.go:186:SignInPost() [I] Failed authentication attempt for admin from 192.0.2.113:0: user's password is invalid", "192.0.2.113", "admin")]
    [InlineData("logger=authn.service t=2024-01-12T10:00:01.000Z level=info msg=\"Failed to authenticate request\" client=auth.client.form error=\"invalid password\" remote_addr=192.0.2.86", "192.0.2.86", null)]
    [InlineData("[12-Jan-2024 10:00:01 +0000]: <abc123> Failed login for alice from 192.0.2.94 in session x (error: 0)", "192.0.2.94", "alice")]
    [InlineData("{\"reqId\":\"x\",\"level\":2,\"time\":\"2024-01-12T10:00:01+00:00\",\"remoteAddr\":\"192.0.2.95\",\"user\":\"--\",\"app\":\"core\",\"method\":\"POST\",\"url\":\"/login\",\"message\":\"Login failed: admin (Remote IP: 192.0.2.95)\"}", "192.0.2.95", "admin")]
    [InlineData("Jan 12 10:00:01 vault vaultwarden[1]: [vaultwarden::api::identity][ERROR] Username or password is incorrect. Try again. IP: 192.0.2.108. Username: mallory@example.com.", "192.0.2.108", "mallory@example.com")]
    [InlineData("Jan 12 10:00:01 web1 dropbear[1]: Bad password attempt for 'root' from 192.0.2.101:52000", "192.0.2.101", "root")]
    [InlineData("2024-01-12T10:00:01Z WARN [security] Failed login attempt for 'admin' from IP 192.0.2.110 (invalid credentials)", "192.0.2.110", "admin")]
    [InlineData("2024-01-12 10:00:01,321 WARNING guacamole Authentication attempt from [192.0.2.115, 10.0.0.1] for user \"admin\" failed.", "192.0.2.115", "admin")]
    // databases
    [InlineData("2024-01-12 10:00:01.126 UTC [1236] FATAL:  password authentication failed for user \"admin\"", null, "admin")]
    [InlineData("{\"t\":{\"$date\":\"2024-01-12T10:00:01.000+00:00\"},\"s\":\"I\",\"c\":\"ACCESS\",\"id\":20249,\"ctx\":\"conn12\",\"msg\":\"Authentication failed\",\"attr\":{\"mechanism\":\"SCRAM-SHA-256\",\"principalName\":\"admin\",\"remote\":\"192.0.2.83:50100\",\"error\":\"AuthenticationFailed: SCRAM authentication failed, storedKey mismatch\"}}", "192.0.2.83", "admin")]
    // VPN, VoIP, file sharing, directory
    [InlineData("2024-01-12 10:00:01 192.0.2.89:1194 TLS Auth Error: Auth Username/Password verification failed for peer", "192.0.2.89", null)]
    [InlineData("2024-01-12 10:00:01 client1/192.0.2.91:1194 AUTH_FAILED", "192.0.2.91", null)]
    [InlineData("[2024-01-12 10:00:01] NOTICE[1234] chan_sip.c: Registration from '<sip:100@example.com>' failed for '192.0.2.92:5060' - Wrong password", "192.0.2.92", null)]
    [InlineData("Jan 12 10:00:01 nas smbd[1]: Auth: [SMB2,(null)] user [WORKGROUP]\\[admin] at [Fri, 12 Jan 2024 10:00:01 UTC] with [NTLMv2] status [NT_STATUS_WRONG_PASSWORD] workstation [X] remote host [ipv4:192.0.2.106:50000] mapped to [WORKGROUP]\\[admin]. local host [ipv4:10.0.0.1:445]", "192.0.2.106", null)]
    [InlineData("Jan  8 01:47:20 ldap slapd[1183]: conn=7 op=1 RESULT tag=97 err=49 text=", null, null)]
    public void Failed_logins_are_hostile_auth_failures_naming_the_peer_and_user(string line, string? remote, string? user)
    {
        if (remote is null && user is null)
        {
            Assert.Null(Recognize(line)); // a failure that names no one is no event on its own (its session may name the peer)
            return;
        }

        AssertEvent(line, SecurityEventKinds.AuthFailure, hostile: true, remote, user);
    }

    [Theory]
    // password managers, remote desktops, admin panels
    [InlineData("2024-01-12 10:00:01.123 -00:00 [WRN] Failed login attempt, 2FA invalid. 192.0.2.202", "192.0.2.202")]
    [InlineData("10:00:01.123 [http-nio-8080-exec-1] WARN  o.a.g.r.auth.AuthenticationService - Authentication attempt from 192.0.2.208 for user \"guacadmin\" failed.", "192.0.2.208")]
    [InlineData("[Fri Jan 12 10:00:01.123 2024] [php7:notice] [pid 1246] [client 192.0.2.233:50000] [Login denied for user \"admin\"], referer: https://example.com/zm/", "192.0.2.233")]
    [InlineData("[Fri Jan 12 10:00:01.124 2024] [php7:notice] [pid 1247] [client 192.0.2.234:50001] [Could not retrieve user test details], referer: https://example.com/zm/", "192.0.2.234")]
    [InlineData("Jan 12 10:00:01 pve pvedaemon[1248]: authentication failure; rhost=192.0.2.238 user=root@pam msg=Authentication failure", "192.0.2.238")]
    [InlineData("Jan 12 10:00:01 host cockpit-session[1249]: pam_unix(cockpit:auth): authentication failure; logname= uid=0 euid=0 tty= ruser= rhost=::ffff:192.0.2.239 user=admin", "192.0.2.239")]
    [InlineData("2024-01-12 10:00:01 WARNING (MainThread) [homeassistant.components.http.ban] Login attempt or request with invalid authentication from 192.0.2.240 (192.0.2.240). Requested URL: '/auth/login_flow/abc'.", "192.0.2.240")]
    [InlineData("2024-01-12 10:00:01,000 WARN  [org.keycloak.events] (executor-thread-1) type=\"LOGIN_ERROR\", realmId=\"x\", clientId=\"account\", userId=\"null\", ipAddress=\"192.0.2.241\", error=\"user_not_found\", username=\"ghost\"", "192.0.2.241")]
    [InlineData("2024-01-12T10:00:01.000Z  WARN 1 --- [nio-8080-exec-1] o.s.s.a.DefaultAuthenticationEventPublisher : Authentication failure for user 'admin' from 192.0.2.253: Bad credentials", "192.0.2.253")]
    // mail servers
    [InlineData("Jan 12 10:00:01 mail cyrus/pop3[1235]: badlogin: [192.0.2.204] APOP [SASL(-13): user not found: could not find password]", "192.0.2.204")]
    [InlineData("Jan 12 10:00:01 mail imapd[1241]: Login excessive login failures user=bob auth=bob host=client.example.net [192.0.2.228]", "192.0.2.228")]
    [InlineData("Jan 12 10:00:01 mail imapd[1243]: Failed plaintext override of user=bob host=client.example.net [192.0.2.230]", "192.0.2.230")]
    [InlineData("Jan 12 10:00:01 mail imapd-ssl: LOGIN FAILED, method=PLAIN, ip=[::ffff:192.0.2.236]", "192.0.2.236")]
    [InlineData("[12/Jan/2024 10:00:01] SMTP Spam attack detected from 192.0.2.210, client closed connection before SMTP greeting", "192.0.2.210")]
    [InlineData("[12/Jan/2024 10:00:01] IP address 192.0.2.211 found in DNS blacklist UCEProtect1, mail from <a@example.com> to <b@example.org>", "192.0.2.211")]
    [InlineData("[12/Jan/2024 10:00:01] Relay attempt from IP address 192.0.2.212, mail from <a@example.com> to <b@example.net> rejected", "192.0.2.212")]
    [InlineData("[12/Jan/2024 10:00:01] Client with IP address 192.0.2.216 has no reverse DNS entry, connection rejected before SMTP greeting", "192.0.2.216")]
    [InlineData("[12/Jan/2024 10:00:01] Administration login into Web Administration from 192.0.2.217 failed: IP address not allowed", "192.0.2.217")]
    // web servers' authentication
    [InlineData("2024-01-12 10:00:01: (mod_auth.c.828) password doesn't match for /private/ username: admin, IP: 192.0.2.219", "192.0.2.219")]
    [InlineData("2024-01-12 10:00:01: (mod_auth.c.1100) digest: auth failed for  bob : wrong password, IP: 192.0.2.220", "192.0.2.220")]
    // DNS, databases, brokers
    [InlineData("12-Jan-2024 10:00:01.125 client @0x7f1236 192.0.2.225#53002: bad zone transfer request: 'example.org/IN': non-authoritative zone (NOTAUTH)", "192.0.2.225")]
    [InlineData("2024-01-12T10:00:01.000Z WARN  [cassandra] Failed login attempt from /192.0.2.251 for user 'cassandra'", "192.0.2.251")]
    [InlineData("2024-01-12 10:00:01.000 [error] <0.1.0> Error on AMQP connection <0.2.0> (192.0.2.252:50000 -> 10.0.0.1:5672, state: starting): PLAIN login refused: user 'guest' - invalid credentials", "192.0.2.252")]
    [InlineData("Jan 12 10:00:01 s3 minio[1259]: API: SYSTEM() Time: 10:00:01 UTC 01/12/2024 DeploymentID: x RemoteHost: 198.51.100.201 Error: Access Denied.", "198.51.100.201")]
    // VPNs, IPsec, RADIUS, VoIP, CI
    [InlineData("Jan 12 10:00:01 vpn charon: 10[IKE] received AUTHENTICATION_FAILED notify error from 192.0.2.243", "192.0.2.243")]
    [InlineData("Jan 12 10:00:01 vpn ocserv[1250]: worker: 192.0.2.244 failed authentication for 'bob'", "192.0.2.244")]
    [InlineData("Jan 12 10:00:01 aaa radiusd[1252]: Auth: (12) Login incorrect (pap: Cross-Cryptographic password mismatch): [bob/<via Auth-Type = PAP>] (from client nas1 port 0 cli 192.0.2.247)", "192.0.2.247")]
    [InlineData("Jan 12 10:00:01 sip kamailio[1255]: ERROR: <script>: Auth failed for 1001@example.com from 192.0.2.249", "192.0.2.249")]
    [InlineData("2024-01-12 10:00:01.000 WARNING: [Jenkins] Login attempt failed for admin from 192.0.2.242", "192.0.2.242")]
    public void Hostile_lines_of_other_services_name_their_source(string line, string remote)
    {
        var e = Recognize(line);
        Assert.NotNull(e);
        Assert.True(e.Hostile, e.Kind);
        Assert.Equal(remote, Remote(e));
    }

    [Theory]
    [InlineData("Jan 12 10:00:01 web1 sshd[1002]: Failed password for invalid user oracle from 203.0.113.8 port 51023 ssh2", "203.0.113.8", "oracle")]
    [InlineData("Jan 12 10:00:01 web1 sshd[1003]: Invalid user admin from 203.0.113.9 port 44044", "203.0.113.9", "admin")]
    [InlineData("Jan 12 10:00:01 web1 sshd[1008]: Failed none for invalid user nobody from 198.51.100.27 port 50008 ssh2", "198.51.100.27", "nobody")]
    [InlineData("Jan 12 10:00:01 web1 sshd[1011]: Disconnected from invalid user guest 198.51.100.25 port 50005 [preauth]", "198.51.100.25", "guest")]
    [InlineData("Jan 12 10:00:01 ftp proftpd[3003]: ftp.example.com (client.example.net[192.0.2.33]) - USER admin: no such user found from 192.0.2.33 [192.0.2.33] to 10.0.0.1:21", "192.0.2.33", "admin")]
    [InlineData("Jan 12 10:00:01 mx dovecot: auth: passwd-file(dave,192.0.2.46): unknown user", "192.0.2.46", "dave")]
    [InlineData("t=2024-01-12T10:00:01+0000 lvl=eror msg=\"Invalid username or password\" logger=context userId=0 orgId=0 uname=admin error=\"invalid username or password\" remote_addr=192.0.2.85", "192.0.2.85", "admin")]
    [InlineData("Jan 12 10:00:01 web1 webmin[1]: Invalid login as root from 192.0.2.100", "192.0.2.100", "root")]
    [InlineData("Jan 12 10:00:01 web1 dropbear[1]: Login attempt for nonexistent user from 192.0.2.102:52001", "192.0.2.102", null)]
    [InlineData("Jan 12 10:00:01 auth authelia[1]: level=error msg=\"Unsuccessful 1FA authentication attempt by user 'john'\" error=\"user not found\" method=POST path=/api/firstfactor remote_ip=192.0.2.109", "192.0.2.109", "john")]
    [InlineData("[2024-01-12 10:00:01] NOTICE[1234] res_pjsip/pjsip_distributor.c: Request 'REGISTER' from '<sip:100@example.com>' failed for '192.0.2.93:5060' (callid: x) - No matching endpoint found", "192.0.2.93", null)]
    [InlineData("Jan 12 10:00:01 kdc krb5kdc[77]: AS_REQ (4 etypes {18 17 16 23}) 192.0.2.116: CLIENT_NOT_FOUND: eve@EXAMPLE.COM for krbtgt/EXAMPLE.COM@EXAMPLE.COM, Client not found in Kerberos database", "192.0.2.116", null)]
    [InlineData("Jan 12 10:00:01 mx kerio: SMTP: User ghost@example.com doesn't exist. Attempt from IP address 192.0.2.117", "192.0.2.117", "ghost@example.com")]
    public void Unknown_accounts_are_hostile_invalid_user_events(string line, string remote, string? user)
    {
        AssertEvent(line, SecurityEventKinds.InvalidUser, hostile: true, remote, user);
    }

    [Theory]
    [InlineData("Jan 12 10:00:01 web1 sshd[1010]: User bob from 198.51.100.24 not allowed because not listed in AllowUsers", "198.51.100.24", "bob")]
    [InlineData("Jan 12 10:00:01 web1 sudo:      eve : user NOT in sudoers ; TTY=pts/1 ; PWD=/home/eve ; USER=root ; COMMAND=/bin/bash", null, "eve")]
    [InlineData("2024-01-12T10:00:01.123456Z 12 [Note] [MY-010926] [Server] Access denied for user 'root'@'192.0.2.81' (using password: YES)", "192.0.2.81", "root")]
    [InlineData("Jan 12 10:00:01 db mariadbd[1]: 2024-01-12 10:00:01 12 [Warning] Access denied for user 'app'@'localhost' (using password: NO)", "localhost", "app")]
    [InlineData("2024-01-12 10:00:01.125 UTC [1235] FATAL:  no pg_hba.conf entry for host \"192.0.2.82\", user \"postgres\", database \"postgres\", no encryption", "192.0.2.82", "postgres")]
    [InlineData("Jan 12 10:00:01 ns1 named[7001]: client @0x7f00 192.0.2.97#53000 (example.com): query (cache) 'example.com/A/IN' denied", "192.0.2.97", null)]
    [InlineData("Jan 12 10:00:01 ns1 named[7001]: client @0x7f00 192.0.2.118#53001 (example.com): zone transfer 'example.com/AXFR/IN' denied", "192.0.2.118", null)]
    [InlineData("Jan 12 10:00:01 web1 phpmyadmin: user denied: root (mysql-denied) from 192.0.2.114", "192.0.2.114", "root")]
    [InlineData("2024/01/12 10:00:01 [error] 1234#1234: *7 access forbidden by rule, client: 192.0.2.78, server: example.com, request: \"GET /admin HTTP/1.1\", host: \"example.com\"", "192.0.2.78", null)]
    [InlineData("Jan 12 10:00:01 web1 xinetd[31234]: FAIL: telnet libwrap from=192.0.2.119", "192.0.2.119", null)]
    [InlineData("Jan 12 10:00:01 web1 sshd[5174]: refused connect from client.example.net (192.0.2.120)", "192.0.2.120", null)]
    public void Refused_clients_and_accounts_are_hostile_access_denied_events(string line, string? remote, string? user)
    {
        AssertEvent(line, SecurityEventKinds.AccessDenied, hostile: true, remote, user);
    }

    [Theory]
    [InlineData("Jan 12 10:00:01 web1 sshd[1009]: Accepted publickey for alice from 198.51.100.23 port 50003 ssh2: ED25519 SHA256:AbCd", SecurityEventKinds.AuthSuccess, "198.51.100.23", "alice")]
    [InlineData("Jan 12 10:00:01 web1 sshd[1019]: Accepted password for bob from 2001:db8::9 port 50013 ssh2", SecurityEventKinds.AuthSuccess, "2001:db8::9", "bob")]
    [InlineData("Jan 12 10:00:01 ftp vsftpd[3002]: [ftpuser] OK LOGIN: Client \"::ffff:192.0.2.32\"", SecurityEventKinds.AuthSuccess, "192.0.2.32", "ftpuser")]
    [InlineData("Jan 12 10:00:01 mx dovecot: imap-login: Login: user=<carol>, method=PLAIN, rip=192.0.2.45, lip=10.0.0.2, mpid=1234, TLS, session=<abd>", SecurityEventKinds.AuthSuccess, "192.0.2.45", "carol")]
    [InlineData("Jan 12 10:00:01 web1 CRON[1]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)", SecurityEventKinds.SessionOpened, null, "root")]
    [InlineData("Jan 12 10:00:01 web1 systemd-logind[1]: New session 5 of user alice.", SecurityEventKinds.SessionOpened, null, "alice")]
    [InlineData("[2014-01-06 10:59:49]LOGIN SUCCESS for user: \"admin\" from IP: 192.0.2.121", SecurityEventKinds.AuthSuccess, "192.0.2.121", "admin")]
    public void Successes_are_informational_events(string line, string kind, string? remote, string user)
    {
        AssertEvent(line, kind, hostile: false, remote, user);
    }

    [Theory]
    [InlineData("Jan 12 10:00:01 web1 sshd[1013]: Connection closed by 198.51.100.30 port 50010 [preauth]")]
    [InlineData("Jan 12 10:00:01 web1 sshd[1014]: Received disconnect from 198.51.100.31 port 50011:11: Bye Bye [preauth]")]
    [InlineData("Jan 12 10:00:01 web1 sshd[1015]: Connection from 198.51.100.32 port 50012 on 10.0.0.1 port 22 rdomain \"\"")]
    [InlineData("Jan 12 10:00:01 mx dovecot: pop3-login: Disconnected (no auth attempts in 2 secs): user=<>, rip=192.0.2.122, lip=10.0.0.2, TLS handshaking: SSL_accept() failed: error:0A00010B:SSL routines::wrong version number")]
    [InlineData("Jan 12 10:00:01 web1 systemd[1]: Failed to start nginx.service - A high performance web server.")]
    [InlineData("2024-01-12 10:00:01,123 ERROR [main] o.a.h.DataNode: Failed to connect to /10.0.0.5:50010 for block, add to deadNodes and continue")]
    [InlineData("2024-01-12 10:00:01,124 INFO  [NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181] - Accepted socket connection from /10.10.34.11:55260")]
    [InlineData("2024-01-12 10:00:01 INFO spark.SecurityManager: SecurityManager: authentication disabled; ui acls disabled; users with view permissions: Set(yarn)")]
    [InlineData("- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO ciod: LOGIN chdir(/home/x) failed: No such file or directory")]
    [InlineData("Jan 12 10:00:01 web1 kernel: [123.456] nf_conntrack: table full, dropping packet")]
    [InlineData("Jan 12 10:00:01 web1 dhclient[900]: DHCPREQUEST for 192.168.1.20 on eth0 to 192.168.1.1 port 67")]
    [InlineData("2024/01/12 10:00:01 [error] 7695#7695: *5645766 connect() failed (111: Connection refused) while connecting to upstream, client: 192.0.2.90, server: example.com, request: \"GET /admin/config HTTP/2.0\", upstream: \"http://127.0.0.1:3000/admin/config\", host: \"example.com\"")]
    [InlineData("2024-01-12 10:00:01 [app] ERROR Failed to connect to 10.0.0.5:5432: Connection refused")]
    [InlineData("Jan 12 10:00:01 mx postfix/smtpd[2]: warning: hostname host.example.net does not resolve to address 192.0.2.91: Name or service not known")]
    public void Ordinary_lines_with_failure_words_or_addresses_are_no_hostile_event(string line)
    {
        var e = Recognize(line);
        Assert.True(e is null || !e.Hostile, $"{e?.Kind} {e?.Ip}");
    }
}
