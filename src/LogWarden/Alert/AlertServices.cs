using System.Globalization;
using System.Net;
using LogWarden.Config;
using LogWarden.Detect.Incidents;
using LogWarden.Explain;
using LogWarden.Report;
using LogWarden.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogWarden.Alert;

/// <summary>
/// Wires alerting into the daemon: the tracker's listener (queues only), the dispatcher (routes into the
/// outbox) and the delivery worker (outbox to channels). Call before the detection clock is registered:
/// hosted services stop in reverse order, so the dispatcher drains the last tick's news into the outbox
/// after detection has stopped, and delivery stops last (what it did not send waits in the outbox).
/// </summary>
internal static class AlertServices
{
    public static void Register(IServiceCollection services, LogWardenConfig config, IPEndPoint listen, ILogStore store)
    {
        ArgumentNullException.ThrowIfNull(config);
        AlertsConfig alerts = config.Alerts;
        if (!alerts.Enabled || alerts.Channels.Count == 0 || store is not IAlertOutbox outbox)
        {
            return;
        }
        var listener = new AlertListener(IncidentNames.ParseSeverity(alerts.MinSeverity));
        services.AddSingleton(listener);
        services.AddSingleton<IIncidentListener>(listener);
        services.AddSingleton(new AlertDeliveryOptions());
        services.AddSingleton(sp =>
        {
            TimeProvider time = sp.GetRequiredService<TimeProvider>();
            HttpClient http = NotifierFactory.CreateHttpClient();
            return new AlertDelivery(
                outbox,
                alerts.Channels.Select(c => (NotifierFactory.Create(c, http, time), c.RateLimit, c.RateLimitPeriod)),
                sp.GetRequiredService<AlertDeliveryOptions>(),
                time,
                sp.GetRequiredService<ILogger<AlertDelivery>>());
        });
        services.AddSingleton(sp =>
        {
            AlertDelivery delivery = sp.GetRequiredService<AlertDelivery>();
            return new AlertDispatcher(
                listener,
                alerts,
                store,
                LinkBase(alerts.PublicUrl, listen),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<AlertDispatcher>>(),
                delivery.Wake,
                sp.GetService<IIncidentExplainer>());
        });
        services.AddHostedService(sp => sp.GetRequiredService<AlertDelivery>());
        services.AddHostedService(sp => sp.GetRequiredService<AlertDispatcher>());
        if (config.Report.Enabled)
        {
            // The daily report goes through the same outbox: a channel down at send time gets it when it is back.
            services.AddHostedService(sp => new DailyReportService(
                config.Report,
                (from, to, ct) => ReportGenerator.GenerateAsync(store, config, from, to, host: null, withAiSummary: true, ct, sp.GetRequiredService<ILoggerFactory>().CreateLogger("LogWarden.Report")),
                new OutboxReportDelivery(
                    outbox,
                    config.Report.ChannelsAmong(alerts.Channels),
                    LinkBase(alerts.PublicUrl, listen),
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<AlertDelivery>().Wake),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<DailyReportService>>()));
        }
    }

    /// <summary>The configured public URL, else http:// + the listen address (the machine's name when it listens on all addresses).</summary>
    public static string LinkBase(string? publicUrl, IPEndPoint listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        if (publicUrl is not null)
        {
            return publicUrl.TrimEnd('/');
        }
        string host = listen.Address.Equals(IPAddress.Any) || listen.Address.Equals(IPAddress.IPv6Any)
            ? Environment.MachineName
            : listen.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{listen.Address}]" : listen.Address.ToString();
        return "http://" + host + ":" + listen.Port.ToString(CultureInfo.InvariantCulture);
    }
}
