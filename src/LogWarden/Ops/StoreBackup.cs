using System.Formats.Tar;
using System.Globalization;
using LogWarden.Store.Embedded;
using Microsoft.Data.Sqlite;
using ZstdSharp;

namespace LogWarden.Ops;

/// <summary>
/// Backup and restore of an embedded store. Everything the daemon keeps — lines (tail and sealed blocks),
/// templates, checkpoints, incidents, detector state, the alert outbox, bans — is in one SQLite database,
/// so a backup is that database copied with SQLite's online backup API (one step, inside one read
/// transaction: a consistent snapshot while the daemon goes on writing), in a zstd-compressed tar with a
/// manifest. Restore refuses to overwrite a store unless told to, and checks the copy before it is put in place.
/// </summary>
internal static class StoreBackup
{
    private const string ManifestName = "MANIFEST";

    public sealed record Summary(long Lines, long Incidents, long Checkpoints, int SchemaVersion, long DatabaseBytes);

    /// <summary>Writes a backup of the store in <paramref name="dataDirectory"/> to <paramref name="output"/>.</summary>
    /// <exception cref="IOException">No store there, or the output cannot be written.</exception>
    public static Summary Create(string dataDirectory, string output, TimeProvider time)
    {
        string database = Path.Join(dataDirectory, EmbeddedStore.DatabaseFileName);
        if (!File.Exists(database))
        {
            throw new IOException($"no store in {dataDirectory} ({EmbeddedStore.DatabaseFileName} not found)");
        }
        string staging = Path.Join(Path.GetDirectoryName(Path.GetFullPath(output)), $".{Path.GetFileName(output)}.{Environment.ProcessId}.db");
        try
        {
            // Read-only beside a running daemon: WAL readers never block its writer, nor it them.
            using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
            using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = staging, Pooling = false }.ToString()))
            {
                source.Open();
                copy.Open();
                source.BackupDatabase(copy);
                using var journal = copy.CreateCommand();
                journal.CommandText = "PRAGMA journal_mode=DELETE"; // one self-contained file, no -wal beside it
                journal.ExecuteNonQuery();
            }
            Summary summary = Describe(staging);
            string partial = output + ".partial";
            using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                using (var zstd = new CompressionStream(file, level: 6))
                using (var tar = new TarWriter(zstd, TarEntryFormat.Pax, leaveOpen: false))
                {
                    var manifest = new PaxTarEntry(TarEntryType.RegularFile, ManifestName)
                    {
                        DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Manifest(summary, time.GetUtcNow()))),
                    };
                    tar.WriteEntry(manifest);
                    tar.WriteEntry(staging, EmbeddedStore.DatabaseFileName);
                }
                file.Flush(flushToDisk: true);
            }
            File.Move(partial, output, overwrite: true);
            return summary;
        }
        finally
        {
            File.Delete(staging);
            File.Delete(output + ".partial");
        }
    }

    /// <summary>
    /// Restores a backup into <paramref name="dataDirectory"/>. An existing store there is replaced only with
    /// <paramref name="overwrite"/>, and never while a process holds it open for writing.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a LogWarden backup, or its database is damaged or newer than this program.</exception>
    /// <exception cref="IOException">A store is in the way, or the directory cannot be written.</exception>
    public static Summary Restore(string backup, string dataDirectory, bool overwrite)
    {
        Directory.CreateDirectory(dataDirectory);
        string target = Path.Join(dataDirectory, EmbeddedStore.DatabaseFileName);
        if (File.Exists(target) && !overwrite)
        {
            throw new IOException($"{dataDirectory} already holds a store; restore into an empty directory or pass --force to replace it");
        }
        using FileStream? writerLock = File.Exists(target) ? HoldWriterLock(dataDirectory) : null;
        string staging = target + ".restoring";
        try
        {
            bool found = false;
            try
            {
                using var file = File.OpenRead(backup);
                using var zstd = new DecompressionStream(file);
                using var tar = new TarReader(zstd);
                while (tar.GetNextEntry() is { } entry)
                {
                    if (entry.Name == EmbeddedStore.DatabaseFileName && entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    {
                        entry.ExtractToFile(staging, overwrite: true);
                        found = true;
                    }
                }
            }
            catch (Exception e) when (e is ZstdException or FormatException or EndOfStreamException or InvalidDataException)
            {
                throw new InvalidDataException($"{backup} is not a LogWarden backup (a zstd-compressed tar from `logwarden backup`): {e.Message}", e);
            }
            if (!found)
            {
                throw new InvalidDataException($"{backup} holds no {EmbeddedStore.DatabaseFileName}: not a LogWarden backup");
            }
            Summary summary;
            try
            {
                summary = Describe(staging);
            }
            catch (SqliteException e)
            {
                throw new InvalidDataException($"the database in {backup} is damaged: {e.Message}", e);
            }
            if (summary.SchemaVersion > SchemaMigrations.LatestVersion)
            {
                throw new InvalidDataException($"{backup} was made by a newer LogWarden (schema {summary.SchemaVersion}, this one knows {SchemaMigrations.LatestVersion}); restore it with that version");
            }
            foreach (string stale in new[] { target + "-wal", target + "-shm" })
            {
                File.Delete(stale); // a WAL left from the replaced store would be applied to the restored one
            }
            File.Move(staging, target, overwrite: true);
            return summary;
        }
        finally
        {
            File.Delete(staging);
        }
    }

    /// <summary>The store's writer lock, so that a running daemon's store is not replaced under it.</summary>
    private static FileStream HoldWriterLock(string dataDirectory)
    {
        try
        {
            return new FileStream(Path.Join(dataDirectory, "writer.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"the store in {dataDirectory} is open for writing (the daemon?): stop it before restoring", e);
        }
    }

    /// <summary>Checks a database copy (integrity_check) and counts what it holds.</summary>
    private static Summary Describe(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        string integrity = Scalar(connection, "PRAGMA integrity_check")?.ToString() ?? "";
        if (integrity != "ok")
        {
            throw new InvalidDataException($"the database fails SQLite's integrity check: {integrity}");
        }
        int version = SchemaMigrations.CurrentVersion(connection);
        long Count(string sql) => TableExists(connection, sql.Split(' ')[^1]) ? Convert.ToInt64(Scalar(connection, sql), CultureInfo.InvariantCulture) : 0;
        long lines = Count("SELECT COALESCE(SUM(line_count), 0) FROM tail") + Count("SELECT COALESCE(SUM(line_count), 0) FROM blocks");
        return new Summary(lines, Count("SELECT COUNT(*) FROM incidents"), Count("SELECT COUNT(*) FROM checkpoints"), version, new FileInfo(database).Length);
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static bool TableExists(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", table);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private static string Manifest(Summary s, DateTimeOffset at) => string.Create(CultureInfo.InvariantCulture, $"""
        logwarden-backup 1
        created {at:O}
        schema {s.SchemaVersion}
        lines {s.Lines}
        incidents {s.Incidents}
        checkpoints {s.Checkpoints}
        database_bytes {s.DatabaseBytes}

        """);
}
