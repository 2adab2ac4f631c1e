using LogWarden.Detect;
using LogWarden.Detect.Baselines;
using Xunit.Abstractions;
using static LogWarden.Tests.Detect.Baselines.ServerLogStream;

namespace LogWarden.Tests.Detect.Baselines;

/// <summary>Templates never seen on a source after its learning day, and rare ones coming back.</summary>
public sealed class BaselineNoveltyTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Tuesday = Monday.AddDays(1);

    private static LogLine AppAt(DateTimeOffset t, string level, string message) => BaselineHarness.Decode(t, App, AppLine(t, level, message));

    [Fact]
    public void A_deploy_that_brings_ten_new_info_templates_is_one_info_finding_after_the_grouping_time()
    {
        DateTimeOffset deploy = Tuesday.AddHours(10);
        string[] messages =
        [
            "config reloaded from /etc/shop/app.yaml version 2.4.1",
            "feature flag checkout-v2 enabled for 10 percent of sessions",
            "connection pool resized to 40 connections",
            "cache namespace products-v3 registered",
            "metrics exporter listening on port 9464",
            "migration add_discount_column applied in 120 ms",
            "search index warmup started",
            "search index warmup finished after 840 ms",
            "payment provider sandbox mode disabled",
            "graceful shutdown handler installed",
        ];
        var lines = new List<LogLine>();
        for (int i = 0; i < messages.Length; i++)
        {
            for (int k = 0; k < 3; k++)
            {
                lines.Add(AppAt(deploy.AddSeconds((i * 2) + (k * 0.5)), "info", messages[i]));
            }
        }

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(2), lines), Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        var found = harness.Of(BaselineKinds.NewTemplate);
        Assert.NotEmpty(found);
        Assert.Single(found.Select(f => f.Key).Distinct());
        Assert.All(found, f => Assert.Equal(FindingSeverity.Info, f.Severity));
        Assert.InRange(found[0].Timestamp, deploy.AddSeconds(30), deploy.AddSeconds(32));
        Assert.Equal(10, found[^1].Evidence.Measurements["new_templates"]);
        Assert.Equal(App, found[0].Entities[EntityNames.Source]);
        Assert.Equal(Host, found[0].Entities[EntityNames.Host]);
        Assert.Equal("shop.api", found[0].Entities[EntityNames.Process]);
        Assert.Empty(harness.Alerts);
    }

    [Fact]
    public void A_never_seen_error_that_bursts_is_info_on_its_first_line_and_a_warning_on_its_fifth()
    {
        DateTimeOffset first = Tuesday.AddHours(14);
        var lines = Enumerable.Range(0, 8)
            .Select(i => AppAt(first.AddSeconds(i * 15), "error", $"payment gateway rejected charge {9000 + i}: card processor returned HTTP 502 after 3 retries"))
            .Append(AppAt(Tuesday.AddHours(16), "error", "could not parse webhook payload: unexpected end of JSON input"))
            .ToList();

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(2), lines), Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        var found = harness.Of(BaselineKinds.NewErrorTemplate);
        var burst = found.Where(f => f.Title.Contains("payment gateway", StringComparison.Ordinal)).ToList();
        Assert.Equal(FindingSeverity.Info, burst[0].Severity);
        Assert.Equal(first, burst[0].Timestamp);
        Finding warning = burst.First(f => f.Severity == FindingSeverity.Warning);
        Assert.Equal(first.AddSeconds(60), warning.Timestamp); // the fifth line
        Assert.Single(burst.Select(f => f.Key).Distinct());
        Assert.Equal(App, warning.Entities[EntityNames.Source]);
        Assert.Equal(Host, warning.Entities[EntityNames.Host]);
        Assert.Equal("shop.api", warning.Entities[EntityNames.Process]);
        int template = int.Parse(warning.Entities[EntityNames.Template], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("payment gateway rejected charge", harness.Miner.Resolve(template).Text, StringComparison.Ordinal);

        var single = Assert.Single(found, f => f.Title.Contains("webhook", StringComparison.Ordinal));
        Assert.Equal(FindingSeverity.Info, single.Severity);
        Assert.Single(harness.Alerts);
    }

    [Fact]
    public void A_never_seen_error_on_a_source_that_rarely_shows_new_errors_is_a_warning_at_its_first_line()
    {
        // Two learning days: the app showed no new error wording after its first day, so one on the third is news.
        DateTimeOffset wednesday = Monday.AddDays(2);
        DateTimeOffset first = wednesday.AddHours(10);
        var lines = Enumerable.Range(0, 3)
            .Select(i => AppAt(first.AddMinutes(i * 7), "error", $"ledger reconciliation aborted for batch {700 + i}: balance invariant violated"))
            .ToList();

        var harness = new BaselineHarness(new BaselineOptions { LearningPeriod = TimeSpan.FromDays(2) })
            .Run(BaselineHarness.Merge(BaselineHarness.Background(3), lines), Monday.AddDays(3));

        output.WriteLine(harness.Describe());
        var found = harness.Of(BaselineKinds.NewErrorTemplate).Where(f => f.Title.Contains("ledger", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(found);
        Assert.Equal(FindingSeverity.Warning, found[0].Severity);
        Assert.Equal(first, found[0].Timestamp);
        Assert.Equal("shop.api", found[0].Entities[EntityNames.Process]);
        Assert.Contains(harness.Alerts, f => f.Title.Contains("ledger", StringComparison.Ordinal));
    }

    [Fact]
    public void A_second_never_seen_error_the_same_day_is_news_too_when_the_first_was()
    {
        // The first new error of the test day was itself raised as a warning (an event the operator was told of): it is no
        // sign that this source shows new errors routinely, so a different one hours later is a warning at its first line too.
        DateTimeOffset wednesday = Monday.AddDays(2);
        DateTimeOffset first = wednesday.AddHours(10);
        DateTimeOffset second = wednesday.AddHours(19);
        var lines = new List<LogLine>
        {
            AppAt(first, "error", "ledger reconciliation aborted for batch 700: balance invariant violated"),
            AppAt(second, "error", "panic recovered in payment webhook handler: nil map write"),
        };

        var harness = new BaselineHarness(new BaselineOptions { LearningPeriod = TimeSpan.FromDays(2) })
            .Run(BaselineHarness.Merge(BaselineHarness.Background(3), lines), Monday.AddDays(3));

        output.WriteLine(harness.Describe());
        var panic = Assert.Single(harness.Of(BaselineKinds.NewErrorTemplate), f => f.Title.Contains("panic", StringComparison.Ordinal));
        Assert.Equal((FindingSeverity.Warning, second), (panic.Severity, panic.Timestamp));
    }

    [Fact]
    public void A_never_seen_error_stays_info_on_a_source_that_showed_a_new_error_wording_each_day()
    {
        DateTimeOffset wednesday = Monday.AddDays(2);
        DateTimeOffset first = wednesday.AddHours(10);
        var lines = new List<LogLine>
        {
            AppAt(Monday.AddDays(1).AddHours(15), "error", "search backend rejected query: too many clauses in boolean query"),
        };
        lines.AddRange(Enumerable.Range(0, 3)
            .Select(i => AppAt(first.AddMinutes(i * 7), "error", $"ledger reconciliation aborted for batch {700 + i}: balance invariant violated")));

        var harness = new BaselineHarness(new BaselineOptions { LearningPeriod = TimeSpan.FromDays(2) })
            .Run(BaselineHarness.Merge(BaselineHarness.Background(3), lines), Monday.AddDays(3));

        output.WriteLine(harness.Describe());
        var found = harness.Of(BaselineKinds.NewErrorTemplate).Where(f => f.Title.Contains("ledger", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(found);
        Assert.All(found, f => Assert.Equal(FindingSeverity.Info, f.Severity));
        Assert.DoesNotContain(harness.Alerts, f => f.Title.Contains("ledger", StringComparison.Ordinal));
    }

    [Fact]
    public void A_never_seen_error_about_a_systemd_unit_names_the_unit_so_it_joins_that_units_incident()
    {
        DateTimeOffset first = Tuesday.AddHours(9);
        var lines = Enumerable.Range(0, 3)
            .Select(i => BaselineHarness.Decode(first.AddSeconds(i * 20), Syslog,
                SyslogLine(first.AddSeconds(i * 20), "systemd", 1, "worker-queue.service: Main process exited, code=exited, status=1/FAILURE")))
            .ToList();

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(2), lines), Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        Finding found = harness.Of(BaselineKinds.NewErrorTemplate).First(f => f.Title.Contains("Main process exited", StringComparison.Ordinal));
        Assert.Equal("worker-queue.service", found.Entities[EntityNames.Unit]);
        Assert.Equal(Syslog, found.Entities[EntityNames.Source]);
    }

    [Fact]
    public void Templates_seen_during_the_learning_day_are_not_new_and_a_rare_one_returning_is_info()
    {
        var options = new BaselineOptions { RareQuiet = TimeSpan.FromDays(1) };
        var lines = new List<LogLine>
        {
            AppAt(Monday.AddHours(9), "info", "disk quota for tenant 7 recalculated"),
            AppAt(Tuesday.AddHours(12), "info", "disk quota for tenant 7 recalculated"), // 27 h later: rare, back
            AppAt(Tuesday.AddHours(12).AddSeconds(20), "info", "disk quota for tenant 7 recalculated"),
            AppAt(Tuesday.AddHours(12).AddSeconds(40), "info", "disk quota for tenant 7 recalculated"),
        };

        var harness = new BaselineHarness(options).Run(BaselineHarness.Merge(BaselineHarness.Background(2), lines), Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        var rare = Assert.Single(harness.Findings);
        Assert.Equal(BaselineKinds.RareTemplate, rare.Kind);
        Assert.Equal(FindingSeverity.Info, rare.Severity);
        Assert.Equal(Tuesday.AddHours(12), rare.Timestamp);
        Assert.Equal(App, rare.Entities[EntityNames.Source]);
        Assert.True(rare.Entities.ContainsKey(EntityNames.Template));
    }

    [Fact]
    public void New_forms_the_miner_generalises_into_a_known_template_are_not_reported()
    {
        // The miner keeps a name constant until it has seen three: the second and third customers are
        // new forms for a moment, then one template with the first.
        var lines = new List<LogLine>
        {
            AppAt(Monday.AddHours(8), "info", "cache rebuilt for customer alice by scheduler"),
            AppAt(Tuesday.AddHours(9), "info", "cache rebuilt for customer bob by scheduler"),
            AppAt(Tuesday.AddHours(9).AddSeconds(5), "info", "cache rebuilt for customer carol by scheduler"),
        };

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(2), lines), Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        var cache = Assert.Single(harness.Miner.Templates, t => t.Text.Contains("cache rebuilt", StringComparison.Ordinal));
        Assert.Contains("<*>", cache.Text, StringComparison.Ordinal); // generalised: the precondition of this test
        Assert.Empty(harness.Of(BaselineKinds.NewTemplate));
    }

    [Fact]
    public void A_bursting_variant_of_a_known_error_is_info_naming_the_known_one()
    {
        DateTimeOffset first = Tuesday.AddHours(14);
        var lines = Enumerable.Range(0, 8)
            .Select(i => AppAt(first.AddSeconds(i * 15), "error", $"failed to refresh token for tenant {i + 3}: upstream returned 503 after retry"))
            .ToList();

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(2), lines), Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        var found = harness.Of(BaselineKinds.NewErrorTemplate);
        Assert.NotEmpty(found);
        Assert.Contains(found, f => f.Title.StartsWith("New variant of a known error", StringComparison.Ordinal));
        Assert.Empty(harness.Alerts);
    }

    [Fact]
    public void Learning_measured_from_the_first_line_judges_a_source_that_starts_later_at_once()
    {
        var harness = new BaselineHarness(new BaselineOptions { LearningPeriod = TimeSpan.FromHours(2), LearnFromFirstLine = true });
        var lines = new List<LogLine>
        {
            AppAt(Monday, "info", "service started"),
            AppAt(Monday.AddHours(1), "info", "service still running"),
            BaselineHarness.Decode(Monday.AddHours(3), Syslog, SyslogLine(Monday.AddHours(3), "backupd", 700, "backup of /srv finished")),
        };

        harness.Run(lines, Monday.AddHours(3).AddMinutes(1));

        output.WriteLine(harness.Describe());
        Finding novel = Assert.Single(harness.Findings);
        Assert.Equal(BaselineKinds.NewTemplate, novel.Kind);
        Assert.Equal(Syslog, novel.Entities[EntityNames.Source]);
        Assert.Equal("backupd", novel.Entities[EntityNames.Process]);
    }
}
