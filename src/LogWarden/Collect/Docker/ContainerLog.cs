using System.Globalization;
using System.Text.Json;
using LogWarden.Parse;

namespace LogWarden.Collect.Docker;

/// <summary>
/// One container's json-file log, read into labelled records. Docker splits a line longer than 16 KiB into
/// entries whose "log" does not end in '\n'; those are joined (per stream, as stdout and stderr pieces may
/// interleave) into one record, cut at <see cref="DockerSourceOptions.MaxEntryChars"/> (<see cref="DockerEntryJoiner"/>,
/// shared with <c>analyze</c>'s reading of a copied json-file log). The text is then decoded with the format detected
/// from the container's first lines (JSON, logfmt, syslog…, else plain); the time is the line's own when it agrees
/// with Docker's within minutes, else Docker's, which is exact and present on every line
/// (<see cref="DockerEntryJoiner.ToRecord"/>).
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
    private readonly List<DockerEntry> _completed = [];
    private readonly DockerEntryJoiner _joiner;
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
        _joiner = new DockerEntryJoiner(options.MaxEntryChars);
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
                _joiner.Add(line, _lineNumber, _completed);
            }

            if (_joiner.IsEmpty)
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
        _joiner.Clear();
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

        foreach (var entry in _completed)
        {
            _context.LineNumber = entry.LineNumber;
            if (!_decoder!.TryDecode(entry.Text, _context, out var decoded))
            {
                PlainDecoder.Instance.TryDecode(entry.Text, _context, out decoded);
            }

            var record = DockerEntryJoiner.ToRecord(decoded!, entry, Metadata.Name, Metadata.Name);
            records.Add(new IngestRecord(record, entry.Line.IsStderr ? _stderrLabels : _stdoutLabels));
        }

        _completed.Clear();
    }

    public void Dispose() => _follower.Dispose();
}
