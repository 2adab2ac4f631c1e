using LogWarden.Detect.Baselines;
using LogWarden.Parse;

namespace LogWarden.Tests.Detect.Baselines;

/// <summary>
/// What counts as a visitor's arrival: <see cref="VisitorArrivals.VisitorLines"/> lines of one client within a
/// minute of its first, once per visit; a client back after <see cref="VisitorArrivals.ForgetMinutes"/> arrives again.
/// </summary>
public sealed class VisitorArrivalsTests
{
    private static readonly SpikeRule Rule = new(2, 5, 4, 0.001, 1.5, 10);

    [Fact]
    public void A_client_arrives_once_per_visit_and_again_after_it_was_forgotten()
    {
        var arrivals = new VisitorArrivals(Rule);
        long minute0 = 1_000_020; // the start of an hour: the counts below stay in one hour
        void Line(string client, double secondsAfter)
        {
            long ticks = (minute0 * LogClock.TicksPerMinute) + (long)(secondsAfter * TimeSpan.TicksPerSecond);
            var record = new LogRecord { Raw = $"{client} - - \"GET / HTTP/1.1\" 200 12", Message = "GET / HTTP/1.1 200" };
            arrivals.Observe(record, ticks, ticks / LogClock.TicksPerMinute);
        }

        Line("203.0.113.7", 0);
        Line("203.0.113.7", 10);
        Assert.Equal(0, arrivals.Counts.HourCount);
        Line("203.0.113.7", 20); // the third line within a minute: one arrival
        Assert.Equal(1, arrivals.Counts.HourCount);
        Line("203.0.113.7", 30);
        Line("203.0.113.7", 45);
        Assert.Equal(1, arrivals.Counts.HourCount); // still the same visit

        Line("198.51.100.4", 0);
        Line("198.51.100.4", 50);
        Line("198.51.100.4", 90); // its third line, but over a minute after its first: no arrival this visit
        Line("198.51.100.4", 100);
        Assert.Equal(1, arrivals.Counts.HourCount);

        // Back after more than ForgetMinutes of silence: a new visit of the same client.
        double back = 45 + (VisitorArrivals.ForgetMinutes * 60) + 1;
        Line("203.0.113.7", back);
        Line("203.0.113.7", back + 5);
        Line("203.0.113.7", back + 10);
        Assert.Equal(2, arrivals.Counts.HourCount);

        // Within ForgetMinutes of its last line: the same visit, however long ago it began.
        Line("198.51.100.4", 100 + (VisitorArrivals.ForgetMinutes * 60) - 1);
        Line("198.51.100.4", 100 + (VisitorArrivals.ForgetMinutes * 60));
        Assert.Equal(2, arrivals.Counts.HourCount);
    }

    [Fact]
    public void A_JSON_access_log_names_its_clients_in_a_remote_field_and_they_arrive_too()
    {
        var arrivals = new VisitorArrivals(Rule);
        long minute0 = 1_000_020;
        void Line(string client, double secondsAfter)
        {
            long ticks = (minute0 * LogClock.TicksPerMinute) + (long)(secondsAfter * TimeSpan.TicksPerSecond);
            // Caddy's access log: the client in request.remote_ip (with the server's own address beside it).
            var record = new LogRecord
            {
                Raw = $"{{\"level\":\"info\",\"msg\":\"handled request\",\"request\":{{\"remote_ip\":\"{client}\",\"uri\":\"/\"}},\"status\":200}}",
                Message = "handled request",
                Fields = [new("level", "info"), new("server.address", "192.0.2.1:443"), new("request.remote_ip", client), new("request.remote_port", "51234"), new("request.uri", "/"), new("status", "200")],
            };
            arrivals.Observe(record, ticks, ticks / LogClock.TicksPerMinute);
        }

        for (int i = 0; i < 3; i++)
        {
            Line("203.0.113.7", i * 5);
            Line("2001:db8::42", i * 5);
        }
        Assert.Equal(2, arrivals.Counts.HourCount);

        // A JSON app log that names no client is not looked at once its first lines showed it.
        var app = new VisitorArrivals(Rule);
        for (int i = 0; i < VisitorArrivals.ProbeLines; i++)
        {
            app.Observe(new LogRecord { Raw = "{\"msg\":\"job done\"}", Message = "job done", Fields = [new("msg", "job done"), new("destination.ip", "198.51.100.9")] }, minute0 * LogClock.TicksPerMinute, minute0);
        }
        Assert.False(app.Looking);
        Assert.True(arrivals.Looking);
    }

    [Theory]
    [InlineData("203.0.113.7", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("10.0.100.1", true)]
    [InlineData("010.0.0.1", false)] // a leading zero: another spelling of 10.0.0.1, keyed by its text
    [InlineData("10.0.0.01", false)]
    [InlineData("256.1.1.1", false)]
    [InlineData("1.2.3", false)]
    [InlineData("1.2.3.4.5", false)]
    [InlineData("1.2.3.4:80", false)]
    [InlineData("1.2.3.", false)]
    [InlineData(".1.2.3", false)]
    [InlineData("1..2.3", false)]
    [InlineData("1234.1.1.1", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("", false)]
    public void A_plain_dotted_quad_packs_to_its_number_and_any_other_spelling_does_not(string text, bool packs)
    {
        Assert.Equal(packs, VisitorArrivals.TryPackIPv4(text, out uint address));
        if (packs)
        {
            Assert.Equal(text, Format(address)); // the number gives the text back: one client, one key
            Assert.True(LogWarden.Detect.Security.AddressFinder.LooksLikeAddress(text)); // packed only what was a client before
        }
    }

    [Fact]
    public void Packing_is_one_to_one_between_numbers_and_the_texts_that_pack()
    {
        var random = new Random(11);
        for (int i = 0; i < 100_000; i++)
        {
            uint number = (uint)random.NextInt64(0, 1L << 32);
            Assert.True(VisitorArrivals.TryPackIPv4(Format(number), out uint back));
            Assert.Equal(number, back);

            // Random short texts of digits and dots: whatever packs formats back to itself.
            var chars = new char[random.Next(1, 17)];
            for (int k = 0; k < chars.Length; k++)
            {
                chars[k] = random.Next(5) == 0 ? '.' : (char)('0' + random.Next(10));
            }

            string text = new(chars);
            if (VisitorArrivals.TryPackIPv4(text, out uint packed))
            {
                Assert.Equal(text, Format(packed));
            }
        }
    }

    /// <summary>
    /// The table keyed by a dotted quad's number answers as the one keyed by text did: the same arrivals, the same
    /// counts and the same evictions line by line, over clients spelled every way (plain, leading zeros, with a port,
    /// IPv6), visits that lapse and come back, and more clients than the table holds.
    /// </summary>
    [Fact]
    public void Arrivals_keyed_by_number_equal_arrivals_keyed_by_text()
    {
        var random = new Random(5);
        var clients = new List<string>();
        for (int i = 0; i < 12_000; i++)
        {
            string quad = $"{random.Next(1, 224)}.{random.Next(256)}.{random.Next(256)}.{random.Next(256)}";
            clients.Add((i % 10) switch
            {
                7 => "0" + quad, // a leading zero (or a longer first octet: no address)
                8 => quad + ":8080",
                9 => $"2001:db8::{i:x}",
                _ => quad,
            });
        }

        var arrivals = new VisitorArrivals(Rule);
        var reference = new TextKeyedArrivals(Rule);
        long ticks = 1_000_020 * LogClock.TicksPerMinute;
        for (int line = 0; line < 400_000; line++)
        {
            // Mostly a few hot clients, often one of thousands, about 100 lines a second; now and then a lull, some long enough to forget visits.
            ticks += random.Next(20_000) == 0 ? TimeSpan.TicksPerMinute * random.Next(1, 45) : random.Next(0, (int)(TimeSpan.TicksPerSecond / 50));
            int index = random.Next(4) == 0 ? random.Next(clients.Count) : random.Next(200);
            var record = new LogRecord { Raw = $"{clients[index]} - - \"GET / HTTP/1.1\" 200 12", Message = "GET / HTTP/1.1 200" };
            long minute = ticks / LogClock.TicksPerMinute;
            bool expected = reference.Observe(clients[index], ticks, minute);
            Assert.Equal(expected, arrivals.Observe(record, ticks, minute));
            Assert.Equal(reference.Counts.HourCount, arrivals.Counts.HourCount);
            Assert.Equal(reference.Evicted, arrivals.Evicted);
            Assert.Equal(reference.Count, arrivals.ClientCount);
        }

        Assert.True(arrivals.Evicted > 0); // the table filled and started over at least once
        Assert.True(arrivals.Counts.HourCount > 0);
    }

    private static string Format(uint address) => $"{address >> 24}.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}";

    /// <summary>VisitorArrivals as it was (clients keyed by their text, entries updated in place), for comparison.</summary>
    private sealed class TextKeyedArrivals(SpikeRule rule)
    {
        private readonly Dictionary<string, Entry> _clients = new(StringComparer.Ordinal);

        public readonly CountBaseline Counts = new(rule);

        public long Evicted { get; private set; }

        public int Count => _clients.Count;

        public bool Observe(string client, long ticks, long minute)
        {
            if (!LogWarden.Detect.Security.AddressFinder.LooksLikeAddress(client))
            {
                return false;
            }

            if (_clients.TryGetValue(client, out var known) && ticks - known.Last <= VisitorArrivals.ForgetMinutes * LogClock.TicksPerMinute)
            {
                known.Last = Math.Max(known.Last, ticks);
                bool arrived = known.Lines < VisitorArrivals.VisitorLines && ++known.Lines == VisitorArrivals.VisitorLines && ticks - known.First <= LogClock.TicksPerMinute;
                return arrived && Counts.Add(minute);
            }

            if (known is not null)
            {
                known.First = ticks;
                known.Last = ticks;
                known.Lines = 1;
                return VisitorArrivals.VisitorLines == 1 && Counts.Add(minute);
            }

            if (_clients.Count >= VisitorArrivals.MaxClients)
            {
                long stale = ticks - (VisitorArrivals.ForgetMinutes * LogClock.TicksPerMinute);
                foreach (var entry in _clients)
                {
                    if (entry.Value.Last < stale)
                    {
                        _clients.Remove(entry.Key);
                    }
                }

                if (_clients.Count >= VisitorArrivals.MaxClients)
                {
                    Evicted += _clients.Count;
                    _clients.Clear();
                }
            }

            _clients[client] = new Entry { First = ticks, Last = ticks, Lines = 1 };
            return VisitorArrivals.VisitorLines == 1 && Counts.Add(minute);
        }

        private sealed class Entry
        {
            public long First;
            public long Last;
            public int Lines;
        }
    }
}
