using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LogWarden.Detect.Security;
using LogWarden.Parse;

namespace LogWarden.Cli;

/// <summary>
/// `logwarden events PATH... [--json]`: every line of the given files (directories recursively, .gz too)
/// that is a security event: file, line (1-based, physical, within its file), time, kind, whether it is
/// hostile, and the entities it names (ip or host, user, path). A <c>fail2ban-regex</c> for every service
/// at once, and the per-line view the attack scenarios are built on.
/// </summary>
internal static class EventsCommand
{
    private const int FlushBytes = 64 * 1024;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("path")
        {
            Description = "Files, directories or .gz files ('-' for standard input).",
            Arity = ArgumentArity.OneOrMore,
        };
        paths.Validators.Add(OptionLikeArguments.Reject);
        var json = new Option<bool>("--json") { Description = "One JSON object per event and line (JSON Lines), for machines." };
        var hostileOnly = new Option<bool>("--hostile") { Description = "Only hostile events (failures, probes, attacks)." };
        var format = new Option<string?>("--format", "-f") { Description = "Decoder name or LogPAI format string for every file (default: detected per file)." };
        format.Validators.Add(result =>
        {
            try
            {
                FormatDetector.FromName(result.GetValueOrDefault<string?>() ?? "plain");
            }
            catch (ArgumentException e)
            {
                result.AddError(e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal));
            }
        });
        var command = new Command("events", "List the lines that are security events: failed and successful logins, refused clients, probes, attacks.")
        {
            paths, json, hostileOnly, format,
        };
        command.SetAction(parse => Run(parse.GetValue(paths)!, parse.GetValue(format), parse.GetValue(json), parse.GetValue(hostileOnly), stdout, stderr));
        return command;
    }

    private static int Run(string[] paths, string? format, bool json, bool hostileOnly, TextWriter stdout, TextWriter stderr)
    {
        LogInputListing listing = LogInput.Enumerate(paths);
        bool failed = false;
        foreach (SkippedInput skipped in listing.Skipped.Where(s => s.IsError))
        {
            stderr.WriteLine($"logwarden events: {skipped.Path}: {skipped.Reason}");
            failed = true;
        }

        using var output = json ? (IEventOutput)new JsonLinesOutput(stdout) : new TableOutput(stdout);
        using var progress = ProgressReporter.ForConsole(stderr, listing.Files);
        long lines = 0, events = 0, hostile = 0;
        foreach (string file in listing.Files)
        {
            var decoder = new LogFileDecoder(file, new LogFileOptions { Format = format, Multiline = MultilineOptions.LinePerRecord });
            var recognizer = new SecurityEventRecognizer();
            foreach (LogRecord record in decoder.ReadRecords())
            {
                progress?.Line();
                if (recognizer.Recognize(record) is not { } found || (hostileOnly && !found.Hostile))
                {
                    continue;
                }

                events++;
                hostile += found.Hostile ? 1 : 0;
                output.Write(file, record, found);
            }

            lines += decoder.Stats.Lines;
            failed |= decoder.Stats.Error is not null;
            TemplatesCommand.Report(decoder.Stats, file, stderr, "events");
            progress?.FileDone(file);
        }

        progress?.Finish();
        output.Finish();
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"logwarden events: {lines:N0} lines in {listing.Files.Count:N0} file(s), {events:N0} events, {hostile:N0} hostile"));
        return failed ? LogWardenCli.Failure : LogWardenCli.Ok;
    }

    private interface IEventOutput : IDisposable
    {
        void Write(string file, LogRecord record, SecurityEvent found);

        void Finish();
    }

    /// <summary>JSON Lines through one reused <see cref="Utf8JsonWriter"/>, handed to the text writer in 64 KiB chunks.</summary>
    private sealed class JsonLinesOutput(TextWriter stdout) : IEventOutput
    {
        private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private readonly ArrayBufferWriter<byte> _buffer = new(FlushBytes * 2);
        private readonly Utf8JsonWriter _writer = new(Stream.Null, Options);
        private readonly Dictionary<string, JsonEncodedText> _kinds = new(StringComparer.Ordinal);
        private char[] _chars = new char[FlushBytes * 2];
        private string? _file;
        private JsonEncodedText _encodedFile;

        public void Write(string file, LogRecord record, SecurityEvent found)
        {
            if (!ReferenceEquals(file, _file))
            {
                _file = file;
                _encodedFile = JsonEncodedText.Encode(file, Options.Encoder);
            }

            if (!_kinds.TryGetValue(found.Kind, out var kind))
            {
                _kinds[found.Kind] = kind = JsonEncodedText.Encode(found.Kind, Options.Encoder);
            }

            _writer.Reset(_buffer);
            _writer.WriteStartObject();
            _writer.WriteString("file"u8, _encodedFile);
            _writer.WriteNumber("line"u8, record.LineNumber);
            if (record.Timestamp is { } ts)
            {
                _writer.WriteString("ts"u8, ts);
            }
            else
            {
                _writer.WriteNull("ts"u8);
            }

            _writer.WriteString("kind"u8, kind);
            _writer.WriteBoolean("hostile"u8, found.Hostile);
            _writer.WriteStartObject("entities"u8);
            WriteIfSet("ip"u8, found.Ip);
            WriteIfSet("host"u8, found.Host);
            WriteIfSet("user"u8, found.User);
            WriteIfSet("path"u8, found.Path);
            _writer.WriteEndObject();
            _writer.WriteEndObject();
            _writer.Flush();
            _buffer.Write("\n"u8);
            if (_buffer.WrittenCount >= FlushBytes)
            {
                Drain();
            }
        }

        public void Finish()
        {
            Drain();
            stdout.Flush();
        }

        public void Dispose() => _writer.Dispose();

        private void WriteIfSet(ReadOnlySpan<byte> name, string? value)
        {
            if (value is not null)
            {
                _writer.WriteString(name, value);
            }
        }

        private void Drain()
        {
            var bytes = _buffer.WrittenSpan;
            int needed = Encoding.UTF8.GetMaxCharCount(bytes.Length);
            if (_chars.Length < needed)
            {
                _chars = new char[needed];
            }

            int count = Encoding.UTF8.GetChars(bytes, _chars);
            stdout.Write(_chars, 0, count);
            _buffer.ResetWrittenCount();
        }
    }

    /// <summary>A readable table, one row per event.</summary>
    private sealed class TableOutput(TextWriter stdout) : IEventOutput
    {
        private bool _headerWritten;

        public void Write(string file, LogRecord record, SecurityEvent found)
        {
            if (!_headerWritten)
            {
                stdout.WriteLine($"{"TIME",-19}  {"KIND",-27}  {"HOSTILE",-7}  {"IP/HOST",-28}  {"USER/PATH",-16}  FILE:LINE");
                _headerWritten = true;
            }

            string time = record.Timestamp?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";
            string remote = found.Ip ?? found.Host ?? "-";
            string user = found.User ?? (found.Path is { } path ? path : "-");
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{time,-19}  {found.Kind,-27}  {(found.Hostile ? "yes" : "no"),-7}  {remote,-28}  {Cut(user, 40),-16}  {file}:{record.LineNumber}"));
        }

        public void Finish() => stdout.Flush();

        public void Dispose()
        {
        }

        private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
    }
}
