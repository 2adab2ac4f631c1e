using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using LogWarden.Collect.Docker;

namespace LogWarden.Parse;

/// <summary>One log entry of a container: Docker's pieces of one line joined, with the json-file line it started on.</summary>
/// <param name="Text">The line the container wrote, without its newline.</param>
/// <param name="Line">The (first) json-file line: its stream and Docker's time.</param>
/// <param name="LineNumber">1-based number of that json-file line in its file.</param>
/// <param name="Truncated">True when the joined entry was cut to the limit.</param>
internal readonly record struct DockerEntry(string Text, DockerJsonLine Line, long LineNumber, bool Truncated);

/// <summary>
/// Joins the pieces of Docker's json-file log into the lines the container wrote: Docker splits a line longer
/// than 16 KiB into entries whose "log" does not end in '\n', and stdout and stderr pieces may interleave,
/// so pieces are joined per stream until the one ending in '\n'; a joined entry is cut at the limit.
/// Shared by the daemon's container source (<see cref="ContainerLog"/>) and <c>analyze</c>'s reading of a
/// copied json-file log (<see cref="LogFileDecoder"/>).
/// </summary>
internal sealed class DockerEntryJoiner(int maxEntryChars)
{
    private readonly PendingEntry _stdout = new();
    private readonly PendingEntry _stderr = new();

    /// <summary>No piece of an entry is waiting for its end.</summary>
    public bool IsEmpty => _stdout.IsEmpty && _stderr.IsEmpty;

    /// <summary>Takes one json-file line; adds the entry it completes, if any, to <paramref name="completed"/>.</summary>
    public void Add(DockerJsonLine line, long lineNumber, List<DockerEntry> completed)
    {
        var pending = line.IsStderr ? _stderr : _stdout;
        string log = line.Log;
        bool complete = log.EndsWith('\n');
        if (complete)
        {
            log = log.EndsWith("\r\n", StringComparison.Ordinal) ? log[..^2] : log[..^1];
        }

        if (pending.IsEmpty && complete)
        {
            bool cut = log.Length > maxEntryChars;
            completed.Add(new DockerEntry(cut ? log[..maxEntryChars] : log, line, lineNumber, cut));
            return;
        }

        if (pending.IsEmpty)
        {
            pending.Start(line, lineNumber);
        }

        pending.Append(log, maxEntryChars);
        if (complete)
        {
            completed.Add(new DockerEntry(pending.Text.ToString(), pending.First, pending.FirstLineNumber, pending.Truncated));
            pending.Clear();
        }
    }

    /// <summary>The pieces still waiting at the end of the input, each as an entry of its own (Docker never wrote the rest).</summary>
    public void Flush(List<DockerEntry> completed)
    {
        var (first, second) = _stderr.IsEmpty || (!_stdout.IsEmpty && _stdout.FirstLineNumber < _stderr.FirstLineNumber)
            ? (_stdout, _stderr)
            : (_stderr, _stdout);
        foreach (var pending in (ReadOnlySpan<PendingEntry>)[first, second])
        {
            if (!pending.IsEmpty)
            {
                completed.Add(new DockerEntry(pending.Text.ToString(), pending.First, pending.FirstLineNumber, pending.Truncated));
                pending.Clear();
            }
        }
    }

    /// <summary>Forgets the pieces waiting (the reader starts again elsewhere).</summary>
    public void Clear()
    {
        _stdout.Clear();
        _stderr.Clear();
    }

    /// <summary>
    /// The record of one container entry, from what the entry's own format (<paramref name="decoded"/>) said: the
    /// time is the line's own when it has one that agrees with Docker's within <see cref="InnerTimeTolerance"/>
    /// (a time without a zone read in another zone, or a container with a wrong clock, does not), else Docker's,
    /// which every entry has; the program is the line's own, else <paramref name="programFallback"/> (the
    /// container's name). A host name the line carries is the container's own host name (its id, by default),
    /// not the machine's: it is kept as the field <c>hostname</c>, not as the record's host.
    /// </summary>
    public static LogRecord ToRecord(LogRecord decoded, in DockerEntry entry, string? programFallback, string? source)
    {
        var docker = entry.Line.Time;
        DateTimeOffset? time = decoded.Timestamp is { } own && (docker == default || (own - docker).Duration() <= InnerTimeTolerance)
            ? own
            : docker != default ? docker : decoded.Timestamp;
        IReadOnlyList<KeyValuePair<string, string>>? fields = null;
        if (decoded.Host is { } host)
        {
            var list = new List<KeyValuePair<string, string>>(decoded.Fields.Count + 1);
            list.AddRange(decoded.Fields);
            list.Add(new("hostname", host));
            fields = list;
        }

        return decoded.With(time, host: null, decoded.Program ?? programFallback, source ?? decoded.Source, entry.LineNumber, decoded.Truncated || entry.Truncated, fields);
    }

    /// <summary>How far a line's own time may be from Docker's and still be taken as the record's.</summary>
    public static readonly TimeSpan InnerTimeTolerance = TimeSpan.FromMinutes(5);

    /// <summary>Pieces of one long line of one stream, joined.</summary>
    private sealed class PendingEntry
    {
        public StringBuilder Text { get; } = new();

        public DockerJsonLine First { get; private set; }

        public long FirstLineNumber { get; private set; }

        public bool Truncated { get; private set; }

        public bool IsEmpty { get; private set; } = true;

        public void Start(DockerJsonLine first, long lineNumber)
        {
            First = first;
            FirstLineNumber = lineNumber;
            IsEmpty = false;
        }

        public void Append(string piece, int maxChars)
        {
            int room = maxChars - Text.Length;
            if (piece.Length > room)
            {
                Truncated = true;
                piece = piece[..Math.Max(room, 0)];
            }

            Text.Append(piece);
        }

        public void Clear()
        {
            Text.Clear();
            if (Text.Capacity > 64 * 1024)
            {
                Text.Capacity = 1024; // one huge entry should not pin its buffer for the container's lifetime
            }

            Truncated = false;
            IsEmpty = true;
        }
    }
}

/// <summary>
/// Docker's json-file log (<c>{"log":"text\n","stream":"stderr","time":"2026-11-25T10:00:00.123456789Z"}</c>, a copy
/// of /var/lib/docker/containers/&lt;id&gt;/&lt;id&gt;-json.log): recognised by its three keys, ahead of the generic JSON
/// decoder, so that the line inside is read in its own format (pino, logfmt, an access line, plain text) instead of
/// as a JSON object whose message is the whole line. <see cref="LogFileDecoder"/> reads such a file entry by entry
/// (pieces joined, the inner format detected once per file from the first entries: <see cref="DockerEntryJoiner"/>);
/// this decoder's own <see cref="TryDecode"/> reads one json-file line alone (a given <c>--format docker</c>, a
/// json-file line in a file of another format), its inner line in the first format that reads it.
/// </summary>
internal sealed class DockerJsonFileDecoder : IContainerLogFormat
{
    public static readonly DockerJsonFileDecoder Instance = new();

    public string Name => "docker";

    public bool TryDecode(string line, DecodeContext context, [NotNullWhen(true)] out LogRecord? record) =>
        IContainerLogFormat.TryDecodeAlone(this, line, context, out record);

    public bool TryParseEntry(string line, DecodeContext context, out DockerJsonLine entry) => TryParse(line, out entry);

    /// <summary>
    /// Reads one json-file line: a JSON object with a "log" string, a "stream" and a "time" (the three keys Docker
    /// always writes; a JSON application log with a "log" key alone is not one).
    /// </summary>
    public static bool TryParse(string line, out DockerJsonLine docker)
    {
        docker = default;
        var span = line.AsSpan().Trim();
        if (span.Length < 20 || span[0] != '{' || span[^1] != '}'
            || !span.Contains("\"log\"", StringComparison.Ordinal) || !span.Contains("\"stream\"", StringComparison.Ordinal))
        {
            return false;
        }

        int max = Encoding.UTF8.GetMaxByteCount(span.Length);
        byte[]? rented = max > 1024 ? ArrayPool<byte>.Shared.Rent(max) : null;
        try
        {
            Span<byte> bytes = rented is not null ? rented : stackalloc byte[1024];
            int length = Encoding.UTF8.GetBytes(span, bytes);
            return DockerJsonLine.TryParse(bytes[..length], out docker) && docker.Time != default;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}

/// <summary>
/// A container runtime's log file that wraps each line the container wrote (Docker's json-file, the CRI format of
/// containerd and CRI-O): <see cref="LogFileDecoder"/> unwraps it entry by entry and reads the lines inside in their
/// own format (<see cref="DockerEntryJoiner"/>).
/// </summary>
internal interface IContainerLogFormat : ILogDecoder
{
    /// <summary>One line of the file as a piece of an entry (its "log" ends in '\n' when the entry ends there); false for a line not in the format.</summary>
    bool TryParseEntry(string line, DecodeContext context, out DockerJsonLine entry);

    /// <summary>Decodes one wrapped line alone: its inner line in the first format that reads it, its time as <see cref="DockerEntryJoiner.ToRecord"/> says.</summary>
    public static bool TryDecodeAlone(IContainerLogFormat format, string line, DecodeContext context, [NotNullWhen(true)] out LogRecord? record)
    {
        record = null;
        if (!format.TryParseEntry(line, context, out var entry))
        {
            return false;
        }

        string text = entry.Log.TrimEnd('\n').TrimEnd('\r');
        var inner = FormatDetector.DecodeWithAnyFormat(text, context);
        record = DockerEntryJoiner.ToRecord(inner, new DockerEntry(text, entry, context.LineNumber, Truncated: false), programFallback: null, source: null);
        return true;
    }
}

/// <summary>
/// The CRI log format that containerd and CRI-O write for Kubernetes (<c>/var/log/pods/&lt;namespace&gt;_&lt;pod&gt;_&lt;uid&gt;/&lt;container&gt;/0.log</c>):
/// <c>2026-11-25T10:00:00.123456789Z stdout F the line</c>: an RFC 3339 time, the stream, a tag (<c>F</c> a full line or
/// its last piece, <c>P</c> a partial piece of a longer one) and the text. Read like Docker's json-file.
/// </summary>
internal sealed class CriLogDecoder : IContainerLogFormat
{
    public static readonly CriLogDecoder Instance = new();

    public string Name => "cri";

    public bool TryDecode(string line, DecodeContext context, [NotNullWhen(true)] out LogRecord? record) =>
        IContainerLogFormat.TryDecodeAlone(this, line, context, out record);

    public bool TryParseEntry(string line, DecodeContext context, out DockerJsonLine entry)
    {
        entry = default;
        var s = line.AsSpan();
        int space = s.IndexOf(' ');
        if (space < 20 || space > 40 || s.Length < space + 10)
        {
            return false;
        }

        var rest = s[(space + 1)..];
        bool stderr = rest.StartsWith("stderr ");
        if (!stderr && !rest.StartsWith("stdout "))
        {
            return false;
        }

        rest = rest[7..];
        int tagEnd = rest.IndexOf(' ');
        var tag = tagEnd < 0 ? rest : rest[..tagEnd];
        bool partial = tag.Length > 0 && tag[0] == 'P';
        if (tag.Length == 0 || (tag[0] is not ('F' or 'P')) || (tag.Length > 1 && tag[1] != ':')
            || s[space - 1] is not ('Z' or (>= '0' and <= '9'))
            || !TimestampParser.TryParseValue(s[..space], context, out var time))
        {
            return false;
        }

        string log = tagEnd < 0 ? string.Empty : line[(line.Length - rest.Length + tagEnd + 1)..];
        entry = new DockerJsonLine(partial ? log : log + "\n", stderr, time);
        return true;
    }

    /// <summary>
    /// The container a CRI log file belongs to, by the kubelet's layout: <c>/var/log/pods/&lt;ns&gt;_&lt;pod&gt;_&lt;uid&gt;/&lt;container&gt;/N.log</c>
    /// (the container's directory) or <c>/var/log/containers/&lt;pod&gt;_&lt;ns&gt;_&lt;container&gt;-&lt;id&gt;.log</c>; null otherwise.
    /// </summary>
    public static string? ContainerOf(string logPath)
    {
        string name = Path.GetFileName(logPath);
        string? directory = Path.GetDirectoryName(logPath);
        string? parent = directory is null ? null : Path.GetDirectoryName(directory);
        if (directory is not null && parent is not null && name.EndsWith(".log", StringComparison.Ordinal)
            && name[..^4].All(char.IsAsciiDigit) && Path.GetFileName(parent).Count(c => c == '_') >= 2)
        {
            return Path.GetFileName(directory);
        }

        var parts = name.EndsWith(".log", StringComparison.Ordinal) ? name[..^4].Split('_') : [];
        int dash = parts.Length == 3 ? parts[2].LastIndexOf('-') : -1;
        return dash > 0 && parts[2].Length - dash - 1 == 64 && parts[2][(dash + 1)..].All(char.IsAsciiHexDigit) ? parts[2][..dash] : null;
    }
}
