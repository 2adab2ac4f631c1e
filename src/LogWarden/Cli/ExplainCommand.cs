using System.CommandLine;
using System.Globalization;
using LogWarden.Config;
using LogWarden.Detect.Incidents;
using LogWarden.Explain;
using LogWarden.Store;

namespace LogWarden.Cli;

/// <summary>
/// `logwarden explain ID [--json] [--evidence]`: what a stored incident means and what to do, from the
/// configured LLM (cached, within budget) or LogWarden's own rules. `--evidence` prints the redacted pack
/// that would be sent, and sends nothing.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var id = new Argument<long>("id") { Description = "The incident's id (see `logwarden incidents`)." };
        var json = new Option<bool>("--json") { Description = "The explanation as one JSON object." };
        var evidence = new Option<bool>("--evidence") { Description = "Print the redacted evidence pack the LLM would get (nothing is sent)." };
        var offline = new Option<bool>("--no-llm") { Description = "Use LogWarden's own explanation even when an LLM is configured." };
        var data = StoreOptions.DataOption();
        var config = ConfigCommand.ConfigOption();
        var command = new Command("explain", "Explain an incident: what happened, the probable cause and the next steps.") { id, json, evidence, offline, data, config };
        command.SetAction(async (parse, cancellationToken) =>
        {
            LogWardenConfig settings = StoreOptions.LoadConfig(parse, config, stderr, out bool ok) ?? new LogWardenConfig();
            if (!ok)
            {
                return LogWardenCli.Failure;
            }
            using ILogStore? store = StoreOptions.OpenExisting(parse, data, config, stderr);
            if (store is not IIncidentStore incidents)
            {
                if (store is not null)
                {
                    stderr.WriteLine("logwarden explain: this store does not keep incidents");
                }
                return LogWardenCli.Failure;
            }
            if (incidents.GetIncident(parse.GetValue(id)) is not { } incident)
            {
                stderr.WriteLine($"logwarden explain: no incident {parse.GetValue(id)}");
                return LogWardenCli.Failure;
            }
            var context = new StoreEvidenceContext(store, store as IMetricStore);
            if (parse.GetValue(evidence))
            {
                var builder = new EvidencePackBuilder(new EvidenceOptions { TokenBudget = settings.Llm.EvidenceTokens, PseudonymizeIps = settings.Llm.PseudonymizeIps }, context);
                PackedEvidence pack = builder.Build(incident);
                stdout.WriteLine(pack.Json);
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"about {pack.Tokens} tokens, {pack.Redactions} redaction(s), {pack.Pseudonyms.Count} address alias(es), digest {pack.Digest}"));
                return LogWardenCli.Ok;
            }
            LlmConfig llm = parse.GetValue(offline) ? settings.Llm with { Enabled = false } : settings.Llm;
            IIncidentExplainer explainer = ExplainerFactory.Create(llm, store as IExplanationStore, context);
            IncidentExplanation explanation = await explainer.ExplainAsync(incident, cancellationToken);
            if (parse.GetValue(json))
            {
                stdout.WriteLine(ExplanationAnswer.ToJson(explanation));
            }
            else
            {
                ExplanationText.Write(stdout, incident, explanation);
                if (llm.IsOn && store is IExplanationStore ledger)
                {
                    WriteUsage(stdout, ledger, llm);
                }
            }
            stdout.Flush();
            return LogWardenCli.Ok;
        });
        return command;
    }

    private static void WriteUsage(TextWriter stdout, IExplanationStore ledger, LlmConfig llm)
    {
        try
        {
            DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);
            LlmUsage day = ledger.ReadLlmUsage(today, today);
            LlmUsage month = ledger.ReadLlmUsage(new DateOnly(today.Year, today.Month, 1), today);
            stdout.WriteLine();
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"LLM use: today {day.TotalTokens}/{llm.DailyTokens} tokens ({day.Calls} calls, cost {day.Cost:0.####}); this month {month.TotalTokens}/{llm.MonthlyTokens} (cost {month.Cost:0.####})"));
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // A store from before the ledger existed: nothing to show.
        }
    }
}
