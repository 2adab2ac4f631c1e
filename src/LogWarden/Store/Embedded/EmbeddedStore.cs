using System.Collections.Concurrent;
using System.Globalization;
using LogWarden.Collect;
using LogWarden.Mine;
using LogWarden.Parse;
using Microsoft.Data.Sqlite;
using ZstdSharp;

namespace LogWarden.Store.Embedded;

/// <summary>
/// The store that needs nothing installed: one SQLite database (WAL mode) in a data directory holds
/// everything. Log lines are kept CLP-style (logtype + variables, column by column, zstd) in sealed blocks;
/// the most recent lines sit in a write-ahead tail (one lightly compressed row per append) so that each
/// append is durable at once yet blocks stay big. See README.md beside this file for the layout.
/// </summary>
/// <remarks>
/// Threads: one writer at a time (appends, sealing, retention and metric writes take a lock and use one
/// connection); any number of concurrent readers, each on its own pooled read-only connection inside one
/// read transaction, so a search sees one consistent snapshot while the writer goes on. One process writes
/// a data directory (a lock file enforces it); other processes may open it <see cref="EmbeddedStoreOptions.ReadOnly"/>.
/// </remarks>
internal sealed partial class EmbeddedStore : ILogStore, IMetricStore
{
    public const string DatabaseFileName = "logwarden.db";
    private const string LockFileName = "writer.lock";

    /// <summary>Largest decompressed chunk or section accepted when reading (guards against damaged frames).</summary>
    internal const int MaxDecompressedBytes = 1 << 30;

    private readonly object _writeLock = new();
    private readonly string _directory;
    private readonly EmbeddedStoreOptions _options;
    private readonly string _readConnectionString;
    private readonly SqliteConnection? _writer;
    private readonly FileStream? _lockFile;
    private readonly DiskSpaceGuard _guard;
    private readonly ConcurrentDictionary<int, StreamLabels> _streamsById = new();
    private readonly Dictionary<string, int> _streamIdsByKey = new(StringComparer.Ordinal);
    private readonly List<TailRow> _tailRows = [];
    private readonly Compressor? _tailCompressor;
    /// <summary>
    /// What the scratch buffer keeps between uses: an append's chunk (at most 1 Mi characters of lines, encoded)
    /// fits; a seal's serialised block (several MiB) grows it for that seal only, instead of
    /// keeping 4 MiB alive for good (seen in the daemon's heap while it ingested 10,000 lines/s).
    /// </summary>
    private const int ScratchKeptBytes = 1 << 20;

    private readonly ByteBuffer _scratch = new(1 << 16);
    private readonly DecodedSegmentCache _decoded;
    private BlockBuilder? _builder;
    private long _nextSequence = 1;
    private int _nextStreamId = 1;
    private int _sealRetryAtLines;
    private bool _disposed;

    private readonly record struct TailRow(long Id, long FirstSequence, int LineCount, long AppendedAtTicks);

    private EmbeddedStore(string directory, EmbeddedStoreOptions options)
    {
        _directory = directory;
        _options = options;
        string database = Path.Combine(directory, DatabaseFileName);
        _readConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = database,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
        }.ToString();
        _guard = new DiskSpaceGuard(directory, options.MinFreeBytes, options.MinFreeFraction);
        _decoded = new DecodedSegmentCache(options.DecodedCacheBytes, options.Time, options.DecodedTimesBytes, Math.Min(options.DecodedReadOnceBytes, options.DecodedCacheBytes)); // 0 turns it all off
        if (options.ReadOnly)
        {
            if (!File.Exists(database))
            {
                throw new FileNotFoundException($"no log store in {directory}", database);
            }
            return;
        }
        try
        {
            _lockFile = new FileStream(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"the log store in {directory} is open for writing in another process (the daemon?); open it read-only or stop that process", e);
        }
        _writer = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = database,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        _tailCompressor = new Compressor(1);
    }

    /// <summary>Counts of what searches read, to show (and test) that a query reads only the blocks it needs.</summary>
    public ReadCounters Reads { get; } = new();

    /// <summary>Seal attempts that failed (the lines stay in the tail, safe, and sealing is retried later).</summary>
    public int SealFailures { get; private set; }

    public Exception? LastSealError { get; private set; }

    /// <summary>Opens (creating or upgrading it when needed) the store in <paramref name="dataDirectory"/>.</summary>
    public static EmbeddedStore Open(string dataDirectory, EmbeddedStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string directory = Path.GetFullPath(dataDirectory);
        if (!options.ReadOnly)
        {
            Directory.CreateDirectory(directory);
        }
        var store = new EmbeddedStore(directory, options);
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

    private void Initialise()
    {
        if (_writer is null)
        {
            using SqliteConnection reader = OpenReader();
            int version = SchemaMigrations.CurrentVersion(reader);
            if (version != SchemaMigrations.LatestVersion)
            {
                throw new InvalidDataException($"the store's schema is version {version}, this LogWarden reads {SchemaMigrations.LatestVersion}");
            }
            RefreshStreams(reader);
            return;
        }
        _writer.Open();
        // page_size and auto_vacuum take effect only on a new database; the others hold per connection.
        Execute(_writer, """
            PRAGMA page_size = 8192;
            PRAGMA auto_vacuum = INCREMENTAL;
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            PRAGMA foreign_keys = ON;
            PRAGMA wal_autocheckpoint = 1000;
            PRAGMA journal_size_limit = 16777216;
            """);
        SchemaMigrations.Apply(_writer, _options.Time);
        using (var command = _writer.CreateCommand())
        {
            command.CommandText = "SELECT value FROM meta WHERE key = 'next_seq'";
            if (command.ExecuteScalar() is long next)
            {
                _nextSequence = next;
            }
        }
        RefreshStreams(_writer);
        foreach ((int id, StreamLabels labels) in _streamsById)
        {
            _streamIdsByKey[labels.Key] = id;
            _nextStreamId = Math.Max(_nextStreamId, id + 1);
        }
        RebuildBuilder();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        return connection;
    }

    internal EmbeddedStoreOptions Options => _options;

    /// <summary>Loads streams not yet known (another process may have added some).</summary>
    internal void RefreshStreams(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        int known = _streamsById.IsEmpty ? 0 : _streamsById.Keys.Max();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id, labels FROM streams WHERE id > $known";
        command.Parameters.AddWithValue("$known", known);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            _streamsById.TryAdd(reader.GetInt32(0), StoreJson.ParseLabels(reader.GetString(1)));
        }
    }

    internal IReadOnlyDictionary<int, StreamLabels> Streams => _streamsById;

    internal StreamLabels LabelsOf(int streamId, SqliteConnection connection, SqliteTransaction? transaction)
    {
        if (_streamsById.TryGetValue(streamId, out StreamLabels? labels))
        {
            return labels;
        }
        RefreshStreams(connection, transaction);
        return _streamsById.TryGetValue(streamId, out labels) ? labels : throw new InvalidDataException($"stream {streamId} is not in the store");
    }

    public IEnumerable<SearchHit> Search(SearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return SearchRun.Execute(this, query, cancellationToken);
    }

    public string? Get(string sourceId, string key)
    {
        using SqliteConnection connection = OpenReader();
        return SharedTables.ReadCheckpoint(connection, sourceId, key);
    }

    public IReadOnlyDictionary<string, string> GetAll(string sourceId)
    {
        using SqliteConnection connection = OpenReader();
        return SharedTables.ReadCheckpoints(connection, sourceId);
    }

    public IReadOnlyList<TemplateState> LoadTemplates()
    {
        using SqliteConnection connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, tokens, any_positions, count, first_seen, last_seen, example, merged_into, level FROM templates ORDER BY id";
        using var reader = command.ExecuteReader();
        var result = new List<TemplateState>();
        while (reader.Read())
        {
            result.Add(new TemplateState(
                reader.GetInt32(0),
                StoreJson.ParseStrings(reader.GetString(1)),
                StoreJson.ParseInts(reader.GetString(2)),
                reader.GetInt64(3),
                reader.IsDBNull(4) ? null : DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture),
                reader.IsDBNull(5) ? null : DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
                reader.GetString(6),
                reader.GetInt32(7),
                (Severity)reader.GetInt32(8)));
        }
        return result;
    }

    /// <summary>
    /// The ids whose lines count as template <paramref name="templateId"/>: it resolves through merges to
    /// a live template, and every id merged (directly or not) into that one belongs to it.
    /// </summary>
    internal static HashSet<int> TemplateFamily(SqliteConnection connection, SqliteTransaction? transaction, int templateId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            WITH RECURSIVE up(id, merged_into, depth) AS (
                SELECT id, merged_into, 0 FROM templates WHERE id = $id
                UNION ALL
                SELECT t.id, t.merged_into, up.depth + 1 FROM templates t JOIN up ON t.id = up.merged_into
                WHERE up.merged_into != 0 AND up.depth < 100000),
            root(id) AS (SELECT COALESCE((SELECT id FROM up WHERE merged_into = 0 LIMIT 1), $id)),
            down(id) AS (
                SELECT id FROM root
                UNION
                SELECT t.id FROM templates t JOIN down ON t.merged_into = down.id)
            SELECT id FROM down
            """;
        command.Parameters.AddWithValue("$id", templateId);
        using var reader = command.ExecuteReader();
        var ids = new HashSet<int>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt32(0));
        }
        ids.Add(templateId);
        return ids;
    }

    public StoreStats GetStats()
    {
        using SqliteConnection connection = OpenReader();
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: true);
        long lines = 0;
        long? oldest = null, newest = null;
        var bytes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string table in new[] { "blocks", "tail" })
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT COALESCE(SUM(line_count), 0), MIN(min_time), MAX(max_time) FROM {table}";
            using var reader = command.ExecuteReader();
            reader.Read();
            lines += reader.GetInt64(0);
            if (!reader.IsDBNull(1))
            {
                oldest = Math.Min(oldest ?? long.MaxValue, reader.GetInt64(1));
                newest = Math.Max(newest ?? long.MinValue, reader.GetInt64(2));
            }
        }
        bytes["block_headers"] = Scalar(connection, transaction, "SELECT COALESCE(SUM(length(data)), 0) FROM block_parts WHERE part = 0");
        bytes["block_sections"] = Scalar(connection, transaction, "SELECT COALESCE(SUM(length(data)), 0) FROM block_parts WHERE part > 0");
        bytes["tail"] = Scalar(connection, transaction, "SELECT COALESCE(SUM(length(data)), 0) FROM tail");
        long pageSize = Scalar(connection, transaction, "PRAGMA page_size");
        long pages = Scalar(connection, transaction, "PRAGMA page_count");
        long free = Scalar(connection, transaction, "PRAGMA freelist_count");
        bytes["free_pages"] = free * pageSize;
        bytes["other"] = Math.Max(0, (pages - free) * pageSize - bytes["block_headers"] - bytes["block_sections"] - bytes["tail"]);
        bytes["wal"] = FileSize(Path.Combine(_directory, DatabaseFileName + "-wal"));
        int streams = (int)Scalar(connection, transaction, "SELECT COUNT(*) FROM streams");
        int templates = (int)Scalar(connection, transaction, "SELECT COUNT(*) FROM templates WHERE merged_into = 0");
        return new StoreStats(
            lines,
            streams,
            templates,
            oldest is { } o ? new DateTimeOffset(o, TimeSpan.Zero) : null,
            newest is { } n ? new DateTimeOffset(n, TimeSpan.Zero) : null,
            bytes,
            BytesOnDisk());
    }

    /// <summary>Everything the store occupies: the database, its write-ahead log and shared-memory index.</summary>
    public long BytesOnDisk() =>
        FileSize(Path.Combine(_directory, DatabaseFileName))
        + FileSize(Path.Combine(_directory, DatabaseFileName + "-wal"))
        + FileSize(Path.Combine(_directory, DatabaseFileName + "-shm"));

    private static long FileSize(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : 0;
    }

    internal static long Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
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
            if (_writer is not null)
            {
                if (_writer.State == System.Data.ConnectionState.Open)
                {
                    try
                    {
                        // Fold the WAL back so the directory is one file at rest (best effort).
                        Execute(_writer, "PRAGMA wal_checkpoint(TRUNCATE)");
                    }
                    catch (SqliteException)
                    {
                    }
                }
                _writer.Dispose();
            }
            using (var pooled = new SqliteConnection(_readConnectionString))
            {
                SqliteConnection.ClearPool(pooled);
            }
            _tailCompressor?.Dispose();
            _lockFile?.Dispose();
        }
    }
}

/// <summary>What searches have read so far (thread-safe counters).</summary>
internal sealed class ReadCounters
{
    private long _headers;
    private long _sections;
    private long _tailChunks;
    private long _timesOnly;
    private long _textPlans;

    public long BlockHeaders => Interlocked.Read(ref _headers);

    /// <summary>Sections read: a block's lines of one stream (the unit of line data a search reads).</summary>
    public long BlockSections => Interlocked.Read(ref _sections);

    public long TailChunks => Interlocked.Read(ref _tailChunks);

    /// <summary>Of <see cref="BlockSections"/>, those decompressed only as far as their lines' times, for a count.</summary>
    public long SectionTimesOnly => Interlocked.Read(ref _timesOnly);

    /// <summary>Text plans made for a block or tail chunk (later queries for the same text share them).</summary>
    public long TextPlans => Interlocked.Read(ref _textPlans);

    internal void SectionTimesRead() => Interlocked.Increment(ref _timesOnly);

    internal void TextPlanMade() => Interlocked.Increment(ref _textPlans);

    internal void HeaderRead() => Interlocked.Increment(ref _headers);

    internal void SectionRead() => Interlocked.Increment(ref _sections);

    internal void TailChunkRead() => Interlocked.Increment(ref _tailChunks);
}
