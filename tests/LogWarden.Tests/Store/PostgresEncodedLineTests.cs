using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LogWarden.Collect;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Store.Postgres;
using LogWarden.Tests.Support;
using Npgsql;

namespace LogWarden.Tests.Store;

/// <summary>The PostgreSQL store's template-encoded lines (schema step 4): exact round trips, upgraded databases, filters.</summary>
public sealed class PostgresEncodedLineTests
{
    private static readonly StreamLabels Web = new(("job", "web"), ("host", "web1"));
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Lines that stress the split: whitespace, non-ASCII, placeholder-looking characters, numbers at the edges, huge and verbatim lines.</summary>
    internal static List<string> OddLines()
    {
        var many = string.Join(' ', Enumerable.Range(0, LineEncoder.MaxVariables + 10).Select(i => i.ToString(CultureInfo.InvariantCulture)));
        var wide = string.Join(' ', Enumerable.Range(0, 3000).Select(i => "word" + (char)('a' + (i % 26)) + "x"));
        var huge = string.Concat(Enumerable.Range(0, 40_000).Select(i => $"k{i}=v{i} "));
        return
        [
            "",
            " ",
            "  leading and trailing  ",
            "tabs\tand\r\nbreaks\v\f 12\t34",
            "Grüße aus Köln: user=δοκιμή id=42 Ärger 東京 🚀 took 17ms",
            "ø ù ú û ü ý þ ÿ øù 12ÿ34 \u00F8\u00F9\u00FF",
            "literal <*> and <NUM> placeholders 5 <*>",
            "007 0 00 -0 -5 -007 000123 123456789012345678 1234567890123456789 -123456789012345678 9999999999999999999999",
            "ip 10.0.0.1:8080 path /var/log/app.log mail a@b.example host db-01.internal 2026-11-26T08:00:00Z",
            "0x1F 0xDEADBEEF v1.2.3 HTTP/1.1 \"GET /x?q=1&r=2 HTTP/1.1\" 200 512 - \"Mozilla/5.0\"",
            new string('x', LineEncoder.MaxMaskedToken + 5) + "1 " + new string('9', 300),
            many,
            wide,
            huge,
            "-",
            "--1 1- 1-2 -1-2 :1: [1] (2) =3; |4| #5,",
            "\\ \\\\ C:\\Windows\\System32\\drivers 12",
            "ends with digits 1234",
            "5",
        ];
    }

    private static List<StoredLine> Stored(IEnumerable<string> texts, DateTimeOffset start) =>
        [.. texts.Select((t, i) => new StoredLine(start.AddSeconds(i), Web, t, 1, Severity.Info))];

    private static long Scalar(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Encoded_values_rebuild_every_odd_line_exactly()
    {
        var encoder = new LineEncoder();
        var values = new ByteBuffer();
        var output = new ByteBuffer();
        foreach (string line in OddLines())
        {
            encoder.Encode(line);
            values.Clear();
            EncodedLine.WriteValues(encoder, values);
            output.Clear();
            EncodedLine.Rebuild(new LogtypeInfo(encoder.Logtype.ToArray()), values.WrittenSpan, output);
            Assert.Equal(line, Encoding.UTF8.GetString(output.WrittenSpan));
        }
    }

    [Fact]
    public void Values_that_do_not_fit_their_logtype_are_reported_damaged()
    {
        var encoder = new LineEncoder();
        encoder.Encode("user 42 from 10.0.0.1");
        var values = new ByteBuffer();
        EncodedLine.WriteValues(encoder, values);
        var logtype = new LogtypeInfo(encoder.Logtype.ToArray());
        Assert.Throws<InvalidDataException>(() => EncodedLine.Rebuild(logtype, values.WrittenSpan[..^1], new ByteBuffer()));
        byte[] extra = [.. values.WrittenSpan, 0];
        Assert.Throws<InvalidDataException>(() => EncodedLine.Rebuild(logtype, extra, new ByteBuffer()));
    }

    [Fact]
    public void Odd_lines_come_back_exactly_from_encoded_rows_and_after_a_reopen()
    {
        using var location = new TestStoreLocation(StoreKindUnderTest.Postgres);
        List<string> lines = OddLines();
        using (ILogStore store = location.Open())
        {
            store.Append(Stored(lines, Start), [], []);
            Assert.Equal(lines, store.Search(new SearchQuery { NewestFirst = false, Limit = 1000 }).Select(h => h.Line));
        }
        // Every row is encoded: no text column, logtypes stored once each.
        Assert.Equal(lines.Count, Scalar(location.ConnectionString!, "SELECT count(*) FROM lines WHERE line IS NULL AND logtype_id IS NOT NULL"));
        long logtypes = Scalar(location.ConnectionString!, "SELECT count(*) FROM logtypes");
        Assert.InRange(logtypes, 2, lines.Count);

        // A second process (a reader) loads the logtypes; a reopened writer appends the same lines again without new logtypes.
        using (ILogStore reader = location.Open(readOnly: true))
        {
            Assert.Equal(lines, reader.Search(new SearchQuery { NewestFirst = false, Limit = 1000 }).Select(h => h.Line));
        }
        using (ILogStore store = location.Open())
        {
            store.Append(Stored(lines, Start.AddHours(1)), [], []);
            store.Append(Stored(["a line with a new logtype 5"], Start.AddHours(2)), [], []);
            Assert.Equal([.. lines, .. lines, "a line with a new logtype 5"], store.Search(new SearchQuery { NewestFirst = false, Limit = 1000 }).Select(h => h.Line));
        }
        Assert.Equal(logtypes + 1, Scalar(location.ConnectionString!, "SELECT count(*) FROM logtypes"));
        Assert.Equal(logtypes + 1, Scalar(location.ConnectionString!, "SELECT count(DISTINCT bytes) FROM logtypes"));
        Assert.Equal(logtypes + 1, Scalar(location.ConnectionString!, "SELECT max(id) FROM logtypes"));
    }

    [Fact]
    public void A_database_with_text_rows_upgrades_and_reads_its_old_rows_beside_new_encoded_ones()
    {
        using var location = new TestStoreLocation(StoreKindUnderTest.Postgres);
        string[] old = ["old row 1 from 10.0.0.1", "OLD Grüße row 2 took 17ms", "old literal <*> row 3"];
        using (var connection = new NpgsqlConnection(location.ConnectionString))
        {
            connection.Open();
            // The database as the previous LogWarden left it (steps 1–3), with lines stored as text.
            PostgresSchema.Apply(connection, TimeProvider.System, target: 3);
            long day = Start.UtcTicks / TimeSpan.TicksPerDay * TimeSpan.TicksPerDay;
            using var setup = new NpgsqlCommand($"""
                CREATE TABLE lines_20261126 PARTITION OF lines FOR VALUES FROM ({day}) TO ({day + TimeSpan.TicksPerDay});
                INSERT INTO streams(id, key, labels) VALUES (1, '{Web.Key}', '{StoreJson.Labels(Web)}');
                UPDATE meta SET value = 4 WHERE key = 'next_seq';
                INSERT INTO stream_days(day, stream_id, lines, min_ts, max_ts) VALUES ({day / TimeSpan.TicksPerDay}, 1, 3, {Start.UtcTicks}, {Start.AddSeconds(2).UtcTicks});
                """, connection);
            setup.ExecuteNonQuery();
            for (int i = 0; i < old.Length; i++)
            {
                using var insert = new NpgsqlCommand("INSERT INTO lines(seq, ts, offset_minutes, stream_id, template_id, level, line) VALUES (@seq, @ts, 0, 1, 1, 2, @line)", connection);
                insert.Parameters.AddWithValue("seq", (long)(i + 1));
                insert.Parameters.AddWithValue("ts", Start.AddSeconds(i).UtcTicks);
                insert.Parameters.AddWithValue("line", old[i]);
                insert.ExecuteNonQuery();
            }
        }
        string[] added = ["new row 4 from 10.0.0.2", "NEW grüße row 5 took 18ms", "new literal <*> row 6"];
        using (ILogStore store = location.Open())
        {
            store.Append(Stored(added, Start.AddSeconds(10)), [], []);
            Assert.Equal([.. old, .. added], store.Search(new SearchQuery { NewestFirst = false }).Select(h => h.Line));
            Assert.Equal([6L, 5L, 4L, 3L, 2L, 1L], store.Search(new SearchQuery()).Select(h => h.Sequence));
            Assert.Equal(["old row 1 from 10.0.0.1", "new row 4 from 10.0.0.2"], store.Search(new SearchQuery { Text = " from 10.0.0.", MatchCase = true, NewestFirst = false }).Select(h => h.Line));
            Assert.Equal(["OLD Grüße row 2 took 17ms", "NEW grüße row 5 took 18ms"], store.Search(new SearchQuery { Text = "GRÜSSE".Replace("SS", "ß", StringComparison.Ordinal).ToLowerInvariant(), NewestFirst = false }).Select(h => h.Line));
            Assert.Equal(["old literal <*> row 3", "new literal <*> row 6"], store.Search(new SearchQuery { Pattern = new Regex(@"LITERAL <\*> ROW \d$", RegexOptions.IgnoreCase), NewestFirst = false }).Select(h => h.Line));
            Assert.Equal(6, store.GetStats().Lines);
        }
        Assert.Equal(3, Scalar(location.ConnectionString!, "SELECT count(*) FROM lines WHERE line IS NOT NULL"));
        Assert.Equal(3, Scalar(location.ConnectionString!, "SELECT count(*) FROM lines WHERE line IS NULL"));
    }

    [Fact]
    public void Beyond_the_logtype_cap_lines_with_new_logtypes_are_stored_verbatim_and_read_back()
    {
        using var location = new TestStoreLocation(StoreKindUnderTest.Postgres);
        // Constant words that never repeat (letters only: digits would be variables): one new logtype a line.
        static string Word(int i) => string.Concat(Enumerable.Range(0, 4).Select(p => (char)('a' + (i / (int)Math.Pow(26, p) % 26))));
        List<string> lines = [.. Enumerable.Range(0, PostgresStore.MaxLogtypes + 50).Select(i => $"event {Word(i)} happened 7 times")];
        using (ILogStore store = location.Open())
        {
            for (int from = 0; from < lines.Count; from += 20_000)
            {
                store.Append(Stored(lines.Skip(from).Take(20_000), Start.AddSeconds(from)), [], []);
            }
            store.Append(Stored(["event aaaa happened 8 times"], Start.AddDays(2)), [], []); // a known logtype still encodes
        }
        // Every logtype up to the cap, and the verbatim one.
        Assert.Equal(PostgresStore.MaxLogtypes + 1, Scalar(location.ConnectionString!, "SELECT count(*) FROM logtypes"));
        Assert.Equal(50, Scalar(location.ConnectionString!, "SELECT count(*) FROM lines l JOIN logtypes t ON t.id = l.logtype_id WHERE t.bytes = '\\xf9'::bytea"));
        using ILogStore reader = location.Open(readOnly: true);
        Assert.Equal([.. lines, "event aaaa happened 8 times"], reader.Search(new SearchQuery { NewestFirst = false, Limit = lines.Count + 1 }).Select(h => h.Line));
        Assert.Equal([lines[^1]], reader.Search(new SearchQuery { Text = Word(lines.Count - 1) }).Select(h => h.Line));
    }

    [Fact]
    public void Text_and_regex_filters_on_encoded_rows_match_the_rebuilt_text()
    {
        using var location = new TestStoreLocation(StoreKindUnderTest.Postgres);
        using ILogStore store = location.Open();
        List<string> lines =
        [
            .. OddLines(),
            "GET /api/users/42 took 17ms status 200",
            "GET /api/users/421 took 7ms status 404",
            "get /API/Users/5 took 170ms status 500",
            "Straße gesperrt seit 08:15",
            "STRASSE 12",
        ];
        store.Append(Stored(lines, Start), [], []);
        void Check(SearchQuery query, Func<string, bool> expected) =>
            Assert.Equal(lines.Where(expected), store.Search(query with { NewestFirst = false, Limit = 1000 }).Select(h => h.Line));
        foreach (string text in new[] { "users/42", "42 took 1", "took 17ms", "s/4", "<*> and", "Köln: user=δοκιμή", "ÿ34", "007 0 00", "1234567890123456789 -", "k39999=v39999", "API/USERS", "straße", "no such text" })
        {
            Check(new SearchQuery { Text = text, MatchCase = true }, l => l.Contains(text, StringComparison.Ordinal));
            Check(new SearchQuery { Text = text }, l => l.Contains(text, StringComparison.OrdinalIgnoreCase));
        }
        foreach (Regex regex in new[] { new Regex(@"users/\d{2}\b"), new Regex(@"took \d+ms status [45]\d\d$"), new Regex("^$"), new Regex(@"STRA(SS|ß)E", RegexOptions.IgnoreCase), new Regex(@"-0 -5") })
        {
            Check(new SearchQuery { Pattern = regex }, regex.IsMatch);
        }
    }
}
