using System.Text.Json;

namespace LogWarden.Collect.Docker;

/// <summary>
/// What the labels say about a container, from Docker's config.v2.json in its directory: the name
/// (<c>Name</c> without its leading '/'), the image (<c>Config.Image</c>, as the user named it) and the
/// Compose service (<c>Config.Labels["com.docker.compose.service"]</c>). A missing or unreadable file gives
/// the short id as the name, so the logs are still read.
/// </summary>
internal sealed record ContainerMetadata(string Id, string Name, string Image, string? ComposeService)
{
    public const string ConfigFileName = "config.v2.json";

    private const int MaxConfigBytes = 4 << 20;

    // Docker's own keys in config.v2.json.
    private const string NameKey = "Name";
    private const string ImageKey = "Image";

    /// <summary>
    /// The container a json-file log belongs to, told by Docker's layout (<c>&lt;id&gt;/&lt;id&gt;-json.log</c>, the id
    /// hexadecimal) and read from config.v2.json beside it as <see cref="Read"/> does (else named by its short id);
    /// null for a file not in that layout. <paramref name="logPath"/> is the log's base path (without a rotation suffix).
    /// </summary>
    public static ContainerMetadata? ForLogFile(string logPath)
    {
        string? directory = Path.GetDirectoryName(logPath);
        string id = Path.GetFileName(directory) ?? string.Empty;
        if (directory is null || id.Length < 12 || !id.All(char.IsAsciiHexDigit)
            || !string.Equals(Path.GetFileName(logPath), id + "-json.log", StringComparison.Ordinal))
        {
            return null;
        }

        return Read(directory, id);
    }

    public static ContainerMetadata Read(string containerDirectory, string id)
    {
        var fallback = new ContainerMetadata(id, id.Length > 12 ? id[..12] : id, string.Empty, null);
        string path = Path.Combine(containerDirectory, ConfigFileName);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxConfigBytes)
            {
                return fallback;
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            string name = root.TryGetProperty(NameKey, out var nameValue) && nameValue.ValueKind == JsonValueKind.String
                ? nameValue.GetString()!.TrimStart('/')
                : fallback.Name;
            string image = string.Empty;
            string? service = null;
            if (root.TryGetProperty("Config", out var config) && config.ValueKind == JsonValueKind.Object)
            {
                if (config.TryGetProperty(ImageKey, out var imageValue) && imageValue.ValueKind == JsonValueKind.String)
                {
                    image = imageValue.GetString()!;
                }

                if (config.TryGetProperty("Labels", out var labels) && labels.ValueKind == JsonValueKind.Object
                    && labels.TryGetProperty("com.docker.compose.service", out var serviceValue) && serviceValue.ValueKind == JsonValueKind.String)
                {
                    service = serviceValue.GetString();
                }
            }

            return new ContainerMetadata(id, name.Length > 0 ? name : fallback.Name, image, service);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return fallback;
        }
    }
}
