using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LogWarden.Mine;
using LogWarden.Parse;

namespace LogWarden.Cli;

/// <summary>
/// `logwarden templates [PATH...]`: mines files, directories (recursively, rotated generations oldest
/// first) and .gz files, and the systemd journal, and prints what kinds of lines they hold: count, first and
/// last seen, level, template and one example. With no PATH: /var/log and the journal.
/// </summary>
internal static class TemplatesCommand
{
    private static readonly string[] DefaultPaths = ["/var/log"];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("path")
        {
            Description = "Files, directories or .gz files ('-' for standard input). Default: /var/log and the journal.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        paths.Validators.Add(OptionLikeArguments.Reject);
        var json = new Option<bool>("--json") { Description = "One JSON array of templates, for machines." };
        var top = new Option<int>("--top", "-n") { Description = "Show only the N most frequent templates (0: all).", DefaultValueFactory = _ => 0 };
        var format = new Option<string?>("--format", "-f") { Description = "Decoder name or LogPAI format string for every file (default: detected per file)." };
        var journal = new Option<bool?>("--journal") { Description = "Also read the systemd journal (journalctl -o json). Default: on when no PATH is given." };
        var data = StoreOptions.DataOption();
        data.Description = "List the templates stored in this data directory (what the daemon mined) instead of mining logs.";
        var config = ConfigCommand.ConfigOption();
        var command = new Command("templates", "Mine logs and list their templates with counts, first/last seen, level and an example; or list a store's (--data) or a running daemon's (--server).")
        {
            paths, json, top, format, journal, data, config,
        };
        ServerOptions server = ServerOptions.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(top) < 0)
            {
                result.AddError("--top must be 0 or more");
            }
        });
        command.SetAction(parse =>
        {
            string[] given = parse.GetValue(paths) ?? [];
            bool daemonByEnvironment = given.Length == 0 && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ServerOptions.ServerVariable));
            if (parse.GetValue(data) is not null || parse.GetValue(server.Server) is not null || daemonByEnvironment)
            {
                if (given.Length > 0)
                {
                    stderr.WriteLine("logwarden templates: PATH mines files; --data and --server list stored templates: not both");
                    return LogWardenCli.UsageError;
                }
                using Store.ILogStore? store = StoreOptions.OpenExisting(parse, data, config, stderr);
                if (store is null)
                {
                    return LogWardenCli.Failure;
                }
                var stored = store.LoadTemplates().Where(t => t.MergedInto == 0)
                    .Select(t => new TemplateRow(t.Id, t.Count, t.FirstSeen, t.LastSeen, LevelName(t.Level), string.Join(' ', t.Tokens), t.Example)).ToList();
                Write(stored, stored.Sum(t => t.Count), stored.Count, parse.GetValue(json), parse.GetValue(top), stdout);
                return LogWardenCli.Ok;
            }
            bool readJournal = parse.GetValue(journal) ?? given.Length == 0;
            return Run(given.Length == 0 ? DefaultPaths : given, readJournal, parse.GetValue(format), parse.GetValue(json), parse.GetValue(top), stdout, stderr);
        });
        return command;
    }

    private static int Run(string[] paths, bool readJournal, string? format, bool json, int top, TextWriter stdout, TextWriter stderr)
    {
        if (format is not null)
        {
            try
            {
                FormatDetector.FromName(format);
            }
            catch (ArgumentException e)
            {
                stderr.WriteLine("logwarden templates: " + e.Message);
                return LogWardenCli.UsageError;
            }
        }
        LogInputListing listing = LogInput.Enumerate(paths);
        foreach (SkippedInput skipped in listing.Skipped.Where(s => s.IsError))
        {
            stderr.WriteLine($"logwarden templates: {skipped.Path}: {skipped.Reason}");
        }
        var miner = new TemplateMiner();
        using var progress = ProgressReporter.ForConsole(stderr, listing.Files);
        long lines = 0;
        foreach (string file in listing.Files)
        {
            var decoder = new LogFileDecoder(file, new LogFileOptions { Format = format });
            foreach (LogRecord record in decoder.ReadRecords())
            {
                miner.Add(record.Message, record.Timestamp, record.Level);
                progress?.Line();
            }
            lines += decoder.Stats.Lines;
            Report(decoder.Stats, file, stderr);
            progress?.FileDone(file);
        }
        if (readJournal)
        {
            lines += MineJournal(miner, stderr, progress);
        }
        progress?.Finish();

        var mined = miner.Templates.Select(t => new TemplateRow(t.Id, t.Count, t.FirstSeen, t.LastSeen, LevelName(t.Level), t.Text, t.Example)).ToList();
        Write(mined, lines, miner.TemplateCount, json, top, stdout);
        return LogWardenCli.Ok;
    }

    /// <summary>Most frequent first (the first <paramref name="top"/> when above 0), as a table or one JSON array.</summary>
    private static void Write(List<TemplateRow> templates, long lines, int templateCount, bool json, int top, TextWriter stdout)
    {
        IEnumerable<TemplateRow> shown = templates.OrderByDescending(t => t.Count).ThenBy(t => t.Id);
        if (top > 0)
        {
            shown = shown.Take(top);
        }
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(shown.ToList(), CliJsonContext.Default.ListTemplateRow));
        }
        else
        {
            WriteTable(shown, lines, templateCount, stdout);
        }
        stdout.Flush();
    }

    private static string LevelName(Severity level) => level.ToString().ToLowerInvariant();

    /// <summary>Tells on stderr what went wrong reading one input (also used by the events command).</summary>
    internal static void Report(LogFileStats stats, string source, TextWriter stderr, string command = "templates")
    {
        if (stats.Error is not null)
        {
            stderr.WriteLine($"logwarden {command}: {source}: {stats.Error}");
        }
        if (stats.TruncatedLines > 0)
        {
            stderr.WriteLine($"logwarden {command}: {source}: {stats.TruncatedLines} over-long line(s) truncated");
        }
        if (stats.InvalidUtf8Lines > 0 || stats.NulBytes > 0)
        {
            stderr.WriteLine($"logwarden {command}: {source}: {stats.InvalidUtf8Lines} line(s) with invalid UTF-8, {stats.NulBytes} NUL byte(s) replaced");
        }
    }

    private static long MineJournal(TemplateMiner miner, TextWriter stderr, ProgressReporter? progress)
    {
        var psi = new ProcessStartInfo("journalctl", ["-o", "json", "--no-pager", "-q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process? journalctl;
        try
        {
            journalctl = Process.Start(psi);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            stderr.WriteLine("logwarden templates: journalctl not found; the journal was not read");
            return 0;
        }
        if (journalctl is null)
        {
            return 0;
        }
        using (journalctl)
        {
            var errors = journalctl.StandardError.ReadToEndAsync();
            long lines = 0;
            var context = new DecodeContext("journal");
            var assembler = new MultilineAssembler(FormatDetector.FromName("journal-json"), context);
            using (var reader = new LineReader(journalctl.StandardOutput.BaseStream))
            {
                while (reader.TryReadLine(out string? line))
                {
                    lines++;
                    progress?.Line();
                    if (assembler.Add(line, lines) is { } record)
                    {
                        miner.Add(record.Message, record.Timestamp, record.Level);
                    }
                }
            }
            if (assembler.Flush() is { } last)
            {
                miner.Add(last.Message, last.Timestamp, last.Level);
            }
            journalctl.WaitForExit();
            string error = errors.Result.Trim();
            if (journalctl.ExitCode != 0 && error.Length > 0)
            {
                stderr.WriteLine("logwarden templates: journalctl: " + error);
            }
            return lines;
        }
    }

    private static void WriteTable(IEnumerable<TemplateRow> templates, long lines, int templateCount, TextWriter stdout)
    {
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{lines:N0} lines, {templateCount:N0} templates"));
        stdout.WriteLine();
        stdout.WriteLine($"{"COUNT",10}  {"FIRST SEEN",-19}  {"LAST SEEN",-19}  {"LEVEL",-8}  TEMPLATE");
        foreach (TemplateRow t in templates)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{t.Count,10:N0}  {Time(t.FirstSeen),-19}  {Time(t.LastSeen),-19}  {(t.Level == "unknown" ? "-" : t.Level),-8}  {t.Template}"));
            stdout.WriteLine($"{"",10}  {"",-19}  {"",-19}  {"",-8}  e.g. {OneLine(t.Example)}");
        }
    }

    private static string Time(DateTimeOffset? t) => t?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";

    private static string OneLine(string s)
    {
        int nl = s.IndexOf('\n', StringComparison.Ordinal);
        return nl < 0 ? s : s[..nl] + " …";
    }
}

internal sealed record TemplateRow(int Id, long Count, DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen, string Level, string Template, string Example);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(List<TemplateRow>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
