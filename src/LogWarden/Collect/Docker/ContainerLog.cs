using System.Globalization;
using System.Text;
using System.Text.Json;
using LogWarden.Parse;

namespace LogWarden.Collect.Docker;

/// <summary>
/// One container's json-file log, read into labelled records. Docker splits a line longer than 16 KiB into
/// entries whose "log" does not end in '\n'; those are joined (per stream, as stdout and stderr pieces may
/// interleave) into one record, cut at <see cref="DockerSourceOptions.MaxEntryChars"/>. The text is then
/// decoded with the format detected from the container's first lines (JSON, logfmt, syslog…, else plain),
/// but the time is Docker's: exact, and present on every line.
/// <para>
/// The checkpoint is the position after the last line at which no joined entry was pending, so a restart
/// never starts in the middle of one. (An entry of one stream that completed while the other stream had
/// a piece pending may therefore be read again after a crash: rare, and a duplicate rather than a loss.)
/// </para>
/// </summary>
internal sealed class ContainerLog : IDisposable
{
    private readonly DockerSourceOptions _options;
    private readonly string _logPath;
    private readonly List<string> _detectionSample = [];
    private readonly List<(string Text, DockerJsonLine Line, long LineNumber, bool Truncated)> _completed = [];
    private readonly PendingEntry _stdout = new();
    private readonly PendingEntry _stderr = new();
    private readonly DecodeContext _context;
    private readonly Func<string, FilePosition?, ILogFileFollower> _openFollower;
    private ILogFileFollower _follower;
    private ILogDecoder? _decoder;
    private StreamLabels _stdoutLabels = StreamLabels.Empty;
    private StreamLabels _stderrLabels = StreamLabels.Empty;
    private FilePosition? _safePosition;
    private FilePosition? _accepted;
    private long _lineNumber;

    /// <param name="openFollower">Opens the log file (its path) to follow from a position (null: from its start).</param>
    public ContainerLog(
        string directory,
        ContainerMetadata metadata,
        FilePosition? resumeAt,
        DockerSourceOptions options,
        Func<string, FilePosition?, ILogFileFollower> openFollower)
    {
        _options = options;
        _openFollower = openFollower;
        Directory = directory;
        _logPath = Path.Combine(directory, metadata.Id + "-json.log");
        _accepted = resumeAt;
        _follower = openFollower(_logPath, resumeAt);
        _context = new DecodeContext(metadata.Name);
        Metadata = metadata;
    }

    public string Directory { get; }

    public string Id => Metadata.Id;

    public ContainerMetadata Metadata
    {
        get;
        set
        {
            field = value;
            var labels = new List<(string, string)>
            {
                ("job", "docker"), ("host", _options.Host), ("container", value.Name), ("image", value.Image),
            };
            if (value.ComposeService is { } service)
            {
                labels.Add(("compose_service", service));
            }

            _stdoutLabels = new StreamLabels([.. labels, ("stream", "stdout")]);
            _stderrLabels = new StreamLabels([.. labels, ("stream", "stderr")]);
        }
    }

    /// <summary>json-file lines that were not Docker log entries (broken JSON, no "log"), skipped.</summary>
    public long UnreadableLines { get; private set; }

    public long SkippedLongLines => _follower.SkippedLongLines;

    public long ResumeFilesMissing => _follower.ResumeFilesMissing;

    /// <summary>
    /// Reads up to <paramref name="max"/> records into <paramref name="records"/>; returns the checkpoint
    /// value to store with them, or null when the position did not move. Call <see cref="Accept"/> once the
    /// sink took them, or <see cref="Rewind"/> if it did not.
    /// </summary>
    public string? Read(List<IngestRecord> records, int max)
    {
        _completed.Clear();
        while (_completed.Count < max && _follower.TryReadLine(out var bytes))
        {
            _lineNumber++;
            if (!DockerJsonLine.TryParse(bytes, out var line))
            {
                UnreadableLines++;
            }
            else
            {
                Add(line);
            }

            if (_stdout.IsEmpty && _stderr.IsEmpty)
            {
                _safePosition = _follower.Position;
            }
        }

        Decode(records);
        return _safePosition is { } safe && safe != _accepted
            ? string.Create(CultureInfo.InvariantCulture, $$"""{"file":"{{safe.Fingerprint}}","offset":{{safe.Offset}}}""")
            : null;
    }

    /// <summary>The sink took what <see cref="Read"/> returned last.</summary>
    public void Accept() => _accepted = _safePosition;

    /// <summary>The sink refused the last read: start again after what it last accepted.</summary>
    public void Rewind()
    {
        _follower.Dispose();
        _follower = _openFollower(_logPath, _accepted);
        _stdout.Clear();
        _stderr.Clear();
        _safePosition = _accepted;
    }

    public static FilePosition? ParseCheckpoint(string? value)
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            var root = document.RootElement;
            return root.TryGetProperty("file", out var file) && file.ValueKind == JsonValueKind.String
                && root.TryGetProperty("offset", out var offset) && offset.TryGetInt64(out long bytes) && bytes >= 0
                ? new FilePosition(file.GetString()!, bytes)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Add(DockerJsonLine line)
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
            bool cut = log.Length > _options.MaxEntryChars;
            _completed.Add((cut ? log[.._options.MaxEntryChars] : log, line, _lineNumber, cut));
            return;
        }

        if (pending.IsEmpty)
        {
            pending.Start(line, _lineNumber);
        }

        pending.Append(log, _options.MaxEntryChars);
        if (complete)
        {
            _completed.Add((pending.Text.ToString(), pending.First, pending.FirstLineNumber, pending.Truncated));
            pending.Clear();
        }
    }

    private void Decode(List<IngestRecord> records)
    {
        if (_completed.Count == 0)
        {
            return;
        }

        if (_detectionSample.Count < FormatDetector.SampleSize)
        {
            foreach (var entry in _completed)
            {
                if (_detectionSample.Count < FormatDetector.SampleSize)
                {
                    _detectionSample.Add(entry.Text);
                }
            }

            _decoder = FormatDetector.Detect(_detectionSample);
        }

        foreach (var (text, line, lineNumber, truncated) in _completed)
        {
            _context.LineNumber = lineNumber;
            if (!_decoder!.TryDecode(text, _context, out var decoded))
            {
                PlainDecoder.Instance.TryDecode(text, _context, out decoded);
            }

            var record = new LogRecord
            {
                Raw = text,
                Message = decoded!.Message,
                Timestamp = line.Time != default ? line.Time : decoded.Timestamp,
                Level = decoded.Level,
                Host = decoded.Host,
                Program = decoded.Program ?? Metadata.Name,
                Pid = decoded.Pid,
                Fields = decoded.Fields,
                Source = Metadata.Name,
                LineNumber = lineNumber,
                Truncated = truncated,
            };
            records.Add(new IngestRecord(record, line.IsStderr ? _stderrLabels : _stdoutLabels));
        }

        _completed.Clear();
    }

    public void Dispose() => _follower.Dispose();

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
