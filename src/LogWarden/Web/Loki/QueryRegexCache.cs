using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace LogWarden.Web.Loki;

/// <summary>
/// Compiled regular expressions of recent queries. Grafana and the dashboard send the same few line filters
/// at every refresh, and a filter runs on every candidate line: compiled to IL it matches faster than
/// interpreted, but compiling costs milliseconds, so each expression is compiled once and reused
/// (a <see cref="Regex"/> is safe to share between threads). Cleared whole when full: cheap, and rare.
/// Under NativeAOT <see cref="RegexOptions.Compiled"/> falls back to the interpreter, which is still correct.
/// </summary>
internal static class QueryRegexCache
{
    private const int MaxEntries = 256;

    private static readonly ConcurrentDictionary<(string Pattern, RegexOptions Options, TimeSpan Timeout), Regex> Compiled = new();

    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public static Regex Get(string pattern, RegexOptions options, TimeSpan timeout)
    {
        var key = (pattern, options, timeout);
        if (Compiled.TryGetValue(key, out Regex? regex))
        {
            return regex;
        }
        regex = new Regex(pattern, options | RegexOptions.Compiled, timeout);
        if (Compiled.Count >= MaxEntries)
        {
            Compiled.Clear();
        }
        return Compiled.GetOrAdd(key, regex);
    }
}
