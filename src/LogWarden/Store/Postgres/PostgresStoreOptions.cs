namespace LogWarden.Store.Postgres;

/// <summary>How to reach the central store's database, and how to open it.</summary>
internal sealed record PostgresStoreOptions
{
    /// <summary>An Npgsql connection string without a password (<c>Host=...;Database=...;Username=...</c>).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>A file whose first line is the password (read at open, never logged); null: PGPASSWORD or a passfile, as libpq has it.</summary>
    public string? PasswordFile { get; init; }

    /// <summary>Open for reading only (the CLI beside a running central): no migration, no writes.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Days of partitions made ahead of today, so the first line of a new day never waits for DDL.</summary>
    public int PartitionsAhead { get; init; } = 2;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
