using LogWarden.Collect;
using LogWarden.Collect.Docker;

namespace LogWarden.Parse;

/// <summary>How <see cref="TimeMergedReader"/> reads and labels its inputs.</summary>
internal sealed record MergedInputOptions
{
    public LogFileOptions File { get; init; } = new();

    /// <summary>The <c>host</c> label of file streams (null: none; records still carry the host their lines name).</summary>
    public string? Host { get; init; }

    /// <summary>Records each input holds back to put slightly disordered lines in time order (a power of two).</summary>
    public int Lookahead { get; init; } = 16;
}

/// <summary>
/// One record of a merged read: its stream's labels, and the time it was ordered by (its own, or for a
/// record without one, that of the record before it in its file).
/// </summary>
internal readonly record struct MergedRecord(LogRecord Record, StreamLabels Labels, DateTimeOffset? OrderTime);

/// <summary>One input read to its end (or to an error), for reports.</summary>
internal readonly record struct InputDone(string Path, string? Decoder, long Lines, LogFileStats? Stats, string? Error);

/// <summary>
/// Reads many log files as one stream in time order, as `analyze` replays a copy of /var/log: a k-way
/// merge of the inputs by record time. Rotated generations of one log (<c>syslog.2.gz, syslog.1, syslog</c>)
/// are one input read oldest first, so only one file per log is open at a time, and they share the
/// stream labels of the log (<c>{job="file", path, filename[, host]}</c>, and <c>container</c>, <c>image</c>,
/// <c>compose_service</c> for a json-file log in Docker's layout, named from its config.v2.json as the daemon's
/// Docker source names it); journal exports (<c>-o json</c>
/// and <c>-o export</c>) get <c>{job="journal", host, unit}</c> per record, as the daemon's journal source.
/// </summary>
/// <remarks>
/// Each input holds a small window of records sorted by time (<see cref="MergedInputOptions.Lookahead"/>)
/// so that a few lines written out of order come out in order; a record without a time sorts with the
/// record before it in its file, so it keeps its file order. Equal times go in input order. Memory is
/// the window and one open file per input.
/// </remarks>
internal sealed class TimeMergedReader
{
    private readonly List<IReadOnlyList<string>> _groups;
    private readonly MergedInputOptions _options;

    /// <param name="files">Files in reading order, as <see cref="LogInput.Enumerate"/> lists them.</param>
    public TimeMergedReader(IReadOnlyList<string> files, MergedInputOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        _options = options ?? new MergedInputOptions();
        if (_options.Lookahead < 1 || (_options.Lookahead & (_options.Lookahead - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Lookahead must be a power of two");
        }
        _groups = GroupRotations(files);
    }

    /// <summary>Called as each file is done (on the reading thread).</summary>
    public Action<InputDone>? FileDone { get; init; }

    /// <summary>Physical lines of the files finished so far.</summary>
    public long Lines { get; private set; }

    public int Inputs => _groups.Count;

    public IEnumerable<MergedRecord> Read()
    {
        var queue = new PriorityQueue<InputCursor, (long Time, int Input)>(_groups.Count);
        var cursors = new List<InputCursor>(_groups.Count);
        try
        {
            for (int i = 0; i < _groups.Count; i++)
            {
                var cursor = new InputCursor(i, _groups[i], _options, this);
                cursors.Add(cursor);
                if (cursor.Fill())
                {
                    queue.Enqueue(cursor, (cursor.HeadTime, i));
                }
            }
            while (queue.TryDequeue(out InputCursor? cursor, out _))
            {
                // Stay on this input while it is still the earliest: no queue work for a run of its lines.
                while (true)
                {
                    yield return cursor.Take();
                    if (!cursor.Fill())
                    {
                        break;
                    }
                    if (queue.TryPeek(out _, out var next) && (cursor.HeadTime, cursor.Index).CompareTo(next) > 0)
                    {
                        queue.Enqueue(cursor, (cursor.HeadTime, cursor.Index));
                        break;
                    }
                }
            }
        }
        finally
        {
            foreach (InputCursor cursor in cursors)
            {
                cursor.Dispose();
            }
        }
    }

    private void Finished(InputDone done)
    {
        Lines += done.Lines;
        FileDone?.Invoke(done);
    }

    /// <summary>Consecutive files that are generations of one log (same directory and base name) form one input.</summary>
    private static List<IReadOnlyList<string>> GroupRotations(IReadOnlyList<string> files)
    {
        var groups = new List<IReadOnlyList<string>>();
        List<string>? current = null;
        string? currentKey = null;
        foreach (string file in files)
        {
            string key = file == LogInput.StandardInput ? "\0stdin" : BasePath(file);
            if (current is null || key != currentKey)
            {
                current = [];
                groups.Add(current);
                currentKey = key;
            }
            current.Add(file);
        }
        return groups;
    }

    /// <summary>The log's path without its rotation suffix: <c>/var/log/syslog.2.gz</c> → <c>/var/log/syslog</c>.</summary>
    internal static string BasePath(string file)
    {
        string full = Path.GetFullPath(file);
        return Path.Combine(Path.GetDirectoryName(full) ?? "", RotationOrder.Parse(Path.GetFileName(full)).BaseName);
    }

    /// <summary>One input: its files oldest first, the open one, and the window of records sorted by time.</summary>
    private sealed class InputCursor : IDisposable
    {
        private const int MaxJournalLabelSets = 4096;

        private readonly Queue<string> _files;
        private readonly MergedInputOptions _options;
        private readonly TimeMergedReader _owner;
        private readonly StreamLabels _fileLabels;
        private readonly Dictionary<(string? Host, string? Unit), StreamLabels> _journalLabels = [];
        private readonly MergedRecord[] _window;
        private readonly long[] _times;
        private readonly int _mask;
        private int _head;
        private int _count;
        private long _lastTime = long.MinValue;
        private string? _path;
        private LogFileDecoder? _decoder;
        private JournalExportReader? _export;
        private IEnumerator<LogRecord>? _records;

        public InputCursor(int index, IReadOnlyList<string> files, MergedInputOptions options, TimeMergedReader owner)
        {
            Index = index;
            _files = new Queue<string>(files);
            _options = options;
            _owner = owner;
            _window = new MergedRecord[options.Lookahead];
            _times = new long[options.Lookahead];
            _mask = options.Lookahead - 1;
            string first = files[0];
            string basePath = first == LogInput.StandardInput ? first : BasePath(first);
            var labels = new List<(string, string)> { ("job", "file"), ("path", basePath), ("filename", Path.GetFileName(basePath)) };
            if (options.Host is { } host)
            {
                labels.Add(("host", host));
            }
            if (first != LogInput.StandardInput && CriLogDecoder.ContainerOf(basePath) is { } criContainer)
            {
                labels.Add(("container", criContainer)); // a kubelet's CRI log: the container's name
            }
            else if (first != LogInput.StandardInput && ContainerMetadata.ForLogFile(basePath) is { } container)
            {
                // A copy of Docker's containers directory: the container as the daemon's Docker source names it.
                labels.Add(("container", container.Name));
                if (container.Image.Length > 0)
                {
                    labels.Add(("image", container.Image));
                }
                if (container.ComposeService is { } service)
                {
                    labels.Add(("compose_service", service));
                }
            }
            _fileLabels = new StreamLabels([.. labels]);
        }

        public int Index { get; }

        public long HeadTime => _times[_head];

        /// <summary>Tops the window up; false when it is empty and the input is exhausted.</summary>
        public bool Fill()
        {
            while (_count < _window.Length && Next(out LogRecord? record))
            {
                long time = record.Timestamp?.UtcTicks ?? _lastTime;
                _lastTime = time;
                Insert(new MergedRecord(record, LabelsOf(record), time == long.MinValue ? null : new DateTimeOffset(time, TimeSpan.Zero)), time);
            }
            return _count > 0;
        }

        public MergedRecord Take()
        {
            MergedRecord record = _window[_head];
            _window[_head] = default;
            _head = (_head + 1) & _mask;
            _count--;
            return record;
        }

        /// <summary>Inserts by time from the tail: in-order records (nearly all) go straight to the end.</summary>
        private void Insert(MergedRecord record, long time)
        {
            int position = _count;
            while (position > 0 && _times[(_head + position - 1) & _mask] > time)
            {
                int from = (_head + position - 1) & _mask;
                int to = (_head + position) & _mask;
                _window[to] = _window[from];
                _times[to] = _times[from];
                position--;
            }
            int slot = (_head + position) & _mask;
            _window[slot] = record;
            _times[slot] = time;
            _count++;
        }

        private bool Next([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LogRecord? record)
        {
            while (true)
            {
                if (_records is null && !OpenNext())
                {
                    record = null;
                    return false;
                }
                if (_records!.MoveNext())
                {
                    record = _records.Current;
                    return true;
                }
                CloseCurrent();
            }
        }

        private bool OpenNext()
        {
            if (!_files.TryDequeue(out string? file))
            {
                return false;
            }
            _path = file;
            string? error = null;
            if (file != LogInput.StandardInput && IsJournalExport(file, out error))
            {
                try
                {
                    _export = new JournalExportReader(LogInput.Open(file), new DecodeContext(file));
                    _records = _export.ReadRecords().GetEnumerator();
                    return true;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or InvalidDataException)
                {
                    error = e.Message;
                }
            }
            if (error is not null)
            {
                _owner.Finished(new InputDone(file, null, 0, null, error));
                return OpenNext();
            }
            _decoder = new LogFileDecoder(file, _options.File);
            _records = _decoder.ReadRecords().GetEnumerator();
            return true;
        }

        private void CloseCurrent()
        {
            _records?.Dispose();
            _records = null;
            if (_decoder is not null)
            {
                _owner.Finished(new InputDone(_path!, _decoder.Stats.Decoder, _decoder.Stats.Lines, _decoder.Stats, _decoder.Stats.Error));
            }
            else if (_export is not null)
            {
                _owner.Finished(new InputDone(_path!, "journal-export", _export.Lines, null, _export.Error));
                _export.Dispose();
            }
            _decoder = null;
            _export = null;
        }

        private static bool IsJournalExport(string file, out string? error)
        {
            error = null;
            try
            {
                using Stream stream = LogInput.Open(file);
                Span<byte> head = stackalloc byte[32];
                int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
                return JournalExportReader.LooksLikeExport(head[..read]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or InvalidDataException)
            {
                error = e.Message;
                return false;
            }
        }

        private StreamLabels LabelsOf(LogRecord record)
        {
            bool journal = _export is not null || ReferenceEquals(_decoder?.Decoder, JournalJsonDecoder.Instance);
            if (!journal)
            {
                return _fileLabels;
            }
            string? host = record.Host ?? _options.Host;
            string? unit = null;
            foreach ((string key, string value) in record.Fields)
            {
                if (key == "unit")
                {
                    unit = value;
                    break;
                }
            }
            if (_journalLabels.TryGetValue((host, unit), out StreamLabels? labels))
            {
                return labels;
            }
            if (_journalLabels.Count >= MaxJournalLabelSets)
            {
                _journalLabels.Clear(); // transient units (run-u123.service) must not grow it without end
            }
            var pairs = new List<(string, string)> { ("job", "journal") };
            if (host is not null)
            {
                pairs.Add(("host", host));
            }
            if (unit is not null)
            {
                pairs.Add(("unit", unit));
            }
            labels = new StreamLabels([.. pairs]);
            _journalLabels[(host, unit)] = labels;
            return labels;
        }

        public void Dispose()
        {
            _records?.Dispose();
            _export?.Dispose();
        }
    }
}
