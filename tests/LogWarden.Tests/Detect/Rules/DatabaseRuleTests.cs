using System.Globalization;
using LogWarden.Detect;
using static LogWarden.Tests.Detect.Rules.RuleHarness;

namespace LogWarden.Tests.Detect.Rules;

public sealed class DatabaseRuleTests
{
    private const string PostgresLog = "/var/log/postgresql/postgresql-16-main.log";

    private static readonly DateTimeOffset T0 = At("Nov 25 12:00:00");

    /// <summary>A line of Debian's PostgreSQL log ('%m [%p] %q%u@%d ').</summary>
    private static string Postgres(DateTimeOffset t, int pid, string prefixAndMessage) =>
        $"{t.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)} UTC [{pid}] {prefixAndMessage}";

    [Fact]
    public void A_burst_of_deadlocks_names_the_log_the_role_and_the_database()
    {
        var harness = new RuleHarness(source: PostgresLog);
        for (int i = 0; i < 5; i++)
        {
            harness.Feed(Postgres(T0.AddSeconds(20 * i), 4100 + i, "ledger@ledger ERROR:  deadlock detected"));
        }

        var alert = Assert.Single(harness.Alerts);
        Assert.Equal(("database-deadlock", PostgresLog, "ledger", "ledger"), (alert.Kind, alert.Entities["source"], alert.Entities["user"], alert.Entities["database"]));
        Assert.Equal("Database deadlocks in ledger: 5 in 10 min", alert.Title);
        Assert.Equal(T0.AddSeconds(80), alert.Timestamp); // the fifth
    }

    [Fact]
    public void Password_failures_of_an_app_on_the_local_socket_name_its_role_though_no_address()
    {
        var harness = new RuleHarness(source: PostgresLog);
        for (int i = 0; i < 12; i++)
        {
            harness.Feed(Postgres(T0.AddSeconds(i), 5200 + i, "[unknown]@[unknown] LOG:  connection received: host=[local]"),
                Postgres(T0.AddSeconds(i), 5200 + i, "shopapi@shopapi FATAL:  password authentication failed for user \"shopapi\""));
        }

        var alert = Assert.Single(harness.Alerts.GroupBy(f => f.Key).Select(g => g.First()));
        Assert.Equal(("database-auth-failures", "shopapi", "shopapi", PostgresLog), (alert.Kind, alert.Entities["user"], alert.Entities["database"], alert.Entities["source"]));
        Assert.Equal(T0.AddSeconds(9), alert.Timestamp); // the tenth failure
    }

    [Fact]
    public void Sessions_ended_by_a_restart_of_the_server_are_no_error_burst()
    {
        var harness = new RuleHarness(source: PostgresLog);
        harness.Feed(Postgres(T0, 892, "LOG:  received fast shutdown request"), Postgres(T0, 892, "LOG:  aborting any active transactions"));
        for (int i = 0; i < 12; i++)
        {
            harness.Feed(Postgres(T0, 6000 + i, "portal@portal FATAL:  terminating connection due to administrator command"));
        }

        harness.Feed(Postgres(T0.AddSeconds(1), 892, "LOG:  database system is shut down"));

        Assert.Empty(harness.Findings);
    }
}
