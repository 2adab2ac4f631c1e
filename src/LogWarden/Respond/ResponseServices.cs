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
            sp.GetRequiredService<ILogger<Responder>>()));
        services.AddHostedService(sp => new ResponseService(listener, sp.GetRequiredService<Responder>(), sp.GetRequiredService<ILogger<ResponseService>>()));
    }

    /// <summary>The nftables firewall the config describes (in respond.ban.netns when set).</summary>
    public static NftablesFirewall CreateFirewall(RespondConfig respond, ICommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(respond);
        ExternalCommand? prefix = respond.Ban.Netns is { } ns ? new ExternalCommand(respond.Ban.Ip, ["netns", "exec", ns]) : null;
        return new NftablesFirewall(runner, respond.Ban.Nft, prefix, respond.ActionTimeout);
    }
}
