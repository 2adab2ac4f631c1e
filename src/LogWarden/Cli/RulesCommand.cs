using System.CommandLine;
using System.Globalization;
using LogWarden.Collect;
using LogWarden.Config;
using LogWarden.Detect;
using LogWarden.Detect.Rules;
using LogWarden.Mine;
using LogWarden.Parse;

namespace LogWarden.Cli;

/// <summary>
/// `logwarden rules list` shows the rule packs in force (built-in and the user's, validated: a broken pack
/// fails with its file and line); `logwarden rules test FILE...` shows which rules fire on which lines
/// and the findings they raise, for users writing rules. Without FILE, `test` checks the rules' examples.
/// </summary>
internal static class RulesCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("rules", "List the rule packs in force, or test them on log files.");
        command.Subcommands.Add(CreateList(stdout, stderr));
        command.Subcommands.Add(CreateTest(stdout, stderr));
        return command;
    }

    private static (Option<string[]> Rules, Option<bool> NoBuiltIn, Option<bool> NoUserRules) RuleOptionsFor(Command command)
    {
        var rules = new Option<string[]>("--rules", "-r")
        {
            Description = $"A rule pack file or directory to add (repeatable). The directory {RuleOptions.DefaultDirectory} is read when it exists.",
            AllowMultipleArgumentsPerToken = false,
        };
        var noBuiltIn = new Option<bool>("--no-builtin") { Description = "Leave out the built-in packs." };
        var noUserRules = new Option<bool>("--no-user-rules") { Description = $"Do not read {RuleOptions.DefaultDirectory}." };
        command.Options.Add(rules);
        command.Options.Add(noBuiltIn);
        command.Options.Add(noUserRules);
        return (rules, noBuiltIn, noUserRules);
    }

    private static RuleSet? Load(ParseResult parse, (Option<string[]> Rules, Option<bool> NoBuiltIn, Option<bool> NoUserRules) options, string name, TextWriter stderr)
    {
        try
        {
            return RuleSet.Load(new RuleOptions
            {
                Directory = parse.GetValue(options.NoUserRules) ? "" : null,
                Files = parse.GetValue(options.Rules) ?? [],
                WithoutBuiltIn = parse.GetValue(options.NoBuiltIn),
            });
        }
        catch (ConfigException e)
        {
            foreach (ConfigError error in e.Errors)
            {
                stderr.WriteLine($"logwarden rules {name}: {error}");
            }

            return null;
        }
    }

    // ---------------------------------------------------------------- list

    private static Command CreateList(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("list", "List the rules in force: id, kind, severity, what turns matches into findings, and the pack they come from.");
        var options = RuleOptionsFor(command);
        var disabled = new Option<bool>("--disabled") { Description = "Also list the rules that are turned off." };
        command.Options.Add(disabled);
        command.SetAction(parse =>
        {
            if (Load(parse, options, "list", stderr) is not { } set)
            {
                return LogWardenCli.Failure;
            }

            stdout.WriteLine($"{"ID",-32}  {"KIND",-26}  {"SEVERITY",-8}  {"HOW",-34}  PACK");
            foreach (Rule rule in set.Rules)
            {
                stdout.WriteLine($"{rule.Id,-32}  {rule.Kind,-26}  {Severity(rule),-8}  {How(rule),-34}  {rule.Pack}");
            }

            if (parse.GetValue(disabled))
            {
                foreach (Rule rule in set.Disabled)
                {
                    stdout.WriteLine($"{rule.Id,-32}  {rule.Kind,-26}  {"off",-8}  {How(rule),-34}  {rule.Pack}");
                }
            }

            foreach (Rule rule in set.Rules.Where(r => r.Match.Anchors.Count == 0 && r.Match.Security.Count == 0 && r.Match.Regex is not null))
            {
                stderr.WriteLine($"logwarden rules list: note: rule '{rule.Id}' ({rule.Origin}) has no literal text every match contains, so its regex runs on every line; add 'contains' to make it cheap");
            }

            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{set.Rules.Count} rules in force, {set.Disabled.Count} off; {set.Scanner.Count} keywords in the line scan"));
            stdout.Flush();
            return LogWardenCli.Ok;
        });
        return command;
    }

    private static string Severity(Rule rule) =>
        rule.Escalate is { } e ? $"{Name(rule.Severity)}>{Name(e.Severity)}" : Name(rule.Severity);

    private static string Name(FindingSeverity severity) => severity.ToString().ToLowerInvariant();

    /// <summary>A short account of how matches become findings: "≥100/5 min per ip", "after 10 in 1 h", "first per user", "gather 5 s".</summary>
    private static string How(Rule rule)
    {
        var parts = new List<string>();
        if (rule.Threshold is { Count: > 1 } t)
        {
            parts.Add($"≥{t.Count}/{RuleDetector.Humanize(t.Within)}");
        }

        if (rule.After is { } a)
        {
            parts.Add($"after ≥{a.Count} in {RuleDetector.Humanize(a.Within)}");
        }

        if (rule.Novel is { } n)
        {
            parts.Add($"new {n.Entity}");
        }

        if (rule.Gather is { } g)
        {
            parts.Add($"gather {RuleDetector.Humanize(g)}");
        }

        if (rule.ClearedBy.Count > 0)
        {
            parts.Add("unless cleared");
        }

        if (rule.Allow.Count > 0)
        {
            parts.Add("allowlist");
        }

        return parts.Count == 0 ? "each match" : string.Join(", ", parts);
    }

    // ---------------------------------------------------------------- test

    private static Command CreateTest(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("file")
        {
            Description = "Log files, directories or .gz files ('-' for standard input). Without any, the rules' examples are checked.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        paths.Validators.Add(OptionLikeArguments.Reject);
        var command = new Command("test", "Show which rules fire on which lines of log files, and the findings they raise.") { paths };
        var options = RuleOptionsFor(command);
        var only = new Option<string[]>("--rule") { Description = "Only these rule ids (repeatable)." };
        var format = new Option<string?>("--format", "-f") { Description = "Decoder name or LogPAI format string for every file (default: detected per file)." };
        var quiet = new Option<bool>("--findings-only") { Description = "Print only the findings, not every matching line." };
        command.Options.Add(only);
        command.Options.Add(format);
        command.Options.Add(quiet);
        command.SetAction(parse =>
        {
            if (Load(parse, options, "test", stderr) is not { } set)
            {
                return LogWardenCli.Failure;
            }

            string[] ids = parse.GetValue(only) ?? [];
            foreach (string id in ids.Where(id => set.Find(id) is null))
            {
                stderr.WriteLine($"logwarden rules test: no rule '{id}' (see `logwarden rules list`)");
                return LogWardenCli.UsageError;
            }

            string[] files = parse.GetValue(paths) ?? [];
            return files.Length == 0
                ? CheckExamples(set, ids, stdout)
                : Test(set, files, ids, parse.GetValue(format), parse.GetValue(quiet), stdout, stderr);
        });
        return command;
    }

    private static int CheckExamples(RuleSet set, string[] ids, TextWriter stdout)
    {
        var rules = set.Rules.Where(r => ids.Length == 0 || ids.Contains(r.Id)).ToList();
        var problems = RuleExamples.Check(set, rules);
        foreach (string problem in problems)
        {
            stdout.WriteLine(problem);
        }

        int examples = rules.Sum(r => r.Examples.Count);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{examples} examples of {rules.Count} rules checked, {problems.Count} problems"));
        stdout.Flush();
        return problems.Count == 0 ? LogWardenCli.Ok : LogWardenCli.Failure;
    }

    private static int Test(RuleSet set, string[] paths, string[] ids, string? format, bool findingsOnly, TextWriter stdout, TextWriter stderr)
    {
        LogInputListing listing = LogInput.Enumerate(paths);
        bool failed = false;
        foreach (SkippedInput skipped in listing.Skipped.Where(s => s.IsError))
        {
            stderr.WriteLine($"logwarden rules test: {skipped.Path}: {skipped.Reason}");
            failed = true;
        }

        var miner = new TemplateMiner();
        var findings = new FindingPrinter(stdout);
        var detector = new RuleDetector(set);
        var printer = new MatchPrinter(detector, ids, findingsOnly ? null : stdout);
        var engine = new DetectionEngine(miner, findings, [printer]);
        long lines = 0;
        foreach (string file in listing.Files)
        {
            var decoder = new LogFileDecoder(file, new LogFileOptions { Format = format });
            var labels = new StreamLabels(("job", "file"), ("path", file));
            printer.File = file;
            foreach (LogRecord record in decoder.ReadRecords())
            {
                engine.Observe(record, labels, miner.Add(record.Message, record.Timestamp, record.Level));
            }

            lines += decoder.Stats.Lines;
            failed |= decoder.Stats.Error is not null;
            TemplatesCommand.Report(decoder.Stats, file, stderr, "rules test");
        }

        // Let held and gathered matches and pending updates come out, as continuing log time would.
        if (engine.Now != DateTimeOffset.MinValue)
        {
            for (int minute = 1; minute <= 2; minute++)
            {
                engine.AdvanceTo(engine.Now.AddMinutes(1));
            }
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{lines:N0} lines, {printer.Matches:N0} rule matches, {findings.Count:N0} findings ({findings.Alerts:N0} warning or critical)"));
        stdout.Flush();
        return failed ? LogWardenCli.Failure : LogWardenCli.Ok;
    }

    /// <summary>Prints every line a rule matches (its own condition), then lets the detector do its work.</summary>
    private sealed class MatchPrinter(RuleDetector detector, string[] ids, TextWriter? stdout) : ILogDetector
    {
        public string Name => detector.Name;

        public string File { get; set; } = "";

        public long Matches { get; private set; }

        public void Observe(LogObservation line, IFindingSink sink)
        {
            foreach (var (rule, values) in detector.Match(line))
            {
                if (ids.Length > 0 && !ids.Contains(rule.Id))
                {
                    continue;
                }

                Matches++;
                if (stdout is not null)
                {
                    string extracted = string.Join(" ", rule.ExtractedNames.Where(values.ContainsKey).Select(n => $"{n}={values[n]}"));
                    stdout.WriteLine($"{File}:{line.Record.LineNumber}  {rule.Id}  {extracted}");
                }
            }

            detector.Observe(line, sink);
        }

        public void Advance(DateTimeOffset now, IFindingSink sink) => detector.Advance(now, sink);
    }

    private sealed class FindingPrinter(TextWriter stdout) : IFindingSink
    {
        public long Count { get; private set; }

        public long Alerts { get; private set; }

        public void Raise(Finding finding)
        {
            Count++;
            Alerts += finding.Severity >= FindingSeverity.Warning ? 1 : 0;
            string entities = string.Join(", ", finding.Entities.Select(e => $"{e.Key}={e.Value}"));
            string time = finding.Timestamp.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            stdout.WriteLine($"FINDING {time}  {finding.Severity.ToString().ToLowerInvariant(),-8}  {finding.Kind}  {finding.Title}  [{entities}] count={finding.Count}");
        }
    }
}
