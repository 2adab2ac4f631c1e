using LogWarden.Alert;
using LogWarden.Cli;
using LogWarden.Config;
using LogWarden.Store;
using LogWarden.Tests.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Alert;

/// <summary>`logwarden silence add|list|expire` and `logwarden alerts` on a real store.</summary>
public sealed class AlertCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = LogWardenCli.Run([.. args, .. TestStoreLocation.CliArgsFor(_dir.Path)], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Silences_are_added_listed_and_expired_from_the_command_line()
    {
        StoreFactory.Open(_dir.Path, TestStoreLocation.ConfigFor(_dir.Path)).Dispose();

        var added = Run("silence", "add", "host=~web-.*", "kind=ssh-brute-force", "--duration", "90m", "--comment", "deploy", "--author", "ana");
        var listed = Run("silence", "list");
        var expired = Run("silence", "expire", "1");
        var afterwards = Run("silence", "list");
        var all = Run("silence", "list", "--all");
        var bad = Run("silence", "add", "severity==critical");

        Assert.Equal(0, added.Code);
        Assert.StartsWith("silence 1 until ", added.Out, StringComparison.Ordinal);
        Assert.Contains("active", listed.Out, StringComparison.Ordinal);
        Assert.Contains("by ana  host=~web-.* kind=ssh-brute-force  # deploy", listed.Out, StringComparison.Ordinal);
        Assert.Equal((0, "silence 1 expired"), (expired.Code, expired.Out.Trim()));
        Assert.Equal("no silences", afterwards.Out.Trim());
        Assert.Contains("ended", all.Out, StringComparison.Ordinal);
        Assert.Equal(LogWardenCli.UsageError, bad.Code);
        Assert.Contains("operators", bad.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Alerts_shows_delivery_status_with_attempts_and_the_last_error()
    {
        using (ILogStore store = StoreFactory.Open(_dir.Path, TestStoreLocation.ConfigFor(_dir.Path)))
        {
            var outbox = (IAlertOutbox)store;
            DateTimeOffset now = DateTimeOffset.UtcNow;
            outbox.Enqueue([
                new OutboxEntry("tg:1:firing", "tg", 1, AlertNotice.Firing, "critical", now, now, AlertSamples.Message(1).ToJson()),
                new OutboxEntry("tg:2:firing", "tg", 2, AlertNotice.Firing, "warning", now, now, AlertSamples.Message(2).ToJson()),
                new OutboxEntry("mail:1:firing", "mail", 1, AlertNotice.Firing, "critical", now, now, AlertSamples.Message(1).ToJson()),
            ]);
            outbox.MarkAttemptFailed(1, "tg: HTTP 502 BadGateway", now.AddMinutes(5), giveUp: false);
            outbox.MarkDelivered(3, now);
        }

        var listed = Run("alerts");
        var pending = Run("alerts", "--state", "pending", "--channel", "tg");

        Assert.Equal(0, listed.Code);
        Assert.Contains("tg: 2 pending, 0 given up; failing since 1 attempt(s): tg: HTTP 502 BadGateway", listed.Out, StringComparison.Ordinal);
        Assert.Contains("delivered", listed.Out, StringComparison.Ordinal);
        Assert.Contains("next try", listed.Out, StringComparison.Ordinal);
        Assert.Equal(2, pending.Out.Split('\n').Count(l => l.Contains(" tg ", StringComparison.Ordinal) && l.Contains("pending", StringComparison.Ordinal)));
    }
}
