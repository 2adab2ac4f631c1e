using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LogWarden.Config;
using LogWarden.Detect.Rules;
using LogWarden.Detect.Scenarios;
using LogWarden.Detect.Security;

namespace LogWarden.Detect;

/// <summary>
/// Where detection builds the regexes of its YAML (the security recogniser's definitions, the rule packs, the
/// scenarios' services and attempt lines): a pattern of the built-in YAML has a source-generated twin
/// (<c>BuiltInRegexes.Generated.cs</c>, <see cref="GeneratedRegexAttribute"/>), any other pattern (a user's YAML)
/// is built at run time as before.
/// </summary>
/// <remarks>
/// Native AOT (the binary the .deb and the container ship) has no Reflection.Emit, so it ignores
/// <see cref="RegexOptions.Compiled"/> and runs every regex built at run time on the backtracking interpreter;
/// the source generator's code is compiled ahead of time like the rest of the program. A twin is looked up by
/// the exact pattern text (macros expanded), the options (less <see cref="RegexOptions.Compiled"/>, a hint the
/// generator has no use for) and the match timeout, so it parses to the same tree and gives the same matches
/// and captures as the regex it replaces; the JIT build uses the twins too (no compilation to IL at run time).
/// <para>
/// The generated file is checked in. <see cref="CollectBuiltIn"/> loads the built-in YAML and records every
/// pattern built from it, and <see cref="GenerateSource"/> writes the file from that set; BuiltInRegexesTests
/// fail when the checked-in file differs from what the YAML gives now (a wording added or changed without its
/// twin), and <c>LogWarden.Bench regex-twins WRITE</c> rewrites it.
/// </para>
/// </remarks>
internal static partial class BuiltInRegexes
{
    /// <summary>The timeout of a pattern built without one (the runtime's default, <see cref="Regex.InfiniteMatchTimeout"/> unless configured).</summary>
    internal const int DefaultTimeout = -1;

    private static readonly AsyncLocal<HashSet<Key>?> Recording = new();

    /// <summary>What identifies a twin: the pattern, its options less <see cref="RegexOptions.Compiled"/>, and the timeout in milliseconds (<see cref="DefaultTimeout"/>: none given).</summary>
    internal readonly record struct Key(string Pattern, RegexOptions Options, int TimeoutMilliseconds);

    /// <summary>The number of twins compiled into the program.</summary>
    internal static int TwinCount => Twins.Count;

    /// <summary><paramref name="pattern"/> built with <paramref name="options"/> and the runtime's default timeout: its twin when it has one.</summary>
    /// <exception cref="ArgumentException">The pattern does not compile.</exception>
    public static Regex Create(string pattern, RegexOptions options) => Create(pattern, options, DefaultTimeout);

    /// <summary><paramref name="pattern"/> built with <paramref name="options"/> and <paramref name="timeout"/>: its twin when it has one.</summary>
    /// <exception cref="ArgumentException">The pattern does not compile.</exception>
    public static Regex Create(string pattern, RegexOptions options, TimeSpan timeout) =>
        Create(pattern, options, checked((int)timeout.TotalMilliseconds));

    /// <summary>Whether <paramref name="pattern"/> with these options and timeout has a source-generated twin.</summary>
    internal static bool HasTwin(string pattern, RegexOptions options, int timeoutMilliseconds) =>
        Twins.ContainsKey(new Key(pattern, options & ~RegexOptions.Compiled, timeoutMilliseconds));

    private static Regex Create(string pattern, RegexOptions options, int timeoutMilliseconds)
    {
        var key = new Key(pattern, options & ~RegexOptions.Compiled, timeoutMilliseconds);
        Recording.Value?.Add(key);
        if (Twins.TryGetValue(key, out var twin))
        {
            return twin();
        }

        return timeoutMilliseconds == DefaultTimeout
            ? new Regex(pattern, options)
            : new Regex(pattern, options, TimeSpan.FromMilliseconds(timeoutMilliseconds));
    }

    /// <summary>
    /// Every pattern the built-in YAML builds: the security definitions (each pattern, and the alternatives its
    /// automaton leaves to the backtracking engine), the rule packs, and the scenarios' services and attempt lines.
    /// </summary>
    /// <remarks>Builds the recogniser's automata (seconds); for the generator and its test, not for the program.</remarks>
    internal static List<Key> CollectBuiltIn()
    {
        var keys = new HashSet<Key>();
        var previous = Recording.Value;
        Recording.Value = keys;
        try
        {
            var security = SecurityDefinitions.LoadBuiltIn();
            foreach (var pattern in security.CompiledPatterns)
            {
                pattern.Fresh().BuildAutomatonNow();
            }

            var errors = new List<ConfigError>();
            _ = RuleSet.ReadBuiltInPacks(errors);
            if (errors.Count > 0)
            {
                throw new InvalidOperationException("the built-in rule packs do not load: " + string.Join("; ", errors));
            }

            _ = ScenarioCatalog.LoadBuiltIn();
        }
        finally
        {
            Recording.Value = previous;
        }

        return [.. keys.OrderBy(k => k.Pattern, StringComparer.Ordinal).ThenBy(k => k.Options).ThenBy(k => k.TimeoutMilliseconds)];
    }

    /// <summary>The C# of <c>BuiltInRegexes.Generated.cs</c> for <paramref name="keys"/>.</summary>
    internal static string GenerateSource(IReadOnlyList<Key> keys)
    {
        var sb = new StringBuilder();
        sb.Append("// <auto-generated>\n")
          .Append("// Written by `dotnet bench/LogWarden.Bench/bin/Release/net10.0/LogWarden.Bench.dll regex-twins src/LogWarden/Detect/BuiltInRegexes.Generated.cs`\n")
          .Append("// from the built-in YAML (BuiltInRegexes.CollectBuiltIn); BuiltInRegexesTests fail when it is out of date. Do not edit.\n")
          .Append("// </auto-generated>\n")
          .Append("using System.Text.RegularExpressions;\n\n")
          .Append("namespace LogWarden.Detect;\n\n")
          .Append("internal static partial class BuiltInRegexes\n{\n")
          .Append("    private static readonly Dictionary<Key, Func<Regex>> Twins = new()\n    {\n");
        for (int i = 0; i < keys.Count; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"        [new(P{i}, {OptionsText(keys[i].Options)}, {keys[i].TimeoutMilliseconds})] = R{i},\n");
        }

        sb.Append("    };\n");
        for (int i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            sb.Append('\n')
              .Append(CultureInfo.InvariantCulture, $"    private const string P{i} = {Literal(key.Pattern)};\n\n")
              .Append(CultureInfo.InvariantCulture, $"    [GeneratedRegex(P{i}, {OptionsText(key.Options)}")
              .Append(key.TimeoutMilliseconds == DefaultTimeout ? "" : string.Create(CultureInfo.InvariantCulture, $", {key.TimeoutMilliseconds}"))
              .Append(")]\n")
              .Append(CultureInfo.InvariantCulture, $"    private static partial Regex R{i}();\n");
        }

        sb.Append("}\n");
        return sb.ToString();
    }

    private static string OptionsText(RegexOptions options)
    {
        if (options == RegexOptions.None)
        {
            return "RegexOptions.None";
        }

        var names = new List<string>();
        foreach (RegexOptions flag in Enum.GetValues<RegexOptions>())
        {
            if (flag != RegexOptions.None && (options & flag) == flag)
            {
                names.Add("RegexOptions." + flag);
            }
        }

        return string.Join(" | ", names);
    }

    /// <summary>A C# string literal of <paramref name="text"/> (escapes for the quote, the backslash and every character outside printable ASCII).</summary>
    private static string Literal(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case >= ' ' and <= '~': sb.Append(c); break;
                default: sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
            }
        }

        return sb.Append('"').ToString();
    }
}
