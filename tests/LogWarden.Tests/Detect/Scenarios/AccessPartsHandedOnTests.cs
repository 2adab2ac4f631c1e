using System.Globalization;
using LogWarden.Collect;
using LogWarden.Detect;
using LogWarden.Detect.Scenarios;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Detect.Scenarios;

/// <summary>
/// An access line's parts are read once per line, by the recogniser, and handed to the other detectors on the
/// observation (<see cref="LogObservation.TryAccessParts"/>); an ordinary request no <c>when</c> takes is offered for its
/// success only (<see cref="ScenarioEvent.SuccessOnly"/>). Both must be what reading the line and matching it would give.
/// </summary>
public sealed class AccessPartsHandedOnTests
{
    private sealed class PartsProbe : ILogDetector
    {
        public readonly List<(LogRecord Record, bool Read, AccessLineParts Parts)> Seen = [];

        public string Name => "parts-probe";

        public void Observe(LogObservation line, IFindingSink sink) => Seen.Add((line.Record, line.TryAccessParts(out var parts), parts));

        public void Advance(DateTimeOffset now, IFindingSink sink)
        {
        }
    }

    private sealed class NoSink : IFindingSink
    {
        public void Raise(Finding finding)
        {
        }
    }

    private static List<string> Lines()
    {
        var lines = new List<string>
        {
            "192.0.2.5 - alice [10/Oct/2024:13:55:36 +0000] \"GET /a?b=1 HTTP/1.1\" 200 2326 \"-\" \"curl/8.5.0\"",
            "web.example:443 192.0.2.6 - - [10/Oct/2024:13:55:37 +0000] \"\\x16\\x03\\x01\" 400 0 \"-\" \"-\"",
            "192.0.2.7 - - [10/Oct/2024:13:55:38 +0000] \"GET /x HTTP/1.1\" 404 153 \"-\" \"Mozilla/5.0 \\\"quoted\\\"\"",
            "Oct 10 13:55:39 web1 nginx: 192.0.2.8 - - [10/Oct/2024:13:55:39 +0000] \"GET /.env HTTP/1.1\" 404 153 \"-\" \"zgrab/0.x\"",
            "Oct 10 13:55:40 web1 sshd[311]: Failed password for root from 192.0.2.9 port 5022 ssh2",
            "{\"remote_addr\":\"192.0.2.10\",\"request\":\"GET /api HTTP/1.1\",\"status\":\"503\",\"http_user_agent\":\"curl/8\"}",
        };
        var synthetic = new SyntheticLogs(19);
        for (int i = 0; i < 4_000; i++)
        {
            lines.Add(synthetic.Next().Text);
        }

        return lines;
    }

    [Fact]
    public void The_parts_a_detector_is_handed_are_those_its_record_reads_to()
    {
        var probe = new PartsProbe();
        var miner = new TemplateMiner();
        var engine = new DetectionEngine(miner, new NoSink(), [probe]);
        var context = new DecodeContext("access.log", new DateTimeOffset(2024, 12, 31, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc);
        var labels = new StreamLabels(("path", "/var/log/nginx/access.log"));
        foreach (string text in Lines())
        {
            var record = FormatDetector.DecodeWithAnyFormat(text, context);
            engine.Observe(record, labels, miner.Add(record.Message));
        }

        int read = 0;
        foreach (var (record, handedRead, handed) in probe.Seen)
        {
            AccessLineParts parts = default;
            bool expected = AccessLogDecoder.IsAccessRecord(record) && AccessLogDecoder.TryReadParts(record, out parts);
            Assert.Equal(expected, handedRead);
            if (expected)
            {
                read++;
                Assert.Equal(parts.Client.ToString(), handed.Client.ToString());
                Assert.Equal(parts.User.ToString(), handed.User.ToString());
                Assert.Equal(parts.Method.ToString(), handed.Method.ToString());
                Assert.Equal(parts.Target.ToString(), handed.Target.ToString());
                Assert.Equal(parts.Request.ToString(), handed.Request.ToString());
                Assert.Equal(parts.Status, handed.Status);
                Assert.Equal(parts.Referer.ToString(), handed.Referer.ToString());
                Assert.Equal(parts.UserAgent.ToString(), handed.UserAgent.ToString());
            }
        }

        Assert.True(read > 2_000, $"{read} access lines");
        Assert.True(probe.Seen.Count - read > 500, "other lines too");
    }

    [Fact]
    public void An_observation_made_without_the_engine_reads_its_own_record_and_forgets_the_parts_of_the_last()
    {
        var context = new DecodeContext("access.log", new DateTimeOffset(2024, 12, 31, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc);
        var first = FormatDetector.DecodeWithAnyFormat("192.0.2.5 - - [10/Oct/2024:13:55:36 +0000] \"GET /a HTTP/1.1\" 200 2326 \"-\" \"curl/8.5.0\"", context);
        var second = FormatDetector.DecodeWithAnyFormat("198.51.100.4 - - [10/Oct/2024:13:55:37 +0000] \"POST /b HTTP/1.1\" 503 0 \"-\" \"-\"", context);
        var recognizer = new LogWarden.Detect.Security.SecurityEventRecognizer();
        var observation = new LogObservation { Record = first, Labels = new StreamLabels(("path", "a")), Time = DateTimeOffset.UnixEpoch, Template = null! };
        Assert.True(observation.TryAccessParts(out var own));
        Assert.Equal("192.0.2.5", own.Client.ToString());

        recognizer.Recognize(first);
        observation.TakeAccessPartsFrom(recognizer);
        observation.Record = second; // another record: the recogniser's parts are the first's, so they are not taken
        Assert.True(observation.TryAccessParts(out var next));
        Assert.Equal("198.51.100.4", next.Client.ToString());
        Assert.Equal(503, next.Status);
    }

    [Fact]
    public void A_request_offered_for_its_success_only_is_one_no_scenarios_when_takes()
    {
        var harness = new ScenarioHarness();
        var detector = harness.Detector;
        int successOnly = 0, others = 0;
        int second = 0;
        string Line(string client, int status) =>
            $"{client} - - [{new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero).AddSeconds(second++).ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture)} +0000] \"GET /shop/{status} HTTP/1.1\" {status:000} 512 \"-\" \"Mozilla/5.0\"";

        foreach (int status in Enumerable.Range(100, 500).Concat([0, 99, 600, 999]))
        {
            // A server error first, so that the site's 5xx burst has a live bucket and an ordinary request is offered to it.
            harness.Feed([Line("192.0.2.200", 503)], path: "/var/log/nginx/access.log", host: null);
            foreach (string client in new[] { "203.0.113.5", "198.51.100.77" })
            {
                string line = Line(client, status);
                harness.Feed([line], path: "/var/log/nginx/access.log", host: null);
                var e = detector.LastEvent;
                if (!ReferenceEquals(e.Line.Record.Raw, line) || e.Kind != ScenarioInput.HttpRequest)
                {
                    continue; // no event (nothing could count it), or a security event
                }

                if (e.SuccessOnly)
                {
                    successOnly++;
                    Assert.All(detector.Runtimes, scenario => Assert.Null(scenario.Match(e)));
                }
                else
                {
                    others++;
                }
            }
        }

        Assert.True(successOnly > 200 && others > 50, $"{successOnly} events success-only, {others} others");
    }
}
