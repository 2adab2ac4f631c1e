using System.Text;
using System.Text.RegularExpressions;

namespace LogWarden.Collect.Files;

/// <summary>
/// A file path pattern as log shippers take them: <c>*</c>, <c>?</c> and <c>[a-z]</c>/<c>[!0-9]</c> within
/// one name, <c>**</c> for any number of directories, and <c>{auth,syslog,kern}</c> alternatives (nested
/// braces too). <see cref="Collect"/> walks only the directories the pattern can reach, starting from its
/// literal prefix (<c>/var/log/nginx/*.log</c> lists <c>/var/log/nginx</c> and nothing else).
/// <para>
/// Compressed files are matched only when the pattern asks for them: a name ending in a compressed
/// extension (<c>.gz</c>, <c>.xz</c>, <c>.zst</c>, …) is left out unless the pattern's own last name ends
/// with that extension (<c>/var/log/*.gz</c>, <c>syslog.*.gz</c>). So <c>/var/log/syslog*</c> follows
/// <c>syslog</c> and <c>syslog.1</c> but not <c>syslog.2.gz</c>, whose lines were read before it was compressed.
/// </para>
/// <para>
/// Hand-written because neither library at hand fits: Microsoft.Extensions.FileSystemGlobbing knows neither
/// braces, <c>?</c> nor character classes, and DotNet.Glob matches strings without walking directories.
/// </para>
/// </summary>
internal sealed class PathGlob
{
    // A pattern like {a,b}{c,d}{e,f}… multiplies: bound it so a typo cannot exhaust memory.
    private const int MaxAlternatives = 1024;

    private static readonly string[] CompressedExtensions = [".gz", ".bz2", ".xz", ".zst", ".lz4", ".lzma", ".zip", ".7z", ".tgz", ".br", ".Z"];

    private readonly Alternative[] _alternatives;

    /// <exception cref="ArgumentException">An empty pattern, unbalanced braces, or too many alternatives.</exception>
    public PathGlob(string pattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        Pattern = pattern;
        var expanded = new List<string>();
        ExpandBraces(pattern, expanded);
        _alternatives = [.. expanded.Distinct(StringComparer.Ordinal).Select(a => new Alternative(Path.GetFullPath(a)))];
    }

    public string Pattern { get; }

    /// <summary>The directories a change below which can add a match: the literal prefix of each alternative, and whether to watch below it.</summary>
    public IEnumerable<(string Directory, bool Recursive)> Roots => _alternatives.Select(a => (a.Root, a.Segments.Length > 1 || a.Segments[0] == "**"));

    /// <summary>Whether the pattern asks for compressed files (its last name ends with a compressed extension).</summary>
    public bool MatchesCompressed => _alternatives.Any(a => a.CompressedExtension is not null);

    /// <summary>Adds the paths of the files (not directories) that match now; directories that cannot be listed are reported to <paramref name="onError"/>.</summary>
    public void Collect(ISet<string> matches, Action<string, Exception> onError)
    {
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentNullException.ThrowIfNull(onError);
        foreach (var alternative in _alternatives)
        {
            alternative.Walk(alternative.Root, 0, matches, onError);
        }
    }

    /// <summary>Whether <paramref name="path"/> (absolute) matches the pattern's text (the compressed-file rule of <see cref="Collect"/> aside).</summary>
    public bool IsMatch(string path) => _alternatives.Any(a => a.IsMatch(path));

    /// <summary>The compressed extension <paramref name="name"/> ends with (<c>.gz</c>…), or null.</summary>
    public static string? CompressedExtension(string name) =>
        Array.Find(CompressedExtensions, e => name.EndsWith(e, StringComparison.Ordinal));

    private static void ExpandBraces(string pattern, List<string> into)
    {
        int open = -1;
        int depth = 0;
        var commas = new List<int>();
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                i++;
            }
            else if (c == '{')
            {
                if (depth++ == 0)
                {
                    open = i;
                    commas.Clear();
                }
            }
            else if (c == ',' && depth == 1)
            {
                commas.Add(i);
            }
            else if (c == '}' && depth > 0 && --depth == 0)
            {
                string prefix = pattern[..open];
                string suffix = pattern[(i + 1)..];
                int start = open + 1;
                foreach (int end in commas.Append(i))
                {
                    ExpandBraces(prefix + pattern[start..end] + suffix, into);
                    start = end + 1;
                    if (into.Count > MaxAlternatives)
                    {
                        throw new ArgumentException($"pattern '{pattern}' expands to more than {MaxAlternatives} alternatives");
                    }
                }

                return;
            }
        }

        if (depth != 0)
        {
            throw new ArgumentException($"pattern '{pattern}' has an unclosed '{{'");
        }

        into.Add(pattern);
    }

    /// <summary>One brace-free pattern, split into its literal root directory and the names below it.</summary>
    private sealed class Alternative
    {
        private const string AnyDepth = "**";

        private readonly Regex?[] _names; // null: a literal name (or **)
        private readonly Regex _whole;

        public Alternative(string fullPattern)
        {
            string[] parts = fullPattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
            int literal = 0;
            while (literal < parts.Length - 1 && !HasWildcard(parts[literal]))
            {
                literal++;
            }

            Root = "/" + string.Join('/', parts[..literal]);
            Segments = parts[literal..];
            if (Segments.Length == 0)
            {
                throw new ArgumentException($"pattern '{fullPattern}' names no file");
            }

            _names = [.. Segments.Select(s => s == AnyDepth || !HasWildcard(s) ? null : new Regex("^" + NameRegex(s) + "$", RegexOptions.CultureInvariant))];
            _whole = new Regex("^" + WholeRegex(parts) + "$", RegexOptions.CultureInvariant);
            CompressedExtension = PathGlob.CompressedExtension(Segments[^1]);
        }

        public string Root { get; }

        public string? CompressedExtension { get; }

        public string[] Segments { get; }

        public bool IsMatch(string path) => _whole.IsMatch(path);

        public void Walk(string directory, int index, ISet<string> matches, Action<string, Exception> onError)
        {
            string segment = Segments[index];
            bool last = index == Segments.Length - 1;
            if (segment == AnyDepth)
            {
                if (!last)
                {
                    Walk(directory, index + 1, matches, onError);
                }

                foreach (var entry in List(directory, onError))
                {
                    // Symlinked directories are not descended into by **: a link loop must not recurse forever.
                    if (entry is DirectoryInfo && entry.LinkTarget is null)
                    {
                        Walk(entry.FullName, index, matches, onError);
                    }
                    else if (last && entry is FileInfo && AcceptsCompression(entry.Name))
                    {
                        matches.Add(entry.FullName);
                    }
                }

                return;
            }

            if (_names[index] is not { } name)
            {
                string path = Path.Join(directory, segment);
                if (!last)
                {
                    if (Directory.Exists(path))
                    {
                        Walk(path, index + 1, matches, onError);
                    }
                }
                else if (File.Exists(path) || new FileInfo(path).LinkTarget is not null)
                {
                    // A named file is matched even when it is a dangling or looping symlink: reading it then
                    // fails, and the failure is counted and reported rather than silently ignored.
                    matches.Add(path);
                }

                return;
            }

            foreach (var entry in List(directory, onError))
            {
                if (!name.IsMatch(entry.Name))
                {
                    continue;
                }

                if (!last && entry is DirectoryInfo)
                {
                    Walk(entry.FullName, index + 1, matches, onError);
                }
                else if (last && entry is FileInfo && AcceptsCompression(entry.Name))
                {
                    matches.Add(entry.FullName);
                }
            }
        }

        private bool AcceptsCompression(string name) =>
            PathGlob.CompressedExtension(name) is not { } extension || extension == CompressedExtension;

        private static List<FileSystemInfo> List(string directory, Action<string, Exception> onError)
        {
            try
            {
                return [.. new DirectoryInfo(directory).EnumerateFileSystemInfos("*", ListOptions)];
            }
            catch (DirectoryNotFoundException)
            {
                return []; // not there (yet): a pattern may name directories that appear later
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                onError(directory, ex);
                return [];
            }
        }

        private static readonly EnumerationOptions ListOptions = new()
        {
            RecurseSubdirectories = false,
            IgnoreInaccessible = false,
            AttributesToSkip = 0,
            MatchType = MatchType.Simple,
        };

        private static bool HasWildcard(string name) => name.AsSpan().IndexOfAny("*?[") >= 0;

        private static string WholeRegex(string[] parts)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < parts.Length; i++)
            {
                if (parts[i] == AnyDepth)
                {
                    // "/**/" is any number of directories (none included); a trailing "/**" is anything below.
                    sb.Append(i == parts.Length - 1 ? "/.*" : "(?:/[^/]+)*");
                }
                else
                {
                    sb.Append('/').Append(NameRegex(parts[i]));
                }
            }

            return sb.ToString();
        }

        private static string NameRegex(string name)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                switch (c)
                {
                    case '*':
                        sb.Append("[^/]*");
                        break;
                    case '?':
                        sb.Append("[^/]");
                        break;
                    case '[' when ClassEnd(name, i) is int end and > 0:
                        sb.Append('[');
                        int from = i + 1;
                        if (name[from] is '!' or '^')
                        {
                            sb.Append('^');
                            from++;
                        }

                        sb.Append(name[from..end].Replace("\\", "\\\\", StringComparison.Ordinal)
                            .Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal));
                        sb.Append(']');
                        i = end;
                        break;
                    case '\\' when i + 1 < name.Length:
                        sb.Append(Regex.Escape(name[++i].ToString()));
                        break;
                    default:
                        sb.Append(Regex.Escape(c.ToString()));
                        break;
                }
            }

            return sb.ToString();
        }

        /// <summary>Index of the ']' closing the class opened at <paramref name="open"/> (a ']' right after '[' or '[!' is literal), or -1.</summary>
        private static int ClassEnd(string name, int open)
        {
            int i = open + 1;
            if (i < name.Length && name[i] is '!' or '^')
            {
                i++;
            }

            if (i < name.Length && name[i] == ']')
            {
                i++;
            }

            int end = name.IndexOf(']', i);
            return end;
        }
    }
}
