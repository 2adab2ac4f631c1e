using System.Globalization;

namespace LogWarden.Detect.Rules;

/// <summary>
/// The values every line offers a rule besides its regex groups, taken from the record and its stream's
/// labels: <c>host</c> (the record's host, else the stream's), <c>program</c>, <c>pid</c>, <c>unit</c>
/// (the stream's systemd unit, else the record's <c>unit</c> field), <c>container</c>, <c>source</c> (the
/// file or stream it came from); and from a security event, <c>ip</c>, <c>user</c>, <c>path</c> and
/// <c>remote</c> (a remote host name); then the record's structured fields by their names (nginx's
/// <c>client</c> and <c>upstream</c>, a JSON log's keys). Regex groups of the same name take precedence.
/// </summary>
internal static class LineValues
{
    public static string? Host(LogObservation line) => NonEmpty(line.Record.Host) ?? Label(line, "host");

    public static string? Unit(LogObservation line) =>
        Label(line, "unit") ?? NonEmpty(MatchCondition.FieldValue(line.Record, "unit")) ?? NonEmpty(MatchCondition.FieldValue(line.Record, "_SYSTEMD_UNIT"));

    public static string? Container(LogObservation line) =>
        Label(line, "container") ?? NonEmpty(MatchCondition.FieldValue(line.Record, "container_name")) ?? NonEmpty(MatchCondition.FieldValue(line.Record, "CONTAINER_NAME"));

    /// <summary>The stream's file (its base name, stable across rotations) before the record's own source.</summary>
    public static string? Source(LogObservation line) =>
        Label(line, "path") ?? Label(line, "source") ?? NonEmpty(line.Record.Source) ?? Label(line, "filename");

    /// <summary>A label's value, found without allocating (the labels' indexer allocates a lambda, a foreach an enumerator).</summary>
    private static string? Label(LogObservation line, string name)
    {
        var pairs = line.Labels.Pairs;
        for (int i = 0; i < pairs.Count; i++)
        {
            if (pairs[i].Key == name)
            {
                return NonEmpty(pairs[i].Value);
            }
        }

        return null;
    }

    /// <summary>One value of the line by name, as <see cref="AddTo"/> would add it (the pid is formatted, the rest is not copied).</summary>
    public static string? Get(LogObservation line, string name) => name switch
    {
        "host" => Host(line),
        "program" => NonEmpty(line.Record.Program),
        "pid" => line.Record.Pid?.ToString(CultureInfo.InvariantCulture),
        "unit" => Unit(line),
        "container" => Container(line),
        "source" => Source(line),
        "ip" when line.Security?.Ip is { } ip => ip,
        "user" when line.Security?.User is { } user => user,
        "path" when line.Security?.Path is { } path => path,
        "remote" when line.Security?.Host is { } remote => remote,
        _ => NonEmpty(MatchCondition.FieldValue(line.Record, name)),
    };

    /// <summary>Adds the context and security values the dictionary does not have yet.</summary>
    public static void AddTo(Dictionary<string, string> values, LogObservation line, bool includeFields = true)
    {
        Add(values, "host", Host(line));
        Add(values, "program", NonEmpty(line.Record.Program));
        Add(values, "pid", line.Record.Pid?.ToString(CultureInfo.InvariantCulture));
        Add(values, "unit", Unit(line));
        Add(values, "container", Container(line));
        Add(values, "source", Source(line));
        if (line.Security is { } security)
        {
            Add(values, "ip", security.Ip);
            Add(values, "user", security.User);
            Add(values, "path", security.Path);
            Add(values, "remote", security.Host);
        }

        if (includeFields)
        {
            foreach (var (name, value) in line.Record.Fields)
            {
                Add(values, name, value);
            }
        }
    }

    private static void Add(Dictionary<string, string> values, string name, string? value)
    {
        if (value is not null)
        {
            values.TryAdd(name, value);
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
