using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LogWarden.Cli;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Explain;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Support.Replay;
using Microsoft.ML.Tokenizers;

namespace LogWarden.Bench;

/// <summary>
/// `explain-tokens [SEED] [--scale X]`: the token bar of issue 7. Generates a replay (3 days, 2 learning,
/// one busy host at scale 1), runs `logwarden analyze --learn 2d --data STORE` on it, and for the test
/// day's incidents counts — with OpenAI's o200k_base tokenizer (Microsoft.ML.Tokenizers, data from its
/// NuGet package, nothing downloaded) — what LogWarden would send: per distinct cache key (incident
/// fingerprint + evidence digest) the system prompt, the user message with the evidence pack and the
/// response schema, plus the answer. The peer is the cron habit: the last 200 lines of the host's logs
/// every 15 minutes, 96 times a day (lines only, no prompt).
/// </summary>
public static class ExplainTokenBench
{
    public static int Run(string[] args)
    {
        var options = new ReplayOptions();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--scale")
            {
                options = options with { Scale = double.Parse(args[++i], CultureInfo.InvariantCulture) };
            }
            else
            {
                options = options with { Seed = int.Parse(args[i], CultureInfo.InvariantCulture) };
            }
        }
        Tokenizer tokenizer = TiktokenTokenizer.CreateForEncoding("o200k_base");
        string dir = Directory.CreateTempSubdirectory("logwarden-tokens-").FullName;
        try
        {
            var clock = Stopwatch.StartNew();
            ReplayTruth truth = ReplayGenerator.Generate(options, dir);
            string logs = Path.Combine(dir, ReplayGenerator.LogsDirectory);
            string data = Path.Combine(dir, "store");
            var stderr = new StringWriter();
            int exit = LogWardenCli.Run(["analyze", logs, "--learn", options.LearnDays.ToString(CultureInfo.InvariantCulture) + "d", "--data", data], TextWriter.Null, stderr);
            if (exit != 0)
            {
                Console.WriteLine($"analyze exited with {exit}: {stderr}");
                return 1;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seed {options.Seed}, scale {options.Scale}: {truth.LinesPerHost.Values.Sum():N0} lines over {options.Days} days, test day {truth.TestStart:yyyy-MM-dd HH:mm} – {truth.TestEnd:HH:mm}; generated and analyzed in {clock.Elapsed.TotalSeconds:F0} s"));

            (long sent, long answers, int calls, int incidents, int alerts) = LogWardenTokens(data, truth, tokenizer);
            (long peer, long testLines) = CronTokens(logs, truth, tokenizer);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"incidents opened on the test day: {incidents} ({alerts} warning or critical)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"LogWarden: {calls} LLM calls (one per incident fingerprint + evidence digest), {sent:N0} tokens sent (+ {answers:N0} tokens of answers, estimated from the deterministic answers)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"last 200 lines every 15 min (96 a day, {testLines:N0} lines that day): {peer:N0} tokens sent"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ratio: {100.0 * sent / peer:F3} % sent ({100.0 * (sent + answers) / peer:F3} % with the answers); bar ≤ 1 %"));
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (long Sent, long Answers, int Calls, int Incidents, int Alerts) LogWardenTokens(string data, ReplayTruth truth, Tokenizer tokenizer)
    {
        using var store = EmbeddedStore.Open(data, new EmbeddedStoreOptions { ReadOnly = true, MinFreeBytes = 0, MinFreeFraction = 0 });
        var builder = new EvidencePackBuilder(new EvidenceOptions(), new StoreEvidenceContext(store, store));
        int schemaTokens = tokenizer.CountTokens(JsonSerializer.Serialize(ExplanationAnswer.Schema));
        int systemTokens = tokenizer.CountTokens(LlmIncidentExplainer.SystemPrompt);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        long sent = 0, answers = 0;
        int incidents = 0, alerts = 0;
        foreach (IncidentRecord listed in store.ListIncidents(new IncidentQuery { Limit = 1_000_000 }))
        {
            if (listed.OpenedAt < truth.TestStart || listed.OpenedAt >= truth.TestEnd)
            {
                continue;
            }
            incidents++;
            // Info incidents are recorded, not notified: nothing explains them unless someone asks.
            if (listed.Severity < FindingSeverity.Warning || store.GetIncident(listed.Id) is not { } incident)
            {
                continue;
            }
            alerts++;
            PackedEvidence pack = builder.Build(incident);
            if (!keys.Add(incident.Fingerprint + ":" + pack.Digest))
            {
                continue;
            }
            if (Environment.GetEnvironmentVariable("EXPLAIN_TOKENS_SHOW_PACKS") is "1")
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{tokenizer.CountTokens(pack.Json)} tokens: {pack.Json}"));
            }
            // 3 tokens of chat framing per message and 3 to prime the answer, as OpenAI's counting guide says.
            sent += systemTokens + schemaTokens + tokenizer.CountTokens("Incident evidence (untrusted data, JSON):\n" + pack.Json) + 3 * 2 + 3;
            answers += tokenizer.CountTokens(ExplanationAnswer.ToJson(DeterministicIncidentExplainer.Explain(incident)));
        }
        return (sent, answers, keys.Count, incidents, alerts);
    }

    /// <summary>The host's lines merged by time; at each 15-minute mark of the test day, the tokens of the 200 lines before it.</summary>
    private static (long Tokens, long Lines) CronTokens(string logs, ReplayTruth truth, Tokenizer tokenizer)
    {
        var ring = new int[200];
        int filled = 0, next = 0;
        long ringSum = 0, total = 0, lines = 0;
        DateTimeOffset mark = truth.TestStart.AddMinutes(15);
        LogInputListing listing = LogInput.Enumerate([logs]);
        foreach (MergedRecord merged in new TimeMergedReader(listing.Files).Read())
        {
            DateTimeOffset? time = merged.OrderTime ?? merged.Record.Timestamp;
            if (time is not { } t || t < truth.TestStart.AddHours(-1))
            {
                continue;
            }
            while (t >= mark && mark <= truth.TestEnd)
            {
                total += ringSum;
                mark = mark.AddMinutes(15);
            }
            if (t >= truth.TestStart && t < truth.TestEnd)
            {
                lines++;
            }
            int tokens = tokenizer.CountTokens(merged.Record.Raw) + 1; // + the newline
            ringSum += tokens - (filled == ring.Length ? ring[next] : 0);
            ring[next] = tokens;
            next = (next + 1) % ring.Length;
            filled = Math.Min(filled + 1, ring.Length);
        }
        while (mark <= truth.TestEnd)
        {
            total += ringSum;
            mark = mark.AddMinutes(15);
        }
        return (total, lines);
    }
}
