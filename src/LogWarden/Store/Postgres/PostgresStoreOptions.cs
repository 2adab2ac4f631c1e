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

    /// <summary>Host metric samples are kept as taken this long, then as 1-minute averages (as in the embedded store).</summary>
    public TimeSpan MetricsRawFor { get; init; } = TimeSpan.FromDays(2);

    /// <summary>1-minute averages are kept this long, then 1-hour averages.</summary>
    public TimeSpan MetricsMinuteFor { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Metric points older than this are dropped; null keeps them.</summary>
    public TimeSpan? MetricsMaxAge { get; init; } = TimeSpan.FromDays(400);

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
