using LogWarden.Config;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Store.Postgres;

namespace LogWarden.Tests.Support;

/// <summary>Which store implementation a test runs on.</summary>
public enum StoreKindUnderTest
{
    Embedded,
    Postgres,
}

/// <summary>
/// Where a test's store lives — a data directory (always: daemons keep other state there) and, on
/// PostgreSQL, a fresh database of the shared <see cref="PostgresServer"/> — and how to open it. The one
/// helper tests create stores through, so that the same test runs on either store: store contract tests
/// name the kind; daemon, web and API tests take <see cref="FromEnvironment"/> (LW_TEST_STORE=postgres runs them
/// on PostgreSQL: scripts/test-postgres.sh). Not LOGWARDEN_…: the daemon and the CLI read every LOGWARDEN_
/// variable as a configuration key and refuse an unknown one, so that name failed every test that loads a configuration.
/// </summary>
public sealed class TestStoreLocation : IDisposable
{
    public const string EnvironmentVariable = "LW_TEST_STORE";

    public TestStoreLocation(StoreKindUnderTest kind)
    {
        Kind = kind;
        DataDirectory = Directory.CreateTempSubdirectory("logwarden-store-").FullName;
        ConnectionString = kind == StoreKindUnderTest.Postgres ? PostgresServer.Shared.CreateDatabase() : null;
    }

    /// <summary>The kind LW_TEST_STORE names (embedded when unset).</summary>
    public static StoreKindUnderTest FromEnvironment =>
        string.Equals(Environment.GetEnvironmentVariable(EnvironmentVariable), "postgres", StringComparison.OrdinalIgnoreCase)
            ? StoreKindUnderTest.Postgres
            : StoreKindUnderTest.Embedded;

    public StoreKindUnderTest Kind { get; }

    public string DataDirectory { get; }

    /// <summary>The PostgreSQL database's connection string; null for the embedded store.</summary>
    public string? ConnectionString { get; }

    /// <summary>The store section a daemon of this test is configured with (no disk floor: test machines are full of builds).</summary>
    internal StoreConfig Config => Kind == StoreKindUnderTest.Postgres
        ? new StoreConfig { Kind = StoreKind.Postgres, Connection = ConnectionString, MinFreeDisk = 0 }
        : new StoreConfig { MinFreeDisk = 0 };

    /// <summary>The same as YAML, to put in a daemon's configuration ("" for the embedded default).</summary>
    public string Yaml => Kind == StoreKindUnderTest.Postgres
        ? $"store:\n  kind: postgres\n  connection: \"{ConnectionString}\"\n"
        : "";

    /// <summary>Opens the store (small blocks on the embedded one, so that tests seal).</summary>
    internal ILogStore Open(bool readOnly = false, int sealLines = 500, TimeProvider? time = null, TimeSpan? metricsMaxAge = null) => Kind == StoreKindUnderTest.Postgres
        ? PostgresStore.Open(new PostgresStoreOptions
        {
            ConnectionString = ConnectionString!,
            ReadOnly = readOnly,
            Time = time ?? TimeProvider.System,
            MetricsMaxAge = metricsMaxAge ?? new PostgresStoreOptions { ConnectionString = "" }.MetricsMaxAge,
        })
        : EmbeddedStore.Open(DataDirectory, new EmbeddedStoreOptions
        {
            SealLines = sealLines,
            SearchSliceLines = Math.Max(1, sealLines / 16), // small blocks, many slices: limited scans go through slicing
            MinFreeBytes = 0,
            MinFreeFraction = 0,
            ReadOnly = readOnly,
            Time = time ?? TimeProvider.System,
            MetricsMaxAge = metricsMaxAge ?? new EmbeddedStoreOptions().MetricsMaxAge,
        });

    /// <summary>
    /// The store section for a test that names only its data directory (daemon, web, alert and responder rigs):
    /// on the embedded store, the directory itself; under LW_TEST_STORE=postgres, a fresh database of the
    /// shared server, made on first use and remembered in the directory, so a restarted daemon or a second opener
    /// of the same directory finds the same store.
    /// </summary>
    internal static StoreConfig ConfigFor(string dataDirectory) => FromEnvironment == StoreKindUnderTest.Postgres
        ? new StoreConfig { Kind = StoreKind.Postgres, Connection = DatabaseFor(dataDirectory), MinFreeDisk = 0 }
        : new StoreConfig { MinFreeDisk = 0 };

    /// <summary><see cref="ConfigFor"/> as a top-level YAML <c>store:</c> section, for a daemon's configuration.</summary>
    internal static string YamlFor(string dataDirectory) => FromEnvironment == StoreKindUnderTest.Postgres
        ? $"store:\n  kind: postgres\n  connection: \"{DatabaseFor(dataDirectory)}\"\n  min_free_disk: 0\n"
        : "store:\n  min_free_disk: 0\n";

    /// <summary>
    /// What a user gives a store command (search, incidents, stats, …) to read the store a daemon of this test keeps
    /// for <paramref name="dataDirectory"/>: <c>--data DIR</c>, and under LW_TEST_STORE=postgres also <c>--config</c>
    /// with the daemon's <c>store:</c> section (a configuration file beside the directory), as for a central.
    /// </summary>
    internal static string[] CliArgsFor(string dataDirectory)
    {
        if (FromEnvironment != StoreKindUnderTest.Postgres)
        {
            return ["--data", dataDirectory];
        }
        string config = Path.Combine(dataDirectory, "test-store.yaml");
        lock (DatabaseFileLock)
        {
            if (!File.Exists(config))
            {
                string yaml = YamlFor(dataDirectory);
                File.WriteAllText(config, yaml);
            }
        }
        return ["--data", dataDirectory, "--config", config];
    }

    private static string DatabaseFor(string dataDirectory)
    {
        lock (DatabaseFileLock)
        {
            Directory.CreateDirectory(dataDirectory);
            string file = Path.Combine(dataDirectory, "test-postgres-database");
            if (!File.Exists(file))
            {
                File.WriteAllText(file, PostgresServer.Shared.CreateDatabase());
            }
            return File.ReadAllText(file);
        }
    }

    private static readonly object DatabaseFileLock = new();

    /// <summary>Opens the store seen through every interface both stores implement, for the contract tests.</summary>
    internal OpenedStore OpenAll(bool readOnly = false, TimeProvider? time = null) => new(Open(readOnly, time: time));

    public void Dispose()
    {
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

/// <summary>An opened store through each interface both stores implement (a missing one fails the cast, and so the test).</summary>
internal sealed class OpenedStore(ILogStore store) : IDisposable
{
    public ILogStore Logs => store;

    public IIncidentStore Incidents => (IIncidentStore)store;

    public IDetectorStateStore DetectorStates => (IDetectorStateStore)store;

    public IAlertOutbox Outbox => (IAlertOutbox)store;

    public IAlertSilenceStore Silences => (IAlertSilenceStore)store;

    public IExplanationStore Explanations => (IExplanationStore)store;

    public IResponseStore Responses => (IResponseStore)store;

    public void Dispose() => store.Dispose();
}
