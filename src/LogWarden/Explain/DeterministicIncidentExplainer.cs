using System.Globalization;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;

namespace LogWarden.Explain;

/// <summary>
/// LogWarden's own explanation of an incident, written from its kind, entities and evidence without any
/// LLM: what happened (the title, how many lines over how long), the usual cause of that kind of
/// incident, and concrete next steps naming the address, user, unit, mount or process involved. Used
/// when no LLM is configured, and whenever the LLM is over budget, down or answers nonsense.
/// </summary>
internal sealed class DeterministicIncidentExplainer : IIncidentExplainer
{
    public ValueTask<IncidentExplanation> ExplainAsync(IncidentRecord incident, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Explain(incident));

    public static IncidentExplanation Explain(IncidentRecord incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var facts = new IncidentFacts(incident);
        Recipe recipe = RecipeFor(incident.Kind, facts);
        return new IncidentExplanation
        {
            Summary = facts.Summary(),
            ProbableCause = recipe.Cause,
            Steps = recipe.Steps,
            Confidence = recipe.Generic ? 0.3 : 0.6,
            Origin = ExplanationOrigin.Deterministic,
        };
    }

    private sealed record Recipe(string Cause, IReadOnlyList<string> Steps, bool Generic = false);

    /// <summary>The family of a kind, by its name as the detectors and rule packs spell it.</summary>
    private static Recipe RecipeFor(string kind, IncidentFacts f) => kind switch
    {
        "login-after-failures" => new(
            $"A login succeeded{f.For("user")}{f.From("ip")} after a run of failures: either someone mistyped a password, or a guessed credential worked.",
            [
                $"Ask {f.Name("user", "the account owner")} whether the login{f.From("ip")} was theirs.",
                $"Look at the session: `last -i {f.Value("user")}`, `journalctl _COMM=sshd --since \"{f.Since}\"`.",
                "If it was not them: lock the account (`passwd -l`), kill its sessions, rotate its credentials and check ~/.ssh/authorized_keys, crontabs and new files.",
            ]),
        _ when kind.EndsWith("brute-force", StringComparison.Ordinal) || kind is "failed-logins" or "user-enumeration" or "invalid-user" or "auth-failure" => new(
            $"Repeated failed logins{f.From("ip")}{f.ForUsers()}: an automated password-guessing run against {f.Service()}.",
            [
                $"Block the source{f.From("ip")} (fail2ban, `nft add element inet filter blocklist {{ {f.Value("ip")} }}` or your firewall).",
                "Confirm no login succeeded from it: `journalctl -u ssh --since \"" + f.Since + "\" | grep Accepted`.",
                "Disable password logins where keys are used (PasswordAuthentication no) and keep root login off.",
            ]),
        "web-scan" or "web-not-found" or "web-background" or "bad-request" or "rate-limited" => new(
            $"A client{f.From("ip")} requested many paths that do not exist here{f.OnPaths()}: a vulnerability scanner or crawler probing for known weaknesses.",
            [
                $"Check whether any probed path answered 200: grep the access log for {f.Value("ip")} and status 200.",
                $"Block or rate-limit{f.From("ip")} if it keeps going; scanners rarely stop on their own.",
                "Make sure admin panels, .git, .env and backups are not served from the document root.",
            ]),
        "http-5xx-burst" => new(
            $"The web server answered with server errors (5xx) in a burst{f.On("source")}: the application behind it failed or was unreachable.",
            [
                "Look at the upstream application's logs for the same minutes (exceptions, restarts, timeouts).",
                "Check that the upstream is running and reachable (`systemctl status`, `ss -ltnp`).",
                "If a deploy happened just before, consider rolling it back.",
            ]),
        "oom-kill" or "app-out-of-memory" => new(
            $"The system ran out of memory and the kernel's OOM killer ended {f.Name("process", "a process")}: memory demand exceeded RAM and swap.",
            [
                $"See what used the memory: `journalctl -k --since \"{f.Since}\" | grep -i -A20 'invoked oom-killer'`.",
                $"Check whether {f.Name("process", "the process")} leaks (its RSS over days) or needs a memory limit (systemd MemoryMax=, container limits).",
                "Add memory or swap, or lower the workers/caches of the largest services.",
            ]),
        "memory-high" or "memory-leak" or "memory-growth" or "swap-high" => new(
            $"Memory use is high or keeps growing{f.On("process")}: a leak, or a workload larger than this host.",
            [
                "List the largest processes: `ps aux --sort=-rss | head`.",
                $"If {f.Name("process", "one process")} grows steadily, restart it in a quiet hour and report the leak.",
                "Set memory limits so a leak kills one service, not the host.",
            ]),
        "process-crash" => new(
            $"{f.Name("process", "A process")} crashed (segmentation fault or core dump): a bug, bad memory, or a broken library after an upgrade.",
            [
                $"Read the crash: `coredumpctl info {f.Value("process")}` and the lines before it.",
                "Check for a recent package upgrade or config change (`/var/log/apt/history.log`).",
                "If crashes repeat across different programs, test the RAM (memtest) and check `dmesg` for hardware errors.",
            ]),
        _ when kind.StartsWith("kernel-", StringComparison.Ordinal) || kind is "hung-task" or "soft-lockup" or "hard-lockup" or "rcu-stall" => new(
            "The kernel reported a serious fault (oops, BUG, panic, lockup or hung task): a driver or hardware problem, or a kernel bug.",
            [
                "Read the full kernel message: `journalctl -k -b --since \"" + f.Since + "\"`.",
                "Check for storage or memory errors around the same time; update the kernel and firmware.",
                "If it repeats, plan a reboot into a known-good kernel.",
            ]),
        "disk-full" or "inodes-full" or "disk-fill-forecast" => new(
            $"The file system{f.On("mount")} is full or filling up{f.Trend()}: logs, caches, backups or a runaway file.",
            [
                $"Find what grew: `du -xh --max-depth=2 {f.Value("mount", "/")} | sort -h | tail`" + (kind == "inodes-full" ? " and `find … -xdev -type f | cut -d/ -f2-3 | sort | uniq -c | sort -n` for many small files." : "."),
                "Clear or rotate what can go (old logs: `journalctl --vacuum-size=`, package caches: `apt-get clean`, old backups).",
                "Look for deleted files still held open: `lsof +L1`.",
            ]),
        "io-error" or "filesystem-error" or "disk-link-error" or "hardware-error" or "raid-degraded" => new(
            $"The kernel reported I/O or hardware errors{f.On("device")}: a failing disk, cable or controller, or a damaged file system.",
            [
                $"Check the disk's health: `smartctl -a /dev/{f.Value("device", "sdX")}` (reallocated and pending sectors).",
                "Make sure backups are current before anything else.",
                "Replace a failing disk; run fsck on the file system at the next maintenance window.",
            ]),
        "unit-failed" or "unit-restart-loop" or "unit-start-limit" => new(
            $"The service{f.On("unit")} failed{(kind == "unit-failed" ? "" : " and systemd keeps restarting it")}: a bad configuration, a missing dependency or a crash at start.",
            [
                $"Read why: `systemctl status {f.Value("unit")}` and `journalctl -u {f.Value("unit")} -n 50`.",
                "Check the last change to its configuration or package.",
                $"Once fixed: `systemctl reset-failed {f.Value("unit")} && systemctl start {f.Value("unit")}`.",
            ]),
        _ when kind.StartsWith("tls-", StringComparison.Ordinal) => new(
            "TLS connections failed: an expired or mismatched certificate, a failed renewal, or clients and server without a common protocol.",
            [
                "Check the certificate's dates and names: `openssl s_client -connect HOST:443 -servername HOST </dev/null | openssl x509 -noout -dates -subject`.",
                "If renewal failed, run it by hand (`certbot renew --dry-run`) and read its log.",
                "Reload the server after replacing a certificate.",
            ]),
        "new-account" or "new-system-account" or "privilege-granted" or "account-removed" => new(
            $"An account or group changed{f.For("user")}: legitimate administration, or someone creating a foothold.",
            [
                $"Confirm with the administrators that the change{f.For("user")} was planned.",
                "Review /etc/passwd, /etc/group (sudo, wheel, adm, docker) and authorized_keys for the account.",
                "If nobody made it: disable the account and investigate how it was created (who was root then).",
            ]),
        "privilege-escalation" or "sudo-refused" or "privilege" => new(
            $"Privileged commands were run or refused{f.For("user")}: normal administration, or a user trying what they may not.",
            [
                $"Read what was run: `journalctl _COMM=sudo --since \"{f.Since}\"`.",
                $"Ask {f.Name("user", "the user")} whether it was them; refused attempts from a service account are suspicious.",
            ]),
        _ when kind.StartsWith("database-", StringComparison.Ordinal) => new(
            "The database reported errors (crash, corruption, deadlocks, connections exhausted, replication or storage trouble).",
            [
                "Read the database's own log around the first error.",
                "Check connections against max_connections, disk space and replication lag.",
                kind == "database-corruption" ? "Stop writes and restore or repair from a known-good backup." : "Restart only after the cause is clear; a crash loop can corrupt more.",
            ]),
        "firewall-drop-surge" or "conntrack-full" => new(
            $"The firewall dropped many packets{f.From("ip")}{(kind == "conntrack-full" ? " and the connection-tracking table filled up" : "")}: a scan, a flood, or a rule that blocks real traffic.",
            [
                "See who is dropped: `journalctl -k --since \"" + f.Since + "\" | grep -o 'SRC=[^ ]*' | sort | uniq -c | sort -n | tail`.",
                kind == "conntrack-full" ? "Raise net.netfilter.nf_conntrack_max or shorten timeouts; find the flood's source." : "If it is one source, block it upstream; if it is real clients, fix the rule.",
            ]),
        "new-template" or "new-error-template" or "rare-template" or "error-burst" => new(
            $"{f.Name("source", "A source")} logged lines of a kind never (or rarely) seen here before{f.TemplateHint()}: a new error, a new code path, or a changed program.",
            [
                "Read the sample lines: is it an error, and does it repeat?",
                "Check what changed on this host around " + f.Since + " (deploys, upgrades, config).",
                "If it is harmless, mark the incident as noise (`logwarden incidents noise ID`) so it is not reported again.",
            ]),
        "template-spike" or "template-drop" or "source-silent" or "volume-shift" or "periodic-missed" or "decoding-lost" or "security-blind-spot" => new(
            $"The volume of{f.On("source")} logs departed from its usual pattern ({Describe(kind)}): load changed, a job did not run, or a service stopped logging.",
            [
                kind is "source-silent" or "periodic-missed" ? $"Check that{f.On("source")} is running and its cron/timer fired (`systemctl list-timers`)." : "Compare with the traffic and jobs of the same hour on other days.",
                "Look at the few lines around the change for a restart or an error.",
            ]),
        "cpu-high" or "load-high" or "metric-deviation" => new(
            $"A host metric left its usual range{f.On("metric")}{f.On("process")}: a busy job, a runaway process or more load than usual.",
            [
                "See who uses it: `top -o %CPU` or `ps aux --sort=-%cpu | head`.",
                "Compare with the same hour on other days: a nightly job is normal, a new process is not.",
            ]),
        _ => new(
            $"LogWarden's {f.Detector()} detector raised this from {f.Lines} line(s); it has no specific advice for '{kind}'.",
            [
                "Read the sample lines and the templates behind the incident.",
                "Check what changed on this host around " + f.Since + ".",
                "Mark it as noise if it is expected (`logwarden incidents noise ID`).",
            ],
            Generic: true),
    };

    private static string Describe(string kind) => kind switch
    {
        "template-spike" => "a spike",
        "template-drop" => "a drop",
        "source-silent" => "it went silent",
        "volume-shift" => "a shift in volume",
        "periodic-missed" => "a periodic line did not come",
        "decoding-lost" => "its lines stopped decoding",
        _ => "lines a rule relied on changed",
    };

    /// <summary>The incident's entities and counts, phrased for sentences.</summary>
    private sealed class IncidentFacts(IncidentRecord incident)
    {
        public long Lines => incident.Lines;

        public string Since => incident.FirstSeen.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

        public string Value(string entity, string fallback = "…") =>
            incident.Entities.TryGetValue(entity, out IReadOnlyList<string>? v) && v.Count > 0 ? v[0] : fallback;

        public string Name(string entity, string fallback) =>
            incident.Entities.TryGetValue(entity, out IReadOnlyList<string>? v) && v.Count > 0 ? v[0] : fallback;

        private string Values(string entity, int max = 3)
        {
            if (!incident.Entities.TryGetValue(entity, out IReadOnlyList<string>? v) || v.Count == 0)
            {
                return "";
            }
            string shown = string.Join(", ", v.Take(max));
            return v.Count > max ? $"{shown} and {v.Count - max} more" : shown;
        }

        public string From(string entity) => Values(entity) is { Length: > 0 } s ? " from " + s : "";

        public string For(string entity) => Values(entity) is { Length: > 0 } s ? " for " + s : "";

        public string On(string entity) => Values(entity) is { Length: > 0 } s ? " " + s : "";

        public string ForUsers() => Values("user", 5) is { Length: > 0 } s ? " against " + s : "";

        public string OnPaths() => Values("path", 3) is { Length: > 0 } s ? " (" + s + ")" : "";

        public string Service() => Values("unit") is { Length: > 0 } u ? u : Values("process") is { Length: > 0 } p ? p : "this host";

        public string Detector() => incident.Findings.Count > 0 ? incident.Findings[0].Detector : "a";

        public string TemplateHint() => incident.Evidence.Templates.Count > 0 ? $" (\"{Cut(incident.Evidence.Templates[0].Template, 80)}\")" : "";

        public string Trend()
        {
            IReadOnlyList<MetricPoint> window = incident.Evidence.MetricWindow;
            return window.Count > 1
                ? string.Create(CultureInfo.InvariantCulture, $" ({window[0].Value:0.#} → {window[^1].Value:0.#} in {(window[^1].Timestamp - window[0].Timestamp).TotalMinutes:0} min)")
                : "";
        }

        public string Summary()
        {
            TimeSpan span = incident.LastSeen - incident.FirstSeen;
            string over = span < TimeSpan.FromMinutes(1) ? "" : $" over {Duration(span)}";
            string where = incident.Host is { Length: > 0 } h ? $" on {h}" : "";
            string findings = incident.FindingCount > 1 ? $"; {incident.FindingCount} related findings" : "";
            return $"{incident.Title}{where}: {incident.Lines} line(s){over}{findings}.";
        }

        private static string Duration(TimeSpan span) => span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h")
            : string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0} min");

        private static string Cut(string s, int max) => s.Length <= max ? s : s[..max] + "…";
    }
}
