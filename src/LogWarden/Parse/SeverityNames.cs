namespace LogWarden.Parse;

/// <summary>
/// Maps the many spellings of a log level onto <see cref="Severity"/>: syslog keywords, log4j/logback,
/// Python, Go (zap, logrus, Grafana's four-letter "eror"/"dbug"), Serilog's three-letter forms, and the
/// numeric scales of syslog PRI and pino/bunyan.
/// </summary>
internal static class SeverityNames
{
    private const int LongestName = 13; // "informational"

    public static bool TryParse(ReadOnlySpan<char> word, out Severity severity)
    {
        severity = Severity.Unknown;
        if (word.IsEmpty || word.Length > LongestName)
        {
            return false;
        }

        Span<char> lower = stackalloc char[LongestName];
        int length = word.ToLowerInvariant(lower);
        severity = lower[..length] switch
        {
            "emerg" or "emergency" or "panic" or "emr" => Severity.Emergency,
            "alert" or "alr" => Severity.Alert,
            "crit" or "critical" or "fatal" or "ftl" or "crt" or "severe" => Severity.Critical,
            "err" or "error" or "eror" or "erro" => Severity.Error,
            "warn" or "warning" or "wrn" or "warnung" => Severity.Warning,
            "notice" => Severity.Notice,
            "info" or "information" or "informational" or "inf" or "nfo" => Severity.Info,
            "debug" or "dbug" or "dbg" or "fine" or "config" => Severity.Debug,
            "trace" or "trc" or "verbose" or "vrb" or "finer" or "finest" => Severity.Trace,
            _ => Severity.Unknown,
        };
        return severity != Severity.Unknown;
    }

    /// <summary>Severity part (PRI mod 8) of a syslog priority, RFC 5424 §6.2.1.</summary>
    public static Severity FromSyslogSeverity(int code) => code is >= 0 and <= 7 ? (Severity)(code + 1) : Severity.Unknown;

    /// <summary>
    /// A numeric level: pino and bunyan use 10 (trace) … 60 (fatal); syslog, GELF and journald use 0 (emerg)
    /// … 7 (debug). Values in between are rounded down to the nearest pino step.
    /// </summary>
    public static Severity FromNumber(double value) => value switch
    {
        >= 0 and <= 7 when value == Math.Floor(value) => FromSyslogSeverity((int)value),
        >= 60 => Severity.Critical,
        >= 50 => Severity.Error,
        >= 40 => Severity.Warning,
        >= 30 => Severity.Info,
        >= 20 => Severity.Debug,
        >= 10 => Severity.Trace,
        _ => Severity.Unknown,
    };

    /// <summary>
    /// Guesses the level of free text from a level word near its start, in one of the shapes loggers print
    /// it: all capitals ("ERROR"), in brackets or angle brackets ("[error]", "&lt;warn&gt;"), or as a
    /// "word:" prefix ("error: PAM: Authentication failure", as sshd writes). Only the first few words are
    /// looked at, and lower-case words only in those shapes, so "no error found" stays Unknown.
    /// </summary>
    public static Severity Guess(ReadOnlySpan<char> text)
    {
        const int WordsToLook = 4;
        for (int word = 0; word < WordsToLook; word++)
        {
            text = text.TrimStart();
            if (text.IsEmpty)
            {
                break;
            }

            int end = text.IndexOfAny(' ', '\t');
            var token = end < 0 ? text : text[..end];
            text = end < 0 ? default : text[end..];
            if (TryParseToken(token, out var severity))
            {
                return severity;
            }
        }

        return Severity.Unknown;
    }

    private static bool TryParseToken(ReadOnlySpan<char> token, out Severity severity)
    {
        severity = Severity.Unknown;
        bool bracketed = token.Length > 2 && ((token[0] == '[' && token[^1] == ']') || (token[0] == '<' && token[^1] == '>'));
        bool colon = !bracketed && token.Length > 1 && token[^1] == ':';
        var core = bracketed ? token[1..^1] : colon ? token[..^1] : token;
        if (!bracketed && !colon && !IsUpperWord(core))
        {
            return false;
        }

        return TryParse(core, out severity);
    }

    private static bool IsUpperWord(ReadOnlySpan<char> word) => word.Length >= 3 && !word.ContainsAnyExceptInRange('A', 'Z');
}
