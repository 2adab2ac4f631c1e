using System.IO.Compression;
using System.Text;
using System.Text.Json;
using LogWarden.Tests.Parse;

namespace LogWarden.Tests.Collect.Docker;

/// <summary>
/// A directory laid out like /var/lib/docker/containers: per container &lt;id&gt;/config.v2.json and
/// &lt;id&gt;/&lt;id&gt;-json.log with lines as the json-file driver writes them, and its rotation
/// (rename to .1, .2…, optionally gzip, then a new file).
/// </summary>
internal sealed class DockerContainersFixture : IDisposable
{
    private readonly TempDirectory _temp = new();
    private DateTimeOffset _clock = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    public DockerContainersFixture()
    {
        Root = Path.Combine(_temp.Path, "containers");
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string TempPath => _temp.Path;

    public static string NewId(char fill) => new(fill, 64);

    public string LogPath(string id) => Path.Combine(Root, id, id + "-json.log");

    public void AddContainer(string id, string name, string image, string? composeService = null, bool withConfig = true)
    {
        Directory.CreateDirectory(Path.Combine(Root, id));
        File.WriteAllText(LogPath(id), string.Empty);
        if (withConfig)
        {
            var labels = composeService is null ? new Dictionary<string, string>() : new() { ["com.docker.compose.service"] = composeService, ["com.docker.compose.project"] = "shop" };
            File.WriteAllText(Path.Combine(Root, id, "config.v2.json"), JsonSerializer.Serialize(new
            {
                ID = id,
                Name = "/" + name,
                Config = new { Image = image, Labels = labels, Hostname = id[..12] },
                State = new { Running = true },
            }));
        }
    }

    /// <summary>Appends one json-file line; <paramref name="log"/> is written as given (with its '\n', or without for a partial piece).</summary>
    public void Write(string id, string log, string stream = "stdout")
    {
        _clock = _clock.AddMilliseconds(1).AddTicks(3);
        string time = _clock.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture) + "12Z"; // nanoseconds, as Docker writes
        string line = JsonSerializer.Serialize(new { log, stream, time }) + "\n";
        File.AppendAllText(LogPath(id), line, new UTF8Encoding(false));
    }

    public void WriteLines(string id, params string[] messages)
    {
        foreach (string message in messages)
        {
            Write(id, message + "\n");
        }
    }

    public void AppendRaw(string id, string text) => File.AppendAllText(LogPath(id), text);

    /// <summary>Docker's rotation: x.N-1 → x.N … x → x.1, then a new empty x (the oldest beyond <paramref name="maxFiles"/> is deleted).</summary>
    public void Rotate(string id, bool compress = false, int maxFiles = 5)
    {
        string log = LogPath(id);
        for (int i = maxFiles - 1; i >= 1; i--)
        {
            foreach (string suffix in new[] { "", ".gz" })
            {
                string from = $"{log}.{i}{suffix}";
                if (File.Exists(from))
                {
                    if (i + 1 >= maxFiles)
                    {
                        File.Delete(from);
                    }
                    else
                    {
                        File.Move(from, $"{log}.{i + 1}{suffix}", overwrite: true);
                    }
                }
            }
        }

        File.Move(log, log + ".1");
        File.WriteAllText(log, string.Empty);
        if (compress)
        {
            using (var input = File.OpenRead(log + ".1"))
            using (var output = new GZipStream(File.Create(log + ".1.gz"), CompressionLevel.Fastest))
            {
                input.CopyTo(output);
            }

            File.Delete(log + ".1");
        }
    }

    public void RemoveContainer(string id) => Directory.Delete(Path.Combine(Root, id), recursive: true);

    public void Dispose() => _temp.Dispose();
}
