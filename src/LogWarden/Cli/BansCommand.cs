using System.CommandLine;
using System.Globalization;
using LogWarden.Config;
using LogWarden.Respond;
using LogWarden.Store;
using LogWarden.Web.Api;

namespace LogWarden.Cli;

/// <summary>
/// `logwarden bans` lists current bans; `bans lift IP` lifts one (removes it from nftables and marks it in
/// the store); `bans export --format list|nft` prints them as a plain list or as an nftables set file.
/// </summary>
internal static class BansCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var data = StoreOptions.DataOption();
        var config = ConfigCommand.ConfigOption();
        var command = new Command("bans", "Current bans by the responder; lift or export them.") { data, config };
        ServerOptions.AddTo(command);
        command.SetAction(parse =>
        {
            using ILogStore? store = StoreOptions.OpenExisting(parse, data, config, stderr);
            if (store is not IResponseStore bans)
            {
                return LogWardenCli.Failure;
            }
            IReadOnlyList<BanRecord> current = bans.CurrentBans(DateTimeOffset.UtcNow);
            if (current.Count == 0)
            {
                stdout.WriteLine("no bans");
            }
            foreach (BanRecord b in current)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{b.Network,-24} until {b.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC  {b.Reason}"));
            }
            return LogWardenCli.Ok;
        });
        command.Subcommands.Add(Lift(stdout, stderr));
        command.Subcommands.Add(Export(stdout, stderr));
        return command;
    }

    private static Command Lift(TextWriter stdout, TextWriter stderr)
    {
        var ip = new Argument<string>("ip") { Description = "The address or network, as `logwarden bans` shows it (an IPv6 address lifts its /64 by default)." };
        var data = StoreOptions.DataOption();
        var config = ConfigCommand.ConfigOption();
        var command = new Command("lift", "Lift a ban now: remove it from nftables and the ban list.") { ip, data, config };
        ServerOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            LogWardenConfig loaded = StoreOptions.LoadConfig(parse, config, stderr, out bool ok) ?? new LogWardenConfig();
            if (!ok)
            {
                return LogWardenCli.Failure;
            }
            if (EntityValues.BanNetwork(parse.GetValue(ip), loaded.Respond.Ipv6Prefix, out string? why) is not { } network)
            {
                stderr.WriteLine($"logwarden bans: '{parse.GetValue(ip)}' is {why}");
                return LogWardenCli.UsageError;
            }
            using ILogStore? store = StoreOptions.OpenExisting(parse, data, config, stderr);
            if (store is not IResponseStore bans)
            {
                return LogWardenCli.Failure;
            }
            string canonical = EntityValues.Canonical(network);
            if (store is DaemonApiStore daemon)
            {
                // The ban lives in the daemon's host's firewall: the daemon lifts it there.
                LiftResponse answer = daemon.LiftBan(canonical);
                if (!answer.FirewallRemoved)
                {
                    stderr.WriteLine($"logwarden bans: the firewall did not remove {answer.Network}: {answer.FirewallError}");
                }
                stdout.WriteLine(answer.Lifted > 0 ? $"lifted {answer.Network}" : $"no current ban of {answer.Network} in the ban list");
                return answer.FirewallRemoved || answer.Lifted > 0 ? LogWardenCli.Ok : LogWardenCli.Failure;
            }
            using IFirewall firewall = ResponseServices.CreateFirewall(loaded.Respond, new ProcessCommandRunner());
            CommandResult removed = await firewall.UnbanAsync(network, cancellationToken).ConfigureAwait(false);
            int lifted = bans.LiftBans(canonical, DateTimeOffset.UtcNow);
            if (!removed.Succeeded)
            {
                stderr.WriteLine($"logwarden bans: the firewall did not remove {canonical}: {removed.Output.Trim()}");
            }
            stdout.WriteLine(lifted > 0 ? $"lifted {canonical}" : $"no current ban of {canonical} in the ban list");
            return removed.Succeeded || lifted > 0 ? LogWardenCli.Ok : LogWardenCli.Failure;
        });
        return command;
    }

    private static Command Export(TextWriter stdout, TextWriter stderr)
    {
        var format = new Option<string>("--format") { Description = "list: one network per line; nft: an nftables file defining the ban sets with their remaining timeouts.", DefaultValueFactory = _ => "list" };
        format.AcceptOnlyFromAmong("list", "nft");
        var data = StoreOptions.DataOption();
        var config = ConfigCommand.ConfigOption();
        var command = new Command("export", "Print current bans as a plain list or an nftables set file.") { format, data, config };
        ServerOptions.AddTo(command);
        command.SetAction(parse =>
        {
            using ILogStore? store = StoreOptions.OpenExisting(parse, data, config, stderr);
            if (store is not IResponseStore bans)
            {
                return LogWardenCli.Failure;
            }
            DateTimeOffset now = DateTimeOffset.UtcNow;
            IReadOnlyList<BanRecord> current = bans.CurrentBans(now);
            stdout.Write(parse.GetValue(format) == "nft" ? NftFile(current, now) : string.Concat(current.Select(b => b.Network + "\n")));
            return LogWardenCli.Ok;
        });
        return command;
    }

    /// <summary>A file `nft -f` loads: the table and both sets, with each ban's remaining time as its timeout.</summary>
    internal static string NftFile(IReadOnlyList<BanRecord> bans, DateTimeOffset now)
    {
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"table inet {NftablesFirewall.Table} {{\n");
        foreach ((string set, string type, bool v4) in new[] { ("ban4", "ipv4_addr", true), ("ban6", "ipv6_addr", false) })
        {
            text.Append(CultureInfo.InvariantCulture, $"\tset {set} {{\n\t\ttype {type}\n\t\tflags interval,timeout\n");
            var elements = bans.Where(b => b.Network.Contains(':', StringComparison.Ordinal) != v4)
                .Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Network} timeout {Math.Max(1, (long)(b.ExpiresAt - now).TotalSeconds)}s"))
                .ToList();
            if (elements.Count > 0)
            {
                text.Append("\t\telements = { ").AppendJoin(", ", elements).Append(" }\n");
            }
            text.Append("\t}\n");
        }
        text.Append("}\n");
        return text.ToString();
    }
}
