using System.CommandLine;
using LogWarden.Config;
using LogWarden.Daemon;

namespace LogWarden.Cli;

/// <summary>`logwarden run [--config FILE] [--data DIR] [--listen ADDR]`: the daemon.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = ConfigCommand.ConfigOption();
        var data = StoreOptions.DataOption();
        var listen = new Option<string?>("--listen") { Description = "HTTP listener address (default 127.0.0.1:9740; the config's `listen`)." };
        listen.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } v && !ConfigLoader.TryParseEndpoint(v, out _))
            {
                r.AddError($"--listen: '{v}' is not an address:port such as 127.0.0.1:9740");
            }
        });
        var command = new Command("run", "Run the daemon: collect every source, store, and serve the listener until stopped.") { config, data, listen };
        command.SetAction(async (parse, cancellationToken) =>
        {
            LogWardenConfig? loaded = StoreOptions.LoadConfig(parse, config, stderr, out bool ok);
            if (!ok)
            {
                return LogWardenCli.Failure;
            }
            loaded ??= new LogWardenConfig();
            if (parse.GetValue(listen) is { } l)
            {
                loaded = loaded with { Listen = l };
            }
            string dir = DataDirectory.Resolve(parse.GetValue(data), loaded);
            try
            {
                return await DaemonHost.RunAsync(loaded, dir, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                stderr.WriteLine($"logwarden run: {e.Message}");
                return LogWardenCli.Failure;
            }
            catch (ConfigException e)
            {
                e.WriteErrors(stderr);
                return LogWardenCli.Failure;
            }
        });
        return command;
    }
}
