using LogWarden.Parse;

namespace LogWarden.Collect.Files;

/// <summary>What the file source follows and how (one <c>files</c> section of the configuration).</summary>
internal sealed record FileSourceOptions
{
    /// <summary>The source id, the namespace of its checkpoints.</summary>
    public string Id { get; init; } = "file";

    /// <summary>Paths and patterns to follow: <c>/var/log/*.log</c>, <c>/var/log/{auth,syslog}.log</c>, <c>/srv/**/*.log</c> (see <see cref="PathGlob"/>).</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Patterns of paths not to follow even when included.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>A format name or LogPAI format string for every file (see <see cref="FormatDetector.FromName"/>); null to detect per file.</summary>
    public string? Format { get; init; }

    /// <summary>Labels added to every stream of this source (they do not replace <c>path</c> and <c>filename</c>).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Value of the <c>host</c> label.</summary>
    public string HostName { get; init; } = Environment.MachineName;

    /// <summary>How often every followed file is checked for new lines, rotation and truncation.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the patterns are evaluated again for new files (a directory watcher triggers it sooner).</summary>
    public TimeSpan RescanInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Wake up on inotify events (FileSystemWatcher) besides polling. Polling alone is complete; this only cuts latency.</summary>
    public bool WatchDirectories { get; init; } = true;

    /// <summary>
    /// A multi-line record still open after this long without a new line is complete (its continuation is not
    /// coming), in a file that has had continuation lines (stack traces, indented details).
    /// </summary>
    public TimeSpan MultilineFlushAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The same wait in a file that has had no continuation line yet: most logs are one line per record, and
    /// their last line should not wait the full <see cref="MultilineFlushAfter"/> (an alert would, too). A
    /// logger writes an event's lines together, so this still joins the first stack trace of a file; from
    /// then on the file gets the longer wait.
    /// </summary>
    public TimeSpan SingleLineFlushAfter { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The format of a new file is detected from its first <see cref="FormatDetector.SampleSize"/> non-blank
    /// lines, or from what it has after waiting this long for them.
    /// </summary>
    public TimeSpan DetectFormatAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A file renamed away (rotated) or deleted is read until it has not grown for this long, then finished and
    /// released: a logger keeps writing to its old file until it reopens (after logrotate's postrotate HUP).
    /// </summary>
    public TimeSpan RotatedFileIdleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bytes at the start of a file that identify its content (<see cref="ContentFingerprint"/>).</summary>
    public int FingerprintBytes { get; init; } = 1024;

    /// <summary>Most records in one batch.</summary>
    public int MaxBatchRecords { get; init; } = 1000;

    /// <summary>Most bytes of text in one batch (a batch holds at least one record).</summary>
    public int MaxBatchBytes { get; init; } = 1 << 20;

    /// <summary>Most bytes read from one file before the others get their turn.</summary>
    public long MaxBytesPerFileRound { get; init; } = 4 << 20;

    public int MaxLineBytes { get; init; } = LineReader.DefaultMaxLineBytes;

    public MultilineOptions Multiline { get; init; } = new();

    /// <summary>Zone of timestamps without an offset; null for the machine's local zone.</summary>
    public TimeZoneInfo? TimeZone { get; init; }

    /// <summary>
    /// How long the fingerprints of finished files are remembered (in checkpoints too, when a pattern includes
    /// compressed files), so that a compressed copy made later (<c>syslog.1</c> → <c>syslog.2.gz</c> with
    /// delaycompress) is recognised and not read again.
    /// </summary>
    public TimeSpan RememberFinishedFilesFor { get; init; } = TimeSpan.FromDays(7);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks every value; the message names the setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range, a pattern or label name is invalid, or the format is unknown.</exception>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Id), nameof(Id), "must not be empty");
        Require(Include.Count > 0, nameof(Include), "needs at least one path or pattern");
        foreach (string pattern in Include.Concat(Exclude))
        {
            _ = new PathGlob(pattern);
        }

        foreach (string name in Labels.Keys)
        {
            Require(StreamLabels.IsValidName(name), nameof(Labels), $"'{name}' is not a valid label name (letters, digits and '_', not starting with a digit)");
        }

        if (Format is not null)
        {
            _ = FormatDetector.FromName(Format);
        }

        Require(PollInterval > TimeSpan.Zero, nameof(PollInterval), "must be positive");
        Require(RescanInterval > TimeSpan.Zero, nameof(RescanInterval), "must be positive");
        Require(MultilineFlushAfter > TimeSpan.Zero, nameof(MultilineFlushAfter), "must be positive");
        Require(SingleLineFlushAfter > TimeSpan.Zero, nameof(SingleLineFlushAfter), "must be positive");
        Require(DetectFormatAfter >= TimeSpan.Zero, nameof(DetectFormatAfter), "must not be negative");
        Require(RotatedFileIdleTimeout >= TimeSpan.Zero, nameof(RotatedFileIdleTimeout), "must not be negative");
        Require(FingerprintBytes is >= 16 and <= 1 << 20, nameof(FingerprintBytes), "must be between 16 and 1 MiB");
        Require(MaxBatchRecords > 0, nameof(MaxBatchRecords), "must be positive");
        Require(MaxBatchBytes > 0, nameof(MaxBatchBytes), "must be positive");
        Require(MaxBytesPerFileRound > 0, nameof(MaxBytesPerFileRound), "must be positive");
        Require(MaxLineBytes >= 16, nameof(MaxLineBytes), "must be at least 16");
    }

    private static void Require(bool condition, string setting, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"files.{setting}: {problem}", setting);
        }
    }
}
