using LogWarden.Alert;
using LogWarden.Config;
using LogWarden.Detect.Incidents;
using LogWarden.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogWarden.Respond;

/// <summary>
/// Wires the responder into the daemon when <c>respond.enabled</c> is true (it is off by default): the
/// tracker's listener (queues only) and the service that runs the playbooks.
/// </summary>
internal static class ResponseServices
{
    public static void Register(IServiceCollection services, LogWardenConfig config, ILogStore store)
    {
        ArgumentNullException.ThrowIfNull(config);
        RespondConfig respond = config.Respond;
        if (!respond.Enabled || respond.Playbooks.Count == 0 || store is not IResponseStore audit)
        {
            return;
        }
        var listener = new ResponseListener();
        var runner = new ProcessCommandRunner();
        services.AddSingleton(listener);
        services.AddSingleton<IIncidentListener>(listener);
        services.AddSingleton(sp => new Responder(
            respond,
            CreateFirewall(respond, runner),
            runner,
            BanAllowlist.ForThisHost(respond.AdminCidrs),
            audit,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Responder>>())
        {
            // notify goes through the alert outbox when alerting runs (AlertServices registers its delivery and dispatcher).
            Notifier = store is IAlertOutbox outbox && sp.GetService<AlertDelivery>() is { } delivery && sp.GetService<AlertDispatcher>() is { } dispatcher
                ? new OutboxResponseNotifier(outbox, new AlertRouter(config.Alerts), dispatcher.LinkOf, sp.GetRequiredService<TimeProvider>(), delivery.Wake)
                : null,
        });
        services.AddHostedService(sp => new ResponseService(listener, sp.GetRequiredService<Responder>(), sp.GetRequiredService<ILogger<ResponseService>>()));
    }

    /// <summary>
    /// The firewall the config describes (in respond.ban.netns when set): nftables, or iptables with ipset
    /// (the fallback `auto` takes when nft is not installed).
    /// </summary>
    public static IFirewall CreateFirewall(RespondConfig respond, ICommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(respond);
        BanConfig ban = respond.Ban;
        ExternalCommand? prefix = ban.Netns is { } ns ? new ExternalCommand(ban.Ip, ["netns", "exec", ns]) : null;
        bool iptables = ban.Backend == "iptables" || (ban.Backend == "auto" && !File.Exists(ban.Nft) && File.Exists(ban.Iptables) && File.Exists(ban.Ipset));
        return iptables
            ? new IpsetFirewall(runner, ban, prefix, respond.ActionTimeout)
            : new NftablesFirewall(runner, ban.Nft, prefix, respond.ActionTimeout);
    }
}
