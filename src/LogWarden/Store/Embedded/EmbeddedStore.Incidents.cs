using LogWarden.Detect.Incidents;
using Microsoft.Data.Sqlite;

namespace LogWarden.Store.Embedded;

/// <summary>
/// Incidents, noise fingerprints and detector state (schema step 4), through <see cref="SharedTables"/>'s SQL
/// (the same as the PostgreSQL store's); this part adds the writer lock, the disk-space guard and the operator's
/// connection beside a running daemon. SQLite serialises writers, so a save and an operator's action never interleave.
/// </summary>
internal sealed partial class EmbeddedStore : IIncidentStore, IDetectorStateStore
{
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
                SharedTables.SaveIncidents(writer, transaction, incidents);
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
        return SharedTables.ListIncidents(connection, query);
    }

    public IncidentRecord? GetIncident(long id)
    {
        using SqliteConnection connection = OpenReader();
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: true);
        return SharedTables.ReadIncident(connection, transaction, id);
    }

    public bool TrySetIncidentStatus(long id, IncidentStatus status, DateTimeOffset at, out IncidentRecord? incident)
    {
        if (status == IncidentStatus.Open)
        {
            throw new ArgumentOutOfRangeException(nameof(status), "an incident cannot be set back to open");
        }
        IncidentRecord? result = null;
        bool changed = Write(WriteSlackBytes, "the incident was not changed", (connection, transaction) =>
            SharedTables.TrySetIncidentStatus(connection, transaction, id, status, at, out result));
        incident = result;
        return changed;
    }

    public IReadOnlyList<string> LoadNoiseFingerprints()
    {
        using SqliteConnection connection = OpenReader();
        return SharedTables.ReadNoiseFingerprints(connection);
    }

    public IReadOnlyList<(long Id, IncidentStatus Status)> LoadStatusesPastOpen(IReadOnlyCollection<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return [];
        }
        using SqliteConnection connection = OpenReader();
        return SharedTables.ReadStatusesPastOpen(connection, ids);
    }

    public long HighestIncidentId()
    {
        using SqliteConnection connection = OpenReader();
        return SharedTables.HighestIncidentId(connection);
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
                SharedTables.SaveDetectorStates(writer, transaction, states, _options.Time.GetUtcNow());
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
        return SharedTables.ReadDetectorStates(connection);
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

    /// <summary>One small write transaction on the daemon's writer, or on an operator connection of its own when opened read-only.</summary>
    private T Write<T>(long bytesNeeded, string notWritten, Func<SqliteConnection, SqliteTransaction, T> write)
    {
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _guard.EnsureRoom(bytesNeeded);
            SqliteConnection? own = _writer is null ? OpenOperatorConnection() : null;
            try
            {
                SqliteConnection connection = own ?? _writer!;
                using SqliteTransaction transaction = connection.BeginTransaction();
                T result = write(connection, transaction);
                transaction.Commit();
                return result;
            }
            catch (SqliteException e) when (IsDiskFull(e))
            {
                throw new StoreFullException($"log store: the disk of {_directory} is full ({e.Message}); {notWritten}");
            }
            finally
            {
                own?.Dispose();
            }
        }
    }
}
