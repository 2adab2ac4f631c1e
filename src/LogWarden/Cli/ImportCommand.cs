using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using LogWarden.Collect;
using LogWarden.Config;
using LogWarden.Daemon;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogWarden.Cli;

/// <summary>
/// `logwarden import PATH... [--data DIR]`: loads existing files (rotated history, .gz, logs copied from
/// another machine) into the store through the same decoders, miner and pipeline as the daemon. A file
/// already imported (same size and content fingerprint) is skipped, so running it twice stores nothing twice.
/// </summary>
internal static class ImportCommand
{
    private const string SourceId = "import";
    // As a file source batches: the pipeline queues 16 batches, and every queued record lives until it is stored.
    private const int BatchLines = 1000;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("path") { Description = "Files, directories (recursive) or .gz files; '-' for standard input.", Arity = ArgumentArity.OneOrMore };
        paths.Validators.Add(OptionLikeArguments.Reject);
        var format = new Option<string?>("--format", "-f") { Description = "Decoder name or LogPAI format string for every file (default: detected per file)." };
        var host = new Option<string?>("--host") { Description = "The host label of the imported streams (default: this machine's name)." };
        var force = new Option<bool>("--force") { Description = "Import files again even if they were imported before." };
        var data = StoreOptions.DataOption();
        var config = ConfigCommand.ConfigOption();
        var command = new Command("import", "Load existing log files into the store.") { paths, format, host, force, data, config };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(format) is { } f)
            {
                try
                {
                    FormatDetector.FromName(f);
                }
                catch (ArgumentException e)
                {
                    stderr.WriteLine("logwarden import: " + e.Message);
                    return LogWardenCli.UsageError;
                }
            }
            LogWardenConfig? loaded = StoreOptions.LoadConfig(parse, config, stderr, out bool ok);
            if (!ok)
            {
                return LogWardenCli.Failure;
            }
            loaded ??= new LogWardenConfig();
            string dir = DataDirectory.Resolve(parse.GetValue(data), loaded);
            Directory.CreateDirectory(dir);
            using ILogStore? store = StoreOptions.Open(dir, loaded, stderr);
            if (store is null)
            {
                return LogWardenCli.Failure;
            }
            return await RunAsync(store, parse.GetValue(paths)!, parse.GetValue(format), parse.GetValue(host) ?? loaded.Host ?? Environment.MachineName,
                parse.GetValue(force), stdout, stderr, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(ILogStore store, string[] paths, string? format, string host, bool force, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        LogInputListing listing = LogInput.Enumerate(paths);
        foreach (SkippedInput skipped in listing.Skipped.Where(s => s.IsError))
        {
            stderr.WriteLine($"logwarden import: {skipped.Path}: {skipped.Reason}");
        }
        var miner = TemplateMiner.FromStates(store.LoadTemplates());
        var pipeline = new IngestPipeline(store, miner, new PipelineOptions(), TimeProvider.System, NullLogger<IngestPipeline>.Instance);
        Task writer = pipeline.RunAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        using var progress = ProgressReporter.ForConsole(stderr, listing.Files);
        long lines = 0;
        int files = 0;
        foreach (string file in listing.Files)
        {
            string? fingerprint = file == LogInput.StandardInput ? null : Fingerprint(file);
            if (fingerprint is not null && !force && store.Get(SourceId, fingerprint) is { } when)
            {
                stderr.WriteLine($"logwarden import: {file}: already imported ({when}); --force imports it again");
                continue;
            }
            var decoder = new LogFileDecoder(file, new LogFileOptions { Format = format });
            var labels = new StreamLabels(("host", host), ("job", "import"), ("path", Path.GetFullPath(file)), ("filename", Path.GetFileName(file)));
            var batch = new List<IngestRecord>(BatchLines);
            foreach (LogRecord record in decoder.ReadRecords())
            {
                batch.Add(new IngestRecord(record, labels));
                progress?.Line();
                if (batch.Count == BatchLines)
                {
                    await pipeline.WriteAsync(new IngestBatch(batch, []), cancellationToken).ConfigureAwait(false);
                    batch = new List<IngestRecord>(BatchLines);
                }
            }
            // The file's mark goes with its last lines: a crash before it leaves the file to import again.
            Checkpoint[] done = fingerprint is null ? [] : [new Checkpoint(SourceId, fingerprint, DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture) + " " + file)];
            await pipeline.WriteAsync(new IngestBatch(batch, done), cancellationToken).ConfigureAwait(false);
            lines += decoder.Stats.Lines;
            files++;
            if (decoder.Stats.Error is { } error)
            {
                stderr.WriteLine($"logwarden import: {file}: {error}");
            }
            progress?.FileDone(file);
        }
        pipeline.Complete();
        await writer.ConfigureAwait(false);
        progress?.Finish();
        double seconds = clock.Elapsed.TotalSeconds;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"imported {lines:N0} lines from {files} file(s) in {seconds:F1} s ({lines / Math.Max(seconds, 0.001):N0} lines/s); {miner.TemplateCount:N0} templates"));
        return LogWardenCli.Ok;
    }

    /// <summary>Size and SHA-256 of the first and last 64 KiB: the same file under another name or path is recognised.</summary>
    private static string? Fingerprint(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            const int part = 64 * 1024;
            var buffer = new byte[Math.Min(file.Length, 2 * part)];
            int head = file.ReadAtLeast(buffer.AsSpan(0, (int)Math.Min(part, buffer.Length)), (int)Math.Min(part, buffer.Length), throwOnEndOfStream: false);
            int tail = 0;
            if (file.Length > part)
            {
                file.Seek(Math.Max(part, file.Length - part), SeekOrigin.Begin);
                tail = file.ReadAtLeast(buffer.AsSpan(head), buffer.Length - head, throwOnEndOfStream: false);
            }
            return string.Create(CultureInfo.InvariantCulture, $"{file.Length}:{Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, head + tail)))}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
