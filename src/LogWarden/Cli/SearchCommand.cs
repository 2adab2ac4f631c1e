using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LogWarden.Collect;
using LogWarden.Store;

namespace LogWarden.Cli;

/// <summary>
/// `logwarden search [QUERY] [--from T] [--to T] [--label k=v]... [--regex RE] [--template ID] [--follow] [--json]`:
/// newest first; substring match by default (case-insensitive); `--follow` then prints new lines as they
/// are stored, oldest first.
/// </summary>
internal static class SearchCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var query = new Argument<string?>("query") { Description = "Substring to find (case-insensitive unless --match-case).", Arity = ArgumentArity.ZeroOrOne };
        var from = new Option<string?>("--from") { Description = "Oldest time: ISO-8601 (2026-11-25T10:00:00Z, 2026-11-25) or an age (15m, 2h, 7d)." };
        var to = new Option<string?>("--to") { Description = "Newest time (exclusive), same forms as --from." };
        var labels = new Option<string[]>("--label", "-l") { Description = "Only streams with this label value, k=v; repeatable.", AllowMultipleArgumentsPerToken = false };
        var regex = new Option<string?>("--regex", "-e") { Description = "Regular expression the line must match (.NET syntax)." };
        var template = new Option<int?>("--template", "-t") { Description = "Only lines of this template id (see `templates`)." };
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many lines.", DefaultValueFactory = _ => 100 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--limit must be at least 1");
            }
        });
        var matchCase = new Option<bool>("--match-case") { Description = "The substring match is case-sensitive." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new matching lines as they arrive." };
        var json = new Option<bool>("--json") { Description = "One JSON object per line: ts, labels, line." };
        var data = StoreOptions.DataOption();
        var config = ConfigCommand.ConfigOption();
        var command = new Command("search", "Search stored lines, newest first.") { query, from, to, labels, regex, template, limit, matchCase, follow, json, data, config };
        ServerOptions.AddTo(command);
        command.Validators.Add(result =>
        {
            foreach (Option<string?> option in (Option<string?>[])[from, to])
            {
                string? v = result.GetValue(option);
                if (v is not null && !TryParseTime(v, DateTimeOffset.UtcNow, out _))
                {
                    result.AddError($"{option.Name}: '{v}' is not a time (2026-11-25T10:00:00Z, 2026-11-25, or an age such as 15m, 2h, 7d)");
                }
            }
            foreach (string l in result.GetValue(labels) ?? [])
            {
                int eq = l.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || !StreamLabels.IsValidName(l[..eq]))
                {
                    result.AddError($"--label: '{l}' is not name=value");
                }
            }
            if (result.GetValue(regex) is { } re)
            {
                try
                {
                    _ = new Regex(re, RegexOptions.None, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException e)
                {
                    result.AddError($"--regex: {e.Message}");
                }
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            var q = new SearchQuery
            {
                Text = parse.GetValue(query),
                MatchCase = parse.GetValue(matchCase),
                Pattern = parse.GetValue(regex) is { } re ? new Regex(re, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) : null,
                From = parse.GetValue(from) is { } f && TryParseTime(f, now, out var ft) ? ft : null,
                To = parse.GetValue(to) is { } t && TryParseTime(t, now, out var tt) ? tt : null,
                Labels = (parse.GetValue(labels) ?? []).Select(l => new LabelMatcher(l[..l.IndexOf('=', StringComparison.Ordinal)], l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..])).ToList(),
                TemplateId = parse.GetValue(template),
                Limit = parse.GetValue(limit),
            };
            using ILogStore? store = StoreOptions.OpenExisting(parse, data, config, stderr);
            if (store is null)
            {
                return LogWardenCli.Failure;
            }
            bool asJson = parse.GetValue(json);
            // Newest first on screen reads as "what just happened"; printed oldest-last like `tail`, so the
            // newest line ends up next to the prompt.
            var hits = store.Search(q, cancellationToken).ToList();
            hits.Reverse();
            foreach (SearchHit hit in hits)
            {
                Print(hit, asJson, stdout);
            }
            stdout.Flush();
            if (!parse.GetValue(follow))
            {
                return LogWardenCli.Ok;
            }
            long after = hits.Count > 0 ? hits.Max(h => h.Sequence) : store.Search(q with { Text = null, Pattern = null, Labels = [], TemplateId = null, Limit = 1 }, cancellationToken).FirstOrDefault()?.Sequence ?? 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                foreach (SearchHit hit in store.Search(q with { AfterSequence = after, NewestFirst = false, Limit = 10_000 }, cancellationToken))
                {
                    Print(hit, asJson, stdout);
                    after = Math.Max(after, hit.Sequence);
                }
                stdout.Flush();
            }
            return LogWardenCli.Ok;
        });
        return command;
    }

    private static void Print(SearchHit hit, bool asJson, TextWriter stdout)
    {
        if (asJson)
        {
            var row = new SearchRow(hit.Timestamp, hit.Labels.Pairs.ToDictionary(p => p.Key, p => p.Value), hit.Line);
            stdout.WriteLine(JsonSerializer.Serialize(row, SearchJsonContext.Default.SearchRow));
            return;
        }
        stdout.Write(hit.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        stdout.Write(' ');
        stdout.Write(hit.Labels.Key);
        stdout.Write(' ');
        stdout.WriteLine(hit.Line);
    }

    /// <summary>ISO-8601 (with or without time/offset; UTC when none) or an age before now (30s, 15m, 2h, 7d).</summary>
    internal static bool TryParseTime(string text, DateTimeOffset now, out DateTimeOffset time)
    {
        if (Config.ConfigLoader.TryParseDuration(text, out TimeSpan age))
        {
            time = now - age;
            return true;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }
}

internal sealed record SearchRow(DateTimeOffset Ts, Dictionary<string, string> Labels, string Line);

[System.Text.Json.Serialization.JsonSerializable(typeof(SearchRow))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class SearchJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
