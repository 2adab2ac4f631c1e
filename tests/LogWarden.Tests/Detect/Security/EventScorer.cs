using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LogWarden.Tests.Cli;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Detect.Security;

/// <summary>
/// `logwarden events --json` over a labelled corpus, scored by the shared reference scorer
/// (../shared/tools/score_events.py, as ../shared/data/security/README.md defines its metrics).
/// </summary>
internal static partial class EventScorer
{
    public sealed record Score(double Recall, double FalseEventRate, int ExitCode, string Report);

    /// <param name="inputs">What `events` reads (the corpus first, then any background files).</param>
    /// <param name="scorerArguments">After the events file and the corpus: --background FILES, --min-recall, …</param>
    public static Score Run(string corpus, IReadOnlyList<string> inputs, IReadOnlyList<string> scorerArguments)
    {
        var (exit, output, errors) = CliRunner.Run(["events", "--json", .. inputs]);
        Assert.True(exit == 0, errors);
        string events = Path.Combine(Path.GetTempPath(), $"logwarden-events-{Environment.ProcessId}-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(events, output);
        try
        {
            var psi = new ProcessStartInfo("python3", [Path.Combine(SharedData.Root(), "..", "tools", "score_events.py"), events, corpus, .. scorerArguments])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var python = Process.Start(psi)!;
            Task<string> pythonErrors = python.StandardError.ReadToEndAsync();
            string report = python.StandardOutput.ReadToEnd();
            python.WaitForExit();
            Match total = TotalLine().Match(report);
            Assert.True(total.Success, report + pythonErrors.Result);
            return new Score(
                double.Parse(total.Groups["recall"].Value, CultureInfo.InvariantCulture),
                double.Parse(total.Groups["false"].Value, CultureInfo.InvariantCulture),
                python.ExitCode,
                report + pythonErrors.Result);
        }
        finally
        {
            File.Delete(events);
        }
    }

    [GeneratedRegex(@"TOTAL recall (?<recall>[\d.]+) \(\d+/\d+\)\s+false-event rate (?<false>[\d.]+)")]
    private static partial Regex TotalLine();
}
