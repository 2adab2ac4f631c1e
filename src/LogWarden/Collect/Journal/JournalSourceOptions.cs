namespace LogWarden.Collect.Journal;

/// <summary>How <see cref="JournalSource"/> runs <c>journalctl</c> and what it reads.</summary>
internal sealed record JournalSourceOptions
{
    /// <summary>
    /// The journal fields asked for by default (<c>--output-fields</c>): what the decoder maps plus what
    /// tells one service's lines from another's. journalctl always adds __CURSOR, __REALTIME_TIMESTAMP,
    /// __MONOTONIC_TIMESTAMP and _BOOT_ID. All fields would roughly triple the bytes per entry through the
    /// pipe (the trusted _CMDLINE, _CAP_EFFECTIVE, _SELINUX_CONTEXT… of every line) for nothing we use.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultOutputFields =
    [
        "MESSAGE", "PRIORITY", "SYSLOG_FACILITY", "SYSLOG_IDENTIFIER", "SYSLOG_PID", "_PID", "_COMM", "_EXE", "_UID",
        "_HOSTNAME", "_SYSTEMD_UNIT", "_SYSTEMD_USER_UNIT", "_TRANSPORT", "UNIT", "CONTAINER_NAME", "ERRNO",
    ];

    /// <summary>The namespace of this source's checkpoints; give each journal source its own.</summary>
    public string SourceId { get; init; } = "journal";

    /// <summary>The program to run: "journalctl" from PATH, or a full path.</summary>
    public string JournalctlPath { get; init; } = "journalctl";

    /// <summary>Read the journal files in this directory (<c>--directory</c>) instead of the system journal: copied journals, containers.</summary>
    public string? Directory { get; init; }

    /// <summary>Read these journal files (<c>--file</c>) instead of the system journal.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>Only these units (<c>--unit</c>, any of them); empty for all.</summary>
    public IReadOnlyList<string> Units { get; init; } = [];

    /// <summary>Only the current boot (<c>--boot</c>).</summary>
    public bool CurrentBootOnly { get; init; }

    /// <summary>
    /// Where the first run starts, when no cursor was committed yet: a journalctl time (<c>--since</c>:
    /// "2024-05-01 10:00", "-1h", "today"), or null for "from now on" when following and "from the
    /// beginning" when not. Later runs always resume after the committed cursor.
    /// </summary>
    public string? Since { get; init; }

    /// <summary>Follow the journal (<c>--follow</c>) until cancelled; false reads to the end and returns (an import).</summary>
    public bool Follow { get; init; } = true;

    /// <summary>Fields to ask journalctl for (<c>--output-fields</c>); null for every field.</summary>
    public IReadOnlyList<string>? OutputFields { get; init; } = DefaultOutputFields;

    /// <summary>Most records in one batch (and in flight between the pipe and the sink).</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Longest journalctl line kept whole; longer ones are cut and stored as plain text.</summary>
    public int MaxLineBytes { get; init; } = Parse.LineReader.DefaultMaxLineBytes;

    /// <summary>First wait before journalctl is started again after it stopped; doubles up to <see cref="MaxRestartDelay"/>.</summary>
    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRestartDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The host label of entries without _HOSTNAME.</summary>
    public string Host { get; init; } = Environment.MachineName;
}
