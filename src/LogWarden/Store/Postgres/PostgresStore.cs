using System.Collections.Concurrent;
using System.Globalization;
using LogWarden.Collect;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Store.Embedded;
using Npgsql;

namespace LogWarden.Store.Postgres;

/// <summary>
/// The central node's store: the same interfaces as the embedded one over a PostgreSQL database, for a
/// fleet's many hosts. Lines go in by binary COPY into a table partitioned by day; see README.md beside this file.
/// </summary>
/// <remarks>
/// Threads: one writer at a time (appends and retention take a lock and use one connection, which also holds
/// a session advisory lock so that a second central process on the same database refuses to start); any number
/// of concurrent readers on pooled connections, each search in one read-only snapshot.
/// </remarks>
internal sealed partial class PostgresStore : ILogStore, IMetricStore
{
    /// <summary>The advisory lock key the writing process holds ("LW" + 1).</summary>
    private const long WriterLockKey = 0x4C57_0001;

    private readonly object _writeLock = new();
    private readonly PostgresStoreOptions _options;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ConcurrentDictionary<int, StreamLabels> _streamsById = new();
    private readonly ConcurrentDictionary<string, int> _streamIdsByKey = new(StringComparer.Ordinal);
    private NpgsqlConnection? _writer;
    private bool _disposed;

    private PostgresStore(PostgresStoreOptions options, NpgsqlDataSource dataSource)
    {
        _options = options;
        _dataSource = dataSource;
    }

    /// <summary>Where the store is, for messages: host and database, never the password.</summary>
    public string Describe { get; private set; } = "";

    /// <summary>Opens (creating or upgrading the schema when needed) the store in the database the options name.</summary>
    /// <exception cref="InvalidDataException">The schema is newer than this program, or (read-only) not there.</exception>
    /// <exception cref="NpgsqlException">The server cannot be reached or refused the login.</exception>
    public static PostgresStore Open(PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new NpgsqlSlimDataSourceBuilder(options.ConnectionString);
        builder.EnableArrays();
        if (options.PasswordFile is { } file)
        {
            builder.ConnectionStringBuilder.Password = ReadPassword(file);
        }
        builder.ConnectionStringBuilder.ApplicationName ??= "logwarden";
        var store = new PostgresStore(options, builder.Build())
        {
            Describe = $"PostgreSQL database '{builder.ConnectionStringBuilder.Database}' on {builder.ConnectionStringBuilder.Host}",
        };
        try
        {
            store.Initialise();
        }
        catch
        {
            store.Dispose();
            throw;
        }
        return store;
    }

    private static string ReadPassword(string file)
    {
        try
        {
            using var reader = new StreamReader(file);
            return reader.ReadLine()?.TrimEnd('\r') ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"store: cannot read the password file {file}: {e.Message}", e);
        }
    }

    private void Initialise()
    {
        if (_options.ReadOnly)
        {
            using NpgsqlConnection reader = _dataSource.OpenConnection();
            int version = PostgresSchema.CurrentVersion(reader);
            if (version != PostgresSchema.LatestVersion)
            {
                throw new InvalidDataException($"the store in {Describe} has schema version {version}, this LogWarden reads {PostgresSchema.LatestVersion}");
            }
            RefreshStreams(reader);
            return;
        }
        Writer();
        RefreshStreams(_writer!);
        LoadPartitions(_writer!);
        EnsurePartitions(TodayAndAhead());
    }

    /// <summary>The writer's connection, opened (and the schema brought up to date) on first use or after it broke.</summary>
    private NpgsqlConnection Writer()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_options.ReadOnly)
        {
            throw new InvalidOperationException("the log store was opened read-only");
        }
        if (_writer is { State: System.Data.ConnectionState.Open })
        {
            return _writer;
        }
        _writer?.Dispose();
        _writer = null;
        NpgsqlConnection connection = _dataSource.OpenConnection();
        try
        {
            using (var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({WriterLockKey})", connection))
            {
                if (command.ExecuteScalar() is not true)
                {
                    throw new IOException($"the log store in {Describe} is open for writing in another process (another central?); open it read-only or stop that process");
                }
            }
            PostgresSchema.Apply(connection, _options.Time);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        _writer = connection;
        _logtypesLoaded = false; // a new session: the logtypes are read again (another writer may have been here meanwhile)
        return connection;
    }

    internal NpgsqlConnection OpenReader() => _dataSource.OpenConnection();

    /// <summary>Loads streams not yet known (the writer is another process, or a transaction of ours added them).</summary>
    private void RefreshStreams(NpgsqlConnection connection, NpgsqlTransaction? transaction = null)
    {
        int known = _streamsById.IsEmpty ? 0 : _streamsById.Keys.Max();
        using var command = new NpgsqlCommand("SELECT id, labels FROM streams WHERE id > @known", connection, transaction);
        command.Parameters.AddWithValue("known", known);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var labels = StoreJson.ParseLabels(reader.GetString(1));
            _streamsById.TryAdd(reader.GetInt32(0), labels);
            _streamIdsByKey.TryAdd(labels.Key, reader.GetInt32(0));
        }
    }

    private StreamLabels KnownLabels(int streamId) =>
        _streamsById.TryGetValue(streamId, out StreamLabels? labels) ? labels : throw new InvalidDataException($"stream {streamId} is not in the store");

    public string? Get(string sourceId, string key)
    {
        using NpgsqlConnection connection = OpenReader();
        return SharedTables.ReadCheckpoint(connection, sourceId, key);
    }

    public IReadOnlyDictionary<string, string> GetAll(string sourceId)
    {
        using NpgsqlConnection connection = OpenReader();
        return SharedTables.ReadCheckpoints(connection, sourceId);
    }

    public IReadOnlyList<TemplateState> LoadTemplates()
    {
        using NpgsqlConnection connection = OpenReader();
        using var command = new NpgsqlCommand("SELECT id, tokens, any_positions, count, first_seen, last_seen, example, merged_into, level FROM templates ORDER BY id", connection);
        using var reader = command.ExecuteReader();
        var result = new List<TemplateState>();
        while (reader.Read())
        {
            result.Add(new TemplateState(
                reader.GetInt32(0),
                reader.GetFieldValue<string[]>(1),
                reader.GetFieldValue<int[]>(2),
                reader.GetInt64(3),
                reader.IsDBNull(4) ? null : DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture),
                reader.IsDBNull(5) ? null : DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
                reader.GetString(6),
                reader.GetInt32(7),
                (Severity)reader.GetInt16(8)));
        }
        return result;
    }

    /// <summary>
    /// The ids whose lines count as template <paramref name="templateId"/>: it resolves through merges to
    /// a live template, and every id merged (directly or not) into that one belongs to it.
    /// </summary>
    private static int[] TemplateFamily(NpgsqlConnection connection, NpgsqlTransaction? transaction, int templateId)
    {
        using var command = new NpgsqlCommand("""
            WITH RECURSIVE up(id, merged_into, depth) AS (
                SELECT id, merged_into, 0 FROM templates WHERE id = @id
                UNION ALL
                SELECT t.id, t.merged_into, up.depth + 1 FROM templates t JOIN up ON t.id = up.merged_into
                WHERE up.merged_into <> 0 AND up.depth < 100000),
            root(id) AS (SELECT COALESCE((SELECT id FROM up WHERE merged_into = 0 LIMIT 1), @id)),
            down(id) AS (
                SELECT id FROM root
                UNION
                SELECT t.id FROM templates t JOIN down ON t.merged_into = down.id)
            SELECT id FROM down
            """, connection, transaction);
        command.Parameters.AddWithValue("id", templateId);
        using var reader = command.ExecuteReader();
        var ids = new HashSet<int> { templateId };
        while (reader.Read())
        {
            ids.Add(reader.GetInt32(0));
        }
        return [.. ids];
    }

    public StoreStats GetStats()
    {
        using NpgsqlConnection connection = OpenReader();
        using NpgsqlTransaction transaction = connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        long lines = 0;
        long? oldest = null, newest = null;
        using (var command = new NpgsqlCommand("SELECT COALESCE(SUM(lines), 0)::bigint, MIN(min_ts), MAX(max_ts) FROM stream_days", connection, transaction))
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            lines = reader.GetInt64(0);
            if (!reader.IsDBNull(1))
            {
                oldest = reader.GetInt64(1);
                newest = reader.GetInt64(2);
            }
        }
        var bytes = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var command = new NpgsqlCommand("""
            SELECT CASE WHEN c.relname LIKE 'lines\_%' THEN 'lines' ELSE c.relname END, SUM(pg_total_relation_size(c.oid))::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind = 'r'
            GROUP BY 1
            """, connection, transaction))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                bytes[reader.GetString(0)] = reader.GetInt64(1);
            }
        }
        int streams = (int)Scalar(connection, transaction, "SELECT COUNT(*) FROM streams");
        int templates = (int)Scalar(connection, transaction, "SELECT COUNT(*) FROM templates WHERE merged_into = 0");
        return new StoreStats(
            lines,
            streams,
            templates,
            oldest is { } o ? new DateTimeOffset(o, TimeSpan.Zero) : null,
            newest is { } n ? new DateTimeOffset(n, TimeSpan.Zero) : null,
            bytes,
            bytes.Values.Sum());
    }

    private static long Scalar(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            if (_writer is { State: System.Data.ConnectionState.Open } writer)
            {
                // Released here, not when the server notices the closed session: a process (or test) that opens the
                // store for writing right after this one closed it must not find the lock still held.
                try
                {
                    using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({WriterLockKey})", writer);
                    unlock.ExecuteNonQuery();
                }
                catch (NpgsqlException)
                {
                    // The session is gone, and its lock with it.
                }
            }
            _writer?.Dispose();
            _dataSource.Dispose();
        }
    }
}
