using System.Globalization;
using System.Text.RegularExpressions;

namespace LogWarden.Parse;

/// <summary>
/// Puts the rotated generations of a log oldest first, so events are read in the order they happened.
/// logrotate names generations <c>NAME.1</c>, <c>NAME.2.gz</c> … (higher is older) or, with <c>dateext</c>,
/// <c>NAME-YYYYMMDD[.gz]</c> (earlier is older); <c>NAME</c> itself is the newest. Files of one log (same
/// directory and base name) are gathered at the place of the first of them; other files keep their order.
/// </summary>
internal static partial class RotationOrder
{
    public static IReadOnlyList<string> Sort(IReadOnlyList<string> files)
    {
        var groups = new Dictionary<string, List<(string Path, Generation Age)>>(StringComparer.Ordinal);
        var order = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in files)
        {
            if (path != LogInput.StandardInput && !seen.Add(Path.GetFullPath(path)))
            {
                continue;
            }

            var (baseName, age) = Parse(Path.GetFileName(path));
            string key = path == LogInput.StandardInput ? path : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? "", baseName);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
                order.Add(key);
            }

            group.Add((path, age));
        }

        var sorted = new List<string>(files.Count);
        foreach (string key in order)
        {
            var group = groups[key];
            group.Sort(static (a, b) => a.Age.CompareTo(b.Age)); // List.Sort is unstable, but ages of distinct names differ
            sorted.AddRange(group.Select(g => g.Path));
        }

        return sorted;
    }

    /// <summary>Where a file stands in its log's rotation: lower sorts first (older).</summary>
    internal readonly record struct Generation(int Kind, long Value) : IComparable<Generation>
    {
        public const int Dated = 0, Numbered = 1, Current = 2;

        public int CompareTo(Generation other) => Kind != other.Kind ? Kind.CompareTo(other.Kind) : Value.CompareTo(other.Value);
    }

    /// <summary>Splits a file name into the log's base name and the generation its suffix says.</summary>
    internal static (string BaseName, Generation Age) Parse(string fileName)
    {
        string name = fileName;
        foreach (string compressed in (ReadOnlySpan<string>)[".gz", ".xz", ".bz2", ".zst"])
        {
            if (name.EndsWith(compressed, StringComparison.Ordinal))
            {
                name = name[..^compressed.Length];
                break;
            }
        }

        int dot = name.LastIndexOf('.');
        if (dot > 0 && dot < name.Length - 1 && name.Length - dot - 1 <= 4
            && int.TryParse(name.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            // logback's and log4j2's size-and-time rolling, Spring Boot's default ("shop.log.2024-05-01.0.gz"): a date
            // stamp, then an index within the day (higher is newer); it belongs with "shop.log".
            if (StampedName().Match(name[..dot]) is { Success: true } indexed && !indexed.Groups["ext"].Success)
            {
                return (indexed.Groups["base"].Value, new Generation(Generation.Dated, Stamp(indexed) + Math.Min(number, 999)));
            }

            return (name[..dot], new Generation(Generation.Numbered, -number));
        }

        // dateext: -YYYYMMDD, optionally followed by an hour (-%Y%m%d%H) or -%s seconds.
        int dash = name.LastIndexOf('-');
        if (dash > 0 && name.Length - dash - 1 is >= 8 and <= 10
            && long.TryParse(name.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long date)
            && name[dash + 1] is '1' or '2')
        {
            return (name[..dash], new Generation(Generation.Dated, date));
        }

        // A date and time stamped into the name by the logger's own rotation: lumberjack (Caddy and many Go programs,
        // "access-2024-05-01T00-00-00.000.log" beside "access.log"), MongoDB ("mongod.log.2024-05-01T00-00-00"), Python's
        // TimedRotatingFileHandler ("app.log.2024-05-01_00-00-00"), logrotate's dateformat -%Y-%m-%d.
        var stamped = StampedName().Match(name);
        if (stamped.Success)
        {
            return (stamped.Groups["base"].Value + stamped.Groups["ext"].Value, new Generation(Generation.Dated, Stamp(stamped)));
        }

        return (name, new Generation(Generation.Current, 0));
    }

    /// <summary>The date and time a <see cref="StampedName"/> match holds, as yyyyMMddHHmmssfff.</summary>
    private static long Stamp(Match stamped)
    {
        long stamp = int.Parse(stamped.Groups["y"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
        foreach (string group in (ReadOnlySpan<string>)["mo", "d", "h", "mi", "s"])
        {
            var value = stamped.Groups[group];
            stamp = (stamp * 100) + (value.Success ? int.Parse(value.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture) : 0);
        }

        var fraction = stamped.Groups["f"].ValueSpan;
        int milliseconds = 0;
        for (int i = 0; i < 3; i++)
        {
            milliseconds = (milliseconds * 10) + (i < fraction.Length ? fraction[i] - '0' : 0);
        }

        return (stamp * 1000) + milliseconds; // yyyyMMddHHmmssfff
    }

    [GeneratedRegex(@"^(?<base>.+?)[-._](?<y>(?:19|20)\d\d)-?(?<mo>[01]\d)-?(?<d>[0-3]\d)(?:[T_-]?(?<h>[0-2]\d)(?:[-:]?(?<mi>[0-5]\d)(?:[-:]?(?<s>[0-5]\d)(?:\.(?<f>\d{1,9}))?)?)?)?(?<ext>\.[A-Za-z][A-Za-z0-9]{0,5})?$", RegexOptions.CultureInvariant)]
    private static partial Regex StampedName();
}
