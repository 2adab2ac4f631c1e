using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace LogWarden.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's `postgresql` package (initdb + pg_ctl into a temp directory,
/// on a free loopback port), started on first use and shared by every test of the run; each test gets its
/// own database (<see cref="CreateDatabase"/>). PostgreSQL refuses to run as root, so under root (CI, the
/// test script) the cluster belongs to the package's `postgres` user, run through runuser. fsync is off:
/// these tests check what the store does, not the disk; the benchmark runs with it on. A cluster left by a
/// test run that died (its pid is in the directory name) is stopped and removed by the next run.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string DirectoryPrefix = "logwarden-pg-";
    private static readonly Lazy<PostgresServer> SharedServer = new(() => Start(durable: false), LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _databases;

    private readonly string _directory;
    private readonly string _binaries;
    private readonly bool _asPostgresUser;

    private PostgresServer(string directory, string binaries, bool asPostgresUser, int port)
    {
        _directory = directory;
        _binaries = binaries;
        Binaries = binaries;
        _asPostgresUser = asPostgresUser;
        Port = port;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    /// <summary>The run's server (started now if it is not yet).</summary>
    public static PostgresServer Shared => SharedServer.Value;

    public int Port { get; }

    /// <summary>The directory of Debian's PostgreSQL programs (psql, pg_ctl…).</summary>
    public string Binaries { get; }

    /// <summary>The postmaster's process id (its backends are its children).</summary>
    public int PostmasterPid => int.Parse(File.ReadLines(Path.Combine(_directory, "data", "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    /// <summary>A connection string to the cluster's maintenance database.</summary>
    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=logwarden;Database=postgres;Pooling=false";

    /// <summary>Makes a new, empty database and returns a connection string to it.</summary>
    public string CreateDatabase()
    {
        string name = $"lw_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'", connection);
            command.ExecuteNonQuery();
        }
        return $"Host=127.0.0.1;Port={Port};Username=logwarden;Database={name}";
    }

    /// <summary>
    /// Starts a cluster of its own: <paramref name="durable"/> keeps PostgreSQL's defaults (fsync, synchronous
    /// commit: what a benchmark must measure), else the test settings; <paramref name="cpus"/> pins it (taskset).
    /// </summary>
    public static PostgresServer Start(bool durable, string? cpus = null)
    {
        string binaries = FindBinaries();
        RemoveOrphans(binaries);
        bool asPostgresUser = Environment.UserName == "root";
        string directory = Path.Combine(Path.GetTempPath(), $"{DirectoryPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}"[..(DirectoryPrefix.Length + 20)]);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the PostgreSQL test server runs on Linux (Debian's packages)");
        }
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        if (asPostgresUser)
        {
            Run("chown", ["postgres:postgres", directory], asPostgresUser: false);
        }
        string data = Path.Combine(directory, "data");
        Run(Path.Combine(binaries, "initdb"), ["-D", data, "-U", "logwarden", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"], asPostgresUser);
        int port = FreePort();
        string options = string.Join(' ',
            $"-p {port}", $"-k {directory}", "-c listen_addresses=127.0.0.1", "-c max_connections=300",
            durable ? "-c shared_buffers=256MB -c max_wal_size=4GB" : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB");
        string[] start = ["-D", data, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "120", "-o", options, "start"];
        Run(cpus is null ? Path.Combine(binaries, "pg_ctl") : "taskset", cpus is null ? start : ["-c", cpus, Path.Combine(binaries, "pg_ctl"), .. start], asPostgresUser);
        return new PostgresServer(directory, binaries, asPostgresUser, port);
    }

    /// <summary>Debian's binaries of the newest PostgreSQL installed (/usr/lib/postgresql/N/bin).</summary>
    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        string? newest = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .MaxBy(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : 0)
            : null;
        return newest is not null
            ? Path.Combine(newest, "bin")
            : throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql; scripts/test.sh does it)");
    }

    private static void RemoveOrphans(string binaries)
    {
        foreach (string dir in Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            string rest = Path.GetFileName(dir)[DirectoryPrefix.Length..];
            if (!int.TryParse(rest.Split('-')[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || IsAlive(pid))
            {
                continue;
            }
            Stop(binaries, dir, Environment.UserName == "root");
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string program, IReadOnlyList<string> arguments, bool asPostgresUser)
    {
        var start = new ProcessStartInfo(asPostgresUser ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        if (asPostgresUser)
        {
            foreach (string a in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(a);
            }
        }
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish in 2 minutes");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {output.Result}{error.Result}");
        }
    }

    private static void Stop(string binaries, string directory, bool asPostgresUser)
    {
        string data = Path.Combine(directory, "data");
        try
        {
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                Run(Path.Combine(binaries, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], asPostgresUser);
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped: nothing to do but remove the files.
        }
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public void Dispose() => Stop(_binaries, _directory, _asPostgresUser);
}
