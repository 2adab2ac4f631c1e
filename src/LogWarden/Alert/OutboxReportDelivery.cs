using System.Globalization;
using LogWarden.Report;
using LogWarden.Store;

namespace LogWarden.Alert;

/// <summary>
/// Sends the daily report through the alert channels by way of the durable outbox: one entry per channel,
/// keyed by the report's period, so that a channel that is down gets it when it is back (also after a
/// restart), and a report sent again for the same period (a restart at the send time) is not sent twice.
/// </summary>
internal sealed class OutboxReportDelivery(IAlertOutbox outbox, IReadOnlyList<string> channels, string dashboard, TimeProvider time, Action<string> wake) : IReportDelivery
{
    public Task DeliverAsync(RenderedReport report, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (channels.Count == 0)
        {
            return Task.CompletedTask;
        }
        DateTimeOffset now = time.GetUtcNow();
        string payload = AlertMessage.FromReport(report, from, to, dashboard + "/").ToJson();
        string period = to.UtcDateTime.ToString("yyyyMMddTHHmm", CultureInfo.InvariantCulture);
        var entries = channels
            .Select(channel => new OutboxEntry($"report:{period}:{channel}", channel, 0, AlertNotice.Report, "info", now, now, payload))
            .ToList();
        outbox.Enqueue(entries);
        foreach (string channel in channels)
        {
            wake(channel);
        }
        return Task.CompletedTask;
    }
}
