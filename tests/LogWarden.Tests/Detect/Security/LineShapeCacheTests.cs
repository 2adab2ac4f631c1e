using System.Globalization;
using LogWarden.Detect.Security;

namespace LogWarden.Tests.Detect.Security;

public sealed class LineShapeCacheTests
{
    [Fact]
    public void Shapes_in_use_survive_a_stream_of_one_off_shapes_and_the_cache_stays_bounded()
    {
        var cache = new LineShapeCache();
        var hot = new LineAnalysis { Outcome = LineOutcome.Rule };
        cache.Add("Failed password for root from \uE000.\uE000.\uE000.\uE000 port \uE000 ssh2", hot);

        for (int i = 0; i < 10 * LineShapeCache.MaxEntries; i++)
        {
            // A firewall's LEN= and TTL= make a new shape nearly every line.
            cache.Add($"[UFW BLOCK] LEN={i % 97} TTL={i / 97}", new LineAnalysis());
            if (i % 500 == 0)
            {
                Assert.True(cache.TryGet("Failed password for root from \uE000.\uE000.\uE000.\uE000 port \uE000 ssh2", out LineAnalysis found));
                Assert.Same(hot, found);
            }
            Assert.True(cache.Count <= LineShapeCache.MaxEntries);
        }

        Assert.False(cache.TryGet("[UFW BLOCK] LEN=0 TTL=0", out _)); // one-off shapes age out
    }

    [Fact]
    public void A_shape_is_kept_the_second_time_it_is_offered_so_one_off_shapes_do_not_crowd_the_cache()
    {
        var cache = new LineShapeCache();
        var analysis = new LineAnalysis { Outcome = LineOutcome.Rule };
        cache.Offer("Failed password for root", analysis);
        Assert.False(cache.TryGet("Failed password for root", out _));

        cache.Offer("Failed password for root", analysis);
        Assert.True(cache.TryGet("Failed password for root", out var found));
        Assert.Same(analysis, found);

        for (int i = 0; i < 10 * LineShapeCache.MaxEntries; i++)
        {
            cache.Offer($"[UFW BLOCK] LEN={i % 97} TTL={i / 97}", new LineAnalysis());
        }

        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Values_of_upper_case_keys_are_masked_unless_a_pattern_names_the_key_before_a_number()
    {
        var keys = SecurityDefinitions.Default.NumericKeyLookup;
        Assert.NotNull(keys);
        Assert.Contains("err", SecurityDefinitions.Default.NumericKeys!);
        Assert.Contains("reject", SecurityDefinitions.Default.NumericKeys!);

        const string ufw = "[UFW BLOCK] IN=eth0 OUT= SRC=192.0.2.1 DST=203.0.113.10 LEN={0} TOS=0x00 TTL={1} ID={2} PROTO=TCP SPT=40000 DPT={3} WINDOW=1024";
        Assert.Equal(ShapeOf(string.Format(CultureInfo.InvariantCulture, ufw, 60, 52, 0, 22), keys: keys),
            ShapeOf(string.Format(CultureInfo.InvariantCulture, ufw, 44, 99, 7, 80), keys: keys));

        // Lower-case keys, keys a pattern names (err=49 in any case), and values that are not the whole value stay.
        Assert.NotEqual(ShapeOf("RESULT tag=97 err=49 text=", keys: keys), ShapeOf("RESULT tag=97 err=32 text=", keys: keys));
        Assert.NotEqual(ShapeOf("RESULT ERR=49 text=", keys: keys), ShapeOf("RESULT ERR=32 text=", keys: keys));
        Assert.NotEqual(ShapeOf("status TTL=52ms", keys: keys), ShapeOf("status TTL=99ms", keys: keys));

        // Without the definitions' keys nothing after '=' is masked.
        Assert.NotEqual(ShapeOf(string.Format(CultureInfo.InvariantCulture, ufw, 60, 52, 0, 22)), ShapeOf(string.Format(CultureInfo.InvariantCulture, ufw, 44, 99, 7, 80)));
    }

    [Fact]
    public void A_pattern_that_puts_an_unknown_key_before_a_number_turns_key_masking_off()
    {
        string yaml = SecurityDefinitionsYaml().Replace(
            "      - '\\bRESULT\\b.*\\berr=49\\b'", "      - '\\bRESULT\\b.*\\b\\w+=49\\b'", StringComparison.Ordinal);
        Assert.NotEqual(SecurityDefinitionsYaml(), yaml);
        Assert.Null(SecurityDefinitions.Parse(yaml).NumericKeys);
    }

    private static string SecurityDefinitionsYaml()
    {
        using var stream = typeof(SecurityDefinitions).Assembly.GetManifestResourceStream("LogWarden.Detect.Security.security-events.yaml")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string ShapeOf(string line, int headerLength = 0, HashSet<string>.AlternateLookup<ReadOnlySpan<char>>? keys = null)
    {
        var shape = new char[line.Length];
        LineShapeCache.Shape(line, shape, headerLength, keys);
        return new string(shape);
    }

    [Fact]
    public void Lines_differing_in_their_pid_day_or_hex_ids_share_a_shape_but_short_codes_stay()
    {
        const string header1 = "Nov 15 10:00:01 web sshd[987]: ", header2 = "Nov 25 10:00:02 web sshd[123]: ";
        Assert.Equal(ShapeOf(header1 + "Failed password for root from 192.0.2.17 port 50122 ssh2", header1.Length),
            ShapeOf(header2 + "Failed password for root from 192.0.2.71 port 40022 ssh2", header2.Length));

        Assert.Equal(ShapeOf("msg=\"ignoring event\" container=7c816fbe73cb99d3 module=libcontainerd"),
            ShapeOf("msg=\"ignoring event\" container=160741f8c0e2a324 module=libcontainerd"));

        // Rules may look at short codes: they stay, and so do short hex words and digits in a message.
        Assert.NotEqual(ShapeOf("RESULT tag=97 err=49 text="), ShapeOf("RESULT tag=97 err=32 text="));
        Assert.NotEqual(ShapeOf("reply 0xdead01 to 12"), ShapeOf("reply 0xdead02 to 12"));
        Assert.NotEqual(ShapeOf(header1 + "user 7 logged in", header1.Length), ShapeOf(header1 + "user 8 logged in", header1.Length));
    }

    [Fact]
    public void Ids_in_paths_share_a_collapsed_shape_but_protocol_versions_terminals_and_words_keep_their_digits()
    {
        Assert.True(SecurityDefinitions.Default.MasksShortIds); // no built-in pattern looks for a digit after a "/" or a "*"
        Assert.Equal(Collapsed("open() \"/var/www/html/api/v1/users/736/orders\" failed"), Collapsed("open() \"/var/www/html/api/v1/users/9/orders\" failed"));
        Assert.Equal(Collapsed("open() \"/srv/images/products/836.jpg\" failed"), Collapsed("open() \"/srv/images/products/12.jpg\" failed"));
        Assert.Equal(Collapsed("request: \"GET /items/7 HTTP/1.1\""), Collapsed("request: \"GET /items/42 HTTP/1.1\""));
        Assert.Equal(Collapsed("[error] 1#1: *7 open() failed"), Collapsed("[error] 1#1: *123 open() failed")); // nginx's connection serial
        Assert.NotEqual(Collapsed("x = a*7 b"), Collapsed("x = a*8 b")); // a product, no serial
        Assert.NotEqual(Collapsed("request: \"GET /x HTTP/1.1\""), Collapsed("request: \"GET /x HTTP/1.0\""));
        Assert.NotEqual(Collapsed("session on pts/0 opened"), Collapsed("session on pts/1 opened"));
        Assert.NotEqual(Collapsed("open() \"/srv/v1/x\""), Collapsed("open() \"/srv/v2/x\"")); // inside a word
        Assert.NotEqual(Collapsed("open() \"/srv/1/x\"", pathIds: false), Collapsed("open() \"/srv/2/x\"", pathIds: false));
    }

    private static string Collapsed(string line, bool pathIds = true)
    {
        var shape = new char[line.Length];
        LineShapeCache.Shape(line, shape, pathIds: pathIds);
        return new string(shape, 0, new ShapeMap().Collapse(shape));
    }

    [Fact]
    public void A_collapsed_shape_maps_run_boundaries_back_to_the_line_and_refuses_positions_inside_a_run()
    {
        const char M = LineShapeCache.Masked;
        //            0123456789...: "from " then a 9-character masked address, " port ", a 5-digit masked port
        string line = "from " + new string(M, 9) + " port " + new string(M, 5) + " ssh2";
        var map = new ShapeMap();
        var shape = line.ToCharArray();
        int length = map.Collapse(shape);
        Assert.Equal("from " + M + " port " + M + " ssh2", new string(shape, 0, length));
        Assert.False(map.IsIdentity);

        Assert.Equal(5, map.ToLine(5));    // the address's start
        Assert.Equal(14, map.ToLine(6));   // just after it
        Assert.Equal(20, map.ToLine(12));  // the port's start
        Assert.Equal(25, map.ToLine(13));  // just after it
        Assert.Equal(line.Length, map.ToLine(length));
        Assert.Equal(-1, map.ToLine(-1));

        foreach (int position in new[] { 0, 5, 14, 20, 25, line.Length })
        {
            Assert.True(map.TryToShape(position, out int shaped));
            Assert.Equal(position, map.ToLine(shaped));
        }

        Assert.False(map.TryToShape(7, out _));  // inside the address
        Assert.False(map.TryToShape(23, out _)); // inside the port

        var analysis = new LineAnalysis { Outcome = LineOutcome.Rule, User = new SpanAnalysis(0, 4), Address = new SpanAnalysis(5, 14) };
        var cached = map.TryToShape(analysis);
        Assert.NotNull(cached);
        Assert.Equal(new SpanAnalysis(5, 6), cached.Address);
        Assert.Equal(analysis.Address, map.ToLine(cached).Address);
        Assert.Null(map.TryToShape(new LineAnalysis { Outcome = LineOutcome.Rule, Address = new SpanAnalysis(6, 14) }));

        var plain = "no digits here".ToCharArray();
        Assert.Equal(plain.Length, map.Collapse(plain));
        Assert.True(map.IsIdentity);
        Assert.Same(analysis, map.ToLine(analysis));
    }

    [Fact]
    public void Lines_whose_addresses_ports_and_pids_differ_in_length_share_one_analysis_and_give_the_same_events()
    {
        var random = new Random(7);
        var lines = new List<string>();
        var addresses = new List<string>();
        for (int i = 0; i < 400; i++)
        {
            string address = string.Create(CultureInfo.InvariantCulture, $"{random.Next(1, 224)}.{random.Next(0, 256)}.{random.Next(0, 256)}.{random.Next(1, 255)}");
            int pid = random.Next(1, 4) switch { 1 => random.Next(100, 1000), 2 => random.Next(1000, 100_000), _ => random.Next(100_000, 4_000_000) };
            string prefix = string.Create(CultureInfo.InvariantCulture, $"Nov {random.Next(10, 29)} 10:{random.Next(0, 60):00}:{random.Next(0, 60):00} web1 sshd[{pid}]: ");
            int port = random.Next(1024, 65536);
            addresses.Add(address);
            lines.Add(prefix + (i % 4) switch
            {
                0 => $"Failed password for root from {address} port {port} ssh2",
                1 => $"Failed password for invalid user admin from {address} port {port} ssh2",
                2 => $"Connection closed by authenticating user root {address} port {port} [preauth]",
                _ => $"Disconnected from invalid user admin {address} port {port} [preauth]",
            });
        }

        var recognizer = new SecurityEventRecognizer();
        var events = lines.Select(line => recognizer.Recognize(SecurityLines.Decode(line))).ToList();
        Assert.Equal(SecurityLines.RecognizeAll(lines, cacheLineShapes: false), events);
        Assert.Contains(events, e => e is { Kind: SecurityEventKinds.AuthFailure, User: "root" } && e.Ip == addresses[0]);

        // Four wordings, each analysed twice before its shape is kept (the admission filter), whatever the digits.
        Assert.True(recognizer.ShapeCacheCounts.Misses <= 8, $"{recognizer.ShapeCacheCounts.Misses} misses of {recognizer.ShapeCacheCounts.Lookups}");
    }

    [Fact]
    public void Request_records_whose_client_and_latency_differ_in_length_read_their_own_method_path_and_status()
    {
        var random = new Random(11);
        var lines = new List<string>();
        for (int i = 0; i < 300; i++)
        {
            string client = string.Create(CultureInfo.InvariantCulture, $"{random.Next(1, 224)}.{random.Next(0, 256)}.{random.Next(0, 256)}.{random.Next(1, 255)}");
            int status = (i % 3) switch { 0 => 401, 1 => 404, _ => 200 };
            string path = (i % 3) switch { 0 => "/api/login", 1 => "/.env", _ => "/api/items" };
            string method = i % 3 == 0 ? "POST" : "GET ";
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"[GIN] 2024/05/02 - 10:{random.Next(10, 60)}:{random.Next(10, 60)} | {status} | {random.Next(1, 99_999)}.{random.Next(1, 999)}µs | {client,15} | {method}     \"{path}\""));
        }

        var events = SecurityLines.RecognizeAll(lines);
        Assert.Equal(SecurityLines.RecognizeAll(lines, cacheLineShapes: false), events);
        Assert.Contains(events, e => e is { Kind: "web-auth-failure" });
    }
}
