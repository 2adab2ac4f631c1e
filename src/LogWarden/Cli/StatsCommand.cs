using System.CommandLine;
using System.Globalization;
using LogWarden.Store;

namespace LogWarden.Cli;

/// <summary>`logwarden stats [--data DIR]`: lines, sources, templates, bytes on disk by table, time range.</summary>
internal static class StatsCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var data = StoreOptions.DataOption();
        var config = ConfigCommand.ConfigOption();
        var command = new Command("stats", "What the store holds: lines, streams, templates, time range, bytes on disk.") { data, config };
        ServerOptions.AddTo(command);
        command.SetAction(parse =>
        {
            using ILogStore? store = StoreOptions.OpenExisting(parse, data, config, stderr);
            if (store is null)
            {
                return LogWardenCli.Failure;
            }
            StoreStats s = store.GetStats();
            var c = CultureInfo.InvariantCulture;
            stdout.WriteLine(string.Create(c, $"lines:     {s.Lines:N0}"));
            stdout.WriteLine(string.Create(c, $"streams:   {s.Streams:N0}"));
            stdout.WriteLine(string.Create(c, $"templates: {s.Templates:N0}"));
            stdout.WriteLine($"oldest:    {s.Oldest?.ToString("u", c) ?? "-"}");
            stdout.WriteLine($"newest:    {s.Newest?.ToString("u", c) ?? "-"}");
            stdout.WriteLine(string.Create(c, $"on disk:   {Bytes(s.BytesOnDisk)}{(s.Lines > 0 ? $" ({(double)s.BytesOnDisk / s.Lines:F1} bytes/line)" : "")}"));
            foreach (var (table, bytes) in s.BytesByTable.OrderByDescending(kv => kv.Value))
            {
                stdout.WriteLine($"  {table,-16} {Bytes(bytes),12}");
            }
            return LogWardenCli.Ok;
        });
        return command;
    }

    internal static string Bytes(long n) => n switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{n / (double)(1L << 30):F2} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{n / (double)(1L << 20):F1} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{n / 1024.0:F1} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{n} B"),
    };
}
