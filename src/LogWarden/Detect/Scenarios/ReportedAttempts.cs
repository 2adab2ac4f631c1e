using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LogWarden.Detect.Scenarios;

/// <summary>
/// How many login attempts one line stands for. Services and loggers fold attempts into one line: Dovecot's
/// "Disconnected (auth failed, 5 attempts in 12 secs)" closes a connection that tried five passwords, sshd's
/// "PAM 2 more authentication failures" follows the one failure PAM logged, and syslog daemons write "message
/// repeated 5 times: [ Failed password … ]" or "last message repeated 5 times" for lines they did not repeat.
/// A line that says N counts N in the attempt buckets (<see cref="AttemptTracker"/> counts its kind of line up
/// to that total), so a guesser that makes three tries per connection is seen at the speed it guesses.
/// </summary>
internal static partial class ReportedAttempts
{
    /// <summary>More than this is read as this: a number in a line is no licence to fill every bucket at once.</summary>
    public const int Max = 1000;

    /// <summary>
    /// How many attempts of its kind the line stands for: N for "N attempts" and "N failures" (a connection's whole
    /// count), N + 1 for "N more" and "repeated N times" (N beyond the one logged before it, which was a line of
    /// another kind); 1 when it reports no number.
    /// </summary>
    public static int Of(ReadOnlySpan<char> message)
    {
        if (message.IndexOfAny(Words) < 0)
        {
            return 1; // most failure lines: one search for the words, no regex
        }

        foreach (var match in Pattern().EnumerateMatches(message))
        {
            var text = message.Slice(match.Index, match.Length);
            int digits = text.IndexOfAnyInRange('0', '9');
            int end = digits;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (!int.TryParse(text[digits..end], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
            {
                return 1;
            }

            bool more = text.StartsWith("PAM", StringComparison.OrdinalIgnoreCase) || text.Contains("repeated", StringComparison.OrdinalIgnoreCase);
            return Math.Min(more ? n + 1 : n, Max);
        }

        return 1;
    }

    private static readonly SearchValues<string> Words = SearchValues.Create(["attempts", "tries", "failures", "repeated"], StringComparison.OrdinalIgnoreCase);

    // "PAM 2 more authentication failures", "message repeated 5 times", "last message repeated 3 times",
    // "auth failed, 3 attempts in 12 secs", "5 failed login attempts", "3 authentication failures".
    [GeneratedRegex(@"\bPAM \d{1,6} more authentication failures?\b|\brepeated \d{1,6} times?\b|\b\d{1,6} (?:failed |unsuccessful |invalid |bad )?(?:login |logon |auth(?:entication)? |password )?(?:attempts|tries|failures)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
