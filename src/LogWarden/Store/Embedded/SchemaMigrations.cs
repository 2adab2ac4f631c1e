using Microsoft.Data.Sqlite;

namespace LogWarden.Store.Embedded;

/// <summary>
/// The store's schema as ordered steps. A database records the steps it has had in <c>schema_version</c>;
/// opening runs the missing ones in order, each in its own transaction, and refuses a database written by
/// a newer LogWarden. A step is never edited once released: a change is a new step.
/// </summary>
internal static class SchemaMigrations
{
    public static IReadOnlyList<string> Steps { get; } =
    [
        // 1: log lines (write-ahead tail and sealed blocks), streams, templates, checkpoints.
        """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE streams(
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            labels TEXT NOT NULL);
        CREATE TABLE templates(
            id INTEGER PRIMARY KEY,
            tokens TEXT NOT NULL,
            any_positions TEXT NOT NULL,
            count INTEGER NOT NULL,
            first_seen TEXT,
            last_seen TEXT,
            example TEXT NOT NULL,
            merged_into INTEGER NOT NULL,
            level INTEGER NOT NULL);
        CREATE INDEX templates_merged_into ON templates(merged_into) WHERE merged_into != 0;
        CREATE TABLE checkpoints(
            source_id TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY(source_id, key)) WITHOUT ROWID;
        CREATE TABLE tail(
            id INTEGER PRIMARY KEY,
            first_seq INTEGER NOT NULL,
            line_count INTEGER NOT NULL,
            min_time INTEGER NOT NULL,
            max_time INTEGER NOT NULL,
            appended_at INTEGER NOT NULL,
            streams BLOB NOT NULL,
            data BLOB NOT NULL);
        CREATE TABLE blocks(
            id INTEGER PRIMARY KEY,
            first_seq INTEGER NOT NULL,
            last_seq INTEGER NOT NULL,
            line_count INTEGER NOT NULL,
            min_time INTEGER NOT NULL,
            max_time INTEGER NOT NULL,
            streams BLOB NOT NULL,
            raw_bytes INTEGER NOT NULL,
            stored_bytes INTEGER NOT NULL);
        CREATE INDEX blocks_max_time ON blocks(max_time);
        CREATE TABLE block_parts(
            block_id INTEGER NOT NULL REFERENCES blocks(id) ON DELETE CASCADE,
            part INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY(block_id, part));
        """,

        // 2: host metrics, raw and downsampled (resolution_s 0 = as sampled).
        """
        CREATE TABLE metric_series(
            id INTEGER PRIMARY KEY,
            host TEXT NOT NULL,
            name TEXT NOT NULL,
            labels_key TEXT NOT NULL,
            labels TEXT NOT NULL,
            UNIQUE(host, name, labels_key));
        CREATE TABLE metric_points(
            series_id INTEGER NOT NULL REFERENCES metric_series(id),
            resolution_s INTEGER NOT NULL,
            time_ms INTEGER NOT NULL,
            value REAL NOT NULL,
            samples INTEGER NOT NULL,
            PRIMARY KEY(series_id, resolution_s, time_ms)) WITHOUT ROWID;
        CREATE INDEX metric_points_age ON metric_points(resolution_s, time_ms);
        """,

        // 3: what detection, alerting and the responder record (their APIs come with those stages).
        """
        CREATE TABLE incidents(
            id INTEGER PRIMARY KEY,
            opened_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            closed_at INTEGER,
            state TEXT NOT NULL,
            severity TEXT NOT NULL,
            title TEXT NOT NULL,
            host TEXT,
            details TEXT NOT NULL DEFAULT '{}');
        CREATE INDEX incidents_opened_at ON incidents(opened_at);
        CREATE TABLE alerts(
            id INTEGER PRIMARY KEY,
            incident_id INTEGER REFERENCES incidents(id),
            created_at INTEGER NOT NULL,
            channel TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            payload TEXT NOT NULL DEFAULT '{}');
        CREATE INDEX alerts_incident ON alerts(incident_id);
        CREATE TABLE audit(
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT,
            details TEXT NOT NULL DEFAULT '{}');
        CREATE INDEX audit_at ON audit(at);
        """,

        // 4: incidents as the tracker keeps them (times in ms of log time), their findings, the
        // fingerprints operators marked as noise, and the learnt state of persistent detectors.
        """
        ALTER TABLE incidents ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
        ALTER TABLE incidents ADD COLUMN kind TEXT NOT NULL DEFAULT '';
        ALTER TABLE incidents ADD COLUMN first_seen INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE incidents ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE incidents ADD COLUMN acknowledged_at INTEGER;
        ALTER TABLE incidents ADD COLUMN finding_count INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE incidents ADD COLUMN line_count INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX incidents_state ON incidents(state, updated_at);
        CREATE INDEX incidents_fingerprint ON incidents(fingerprint);
        CREATE TABLE incident_findings(
            incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            kind TEXT NOT NULL,
            severity TEXT NOT NULL,
            title TEXT NOT NULL,
            detector TEXT NOT NULL,
            first_seen INTEGER NOT NULL,
            last_seen INTEGER NOT NULL,
            first_raised INTEGER NOT NULL,
            last_raised INTEGER NOT NULL,
            count INTEGER NOT NULL,
            raises INTEGER NOT NULL,
            entities TEXT NOT NULL,
            evidence TEXT NOT NULL,
            PRIMARY KEY(incident_id, key)) WITHOUT ROWID;
        CREATE TABLE noise_fingerprints(
            fingerprint TEXT PRIMARY KEY,
            marked_at INTEGER NOT NULL,
            incident_id INTEGER,
            kind TEXT NOT NULL,
            title TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE detector_state(
            name TEXT PRIMARY KEY,
            state BLOB NOT NULL,
            saved_at INTEGER NOT NULL) WITHOUT ROWID;
        """,

        // 5: explanations cached by incident fingerprint and evidence digest, and the LLM's token use per
        // day and model (the budget and the cost accounting).
        """
        CREATE TABLE explanations(
            cache_key TEXT PRIMARY KEY,
            fingerprint TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            body TEXT NOT NULL) WITHOUT ROWID;
        CREATE INDEX explanations_fingerprint ON explanations(fingerprint);
        CREATE TABLE llm_usage(
            day TEXT NOT NULL,
            model TEXT NOT NULL,
            calls INTEGER NOT NULL,
            input_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            cost_micros INTEGER NOT NULL,
            PRIMARY KEY(day, model)) WITHOUT ROWID;
        """,

        // 6: the alert outbox (one row per notification and channel, delivered in id order) and silences.
        // Step 3's unused `alerts` table is replaced by the outbox.
        """
        DROP TABLE alerts;
        CREATE TABLE alert_outbox(
            id INTEGER PRIMARY KEY,
            dedupe_key TEXT NOT NULL UNIQUE,
            channel TEXT NOT NULL,
            incident_id INTEGER NOT NULL,
            notice TEXT NOT NULL,
            severity TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            not_before INTEGER NOT NULL,
            state INTEGER NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            delivered_at INTEGER,
            last_error TEXT,
            payload TEXT NOT NULL);
        CREATE INDEX alert_outbox_pending ON alert_outbox(channel, id) WHERE state = 0;
        CREATE INDEX alert_outbox_incident ON alert_outbox(incident_id, channel);
        CREATE TABLE alert_silences(
            id INTEGER PRIMARY KEY,
            matchers TEXT NOT NULL,
            starts_at INTEGER NOT NULL,
            ends_at INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            comment TEXT NOT NULL);
        """,

        // 7: the responder's audit trail (every action, dry-run and refusal) and its bans.
        """
        CREATE TABLE response_actions(
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            incident_id INTEGER NOT NULL,
            playbook TEXT NOT NULL,
            action TEXT NOT NULL,
            arguments TEXT NOT NULL,
            result TEXT NOT NULL,
            output TEXT NOT NULL,
            duration_ms INTEGER NOT NULL);
        CREATE INDEX response_actions_incident ON response_actions(incident_id);
        CREATE TABLE bans(
            id INTEGER PRIMARY KEY,
            network TEXT NOT NULL,
            banned_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            incident_id INTEGER NOT NULL,
            reason TEXT NOT NULL,
            lifted_at INTEGER);
        CREATE INDEX bans_network ON bans(network);
        CREATE INDEX bans_expires_at ON bans(expires_at) WHERE lifted_at IS NULL;
        """,

        // 8: the responder's budgets and rate limit count the audit's recent rows (CountActions) at every action;
        // without this the count read the whole audit, which only grows.
        """
        CREATE INDEX response_actions_at ON response_actions(at);
        """,

        // 9: the key a fleet correlator joined a finding by across hosts, so a restarted central still joins them.
        """
        ALTER TABLE incident_findings ADD COLUMN fleet_key TEXT;
        """,
    ];

    public static int LatestVersion => Steps.Count;

    /// <summary>The version a database is at (0 when new).</summary>
    public static int CurrentVersion(SqliteConnection connection)
    {
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
        if (Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Applies the missing steps up to <paramref name="target"/> (tests stop early to test upgrades).</summary>
    /// <exception cref="InvalidDataException">The database is newer than this program.</exception>
    public static void Apply(SqliteConnection connection, TimeProvider time, int? target = null)
    {
        int goal = target ?? LatestVersion;
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)";
            create.ExecuteNonQuery();
        }
        int version = CurrentVersion(connection);
        if (version > LatestVersion)
        {
            throw new InvalidDataException($"the store's schema is version {version}, newer than this LogWarden knows ({LatestVersion}); upgrade LogWarden");
        }
        for (int step = version + 1; step <= goal; step++)
        {
            using SqliteTransaction transaction = connection.BeginTransaction();
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = Steps[step - 1];
                command.ExecuteNonQuery();
            }
            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_version(version, applied_at) VALUES ($v, $at)";
                record.Parameters.AddWithValue("$v", step);
                record.Parameters.AddWithValue("$at", time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                record.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }
}
