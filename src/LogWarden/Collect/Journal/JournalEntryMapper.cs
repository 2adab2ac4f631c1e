using LogWarden.Parse;

namespace LogWarden.Collect.Journal;

/// <summary>One journalctl line, decoded and labelled, with the cursor that names its position in the journal.</summary>
internal readonly record struct JournalEntry(IngestRecord Record, string? Cursor);

/// <summary>
/// Turns journalctl's JSON lines into labelled records: <see cref="JournalJsonDecoder"/> does the fields,
/// this adds the stream labels <c>{job="journal", host, unit}</c> (one cached instance per host and unit)
/// and picks out <c>__CURSOR</c>. A line that is not journal JSON (in practice: one cut at the reader's line
/// limit) is kept as a plain record and counted, never dropped.
/// </summary>
internal sealed class JournalEntryMapper(string defaultHost)
{
    // Bounded so a journal with ever-new unit names (transient units: run-u123.service) cannot grow it.
    private const int MaxCachedLabelSets = 4096;

    private readonly Dictionary<(string Host, string? Unit), StreamLabels> _labels = [];

    private long _undecodableLines;

    /// <summary>Lines that were not journal JSON; read from any thread.</summary>
    public long UndecodableLines => Interlocked.Read(ref _undecodableLines);

    public JournalEntry Map(string line, bool truncated, DecodeContext context)
    {
        if (!JournalJsonDecoder.Instance.TryDecode(line, context, out var record))
        {
            Interlocked.Increment(ref _undecodableLines);
            record = new LogRecord
            {
                Raw = line,
                Message = line,
                Source = context.Source,
                LineNumber = context.LineNumber,
                Truncated = truncated,
            };
        }

        var labels = LabelsFor(record.Host ?? defaultHost, UnitOf(record));
        return new JournalEntry(new IngestRecord(record, labels), FindCursor(line));
    }

    /// <summary>
    /// The value of "__CURSOR" in a journalctl JSON line, found without parsing the line again. The match
    /// cannot come from inside a value: JSON escapes every quote within a string, and journald refuses
    /// user field names that start with "__".
    /// </summary>
    internal static string? FindCursor(string line)
    {
        const string Marker = "\"__CURSOR\":\"";
        int start = line.IndexOf(Marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += Marker.Length;
        int end = line.IndexOf('"', start);
        return end > start ? line[start..end] : null;
    }

    private static string? UnitOf(LogRecord record)
    {
        foreach (var (key, value) in record.Fields)
        {
            if (key == "unit")
            {
                return value;
            }
        }

        return null;
    }

    private StreamLabels LabelsFor(string host, string? unit)
    {
        if (_labels.TryGetValue((host, unit), out var labels))
        {
            return labels;
        }

        if (_labels.Count >= MaxCachedLabelSets)
        {
            _labels.Clear();
        }

        labels = unit is null
            ? new StreamLabels(("job", "journal"), ("host", host))
            : new StreamLabels(("job", "journal"), ("host", host), ("unit", unit));
        _labels[(host, unit)] = labels;
        return labels;
    }
}
