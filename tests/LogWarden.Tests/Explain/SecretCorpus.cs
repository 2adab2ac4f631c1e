namespace LogWarden.Tests.Explain;

/// <summary>
/// Log lines that leak secrets the way real services do, each with the secret parts that must never
/// leave the machine. Values are made up but have the vendors' documented shapes.
/// </summary>
internal static class SecretCorpus
{
    public static IReadOnlyList<(string Line, string[] Secrets)> Lines { get; } =
    [
        // Passwords in key=value, JSON, YAML-ish and URL forms.
        ("Nov 24 09:00:01 web1 app[311]: login attempt user=alice password=Hunter2!Summer", ["Hunter2!Summer"]),
        ("2026-11-24T09:00:02Z level=error msg=\"db auth failed\" db_password=s3cr3t-Pa55 host=db1", ["s3cr3t-Pa55"]),
        ("{\"level\":\"info\",\"msg\":\"config loaded\",\"smtp_password\":\"Qx7#mailPass\",\"port\":587}", ["Qx7#mailPass"]),
        ("Nov 24 09:00:04 web1 php-fpm: PHP Warning: mysqli_connect(): (HY000/1045): Access denied; passwd: 'Tr0ub4dor&3'", ["Tr0ub4dor&3"]),
        ("Nov 24 09:00:05 web1 app: settings {'PASSWORD': 'correcthorsebatterystaple', 'HOST': 'db'}", ["correcthorsebatterystaple"]),
        ("Nov 24 09:00:06 web1 app: Redis AUTH pass: r3d1s-S3cret-V4lue", ["r3d1s-S3cret-V4lue"]),
        ("Nov 24 09:00:07 web1 sudo: alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/mysql -uroot -pR00tDbP4ss! prod", ["R00tDbP4ss!"]),
        ("Nov 24 09:00:08 web1 CRON[8812]: (backup) CMD (sshpass -p 'BackupP@ss99' rsync -a /srv backup@10.0.0.9:/b)", ["BackupP@ss99"]),
        ("Nov 24 09:00:09 web1 deploy[77]: running ./migrate --password Sup3rS3cretDeploy --env prod", ["Sup3rS3cretDeploy"]),
        ("Nov 24 09:00:10 web1 app: client_secret=9f8e7d6c5b4a39281706f5e4d3c2b1a0 grant_type=client_credentials", ["9f8e7d6c5b4a39281706f5e4d3c2b1a0"]),
        // Connection strings and URLs with credentials.
        ("Nov 24 09:01:01 web1 app: connecting to postgres://app_user:pgP4ssw0rd_2026@db.internal:5432/shop?sslmode=require", ["pgP4ssw0rd_2026"]),
        ("Nov 24 09:01:02 web1 app: mongodb+srv://admin:M0ng0Atlas!Key@cluster0.abcde.mongodb.net/test failed: timeout", ["M0ng0Atlas!Key"]),
        ("Nov 24 09:01:03 web1 worker: amqp://guest:RabbitPa55word@mq:5672/ connection reset", ["RabbitPa55word"]),
        ("Nov 24 09:01:04 web1 app: redis://:RedisOnlyPass123@cache:6379/0 unreachable", ["RedisOnlyPass123"]),
        ("Nov 24 09:01:05 web1 app: Server=sql1;Database=Orders;User Id=sa;Password=MsSql#Prod2026;TrustServerCertificate=True", ["MsSql#Prod2026"]),
        ("Nov 24 09:01:06 web1 app: DefaultEndpointsProtocol=https;AccountName=store1;AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3A=;EndpointSuffix=core.windows.net", ["Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3A="]),
        ("Nov 24 09:01:07 web1 nginx: 10.0.0.5 - - \"GET /export?user=bob&api_key=AbCdEf0123456789xyz&fmt=csv HTTP/1.1\" 200 512", ["AbCdEf0123456789xyz"]),
        ("Nov 24 09:01:08 web1 nginx: \"GET /reset?token=7c1f0e9a-44d2-4b1e-9a55-3bd2e1f0c9aa HTTP/1.1\" 302", ["7c1f0e9a-44d2-4b1e-9a55-3bd2e1f0c9aa"]),
        ("Nov 24 09:01:09 web1 app: fetching https://deploy:ghDeployPw77@git.example.com/repo.git", ["ghDeployPw77"]),
        ("Nov 24 09:01:10 web1 app: s3 GET https://bucket.s3.amazonaws.com/f?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261124&X-Amz-Signature=3f1c9e0a7b2d4e6f8a0c1e3d5b7f9a1c3e5d7b9f1a3c5e7d9b1f3a5c7e9d1b3f", ["AKIAIOSFODNN7EXAMPLE", "3f1c9e0a7b2d4e6f8a0c1e3d5b7f9a1c3e5d7b9f1a3c5e7d9b1f3a5c7e9d1b3f"]),
        // Authorization headers.
        ("Nov 24 09:02:01 web1 app: request headers: Authorization: Bearer 4f9b2c7e1a8d3f6b0c5e9a2d7f1b4c8e", ["4f9b2c7e1a8d3f6b0c5e9a2d7f1b4c8e"]),
        ("Nov 24 09:02:02 web1 app: upstream call Authorization: Basic YWxpY2U6U3VwZXJTZWNyZXQxMjM=", ["YWxpY2U6U3VwZXJTZWNyZXQxMjM="]),
        ("Nov 24 09:02:03 web1 app: curl -H 'X-Api-Key: live_8f7e6d5c4b3a2910' https://api.partner.example/v2/orders", ["live_8f7e6d5c4b3a2910"]),
        ("Nov 24 09:02:04 web1 app: header X-Auth-Token=0a1b2c3d4e5f60718293a4b5c6d7e8f9 rejected", ["0a1b2c3d4e5f60718293a4b5c6d7e8f9"]),
        ("Nov 24 09:02:05 web1 app: Cookie: sessionid=q8w7e6r5t4y3u2i1o0p9; csrftoken=Zx9Yw8Vu7Ts6", ["q8w7e6r5t4y3u2i1o0p9", "Zx9Yw8Vu7Ts6"]),
        ("Nov 24 09:02:06 web1 app: token: ghs_16C7e42F292c6912E7710c838347Ae178B4a sent to runner", ["ghs_16C7e42F292c6912E7710c838347Ae178B4a"]),
        // JWTs.
        ("Nov 24 09:03:01 web1 api: invalid signature for eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", ["eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0", "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"]),
        ("{\"msg\":\"refresh\",\"id_token\":\"eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.eyJpc3MiOiJodHRwczovL2lkcCIsImV4cCI6MTd9.c2lnbmF0dXJlLWJ5dGVzLWhlcmU\"}", ["eyJpc3MiOiJodHRwczovL2lkcCIsImV4cCI6MTd9", "c2lnbmF0dXJlLWJ5dGVzLWhlcmU"]),
        // Vendor API keys and tokens.
        ("Nov 24 09:04:01 web1 app: using AWS key AKIAZ7Q3EXAMPLEKEY12 for uploads", ["AKIAZ7Q3EXAMPLEKEY12"]),
        ("Nov 24 09:04:02 web1 app: aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]),
        ("Nov 24 09:04:03 web1 ci: cloning with ghp_R4nd0mT0k3nV4lu3F0rGitHubAcc3ss123", ["ghp_R4nd0mT0k3nV4lu3F0rGitHubAcc3ss123"]),
        ("Nov 24 09:04:04 web1 ci: GITHUB_TOKEN github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV", ["github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV"]),
        ("Nov 24 09:04:05 web1 ci: glpat-xY9zW8vU7tS6rQ5pO4nM failed to push", ["glpat-xY9zW8vU7tS6rQ5pO4nM"]),
        ("Nov 24 09:04:06 web1 bot: posting with xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", ["xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"]),
        ("Nov 24 09:04:07 web1 alerts: webhook https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX returned 404", ["XXXXXXXXXXXXXXXXXXXXXXXX"]),
        ("Nov 24 09:04:08 web1 shop: charge failed with sk_live_51HxYzAbCdEfGhIjKlMnOpQr", ["sk_live_51HxYzAbCdEfGhIjKlMnOpQr"]),
        ("Nov 24 09:04:09 web1 maps: geocode key AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY quota exceeded", ["AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY"]),
        ("Nov 24 09:04:10 web1 ai: 401 for key sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90", ["sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90"]),
        ("Nov 24 09:04:11 web1 ai: anthropic client init sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCd", ["sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCd"]),
        ("Nov 24 09:04:12 web1 mail: SendGrid 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 rejected", ["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"]),
        ("Nov 24 09:04:13 web1 notify: telegram bot 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw5 getUpdates conflict", ["AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw5"]),
        ("Nov 24 09:04:14 web1 npm: //registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789", ["npm_abcdefghijklmnopqrstuvwxyz0123456789"]),
        ("Nov 24 09:04:15 web1 ml: hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567 download denied", ["hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567"]),
        ("Nov 24 09:04:16 web1 sms: twilio SK0123456789abcdef0123456789abcdef unauthorized", ["SK0123456789abcdef0123456789abcdef"]),
        ("Nov 24 09:04:17 web1 mail: mailgun key-0123456789abcdef0123456789abcdef rejected", ["key-0123456789abcdef0123456789abcdef"]),
        ("Nov 24 09:04:18 web1 vault: renew failed for hvs.CAESIJ1bXo0cm9uZy1zZWNyZXQtdG9rZW4tdmFsdWU", ["hvs.CAESIJ1bXo0cm9uZy1zZWNyZXQtdG9rZW4tdmFsdWU"]),
        ("Nov 24 09:04:19 web1 app: discord https://discord.com/api/webhooks/112233445566778899/AbCdEf-GhIjKl_MnOpQrStUvWxYz0123456789 429", ["AbCdEf-GhIjKl_MnOpQrStUvWxYz0123456789"]),
        ("Nov 24 09:04:20 web1 app: PYPI upload pypi-AgEIcHlwaS5vcmcCJGFiY2RlZmdoLWlqa2wtbW5vcC1xcnN0LXV2d3h5ejAxMjM0NTY3", ["pypi-AgEIcHlwaS5vcmcCJGFiY2RlZmdoLWlqa2wtbW5vcC1xcnN0LXV2d3h5ejAxMjM0NTY3"]),
        ("Nov 24 09:04:21 web1 do: doctl auth dop_v1_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", ["dop_v1_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"]),
        // Private keys (PEM), also cut off by the sample length.
        ("Nov 24 09:05:01 web1 app: loaded key -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n-----END RSA PRIVATE KEY----- ok", ["MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun", "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK"]),
        ("Nov 24 09:05:02 web1 app: -----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW", ["b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"]),
        ("Nov 24 09:05:03 web1 app: -----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIGZha2Uta2V5LWZvci10ZXN0aW5nLW9ubHktMDEyMzQ1\n-----END PRIVATE KEY-----", ["MC4CAQAwBQYDK2VwBCIEIGZha2Uta2V5LWZvci10ZXN0aW5nLW9ubHktMDEyMzQ1"]),
        ("Nov 24 09:05:04 web1 app: -----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIIrYSSNQFaA2Hwf1duRSxKtLYX5CB04fSeQ6tF1aY/PuoAoGCCqGSM49", ["MHcCAQEEIIrYSSNQFaA2Hwf1duRSxKtLYX5CB04fSeQ6tF1aY/PuoAoGCCqGSM49"]),
        // Password hashes and e-mail addresses.
        ("Nov 24 09:06:01 web1 app: dumped shadow line root:$6$rounds=5000$saltsalt$Zk3sGq1b2V9yQeWlFz0pKx8mTn4uR7cYhAaD1eJ5oLv6SiB.:19000:0:99999:7:::", ["$6$rounds=5000$saltsalt$Zk3sGq1b2V9yQeWlFz0pKx8mTn4uR7cYhAaD1eJ5oLv6SiB."]),
        ("Nov 24 09:06:02 web1 postfix/smtpd[991]: NOQUEUE: reject: RCPT from unknown[198.51.100.23]: 550 <jane.doe@example.org>: Recipient address rejected", ["jane.doe@example.org"]),
        ("Nov 24 09:06:03 web1 app: password reset mail sent to ops-team+alerts@corp.example.co.uk", ["ops-team+alerts@corp.example.co.uk"]),
        ("Nov 24 09:06:04 web1 app: {\"event\":\"signup\",\"email\":\"M.Mueller@firma.de\",\"plan\":\"pro\"}", ["M.Mueller@firma.de"]),
        // Secret-named environment and YAML lines.
        ("Nov 24 09:07:01 web1 systemd[1]: app.service: Environment: STRIPE_WEBHOOK_SECRET=whsec_a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6", ["whsec_a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6"]),
        ("Nov 24 09:07:02 web1 docker[42]: env: DATABASE_URL=mysql://wp:WpDbPass!2026@127.0.0.1:3306/wordpress", ["WpDbPass!2026"]),
        ("Nov 24 09:07:03 web1 app: api-key: 6b1f0a9c8e7d6c5b4a39281706f5e4d3 (from vault)", ["6b1f0a9c8e7d6c5b4a39281706f5e4d3"]),
        ("Nov 24 09:07:04 web1 app: loaded PRIVATE_KEY_PASSPHRASE=\"long passphrase with spaces\" from env", ["long passphrase with spaces"]),
        ("Nov 24 09:07:05 web1 app: session_token=AQoDYXdzEJr1K2xFvLdT9q8M7nZbX4wC1yH6pG0sE3uI5oA", ["AQoDYXdzEJr1K2xFvLdT9q8M7nZbX4wC1yH6pG0sE3uI5oA"]),
    ];

    /// <summary>Lines without secrets whose meaning must survive redaction.</summary>
    public static IReadOnlyList<(string Line, string[] Kept)> Clean { get; } =
    [
        ("Nov 24 09:00:01 web1 sshd[1201]: Failed password for invalid user admin from 203.0.113.7 port 51122 ssh2", ["Failed password for invalid user admin from 203.0.113.7 port 51122"]),
        ("Nov 24 09:00:02 web1 kernel: Out of memory: Killed process 4242 (java) total-vm:8123456kB", ["Out of memory: Killed process 4242 (java)"]),
        ("Nov 24 09:00:03 web1 nginx: 198.51.100.9 - - \"GET /wp-login.php HTTP/1.1\" 404 153", ["GET /wp-login.php HTTP/1.1\" 404"]),
        ("Nov 24 09:00:04 web1 dockerd: container 4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b started", ["container 4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b started"]),
        ("Nov 24 09:00:05 web1 systemd[1]: nginx.service: Failed with result 'exit-code'.", ["nginx.service: Failed with result 'exit-code'."]),
    ];
}
