using System.CommandLine;
using LogWarden.Config;
using LogWarden.Report;
using LogWarden.Store;

namespace LogWarden.Cli;

/// <summary>
/// `logwarden report [--since 24h] [--format text|markdown|html] [--out FILE] [--host H] [--no-llm]`: the
/// daily report from the store. HTML to a file gets its charts inlined; `--out` with HTML also writes the
/// charts beside it as PNG files (what an e-mail carries as inline parts).
/// </summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var since = new Option<string>("--since") { Description = "How far back: 24h, 7d, 90m…", DefaultValueFactory = _ => "24h" };
        var format = new Option<string>("--format", "-f") { Description = "text, markdown or html.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "markdown", "html");
        var output = new Option<string?>("--out", "-o") { Description = "Write to this file instead of standard output." };
        var host = new Option<string?>("--host") { Description = "Only this host's incidents and metrics." };
        var offline = new Option<bool>("--no-llm") { Description = "No AI summary even when an LLM is configured." };
        var data = StoreOptions.DataOption();
        var config = ConfigCommand.ConfigOption();
        var command = new Command("report", "The daily report: incidents, new and noisy templates, attack sources, resource charts, disk forecast.")
        {
            since, format, output, host, offline, data, config,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!ConfigLoader.TryParseDuration(parse.GetValue(since)!, out TimeSpan period) || period <= TimeSpan.Zero)
            {
                stderr.WriteLine($"logwarden report: '{parse.GetValue(since)}' is not a duration such as 24h or 7d");
                return LogWardenCli.UsageError;
            }
            LogWardenConfig settings = StoreOptions.LoadConfig(parse, config, stderr, out bool ok) ?? new LogWardenConfig();
            if (!ok)
            {
                return LogWardenCli.Failure;
            }
            using ILogStore? store = StoreOptions.OpenExisting(parse, data, config, stderr);
            if (store is null)
            {
                return LogWardenCli.Failure;
            }
            DateTimeOffset to = DateTimeOffset.UtcNow;
            RenderedReport report;
            try
            {
                report = await ReportGenerator.GenerateAsync(store, settings, to - period, to, parse.GetValue(host), !parse.GetValue(offline), cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                stderr.WriteLine("logwarden report: " + e.Message);
                return LogWardenCli.Failure;
            }
            string? file = parse.GetValue(output);
            string body = parse.GetValue(format) switch
            {
                "markdown" => report.Markdown,
                "html" => report.HtmlWithInlineImages(),
                _ => report.Text,
            };
            if (file is null)
            {
                stdout.Write(body);
                stdout.Flush();
                return LogWardenCli.Ok;
            }
            try
            {
                await File.WriteAllTextAsync(file, body, cancellationToken);
                if (parse.GetValue(format) == "html")
                {
                    string dir = Path.GetDirectoryName(Path.GetFullPath(file))!;
                    foreach (ReportImage image in report.Images)
                    {
                        await File.WriteAllBytesAsync(Path.Combine(dir, image.FileName), image.Png, cancellationToken);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"logwarden report: cannot write {file}: {e.Message}");
                return LogWardenCli.Failure;
            }
            stderr.WriteLine($"report written to {file} ({report.Subject})");
            return LogWardenCli.Ok;
        });
        return command;
    }
}
