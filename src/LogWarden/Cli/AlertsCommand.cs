using System.CommandLine;
using System.Globalization;
using LogWarden.Alert;
using LogWarden.Config;
using LogWarden.Store;

namespace LogWarden.Cli;

/// <summary>
/// `logwarden alerts [--state pending|delivered|failed|all] [--channel NAME]`: the alert outbox, newest
/// first, with each notification's delivery status (attempts, next try, last error); `alerts retry [ID]`
/// sends given-up notifications again; `alerts test CHANNEL` sends a test message straight to a channel.
/// </summary>
internal static class AlertsCommand
{
    private static readonly string[] StateFilters = ["pending", "delivered", "failed", "all"];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var state = new Option<string>("--state", "-s") { Description = "pending, delivered, failed, or all.", DefaultValueFactory = _ => "all" };
        state.AcceptOnlyFromAmong(StateFilters);
        var channel = new Option<string?>("--channel") { Description = "Only this channel." };
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many notifications.", DefaultValueFactory = _ => 50 };
        var data = StoreOptions.DataOption();
        var config = ConfigCommand.ConfigOption();
        var command = new Command("alerts", "Alert notifications and their delivery status (pending, delivered, failed attempts, last error).") { state, channel, limit, data, config };
        ServerOptions.AddTo(command);
        command.SetAction(parse =>
        {
            using ILogStore? store = StoreOptions.OpenExisting(parse, data, config, stderr);
            if (Outbox(store, stderr) is not { } outbox)
            {
                return LogWardenCli.Failure;
            }
            var query = new OutboxQuery
            {
                States = parse.GetValue(state) switch
                {
                    "pending" => [OutboxState.Pending],
                    "delivered" => [OutboxState.Delivered],
                    "failed" => [OutboxState.Failed],
                    _ => [],
                },
                Channel = parse.GetValue(channel),
                Limit = Math.Max(1, parse.GetValue(limit)),
            };
            IReadOnlyList<OutboxRow> rows = outbox.ListOutbox(query);
            WriteSummary(stdout, outbox.ListOutbox(new OutboxQuery { States = [OutboxState.Pending, OutboxState.Failed], Limit = int.MaxValue }));
            if (rows.Count == 0)
            {
                stdout.WriteLine("no alert notifications");
                return LogWardenCli.Ok;
            }
            stdout.WriteLine($"{"ID",6}  {"CREATED (UTC)",-19}  {"CHANNEL",-14} {"INCIDENT",8}  {"NOTICE",-9} {"SEVERITY",-8}  {"STATE",-9} {"TRIES",5}  DETAIL");
            foreach (OutboxRow row in rows)
            {
                stdout.WriteLine($"{row.Id,6}  {row.Entry.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),-19}  {Cut(row.Entry.Channel, 14),-14} {row.Entry.IncidentId,8}  {row.Entry.Notice,-9} {row.Entry.Severity,-8}  {Name(row.State),-9} {row.Attempts,5}  {Detail(row)}");
            }
            stdout.Flush();
            return LogWardenCli.Ok;
        });
        command.Subcommands.Add(Retry(stdout, stderr));
        command.Subcommands.Add(Test(stdout, stderr));
        return command;
    }

    private static void WriteSummary(TextWriter stdout, IReadOnlyList<OutboxRow> open)
    {
        int pending = open.Count(r => r.State == OutboxState.Pending);
        int failed = open.Count(r => r.State == OutboxState.Failed);
        if (pending == 0 && failed == 0)
        {
            stdout.WriteLine("all notifications delivered");
            return;
        }
        foreach (var group in open.GroupBy(r => r.Entry.Channel).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            OutboxRow? failing = group.Where(r => r.State == OutboxState.Pending && r.Attempts > 0).MinBy(r => r.Id);
            string health = failing is null ? "" : $"; failing since {failing.Attempts} attempt(s): {failing.LastError}";
            stdout.WriteLine($"{group.Key}: {group.Count(r => r.State == OutboxState.Pending)} pending, {group.Count(r => r.State == OutboxState.Failed)} given up{health}");
        }
        stdout.WriteLine();
    }

    private static string Detail(OutboxRow row) => row.State switch
    {
        OutboxState.Delivered => "delivered " + row.DeliveredAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        OutboxState.Failed => "given up: " + row.LastError,
        _ when row.Attempts > 0 => $"next try {row.NextAttemptAt.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}: {row.LastError}",
        _ when row.Entry.NotBefore > DateTimeOffset.UtcNow => "held until " + row.Entry.NotBefore.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        _ => "waiting",
    };

    private static string Name(OutboxState state) => state switch
    {
        OutboxState.Delivered => "delivered",
        OutboxState.Failed => "failed",
        _ => "pending",
    };

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static Command Retry(TextWriter stdout, TextWriter stderr)
    {
        var id = new Argument<long?>("id") { Description = "The notification's id (see `logwarden alerts`); all given-up ones when left out.", Arity = ArgumentArity.ZeroOrOne };
        var data = StoreOptions.DataOption();
        var config = ConfigCommand.ConfigOption();
        var command = new Command("retry", "Send given-up notifications again (the daemon picks them up).") { id, data, config };
        ServerOptions.AddTo(command);
        command.SetAction(parse =>
        {
            using ILogStore? store = StoreOptions.OpenExisting(parse, data, config, stderr);
            if (Outbox(store, stderr) is not { } outbox)
            {
                return LogWardenCli.Failure;
            }
            int count = outbox.Retry(parse.GetValue(id), DateTimeOffset.UtcNow);
            stdout.WriteLine($"{count} notification(s) set to pending");
            return count > 0 || parse.GetValue(id) is null ? LogWardenCli.Ok : LogWardenCli.Failure;
        });
        return command;
    }

    private static Command Test(TextWriter stdout, TextWriter stderr)
    {
        var name = new Argument<string>("channel") { Description = "A configured channel's name." };
        var config = ConfigCommand.ConfigOption();
        var command = new Command("test", "Send a test message to a channel now (not through the outbox) and say what the channel answered.") { name, config };
        command.SetAction(parse =>
        {
            LogWardenConfig? loaded = StoreOptions.LoadConfig(parse, config, stderr, out bool ok);
            if (!ok)
            {
                return LogWardenCli.Failure;
            }
            loaded ??= new LogWardenConfig();
            string wanted = parse.GetValue(name)!;
            if (loaded.Alerts.Channels.FirstOrDefault(c => c.Name == wanted) is not { } channel)
            {
                stderr.WriteLine($"logwarden alerts test: no channel '{wanted}' (configured: {string.Join(", ", loaded.Alerts.Channels.Select(c => c.Name))})");
                return LogWardenCli.Failure;
            }
            using HttpClient http = NotifierFactory.CreateHttpClient();
            INotifier notifier = NotifierFactory.Create(channel, http, TimeProvider.System);
            DateTimeOffset now = DateTimeOffset.UtcNow;
            var message = new AlertMessage
            {
                Notice = AlertNotice.Firing,
                IncidentId = 0,
                Fingerprint = "0000000000000000",
                Kind = "test",
                Title = "LogWarden test message: this channel works",
                Severity = "warning",
                Status = "open",
                Host = Environment.MachineName,
                FirstSeen = now,
                LastSeen = now,
                OpenedAt = now,
                Link = AlertServices.LinkBase(loaded.Alerts.PublicUrl, ConfigLoader.TryParseEndpoint(loaded.Listen, out var ep) && ep is not null ? ep : new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 9740)) + "/incidents/0",
            };
            try
            {
                using var timeout = new CancellationTokenSource(channel.Timeout);
                notifier.SendAsync(message, "logwarden:test:" + now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), timeout.Token).GetAwaiter().GetResult();
                stdout.WriteLine($"sent to {channel}");
                return LogWardenCli.Ok;
            }
#pragma warning disable CA1031 // whatever the channel did is reported, not thrown
            catch (Exception e)
#pragma warning restore CA1031
            {
                stderr.WriteLine($"logwarden alerts test: {channel} failed: {e.Message}");
                return LogWardenCli.Failure;
            }
        });
        return command;
    }

    internal static IAlertOutbox? Outbox(ILogStore? store, TextWriter stderr)
    {
        if (store is null)
        {
            return null;
        }
        if (store is not IAlertOutbox outbox)
        {
            stderr.WriteLine("logwarden: this store keeps no alert outbox");
            return null;
        }
        return outbox;
    }
}
