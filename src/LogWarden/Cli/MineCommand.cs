using System.CommandLine;
using System.Globalization;
using LogWarden.Mine;
using LogWarden.Parse;

namespace LogWarden.Cli;

/// <summary>
/// `logwarden mine [--format FMT] [FILE|-]`: the template of every input line as CSV
/// (<c>LineId,EventTemplate</c>), LineId counting input lines from 1. Templates are printed as they stand
/// after the whole input, so every line of a group carries the same, most general text.
/// </summary>
internal static class MineCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var format = new Option<string?>("--format", "-f")
        {
            Description = "How to split header from message: a decoder name (syslog, rfc5424, json, logfmt, access, " +
                          "nginx-error, apache-error, journal-json, timestamp, plain) or a LogPAI format string such as " +
                          "'<Date> <Time> <Level> <Component>: <Content>'. Detected from the first lines when absent.",
        };
        var file = new Argument<string>("file")
        {
            Description = "Log file (plain or gzip); '-' or nothing for standard input.",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => LogInput.StandardInput,
        };
        file.Validators.Add(OptionLikeArguments.Reject);
        var command = new Command("mine", "Print the template of every line as CSV: LineId,EventTemplate.") { format, file };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(format), stdout, stderr));
        return command;
    }

    private static int Run(string path, string? format, TextWriter stdout, TextWriter stderr)
    {
        ILogDecoder? decoder = null;
        if (format is not null)
        {
            try
            {
                decoder = FormatDetector.FromName(format);
            }
            catch (ArgumentException e)
            {
                stderr.WriteLine("logwarden mine: " + e.Message);
                return LogWardenCli.UsageError;
            }
        }
        Stream input;
        try
        {
            input = LogInput.Open(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            stderr.WriteLine($"logwarden mine: {path}: {e.Message}");
            return LogWardenCli.Failure;
        }

        var miner = new TemplateMiner();
        var ids = new List<int>();
        var context = new DecodeContext(source: path);
        using (var reader = new LineReader(input))
        {
            var pending = new List<string>();
            while (reader.TryReadLine(out string? line))
            {
                if (decoder is null)
                {
                    // Detect from the first lines, then mine them in order.
                    pending.Add(line);
                    if (pending.Count < FormatDetector.SampleSize)
                    {
                        continue;
                    }
                    decoder = FormatDetector.Detect(pending);
                    foreach (string p in pending)
                    {
                        ids.Add(MineLine(miner, decoder, context, p));
                    }
                    pending.Clear();
                    continue;
                }
                ids.Add(MineLine(miner, decoder, context, line));
            }
            if (pending.Count > 0)
            {
                decoder = FormatDetector.Detect(pending);
                foreach (string p in pending)
                {
                    ids.Add(MineLine(miner, decoder, context, p));
                }
            }
            ReportReaderTrouble(reader.Stats, path, stderr);
        }

        stdout.WriteLine("LineId,EventTemplate");
        for (int i = 0; i < ids.Count; i++)
        {
            stdout.Write((i + 1).ToString(CultureInfo.InvariantCulture));
            stdout.Write(',');
            stdout.WriteLine(Csv.Escape(miner.Resolve(ids[i]).Text));
        }
        stdout.Flush();
        return LogWardenCli.Ok;
    }

    private static int MineLine(TemplateMiner miner, ILogDecoder decoder, DecodeContext context, string line)
    {
        context.LineNumber++;
        // A line the format does not fit is mined whole rather than dropped: every input line gets a row.
        LogRecord record = decoder.TryDecode(line, context, out LogRecord? decoded) ? decoded : FormatDetector.DecodeWithAnyFormat(line, context);
        return miner.Add(record.Message, record.Timestamp, record.Level);
    }

    internal static void ReportReaderTrouble(LineReaderStats stats, string path, TextWriter stderr)
    {
        if (stats.TruncatedLines > 0)
        {
            stderr.WriteLine($"logwarden: {path}: {stats.TruncatedLines} over-long line(s) truncated");
        }
        if (stats.InvalidUtf8Lines > 0 || stats.NulBytes > 0)
        {
            stderr.WriteLine($"logwarden: {path}: {stats.InvalidUtf8Lines} line(s) with invalid UTF-8, {stats.NulBytes} NUL byte(s) replaced");
        }
        if (stats.Error is not null)
        {
            stderr.WriteLine($"logwarden: {path}: stopped reading: {stats.Error}");
        }
    }
}
