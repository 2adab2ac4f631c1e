namespace LogWarden.Collect.Docker;

/// <summary>Where <see cref="DockerSource"/> finds containers and how it reads them.</summary>
internal sealed record DockerSourceOptions
{
    /// <summary>The namespace of this source's checkpoints (one key per container id).</summary>
    public string SourceId { get; init; } = "docker";

    /// <summary>Docker's container directory: one folder per container holding &lt;id&gt;-json.log and config.v2.json.</summary>
    public string ContainersDirectory { get; init; } = "/var/lib/docker/containers";

    /// <summary>How often the logs are checked for new lines when all were read.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the directory is listed for new and removed containers.</summary>
    public TimeSpan DiscoveryInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Most records in one batch; one container's batch at a time, so one noisy container cannot starve the rest.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>
    /// Longest log entry kept, in characters, after joining the 16 KiB pieces Docker splits long lines into;
    /// the rest of a longer one is dropped and the record marked truncated.
    /// </summary>
    public int MaxEntryChars { get; init; } = 256 * 1024;

    /// <summary>Longest json-file line read, in bytes; a longer one (not written by Docker) is skipped and counted.</summary>
    public int MaxLineBytes { get; init; } = 1 << 20;

    /// <summary>The host label of every record.</summary>
    public string Host { get; init; } = Environment.MachineName;

    /// <summary>Stop following (return) once every log was read to its end: an import of a copied directory.</summary>
    public bool StopAtEnd { get; init; }
}
