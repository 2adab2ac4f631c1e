using LogWarden.Cli;

namespace LogWarden.Tests.Support;

/// <summary>One LogHub-2k sample: its messages (Content) and their ground-truth templates.</summary>
public sealed record LogHubSample(string Name, IReadOnlyList<string> Messages, IReadOnlyList<string> Templates)
{
    public static LogHubSample Load(string name)
    {
        string csv = Path.Combine(SharedData.Root(), "loghub2k", name, $"{name}_2k.log_structured_corrected.csv");
        using var reader = new StreamReader(csv);
        var rows = Csv.Read(reader).ToList();
        int content = Array.IndexOf(rows[0], "Content");
        int template = Array.IndexOf(rows[0], "EventTemplate");
        return new LogHubSample(name, rows.Skip(1).Select(r => r[content]).ToList(), rows.Skip(1).Select(r => r[template]).ToList());
    }
}
