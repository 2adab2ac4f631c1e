using System.Data;
using System.Data.Common;
using LogWarden.Detect.Incidents;

namespace LogWarden.Store;

/// <summary>
/// Incidents, their findings, noise fingerprints and detector state: one SQL for both stores (times in ms
/// since the epoch). The callers own the transaction, the locking and the disk-full mapping; a store whose
/// writers are not serialised by the engine (PostgreSQL) serialises <see cref="SaveIncidents"/> and
/// <see cref="TrySetIncidentStatus"/> itself, since both read the stored status before writing it.
/// </summary>
internal static partial class SharedTables
{
    private const string IncidentColumns =
        "id, fingerprint, kind, title, state, severity, host, first_seen, last_seen, opened_at, updated_at, acknowledged_at, closed_at, line_count, details, finding_count";

    public static void SaveIncidents(DbConnection writer, DbTransaction transaction, IReadOnlyList<IncidentRecord> incidents)
    {
        using var writes = new IncidentWrites(writer, transaction);
        foreach (IncidentRecord incident in incidents)
        {
            writes.Save(incident);
        }
    }

    public static List<IncidentRecord> ListIncidents(DbConnection connection, IncidentQuery query)
    {
        using DbCommand command = Command(connection, null, "");
        var conditions = new List<string>();
        if (query.Statuses.Count > 0)
        {
            conditions.Add($"state IN ({string.Join(", ", query.Statuses.Select((status, i) => Named(command, "s" + i, DbType.String, IncidentNames.Of(status))))})");
        }
        if (query.Severities.Count > 0)
        {
            conditions.Add($"severity IN ({string.Join(", ", query.Severities.Select((severity, i) => Named(command, "v" + i, DbType.String, IncidentNames.Of(severity))))})");
        }
        if (query.OpenedFrom is { } from)
        {
            conditions.Add($"opened_at >= {Named(command, "from", DbType.Int64, from.ToUnixTimeMilliseconds())}");
        }
        if (query.OpenedTo is { } to)
        {
            conditions.Add($"opened_at < {Named(command, "to", DbType.Int64, to.ToUnixTimeMilliseconds())}");
        }
        string filter = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        command.CommandText = $"SELECT {IncidentColumns} FROM incidents {filter} ORDER BY updated_at DESC, id DESC LIMIT @limit OFFSET @offset";
        Add(command, "limit", DbType.Int32, Math.Max(0, query.Limit));
        Add(command, "offset", DbType.Int32, Math.Max(0, query.Offset));
        using DbDataReader reader = command.ExecuteReader();
        var result = new List<IncidentRecord>();
        while (reader.Read())
        {
            result.Add(ReadIncident(reader, []));
        }
        return result;
    }

    private static string Named(DbCommand command, string name, DbType type, object value)
    {
        Add(command, name, type, value);
        return "@" + name;
    }

    /// <summary>One incident with its findings, read in <paramref name="transaction"/> (so both parts agree); null when there is none.</summary>
    public static IncidentRecord? ReadIncident(DbConnection connection, DbTransaction? transaction, long id)
    {
        var findings = new List<IncidentFindingRecord>();
        using (DbCommand command = Command(connection, transaction, """
            SELECT key, fingerprint, kind, title, severity, detector, entities, first_seen, last_seen, count,
                   first_raised, last_raised, raises, evidence, fleet_key
            FROM incident_findings WHERE incident_id = @id ORDER BY first_raised, key
            """))
        {
            Add(command, "id", DbType.Int64, id);
            using DbDataReader reader = command.ExecuteReader();
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
                    IncidentJson.ParseEvidence(reader.GetString(13)))
                {
                    FleetKey = reader.IsDBNull(14) ? null : reader.GetString(14),
                });
            }
        }
        using (DbCommand command = Command(connection, transaction, $"SELECT {IncidentColumns} FROM incidents WHERE id = @id"))
        {
            Add(command, "id", DbType.Int64, id);
            using DbDataReader reader = command.ExecuteReader();
            return reader.Read() ? ReadIncident(reader, findings) : null;
        }
    }

    /// <summary>
    /// Moves an incident forward to <paramref name="status"/> in <paramref name="transaction"/> (see
    /// <see cref="IIncidentStore.TrySetIncidentStatus"/>); the caller commits when this returns true.
    /// </summary>
    public static bool TrySetIncidentStatus(DbConnection connection, DbTransaction transaction, long id, IncidentStatus status, DateTimeOffset at, out IncidentRecord? incident)
    {
        incident = ReadIncident(connection, transaction, id);
        if (incident is null || incident.Status >= status)
        {
            return false;
        }
        using (DbCommand update = Command(connection, transaction, status == IncidentStatus.Acknowledged
            ? "UPDATE incidents SET state = @state, acknowledged_at = @at WHERE id = @id"
            : "UPDATE incidents SET state = @state, closed_at = COALESCE(closed_at, @at) WHERE id = @id"))
        {
            Add(update, "state", DbType.String, IncidentNames.Of(status));
            Add(update, "at", DbType.Int64, at.ToUnixTimeMilliseconds());
            Add(update, "id", DbType.Int64, id);
            update.ExecuteNonQuery();
        }
        if (status == IncidentStatus.Noise)
        {
            InsertNoise(connection, transaction, incident, at);
        }
        incident = ReadIncident(connection, transaction, id);
        return true;
    }

    /// <summary>See <see cref="IIncidentStore.LoadStatusesPastOpen"/>; asks in chunks, each one indexed lookup per id.</summary>
    public static List<(long Id, IncidentStatus Status)> ReadStatusesPastOpen(DbConnection connection, IReadOnlyCollection<long> ids)
    {
        const int Chunk = 200;
        var result = new List<(long, IncidentStatus)>();
        foreach (long[] chunk in ids.Chunk(Chunk))
        {
            using DbCommand command = Command(connection, null, "");
            string list = string.Join(", ", chunk.Select((id, i) => Named(command, "i" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), DbType.Int64, id)));
            command.CommandText = $"SELECT id, state FROM incidents WHERE id IN ({list}) AND state <> 'open'";
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                result.Add((reader.GetInt64(0), IncidentNames.ParseStatus(reader.GetString(1))));
            }
        }
        return result;
    }

    public static List<string> ReadNoiseFingerprints(DbConnection connection)
    {
        using DbCommand command = Command(connection, null, "SELECT fingerprint FROM noise_fingerprints ORDER BY marked_at, fingerprint");
        using DbDataReader reader = command.ExecuteReader();
        var result = new List<string>();
        while (reader.Read())
        {
            result.Add(reader.GetString(0));
        }
        return result;
    }

    public static long HighestIncidentId(DbConnection connection)
    {
        using DbCommand command = Command(connection, null, "SELECT COALESCE(MAX(id), 0) FROM incidents");
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Replaces the named detectors' states in the caller's transaction.</summary>
    public static void SaveDetectorStates(DbConnection writer, DbTransaction transaction, IReadOnlyList<KeyValuePair<string, byte[]>> states, DateTimeOffset at)
    {
        using DbCommand command = Command(writer, transaction, """
            INSERT INTO detector_state(name, state, saved_at) VALUES (@name, @state, @at)
            ON CONFLICT (name) DO UPDATE SET state = excluded.state, saved_at = excluded.saved_at
            """);
        DbParameter name = Add(command, "name", DbType.String);
        DbParameter state = Add(command, "state", DbType.Binary);
        Add(command, "at", DbType.Int64, at.ToUnixTimeMilliseconds());
        foreach ((string detector, byte[] blob) in states)
        {
            name.Value = detector;
            state.Value = blob;
            command.ExecuteNonQuery();
        }
    }

    public static Dictionary<string, byte[]> ReadDetectorStates(DbConnection connection)
    {
        using DbCommand command = Command(connection, null, "SELECT name, state FROM detector_state");
        using DbDataReader reader = command.ExecuteReader();
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (reader.Read())
        {
            result[reader.GetString(0)] = (byte[])reader.GetValue(1);
        }
        return result;
    }

    private static IncidentRecord ReadIncident(DbDataReader reader, IReadOnlyList<IncidentFindingRecord> findings)
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

    /// <summary>A stored time in ms, clamped to what <see cref="DateTimeOffset"/> holds (damaged rows read, they do not throw).</summary>
    internal static DateTimeOffset Time(long milliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(milliseconds, DateTimeOffset.MinValue.ToUnixTimeMilliseconds(), DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()));

    private static void InsertNoise(DbConnection connection, DbTransaction transaction, IncidentRecord incident, DateTimeOffset at)
    {
        using DbCommand command = Command(connection, transaction, """
            INSERT INTO noise_fingerprints(fingerprint, marked_at, incident_id, kind, title) VALUES (@fp, @at, @id, @kind, @title)
            ON CONFLICT (fingerprint) DO NOTHING
            """);
        DbParameter fingerprint = Add(command, "fp", DbType.String);
        DbParameter kind = Add(command, "kind", DbType.String);
        DbParameter title = Add(command, "title", DbType.String);
        Add(command, "at", DbType.Int64, at.ToUnixTimeMilliseconds());
        Add(command, "id", DbType.Int64, incident.Id);
        void Insert(string fp, string k, string t)
        {
            fingerprint.Value = fp;
            kind.Value = k;
            title.Value = t;
            command.ExecuteNonQuery();
        }
        Insert(incident.Fingerprint, incident.Kind, incident.Title);
        foreach (IncidentFindingRecord finding in incident.Findings)
        {
            Insert(finding.Fingerprint, finding.Kind, finding.Title);
        }
    }

    /// <summary>The prepared statements of one <see cref="SaveIncidents"/> transaction.</summary>
    private sealed class IncidentWrites : IDisposable
    {
        private readonly DbConnection _connection;
        private readonly DbTransaction _transaction;
        private readonly DbCommand _current;
        private readonly DbCommand _incident;
        private readonly DbCommand _finding;

        public IncidentWrites(DbConnection connection, DbTransaction transaction)
        {
            _connection = connection;
            _transaction = transaction;
            _current = Command(connection, transaction, "SELECT state, acknowledged_at, closed_at FROM incidents WHERE id = @id");
            Add(_current, "id", DbType.Int64);
            _incident = Command(connection, transaction, """
                INSERT INTO incidents(id, fingerprint, kind, title, state, severity, host, first_seen, last_seen, opened_at,
                                      updated_at, acknowledged_at, closed_at, finding_count, line_count, details)
                VALUES (@id, @fingerprint, @kind, @title, @state, @severity, @host, @first_seen, @last_seen, @opened_at,
                        @updated_at, @acknowledged_at, @closed_at, @finding_count, @line_count, @details)
                ON CONFLICT (id) DO UPDATE SET
                    fingerprint = excluded.fingerprint, kind = excluded.kind, title = excluded.title, state = excluded.state,
                    severity = excluded.severity, host = excluded.host, first_seen = excluded.first_seen,
                    last_seen = excluded.last_seen, opened_at = excluded.opened_at, updated_at = excluded.updated_at,
                    acknowledged_at = excluded.acknowledged_at, closed_at = excluded.closed_at,
                    finding_count = excluded.finding_count, line_count = excluded.line_count, details = excluded.details
                """);
            foreach ((string name, DbType type) in (ReadOnlySpan<(string, DbType)>)[
                ("id", DbType.Int64), ("fingerprint", DbType.String), ("kind", DbType.String), ("title", DbType.String),
                ("state", DbType.String), ("severity", DbType.String), ("host", DbType.String), ("first_seen", DbType.Int64),
                ("last_seen", DbType.Int64), ("opened_at", DbType.Int64), ("updated_at", DbType.Int64), ("acknowledged_at", DbType.Int64),
                ("closed_at", DbType.Int64), ("finding_count", DbType.Int32), ("line_count", DbType.Int64), ("details", DbType.String)])
            {
                Add(_incident, name, type);
            }
            _finding = Command(connection, transaction, """
                INSERT INTO incident_findings(incident_id, key, fingerprint, kind, severity, title, detector, first_seen, last_seen,
                                              first_raised, last_raised, count, raises, entities, evidence, fleet_key)
                VALUES (@id, @key, @fingerprint, @kind, @severity, @title, @detector, @first_seen, @last_seen,
                        @first_raised, @last_raised, @count, @raises, @entities, @evidence, @fleet_key)
                ON CONFLICT (incident_id, key) DO UPDATE SET
                    fingerprint = excluded.fingerprint, kind = excluded.kind, severity = excluded.severity, title = excluded.title,
                    detector = excluded.detector, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
                    first_raised = excluded.first_raised, last_raised = excluded.last_raised, count = excluded.count,
                    raises = excluded.raises, entities = excluded.entities, evidence = excluded.evidence, fleet_key = excluded.fleet_key
                """);
            foreach ((string name, DbType type) in (ReadOnlySpan<(string, DbType)>)[
                ("id", DbType.Int64), ("key", DbType.String), ("fingerprint", DbType.String), ("kind", DbType.String),
                ("severity", DbType.String), ("title", DbType.String), ("detector", DbType.String), ("first_seen", DbType.Int64),
                ("last_seen", DbType.Int64), ("first_raised", DbType.Int64), ("last_raised", DbType.Int64), ("count", DbType.Int64),
                ("raises", DbType.Int64), ("entities", DbType.String), ("evidence", DbType.String), ("fleet_key", DbType.String)])
            {
                Add(_finding, name, type);
            }
        }

        public void Save(IncidentRecord incident)
        {
            // What an operator did in the store meanwhile wins over the tracker's older view.
            IncidentStatus status = incident.Status;
            long? acknowledged = incident.AcknowledgedAt?.ToUnixTimeMilliseconds();
            long? closed = incident.ClosedAt?.ToUnixTimeMilliseconds();
            _current.Parameters["id"].Value = incident.Id;
            using (DbDataReader reader = _current.ExecuteReader())
            {
                if (reader.Read() && IncidentNames.ParseStatus(reader.GetString(0)) is var stored && stored > status)
                {
                    status = stored;
                    acknowledged = reader.IsDBNull(1) ? acknowledged : reader.GetInt64(1);
                    closed = reader.IsDBNull(2) ? closed : reader.GetInt64(2);
                }
            }
            Set(_incident, "id", incident.Id);
            Set(_incident, "fingerprint", incident.Fingerprint);
            Set(_incident, "kind", incident.Kind);
            Set(_incident, "title", incident.Title);
            Set(_incident, "state", IncidentNames.Of(status));
            Set(_incident, "severity", IncidentNames.Of(incident.Severity));
            Set(_incident, "host", incident.Host);
            Set(_incident, "first_seen", incident.FirstSeen.ToUnixTimeMilliseconds());
            Set(_incident, "last_seen", incident.LastSeen.ToUnixTimeMilliseconds());
            Set(_incident, "opened_at", incident.OpenedAt.ToUnixTimeMilliseconds());
            Set(_incident, "updated_at", incident.UpdatedAt.ToUnixTimeMilliseconds());
            Set(_incident, "acknowledged_at", acknowledged);
            Set(_incident, "closed_at", closed);
            Set(_incident, "finding_count", incident.Findings.Count);
            Set(_incident, "line_count", incident.Lines);
            Set(_incident, "details", IncidentJson.Details(incident));
            _incident.ExecuteNonQuery();

            foreach (IncidentFindingRecord f in incident.Findings)
            {
                Set(_finding, "id", incident.Id);
                Set(_finding, "key", f.Key);
                Set(_finding, "fingerprint", f.Fingerprint);
                Set(_finding, "kind", f.Kind);
                Set(_finding, "severity", IncidentNames.Of(f.Severity));
                Set(_finding, "title", f.Title);
                Set(_finding, "detector", f.Detector);
                Set(_finding, "first_seen", f.FirstSeen.ToUnixTimeMilliseconds());
                Set(_finding, "last_seen", f.LastSeen.ToUnixTimeMilliseconds());
                Set(_finding, "first_raised", f.FirstRaised.ToUnixTimeMilliseconds());
                Set(_finding, "last_raised", f.LastRaised.ToUnixTimeMilliseconds());
                Set(_finding, "count", f.Count);
                Set(_finding, "raises", f.Raises);
                Set(_finding, "entities", IncidentJson.Entities(f.Entities));
                Set(_finding, "evidence", IncidentJson.Evidence(f.Evidence));
                Set(_finding, "fleet_key", f.FleetKey);
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

        private static void Set(DbCommand command, string name, object? value) => command.Parameters[name].Value = value ?? DBNull.Value;
    }
}
