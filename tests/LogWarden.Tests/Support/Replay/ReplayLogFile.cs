using System.IO.Compression;
using System.Text;

namespace LogWarden.Tests.Support.Replay;

/// <summary>
/// One log file of a generated host, with its rotated generations: lines arrive out of order (a session's
/// close is known when it opens, an incident is planned ahead), are buffered, and are written in time order
/// once the generator has passed their time. Rotation follows logrotate: the generation written last is the
/// plain name, the one before it <c>.1</c>, older ones <c>.2.gz</c>, <c>.3.gz</c> (delaycompress). Each
/// file's modification time is set to its last line, as on a real server: RFC 3164 timestamps carry no
/// year, and readers infer it from that time.
/// </summary>
internal sealed class ReplayLogFile(string root, string relativePath, IReadOnlyList<DateTimeOffset> rotations)
{
    private readonly List<Entry> _pending = [];
    private readonly Dictionary<int, Segment> _segments = [];
    private long _sequence;

    /// <summary>Path below the host's directory, e.g. <c>nginx/access.log</c>.</summary>
    public string RelativePath { get; } = relativePath;

    public long LinesWritten { get; private set; }

    public void Add(DateTimeOffset time, string line) => _pending.Add(new Entry(time.UtcTicks, _sequence++, line));

    /// <summary>Writes, in time order, every buffered line before <paramref name="until"/>.</summary>
    public void Flush(DateTimeOffset until)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        // Equal times keep the order they were added in (the sequence number), so a session's lines stay in order.
        _pending.Sort(static (a, b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : a.Sequence.CompareTo(b.Sequence));
        long limit = until.UtcTicks;
        int written = 0;
        while (written < _pending.Count && _pending[written].Ticks < limit)
        {
            Entry entry = _pending[written];
            Segment segment = SegmentFor(entry.Ticks);
            segment.Writer.Write(entry.Line);
            segment.Writer.Write('\n');
            segment.LastTicks = entry.Ticks;
            written++;
        }

        LinesWritten += written;
        _pending.RemoveRange(0, written);
    }

    /// <summary>Writes what is left before <paramref name="end"/> (the rest is past the period), closes every generation and stamps its modification time.</summary>
    public void Close(DateTimeOffset end)
    {
        Flush(end);
        _pending.Clear();
        foreach (var (_, segment) in _segments)
        {
            segment.Writer.Dispose();
            File.SetLastWriteTimeUtc(segment.Path, new DateTime(segment.LastTicks, DateTimeKind.Utc));
        }

        _segments.Clear();
    }

    private Segment SegmentFor(long ticks)
    {
        int index = 0;
        while (index < rotations.Count && rotations[index].UtcTicks <= ticks)
        {
            index++;
        }

        if (!_segments.TryGetValue(index, out Segment? segment))
        {
            int generation = rotations.Count - index;
            string path = Path.Combine(root, RelativePath) + generation switch
            {
                0 => "",
                1 => ".1",
                _ => "." + generation.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".gz",
            };
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Stream stream = File.Create(path);
            if (generation >= 2)
            {
                stream = new GZipStream(stream, CompressionLevel.Fastest);
            }

            segment = new Segment(path, new StreamWriter(stream, new UTF8Encoding(false), 1 << 16));
            _segments[index] = segment;
        }

        return segment;
    }

    private readonly record struct Entry(long Ticks, long Sequence, string Line);

    private sealed class Segment(string path, StreamWriter writer)
    {
        public string Path { get; } = path;

        public StreamWriter Writer { get; } = writer;

        public long LastTicks { get; set; }
    }
}
