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
}
