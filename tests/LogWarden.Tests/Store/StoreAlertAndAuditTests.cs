using LogWarden.Store;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Store;

/// <summary>
/// The alert outbox, silences, the explainers' cache and LLM ledger, and the responder's audit and bans on
/// either store, with the same semantics: dedupe, holds, retries and give-ups that survive a restart, silences
/// an operator adds beside the daemon, exact cost sums, the counts the responder's budgets read.
/// </summary>
public abstract class StoreAlertAndAuditTests(StoreKindUnderTest kind) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private readonly TestStoreLocation _location = new(kind);

    public void Dispose()
    {
        _location.Dispose();
        GC.SuppressFinalize(this);
    }

    private static OutboxEntry Entry(string key, string channel, long incident, DateTimeOffset notBefore, string notice = "opened") =>
        new(key, channel, incident, notice, "warning", T0, notBefore, $"{{\"key\":\"{key}\"}}");

    [Fact]
    public void Outbox_entries_are_deduped_held_delivered_in_id_order_and_their_retries_survive_a_restart()
    {
        long failed;
        using (OpenedStore store = _location.OpenAll())
        {
            IAlertOutbox outbox = store.Outbox;
            Assert.Equal(3, outbox.Enqueue([Entry("a", "mail", 1, T0), Entry("b", "mail", 2, T0), Entry("c", "mail", 3, T0.AddMinutes(5))]));
            Assert.Equal(1, outbox.Enqueue([Entry("a", "mail", 1, T0), Entry("d", "chat", 1, T0.AddMinutes(1))]));
            Assert.Equal(0, outbox.Enqueue([]));

            IReadOnlyList<OutboxRow> due = outbox.DueEntries("mail", T0, 10);
            Assert.Equal(["a", "b"], due.Select(r => r.Entry.DedupeKey));
            Assert.True(due[0].Id < due[1].Id);
            Assert.Equal("{\"key\":\"a\"}", due[0].Entry.Payload);
            Assert.Equal(T0, due[0].Entry.CreatedAt);
            Assert.Equal(OutboxState.Pending, due[0].State);
            Assert.Equal(["a"], outbox.DueEntries("mail", T0, 1).Select(r => r.Entry.DedupeKey));

            // A held entry's message can still change; a due one's cannot (the worker may be sending it).
            Assert.True(outbox.ReplacePending("c", "critical", "{\"key\":\"c2\"}", T0));
            Assert.False(outbox.ReplacePending("a", "critical", "{}", T0));
            Assert.False(outbox.ReplacePending("nope", "critical", "{}", T0));

            outbox.MarkDelivered(due[0].Id, T0.AddSeconds(1));
            outbox.MarkAttemptFailed(due[1].Id, "503 from the relay", T0.AddMinutes(2), giveUp: false);
            failed = due[1].Id;
            Assert.Equal(T0.AddMinutes(1), outbox.PendingChannels()["chat"]);
            Assert.Equal(T0.AddMinutes(2), outbox.PendingChannels()["mail"]);
            Assert.Equal(T0, outbox.LastNoticeAt(1, "mail"));
            Assert.Null(outbox.LastNoticeAt(9, "mail"));
        }

        using (OpenedStore restarted = _location.OpenAll())
        {
            IAlertOutbox outbox = restarted.Outbox;
            OutboxRow retried = outbox.ListOutbox(new OutboxQuery { Channel = "mail" }).Single(r => r.Id == failed);
            Assert.Equal((OutboxState.Pending, 1, "503 from the relay", T0.AddMinutes(2)), (retried.State, retried.Attempts, retried.LastError, retried.NextAttemptAt));
            OutboxRow delivered = outbox.ListOutbox(new OutboxQuery { States = [OutboxState.Delivered] }).Single();
            Assert.Equal(("a", 1, T0.AddSeconds(1)), (delivered.Entry.DedupeKey, delivered.Attempts, delivered.DeliveredAt));
            OutboxEntry replaced = outbox.ListOutbox(new OutboxQuery()).Single(r => r.Entry.DedupeKey == "c").Entry;
            Assert.Equal(("critical", "{\"key\":\"c2\"}"), (replaced.Severity, replaced.Payload));
            Assert.Equal(["d", "c", "b", "a"], outbox.ListOutbox(new OutboxQuery()).Select(r => r.Entry.DedupeKey));

            outbox.MarkAttemptFailed(failed, new string('x', 5000), T0.AddMinutes(3), giveUp: true);
            OutboxRow gaveUp = Assert.Single(outbox.ListOutbox(new OutboxQuery { States = [OutboxState.Failed] }));
            Assert.Equal(1000, gaveUp.LastError!.Length);
            Assert.DoesNotContain(failed, outbox.DueEntries("mail", T0.AddDays(1), 10).Select(r => r.Id));
            Assert.Equal(1, outbox.Retry(null, T0.AddMinutes(4)));
            Assert.Equal(0, outbox.Retry(failed, T0.AddMinutes(4)));
            Assert.Contains(failed, outbox.DueEntries("mail", T0.AddDays(1), 10).Select(r => r.Id));
        }
    }

    [Fact]
    public void A_silence_added_beside_the_daemon_is_listed_until_it_ends_or_is_expired()
    {
        using OpenedStore daemon = _location.OpenAll();
        long first, second;
        using (OpenedStore cli = _location.OpenAll(readOnly: true))
        {
            first = cli.Silences.AddSilence("host=web1", T0, T0.AddHours(2), "ops", "deploy");
            second = cli.Silences.AddSilence("kind=ssh-brute-force", T0, T0.AddHours(1), "ops", "");
        }
        Assert.True(second > first);
        Assert.Equal([second, first], daemon.Silences.ListSilences(null).Select(s => s.Id));
        Assert.Equal([first], daemon.Silences.ListSilences(T0.AddHours(1)).Select(s => s.Id));
        AlertSilence silence = daemon.Silences.ListSilences(null).Single(s => s.Id == first);
        Assert.Equal(("host=web1", T0, T0.AddHours(2), "ops", "deploy"), (silence.Matchers, silence.StartsAt, silence.EndsAt, silence.CreatedBy, silence.Comment));

        Assert.True(daemon.Silences.ExpireSilence(first, T0.AddMinutes(30)));
        Assert.False(daemon.Silences.ExpireSilence(first, T0.AddMinutes(40)));
        Assert.False(daemon.Silences.ExpireSilence(999, T0));
        Assert.False(daemon.Silences.ListSilences(null).Single(s => s.Id == first).IsActive(T0.AddMinutes(31)));
    }

    [Fact]
    public void Explanations_are_cached_by_key_and_llm_usage_sums_exactly_over_the_days_asked()
    {
        var day = new DateOnly(2026, 11, 26);
        using (OpenedStore store = _location.OpenAll())
        {
            IExplanationStore explanations = store.Explanations;
            Assert.Null(explanations.GetCachedExplanation("fp|digest"));
            explanations.SaveExplanation("fp|digest", "fp", T0, "{\"summary\":\"first\"}");
            explanations.SaveExplanation("fp|digest", "fp", T0.AddMinutes(1), "{\"summary\":\"second\"}");
            explanations.RecordLlmUsage(day, "small", 1000, 200, 0.000123m);
            explanations.RecordLlmUsage(day, "small", 10, 2, 0.1m);
            explanations.RecordLlmUsage(day.AddDays(1), "large", 5, 5, 1.5m);
            explanations.RecordLlmUsage(day.AddDays(-9), "large", 5, 5, 100m);
        }
        using OpenedStore reopened = _location.OpenAll(readOnly: true);
        Assert.Equal("{\"summary\":\"second\"}", reopened.Explanations.GetCachedExplanation("fp|digest"));
        Assert.Equal(new LlmUsage(3, 1015, 207, 1.600123m), reopened.Explanations.ReadLlmUsage(day, day.AddDays(1)));
        Assert.Equal(LlmUsage.None, reopened.Explanations.ReadLlmUsage(day.AddDays(2), day.AddDays(3)));
    }

    [Fact]
    public void The_audit_lists_and_counts_actions_and_bans_are_current_until_they_expire_or_are_lifted()
    {
        using OpenedStore store = _location.OpenAll();
        IResponseStore audit = store.Responses;
        long ban1 = audit.RecordAction(new ResponseActionRecord(0, T0, 7, "ssh", "ban", "203.0.113.7/32\nnft add element …", "ok", "", TimeSpan.FromMilliseconds(12)));
        audit.RecordAction(new ResponseActionRecord(0, T0.AddMinutes(1), 7, "ssh", "ban", "203.0.113.70/32", "dry-run", "would run", TimeSpan.Zero));
        long restart = audit.RecordAction(new ResponseActionRecord(0, T0.AddMinutes(2), 8, "oom", "restart", "nginx.service", "failed", "exit 1", TimeSpan.FromSeconds(3)));
        Assert.True(restart > ban1);

        Assert.Equal([restart], audit.ListActions(10, incidentId: 8).Select(a => a.Id));
        ResponseActionRecord latest = audit.ListActions(1)[0];
        Assert.Equal((restart, T0.AddMinutes(2), "restart", "exit 1", TimeSpan.FromSeconds(3)), (latest.Id, latest.At, latest.Action, latest.Output, latest.Duration));
        Assert.Equal(3, audit.ListActions(10).Count);
        // The first line of the arguments counts, not a longer address it is the prefix of.
        Assert.Equal(1, audit.CountActions("ban", "203.0.113.7/32", ["ok", "dry-run"], T0));
        Assert.Equal(2, audit.CountActions("ban", null, ["ok", "dry-run"], T0));
        Assert.Equal(1, audit.CountActions(null, null, ["ok", "failed"], T0.AddMinutes(1)));
        Assert.Equal(0, audit.CountActions("ban", null, ["ok"], T0.AddSeconds(1)));

        audit.RecordBan(new BanRecord(0, "203.0.113.7/32", T0, T0.AddHours(1), 7, "ssh brute force", null));
        long second = audit.RecordBan(new BanRecord(0, "198.51.100.0/24", T0, T0.AddHours(4), 9, "scan", null));
        audit.RecordBan(new BanRecord(0, "203.0.113.7/32", T0.AddDays(-3), T0.AddDays(-2), 1, "earlier", null));
        Assert.Equal(2, audit.BanCount("203.0.113.7/32"));
        Assert.Equal(["198.51.100.0/24", "203.0.113.7/32"], audit.CurrentBans(T0.AddMinutes(1)).Select(b => b.Network));
        Assert.Equal([second], audit.CurrentBans(T0.AddHours(2)).Select(b => b.Id));
        Assert.Equal(1, audit.LiftBans("198.51.100.0/24", T0.AddHours(2)));
        Assert.Equal(0, audit.LiftBans("198.51.100.0/24", T0.AddHours(2)));
        Assert.Empty(audit.CurrentBans(T0.AddHours(2)));
        Assert.Equal(3, audit.BanCount("203.0.113.7/32") + audit.BanCount("198.51.100.0/24"));
    }
}

public sealed class EmbeddedStoreAlertAndAuditTests() : StoreAlertAndAuditTests(StoreKindUnderTest.Embedded);

public sealed class PostgresStoreAlertAndAuditTests() : StoreAlertAndAuditTests(StoreKindUnderTest.Postgres);
