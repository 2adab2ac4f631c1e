using LogWarden.Detect.Security;
using LogWarden.Parse;

namespace LogWarden.Tests.Detect.Security;

/// <summary>Runs log lines through the decoders (the first format that reads each) and a recogniser, as the events command does.</summary>
internal static class SecurityLines
{
    private static readonly DecodeContext Context = new("test", new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc);

    public static LogRecord Decode(string line) => FormatDetector.DecodeWithAnyFormat(line, Context);

    /// <summary>One line, on its own (a fresh recogniser: no session knowledge).</summary>
    public static SecurityEvent? Recognize(string line) => new SecurityEventRecognizer().Recognize(Decode(line));

    /// <summary>Lines in order through one recogniser, so sessions carry over; the event of each line.</summary>
    public static List<SecurityEvent?> RecognizeAll(IEnumerable<string> lines, bool cacheLineShapes = true)
    {
        var recognizer = new SecurityEventRecognizer(cacheLineShapes: cacheLineShapes);
        return lines.Select(line => recognizer.Recognize(Decode(line))).ToList();
    }

    /// <summary>The remote party of an event: its IP, else its host name.</summary>
    public static string? Remote(SecurityEvent e) => e.Ip ?? e.Host;

    /// <summary>Asserts that <paramref name="line"/> on its own is an event of this kind, hostility and remote party (and user, when given).</summary>
    public static SecurityEvent AssertEvent(string line, string kind, bool hostile, string? remote, string? user = null)
    {
        var e = Recognize(line);
        Assert.NotNull(e);
        Assert.Equal(kind, e.Kind);
        Assert.Equal(hostile, e.Hostile);
        Assert.Equal(remote, Remote(e));
        if (user is not null)
        {
            Assert.Equal(user, e.User);
        }

        return e;
    }
}
