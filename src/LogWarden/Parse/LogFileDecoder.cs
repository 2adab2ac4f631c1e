namespace LogWarden.Parse;

/// <summary>How <see cref="LogFileDecoder"/> reads an input.</summary>
internal sealed record LogFileOptions
{
    /// <summary>A format name or LogPAI format string (see <see cref="FormatDetector.FromName"/>); null to detect per input.</summary>
    public string? Format { get; init; }

    public int MaxLineBytes { get; init; } = LineReader.DefaultMaxLineBytes;

    public MultilineOptions Multiline { get; init; } = new();

    /// <summary>Zone of timestamps without an offset; null for the machine's local zone.</summary>
    public TimeZoneInfo? TimeZone { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>Counts for one input read by <see cref="LogFileDecoder"/>.</summary>
internal sealed class LogFileStats
{
    /// <summary>Name of the decoder used (detected or given).</summary>
    public string? Decoder { get; set; }
    public long Lines { get; set; }
    public long Records { get; set; }
    /// <summary>Lines the decoder could not read, kept as plain records.</summary>
    public long FallbackLines { get; set; }
    public long ContinuationLines { get; set; }
    public long DroppedLines { get; set; }
    public long BlankLines { get; set; }
    public long TruncatedLines { get; set; }
    public long InvalidUtf8Lines { get; set; }
    public long NulBytes { get; set; }
    /// <summary>Why the input could not be opened or was not read to its end; null if it was.</summary>
    public string? Error { get; set; }
}

/// <summary>
/// The whole input side for one file or stream: open it (gzip by magic bytes, "-" for stdin), read lines,
/// detect the format from the first <see cref="FormatDetector.SampleSize"/> non-blank lines (unless one is
/// given), decode, and join multi-line events. Timestamps without a year are placed relative to the
/// file's last write time (every line of a file is older than that, so an old rotated file's December
/// lines land in the right year), or to now for standard input.
/// </summary>
internal sealed class LogFileDecoder
{
    // Detection holds its sample in memory: stop sampling early when lines are huge.
    private const int MaxSampleChars = 4 * 1024 * 1024;

    private readonly LogFileOptions _options;
    private readonly ILogDecoder? _givenDecoder;
    private bool _started;

    /// <exception cref="ArgumentException">The options name an unknown format.</exception>
    public LogFileDecoder(string path, LogFileOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _options = options ?? new LogFileOptions();
        _givenDecoder = _options.Format is { } format ? FormatDetector.FromName(format) : null;
    }

    public string Path { get; }

    /// <summary>Filled in as <see cref="ReadRecords"/> is enumerated; final once it ends.</summary>
    public LogFileStats Stats { get; } = new();

    /// <summary>The decoder in use: the given one, or the detected one once the sample has been read.</summary>
    public ILogDecoder? Decoder { get; private set; }

    /// <summary>Decodes the input into records, in order. Enumerable once. Never throws for a bad input: see <see cref="Stats"/>.</summary>
    public IEnumerable<LogRecord> ReadRecords()
    {
        if (_started)
        {
            throw new InvalidOperationException("ReadRecords can be enumerated only once per LogFileDecoder.");
        }

        _started = true;
        var reader = OpenReader();
        if (reader is null)
        {
            yield break;
        }

        using (reader)
        {
            var context = new DecodeContext(Path, ReferenceTime(), _options.TimeZone);
            var sample = new List<(string Line, long Number, bool Truncated)>();
            int sampleChars = 0;
            int nonBlank = 0;
            Decoder = _givenDecoder;
            if (Decoder is null)
            {
                while (nonBlank < FormatDetector.SampleSize && sampleChars < MaxSampleChars && reader.TryReadLine(out string? line))
                {
                    sample.Add((line, reader.LineNumber, reader.LastLineTruncated));
                    sampleChars += line.Length;
                    nonBlank += string.IsNullOrWhiteSpace(line) ? 0 : 1;
                }

                Decoder = FormatDetector.Detect(sample.ConvertAll(s => s.Line));
            }

            if (Decoder is IContainerLogFormat wrapper)
            {
                foreach (var record in ReadContainerEntries(wrapper, reader, context, sample))
                {
                    yield return record;
                }

                yield break;
            }

            Stats.Decoder = Decoder.Name;
            var assembler = new MultilineAssembler(Decoder, context, _options.Multiline);
            foreach (var (line, number, truncated) in sample)
            {
                if (assembler.Add(line, number, truncated) is { } record)
                {
                    yield return record;
                }

                Update(reader, assembler);
            }

            sample.Clear();
            while (reader.TryReadLine(out string? line))
            {
                if (assembler.Add(line, reader.LineNumber, reader.LastLineTruncated) is { } record)
                {
                    Update(reader, assembler);
                    yield return record;
                }
            }

            if (assembler.Flush() is { } last)
            {
                Update(reader, assembler);
                yield return last;
            }

            Update(reader, assembler);
        }
    }

    /// <summary>
    /// The container a log file belongs to, by its runtime's layout (Docker's, named from its config.v2.json; the kubelet's
    /// CRI logs); null for any other path.
    /// </summary>
    internal static string? ContainerName(string path)
    {
        if (path == LogInput.StandardInput)
        {
            return null;
        }

        string basePath = TimeMergedReader.BasePath(path);
        return Collect.Docker.ContainerMetadata.ForLogFile(basePath)?.Name ?? CriLogDecoder.ContainerOf(basePath);
    }

    /// <summary>
    /// A container runtime's log (Docker's json-file, CRI): the pieces of each line the container wrote are joined (<see cref="DockerEntryJoiner"/>),
    /// the format of those lines is detected from the first <see cref="FormatDetector.SampleSize"/> of them, and they
    /// are decoded and joined into multi-line events like the lines of any file; each record gets Docker's time unless
    /// its line has its own (<see cref="DockerEntryJoiner.ToRecord"/>), the file's line number of its first piece, and
    /// the container's name as its program when the line names none. A line that is not a json-file line is read as
    /// it is.
    /// </summary>
    private IEnumerable<LogRecord> ReadContainerEntries(
        IContainerLogFormat format, LineReader reader, DecodeContext context, List<(string Line, long Number, bool Truncated)> sample)
    {
        string? container = ContainerName(Path);
        var joiner = new DockerEntryJoiner(_options.Multiline.MaxChars);
        var completed = new List<DockerEntry>();
        var head = new List<DockerEntry>();
        int headLines = 0;
        var fed = new Queue<(long Sequence, DockerEntry Entry)>();
        long sequence = 0;
        MultilineAssembler? assembler = null;

        IEnumerable<(string Line, long Number, bool Truncated)> Lines()
        {
            foreach (var line in sample)
            {
                yield return line;
            }

            sample.Clear();
            while (reader.TryReadLine(out string? line))
            {
                yield return (line, reader.LineNumber, reader.LastLineTruncated);
            }
        }

        LogRecord? Feed(in DockerEntry entry)
        {
            fed.Enqueue((++sequence, entry));
            return assembler!.Add(entry.Text, sequence, entry.Truncated) is { } record ? Finish(record) : null;
        }

        LogRecord Finish(LogRecord record)
        {
            // The record's number is the sequence of its first entry: the entries before it were continuations or blank.
            DockerEntry entry = default;
            while (fed.TryDequeue(out var next))
            {
                entry = next.Entry;
                if (next.Sequence >= record.LineNumber)
                {
                    break;
                }
            }

            return DockerEntryJoiner.ToRecord(record, entry, container, source: null);
        }

        void Detect()
        {
            var inner = FormatDetector.Detect(head.ConvertAll(e => e.Text));
            Stats.Decoder = format.Name + "/" + inner.Name;
            assembler = new MultilineAssembler(inner, context, _options.Multiline);
        }

        foreach (var (line, number, truncated) in Lines())
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (format.TryParseEntry(line, context, out var docker))
            {
                joiner.Add(docker, number, completed);
            }
            else
            {
                completed.Add(new DockerEntry(line, default, number, truncated));
            }

            if (assembler is null)
            {
                foreach (var entry in completed)
                {
                    head.Add(entry);
                    headLines += string.IsNullOrWhiteSpace(entry.Text) ? 0 : 1;
                }

                completed.Clear();
                if (headLines < FormatDetector.SampleSize)
                {
                    continue;
                }

                Detect();
                completed.AddRange(head);
                head.Clear();
            }

            foreach (var entry in completed)
            {
                if (Feed(entry) is { } record)
                {
                    Update(reader, assembler!);
                    yield return record;
                }
            }

            completed.Clear();
        }

        joiner.Flush(completed);
        if (assembler is null)
        {
            head.AddRange(completed);
            completed.Clear();
            Detect();
            completed.AddRange(head);
        }

        foreach (var entry in completed)
        {
            if (Feed(entry) is { } record)
            {
                yield return record;
            }
        }

        if (assembler!.Flush() is { } last)
        {
            Update(reader, assembler);
            yield return Finish(last);
        }

        Update(reader, assembler);
    }

    private LineReader? OpenReader()
    {
        try
        {
            return new LineReader(LogInput.Open(Path)) { MaxLineBytes = _options.MaxLineBytes };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or InvalidDataException)
        {
            Stats.Error = ex.Message;
            return null;
        }
    }

    private DateTimeOffset ReferenceTime()
    {
        var now = _options.TimeProvider.GetUtcNow();
        if (Path == LogInput.StandardInput)
        {
            return now;
        }

        try
        {
            var written = new DateTimeOffset(File.GetLastWriteTimeUtc(Path), TimeSpan.Zero);
            return written < now ? written : now;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return now;
        }
    }

    private void Update(LineReader reader, MultilineAssembler assembler)
    {
        var read = reader.Stats;
        var joined = assembler.Stats;
        Stats.Lines = read.Lines;
        Stats.TruncatedLines = read.TruncatedLines;
        Stats.InvalidUtf8Lines = read.InvalidUtf8Lines;
        Stats.NulBytes = read.NulBytes;
        Stats.Error ??= read.Error;
        Stats.Records = joined.Records;
        Stats.FallbackLines = joined.FallbackLines;
        Stats.ContinuationLines = joined.ContinuationLines;
        Stats.DroppedLines = joined.DroppedLines;
        Stats.BlankLines = joined.BlankLines;
    }
}
