using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using Microsoft.Data.Sqlite;

namespace LogWarden.Store.Embedded;

/// <summary>Incidents, noise fingerprints and detector state (schema step 4). Times are ms since the epoch.</summary>
internal sealed partial class EmbeddedStore : IIncidentStore, IDetectorStateStore
{
    private const string IncidentColumns =
        "id, fingerprint, kind, title, state, severity, host, first_seen, last_seen, opened_at, updated_at, acknowledged_at, closed_at, line_count, details, finding_count";

    public void SaveIncidents(IReadOnlyList<IncidentRecord> incidents)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        if (incidents.Count == 0)
        {
            return;
        }
        lock (_writeLock)
        {
            SqliteConnection writer = Writer();
            _guard.EnsureRoom(WriteSlackBytes + 4L * incidents.Sum(i => 1024L + i.Findings.Sum(f => 512L + f.Title.Length + f.Key.Length)));
            using SqliteTransaction transaction = writer.BeginTransaction();
            try
            {
                using var writes = new IncidentWrites(writer, transaction);
                foreach (IncidentRecord incident in incidents)
                {
                    writes.Save(incident);
                }
                transaction.Commit();
            }
            catch (SqliteException e) when (IsDiskFull(e))
            {
                throw new StoreFullException($"log store: the disk of {_directory} is full ({e.Message}); no incident of this call was written");
            }
        }
    }

    public IReadOnlyList<IncidentRecord> ListIncidents(IncidentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        using SqliteConnection connection = OpenReader();
        using var command = connection.CreateCommand();
        var conditions = new List<string>();
        if (query.Statuses.Count > 0)
        {
            conditions.Add($"state IN ({string.Join(", ", query.Statuses.Select((status, i) => Parameter(command, "$s" + i, IncidentNames.Of(status))))})");
        }
        if (query.Severities.Count > 0)
        {
            conditions.Add($"severity IN ({string.Join(", ", query.Severities.Select((severity, i) => Parameter(command, "$v" + i, IncidentNames.Of(severity))))})");
        }
        if (query.OpenedFrom is { } from)
        {
            conditions.Add($"opened_at >= {Parameter(command, "$from", from.ToUnixTimeMilliseconds())}");
        }
        if (query.OpenedTo is { } to)
        {
            conditions.Add($"opened_at < {Parameter(command, "$to", to.ToUnixTimeMilliseconds())}");
        }
        string filter = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        command.CommandText = $"SELECT {IncidentColumns} FROM incidents {filter} ORDER BY updated_at DESC, id DESC LIMIT $limit OFFSET $offset";
        command.Parameters.AddWithValue("$limit", Math.Max(0, query.Limit));
        command.Parameters.AddWithValue("$offset", Math.Max(0, query.Offset));
        using var reader = command.ExecuteReader();
        var result = new List<IncidentRecord>();
        while (reader.Read())
        {
            result.Add(ReadIncident(reader, []));
        }
        return result;
    }

    private static string Parameter(SqliteCommand command, string name, object value)
    {
        command.Parameters.AddWithValue(name, value);
        return name;
    }

    public IncidentRecord? GetIncident(long id)
    {
        using SqliteConnection connection = OpenReader();
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: true);
        return ReadIncident(connection, transaction, id);
    }

    public bool TrySetIncidentStatus(long id, IncidentStatus status, DateTimeOffset at, out IncidentRecord? incident)
    {
        if (status == IncidentStatus.Open)
        {
            throw new ArgumentOutOfRangeException(nameof(status), "an incident cannot be set back to open");
        }
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _guard.EnsureRoom(WriteSlackBytes);
            SqliteConnection? own = _writer is null ? OpenOperatorConnection() : null;
            try
            {
                SqliteConnection connection = own ?? _writer!;
                using SqliteTransaction transaction = connection.BeginTransaction();
                incident = ReadIncident(connection, transaction, id);
                if (incident is null || incident.Status >= status)
                {
                    return false;
                }
                using (var update = connection.CreateCommand())
                {
                    update.Transaction = transaction;
                    update.CommandText = status == IncidentStatus.Acknowledged
                        ? "UPDATE incidents SET state = $state, acknowledged_at = $at WHERE id = $id"
                        : "UPDATE incidents SET state = $state, closed_at = COALESCE(closed_at, $at) WHERE id = $id";
                    update.Parameters.AddWithValue("$state", IncidentNames.Of(status));
                    update.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
                    update.Parameters.AddWithValue("$id", id);
                    update.ExecuteNonQuery();
                }
                if (status == IncidentStatus.Noise)
                {
                    InsertNoise(connection, transaction, incident, at);
                }
                incident = ReadIncident(connection, transaction, id);
                transaction.Commit();
                return true;
            }
            catch (SqliteException e) when (IsDiskFull(e))
            {
                throw new StoreFullException($"log store: the disk of {_directory} is full ({e.Message}); the incident was not changed");
            }
            finally
            {
                own?.Dispose();
            }
        }
    }

    public IReadOnlyList<string> LoadNoiseFingerprints()
    {
        using SqliteConnection connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT fingerprint FROM noise_fingerprints ORDER BY marked_at, fingerprint";
        using var reader = command.ExecuteReader();
        var result = new List<string>();
        while (reader.Read())
        {
            result.Add(reader.GetString(0));
        }
        return result;
    }

    public long HighestIncidentId()
    {
        using SqliteConnection connection = OpenReader();
        return Scalar(connection, null, "SELECT COALESCE(MAX(id), 0) FROM incidents");
    }

    public void SaveDetectorStates(IReadOnlyList<KeyValuePair<string, byte[]>> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (states.Count == 0)
        {
            return;
        }
        lock (_writeLock)
        {
            SqliteConnection writer = Writer();
            _guard.EnsureRoom(WriteSlackBytes + 2L * states.Sum(s => 64L + s.Value.Length));
            using SqliteTransaction transaction = writer.BeginTransaction();
            try
            {
                using var command = writer.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "INSERT OR REPLACE INTO detector_state(name, state, saved_at) VALUES ($name, $state, $at)";
                var name = command.Parameters.Add("$name", SqliteType.Text);
                var state = command.Parameters.Add("$state", SqliteType.Blob);
                command.Parameters.AddWithValue("$at", _options.Time.GetUtcNow().ToUnixTimeMilliseconds());
                foreach ((string detector, byte[] blob) in states)
                {
                    name.Value = detector;
                    state.Value = blob;
                    command.ExecuteNonQuery();
                }
                transaction.Commit();
            }
            catch (SqliteException e) when (IsDiskFull(e))
            {
                throw new StoreFullException($"log store: the disk of {_directory} is full ({e.Message}); no detector state was written");
            }
        }
    }

    public IReadOnlyDictionary<string, byte[]> LoadDetectorStates()
    {
        using SqliteConnection connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, state FROM detector_state";
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (reader.Read())
        {
            result[reader.GetString(0)] = (byte[])reader.GetValue(1);
        }
        return result;
    }

    /// <summary>
    /// A read-write connection for an operator's action on a store opened read-only: the daemon holds the
    /// writer lock file, but SQLite itself serialises the two writers (the busy timeout waits out the
    /// daemon's short transactions).
    /// </summary>
    private SqliteConnection OpenOperatorConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_directory, DatabaseFileName),
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON;");
        return connection;
    }

    private static IncidentRecord? ReadIncident(SqliteConnection connection, SqliteTransaction transaction, long id)
    {
        var findings = new List<IncidentFindingRecord>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                SELECT key, fingerprint, kind, title, severity, detector, entities, first_seen, last_seen, count,
                       first_raised, last_raised, raises, evidence
                FROM incident_findings WHERE incident_id = $id ORDER BY first_raised, key
                """;
            command.Parameters.AddWithValue("$id", id);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                findings.Add(new IncidentFindingRecord(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    IncidentNames.ParseSeverity(reader.GetString(4)),
                    reader.GetString(5),
                    IncidentJson.ParseEntities(reader.GetString(6)),
                    Time(reader.GetInt64(7)),
                    Time(reader.GetInt64(8)),
                    reader.GetInt64(9),
                    Time(reader.GetInt64(10)),
                    Time(reader.GetInt64(11)),
                    reader.GetInt64(12),
                    IncidentJson.ParseEvidence(reader.GetString(13))));
            }
        }
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT {IncidentColumns} FROM incidents WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadIncident(reader, findings) : null;
        }
    }

    private static IncidentRecord ReadIncident(SqliteDataReader reader, IReadOnlyList<IncidentFindingRecord> findings)
    {
        IncidentDetails details = IncidentJson.ParseDetails(reader.GetString(14));
        return new IncidentRecord
        {
            Id = reader.GetInt64(0),
            Fingerprint = reader.GetString(1),
            Kind = reader.GetString(2),
            Title = reader.GetString(3),
            Status = IncidentNames.ParseStatus(reader.GetString(4)),
            Severity = IncidentNames.ParseSeverity(reader.GetString(5)),
            Host = reader.IsDBNull(6) ? null : reader.GetString(6),
            FirstSeen = Time(reader.GetInt64(7)),
            LastSeen = Time(reader.GetInt64(8)),
            OpenedAt = Time(reader.GetInt64(9)),
            UpdatedAt = Time(reader.GetInt64(10)),
            AcknowledgedAt = reader.IsDBNull(11) ? null : Time(reader.GetInt64(11)),
            ClosedAt = reader.IsDBNull(12) ? null : Time(reader.GetInt64(12)),
            Lines = reader.GetInt64(13),
            FindingCount = reader.GetInt32(15),
            Raises = details.Raises,
            Downgraded = details.Downgraded,
            Entities = details.Entities,
            Evidence = details.Evidence,
            Findings = findings,
        };
    }

    private static DateTimeOffset Time(long milliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(milliseconds, DateTimeOffset.MinValue.ToUnixTimeMilliseconds(), DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()));

    private static void InsertNoise(SqliteConnection connection, SqliteTransaction transaction, IncidentRecord incident, DateTimeOffset at)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR IGNORE INTO noise_fingerprints(fingerprint, marked_at, incident_id, kind, title) VALUES ($fp, $at, $id, $kind, $title)";
        var fingerprint = command.Parameters.Add("$fp", SqliteType.Text);
        var kind = command.Parameters.Add("$kind", SqliteType.Text);
        var title = command.Parameters.Add("$title", SqliteType.Text);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$id", incident.Id);
        void Add(string fp, string k, string t)
        {
            fingerprint.Value = fp;
            kind.Value = k;
            title.Value = t;
            command.ExecuteNonQuery();
        }
        Add(incident.Fingerprint, incident.Kind, incident.Title);
        foreach (IncidentFindingRecord finding in incident.Findings)
        {
            Add(finding.Fingerprint, finding.Kind, finding.Title);
        }
    }

    /// <summary>The prepared statements of one <see cref="SaveIncidents"/> transaction.</summary>
    private sealed class IncidentWrites : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteTransaction _transaction;
        private readonly SqliteCommand _current;
        private readonly SqliteCommand _incident;
        private readonly SqliteCommand _finding;

        public IncidentWrites(SqliteConnection connection, SqliteTransaction transaction)
        {
            _connection = connection;
            _transaction = transaction;
            _current = Command("SELECT state, acknowledged_at, closed_at FROM incidents WHERE id = $id");
            _incident = Command("""
                INSERT INTO incidents(id, fingerprint, kind, title, state, severity, host, first_seen, last_seen, opened_at,
                                      updated_at, acknowledged_at, closed_at, finding_count, line_count, details)
                VALUES ($id, $fingerprint, $kind, $title, $state, $severity, $host, $first_seen, $last_seen, $opened_at,
                        $updated_at, $acknowledged_at, $closed_at, $finding_count, $line_count, $details)
                ON CONFLICT(id) DO UPDATE SET
                    fingerprint = excluded.fingerprint, kind = excluded.kind, title = excluded.title, state = excluded.state,
                    severity = excluded.severity, host = excluded.host, first_seen = excluded.first_seen,
                    last_seen = excluded.last_seen, opened_at = excluded.opened_at, updated_at = excluded.updated_at,
                    acknowledged_at = excluded.acknowledged_at, closed_at = excluded.closed_at,
                    finding_count = excluded.finding_count, line_count = excluded.line_count, details = excluded.details
                """);
            _finding = Command("""
                INSERT INTO incident_findings(incident_id, key, fingerprint, kind, severity, title, detector, first_seen, last_seen,
                                              first_raised, last_raised, count, raises, entities, evidence)
                VALUES ($id, $key, $fingerprint, $kind, $severity, $title, $detector, $first_seen, $last_seen,
                        $first_raised, $last_raised, $count, $raises, $entities, $evidence)
                ON CONFLICT(incident_id, key) DO UPDATE SET
                    fingerprint = excluded.fingerprint, kind = excluded.kind, severity = excluded.severity, title = excluded.title,
                    detector = excluded.detector, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
                    first_raised = excluded.first_raised, last_raised = excluded.last_raised, count = excluded.count,
                    raises = excluded.raises, entities = excluded.entities, evidence = excluded.evidence
                """);
        }

        public void Save(IncidentRecord incident)
        {
            // What an operator did in the store meanwhile wins over the tracker's older view.
            IncidentStatus status = incident.Status;
            long? acknowledged = incident.AcknowledgedAt?.ToUnixTimeMilliseconds();
            long? closed = incident.ClosedAt?.ToUnixTimeMilliseconds();
            _current.Parameters["$id"].Value = incident.Id;
            using (var reader = _current.ExecuteReader())
            {
                if (reader.Read() && IncidentNames.ParseStatus(reader.GetString(0)) is var stored && stored > status)
                {
                    status = stored;
                    acknowledged = reader.IsDBNull(1) ? acknowledged : reader.GetInt64(1);
                    closed = reader.IsDBNull(2) ? closed : reader.GetInt64(2);
                }
            }
            Set(_incident, "$id", incident.Id);
            Set(_incident, "$fingerprint", incident.Fingerprint);
            Set(_incident, "$kind", incident.Kind);
            Set(_incident, "$title", incident.Title);
            Set(_incident, "$state", IncidentNames.Of(status));
            Set(_incident, "$severity", IncidentNames.Of(incident.Severity));
            Set(_incident, "$host", incident.Host);
            Set(_incident, "$first_seen", incident.FirstSeen.ToUnixTimeMilliseconds());
            Set(_incident, "$last_seen", incident.LastSeen.ToUnixTimeMilliseconds());
            Set(_incident, "$opened_at", incident.OpenedAt.ToUnixTimeMilliseconds());
            Set(_incident, "$updated_at", incident.UpdatedAt.ToUnixTimeMilliseconds());
            Set(_incident, "$acknowledged_at", acknowledged);
            Set(_incident, "$closed_at", closed);
            Set(_incident, "$finding_count", incident.Findings.Count);
            Set(_incident, "$line_count", incident.Lines);
            Set(_incident, "$details", IncidentJson.Details(incident));
            _incident.ExecuteNonQuery();

            foreach (IncidentFindingRecord f in incident.Findings)
            {
                Set(_finding, "$id", incident.Id);
                Set(_finding, "$key", f.Key);
                Set(_finding, "$fingerprint", f.Fingerprint);
                Set(_finding, "$kind", f.Kind);
                Set(_finding, "$severity", IncidentNames.Of(f.Severity));
                Set(_finding, "$title", f.Title);
                Set(_finding, "$detector", f.Detector);
                Set(_finding, "$first_seen", f.FirstSeen.ToUnixTimeMilliseconds());
                Set(_finding, "$last_seen", f.LastSeen.ToUnixTimeMilliseconds());
                Set(_finding, "$first_raised", f.FirstRaised.ToUnixTimeMilliseconds());
                Set(_finding, "$last_raised", f.LastRaised.ToUnixTimeMilliseconds());
                Set(_finding, "$count", f.Count);
                Set(_finding, "$raises", f.Raises);
                Set(_finding, "$entities", IncidentJson.Entities(f.Entities));
                Set(_finding, "$evidence", IncidentJson.Evidence(f.Evidence));
                _finding.ExecuteNonQuery();
            }
            if (status == IncidentStatus.Noise)
            {
                InsertNoise(_connection, _transaction, incident, closed is { } c ? DateTimeOffset.FromUnixTimeMilliseconds(c) : incident.UpdatedAt);
            }
        }

        public void Dispose()
        {
            _current.Dispose();
            _incident.Dispose();
            _finding.Dispose();
        }

        private SqliteCommand Command(string sql)
        {
            var command = _connection.CreateCommand();
            command.Transaction = _transaction;
            command.CommandText = sql;
            foreach (System.Text.RegularExpressions.Match name in System.Text.RegularExpressions.Regex.Matches(sql, @"\$[a-z_]+"))
            {
                if (!command.Parameters.Contains(name.Value))
                {
                    command.Parameters.Add(new SqliteParameter(name.Value, null));
                }
            }
            return command;
        }

        private static void Set(SqliteCommand command, string name, object? value) => command.Parameters[name].Value = value ?? DBNull.Value;
    }
}
