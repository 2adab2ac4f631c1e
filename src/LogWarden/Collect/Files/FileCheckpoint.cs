using System.Text.Json;
using System.Text.Json.Serialization;

namespace LogWarden.Collect.Files;

/// <summary>
/// Where reading one file resumes, stored as JSON under the key <c>device:inode</c>. <see cref="Offset"/>
/// is exact: every line before it is in a batch that carried this checkpoint or an earlier one, and no line
/// after it is (while a multi-line record is still open, the offset is that of its first line).
/// </summary>
internal sealed record FileCheckpoint
{
    /// <summary>The path the file was first followed under (its stream's <c>path</c> label), also where a rotated name is searched from.</summary>
    public required string Path { get; init; }

    public ulong Device { get; init; }

    public ulong Inode { get; init; }

    /// <summary>Offset of the next unread byte (of the decompressed content for .gz).</summary>
    public long Offset { get; init; }

    /// <summary>Lines before <see cref="Offset"/>, so line numbers carry on after a restart.</summary>
    public long Line { get; init; }

    /// <summary>Hex hash of the first <see cref="FingerprintLength"/> bytes (<see cref="ContentFingerprint"/>).</summary>
    public required string Fingerprint { get; init; }

    public int FingerprintLength { get; init; }

    /// <summary>The format detected from the file's first lines, so a restart decodes the rest the same way.</summary>
    public string? Format { get; init; }

    public bool Compressed { get; init; }

    /// <summary>The file holds a copy of content another followed file holds; it is never read.</summary>
    public bool Copy { get; init; }

    /// <summary>The file's ctime (ns) when it was last read to its end: a copy made after it may hold lines not read yet.</summary>
    public long CaughtUpChanged { get; init; }

    /// <summary>The file's mtime (ns) when it was last read to its end.</summary>
    public long CaughtUpModified { get; init; }

    public FileIdentity Identity => new(Device, Inode);
}

/// <summary>
/// The content of a file that was read and is gone (finished after rotation or deletion), remembered by
/// fingerprint so a copy of it found later (<c>syslog.1.gz</c>) is read only past what was read already.
/// Stored under <c>content:HASH:LENGTH</c> when the source matches compressed files.
/// </summary>
internal sealed record FinishedContent
{
    public required string Path { get; init; }

    public required string Fingerprint { get; init; }

    public int FingerprintLength { get; init; }

    public long Offset { get; init; }

    public long Line { get; init; }

    public string? Format { get; init; }

    public DateTimeOffset FinishedAt { get; init; }

    public const string KeyPrefix = "content:";

    /// <summary>Where a file holding this content carries on reading (the checkpoint it resumes from).</summary>
    public FileCheckpoint ToResumePoint() => new() { Path = Path, Offset = Offset, Line = Line, Format = Format, Fingerprint = Fingerprint };

    /// <summary>What a checkpoint says about its file's content, for a file that is gone.</summary>
    public static FinishedContent Of(FileCheckpoint checkpoint, DateTimeOffset finishedAt) => new()
    {
        Path = checkpoint.Path,
        Fingerprint = checkpoint.Fingerprint,
        FingerprintLength = checkpoint.FingerprintLength,
        Offset = checkpoint.Offset,
        Line = checkpoint.Line,
        Format = checkpoint.Format,
        FinishedAt = finishedAt,
    };

    public string Key => $"{KeyPrefix}{Fingerprint}:{FingerprintLength}";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(FileCheckpoint))]
[JsonSerializable(typeof(FinishedContent))]
internal sealed partial class FileCheckpointJson : JsonSerializerContext
{
    public static string Write(FileCheckpoint checkpoint) => JsonSerializer.Serialize(checkpoint, Default.FileCheckpoint);

    public static string Write(FinishedContent content) => JsonSerializer.Serialize(content, Default.FinishedContent);

    /// <exception cref="JsonException">Not a checkpoint of this source.</exception>
    public static FileCheckpoint ReadCheckpoint(string json) =>
        JsonSerializer.Deserialize(json, Default.FileCheckpoint) ?? throw new JsonException("null checkpoint");

    /// <exception cref="JsonException">Not a finished-content record.</exception>
    public static FinishedContent ReadFinishedContent(string json) =>
        JsonSerializer.Deserialize(json, Default.FinishedContent) ?? throw new JsonException("null content record");
}
