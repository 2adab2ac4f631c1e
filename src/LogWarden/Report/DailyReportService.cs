using LogWarden.Config;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LogWarden.Report;

/// <summary>Sends a rendered report covering <c>from</c>–<c>to</c> (Alert.OutboxReportDelivery: through the alert channels' outbox).</summary>
internal interface IReportDelivery
{
    Task DeliverAsync(RenderedReport report, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

/// <summary>
/// Builds, renders and delivers the report every day at <see cref="ReportConfig.At"/> (local time of the
/// <see cref="TimeProvider"/>), covering <see cref="ReportConfig.Period"/> up to the send time. The daemon
/// registers it (Alert.AlertServices) with <see cref="ReportGenerator"/> over its store and the alert outbox as
/// the delivery.
/// A failed build or send is logged and tried again the next day; it never stops the daemon.
/// </summary>
internal sealed partial class DailyReportService(
    ReportConfig config,
    Func<DateTimeOffset, DateTimeOffset, CancellationToken, Task<RenderedReport>> render,
    IReportDelivery delivery,
    TimeProvider time,
    ILogger<DailyReportService> logger) : BackgroundService
{
    /// <summary>The next send time strictly after <paramref name="now"/>, in <paramref name="zone"/>'s local time.</summary>
    public static DateTimeOffset NextRun(DateTimeOffset now, TimeOnly at, TimeZoneInfo zone)
    {
        DateTime local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        DateTime candidate = local.Date + at.ToTimeSpan();
        if (candidate <= local)
        {
            candidate = candidate.AddDays(1);
        }
        // A time skipped by a DST change moves to the first valid instant after it.
        while (zone.IsInvalidTime(candidate))
        {
            candidate = candidate.AddMinutes(30);
        }
        return new DateTimeOffset(candidate, zone.GetUtcOffset(candidate));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.Enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset now = time.GetUtcNow();
            DateTimeOffset next = NextRun(now, config.At, time.LocalTimeZone);
            try
            {
                await Task.Delay(next - now, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await SendOnceAsync(next, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>One report for the period ending at <paramref name="end"/>; false (logged) when it failed.</summary>
    public async Task<bool> SendOnceAsync(DateTimeOffset end, CancellationToken cancellationToken)
    {
        try
        {
            RenderedReport report = await render(end - config.Period, end, cancellationToken).ConfigureAwait(false);
            await delivery.DeliverAsync(report, end - config.Period, end, cancellationToken).ConfigureAwait(false);
            LogSent(logger, report.Subject);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "daily report sent: {Subject}")]
    private static partial void LogSent(ILogger logger, string subject);

    [LoggerMessage(Level = LogLevel.Error, Message = "daily report failed: {Reason}; next try tomorrow")]
    private static partial void LogFailed(ILogger logger, string reason);
}
