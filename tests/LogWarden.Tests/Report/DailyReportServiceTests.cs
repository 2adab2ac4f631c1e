using LogWarden.Config;
using LogWarden.Report;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogWarden.Tests.Report;

public sealed class DailyReportServiceTests
{
    [Fact]
    public void The_next_run_is_the_configured_local_time_today_or_tomorrow()
    {
        TimeZoneInfo utc = TimeZoneInfo.Utc;
        var at = new TimeOnly(8, 0);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero), DailyReportService.NextRun(new DateTimeOffset(2026, 11, 25, 7, 59, 0, TimeSpan.Zero), at, utc));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero), DailyReportService.NextRun(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero), at, utc));
        var plus2 = TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2");
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.FromHours(2)), DailyReportService.NextRun(new DateTimeOffset(2026, 11, 25, 7, 0, 0, TimeSpan.Zero), at, plus2));
    }

    [Fact]
    public async Task A_send_renders_the_period_before_it_and_hands_it_to_the_delivery()
    {
        var delivery = new RecordingDelivery();
        (DateTimeOffset From, DateTimeOffset To)? asked = null;
        var service = new DailyReportService(
            new ReportConfig { Enabled = true, Period = TimeSpan.FromHours(24) },
            (from, to, _) =>
            {
                asked = (from, to);
                return Task.FromResult(new RenderedReport("subject", "text", "md", "<p>html</p>", []));
            },
            delivery, TimeProvider.System, NullLogger<DailyReportService>.Instance);
        var end = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

        Assert.True(await service.SendOnceAsync(end, default));
        Assert.Equal((end.AddHours(-24), end), asked);
        Assert.Equal("subject", Assert.Single(delivery.Sent).Subject);
    }

    [Fact]
    public async Task A_failed_delivery_is_reported_not_thrown()
    {
        var service = new DailyReportService(
            new ReportConfig { Enabled = true },
            (_, _, _) => Task.FromResult(new RenderedReport("s", "t", "m", "h", [])),
            new RecordingDelivery { Fail = true }, TimeProvider.System, NullLogger<DailyReportService>.Instance);
        Assert.False(await service.SendOnceAsync(DateTimeOffset.UtcNow, default));
    }

    private sealed class RecordingDelivery : IReportDelivery
    {
        public List<RenderedReport> Sent { get; } = [];

        public bool Fail { get; init; }

        public Task DeliverAsync(RenderedReport report, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
        {
            if (Fail)
            {
                throw new IOException("smtp: connection refused");
            }
            Sent.Add(report);
            return Task.CompletedTask;
        }
    }
}
