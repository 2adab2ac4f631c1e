namespace LogWarden.Tests.Support;

/// <summary>Finds ../shared/data from wherever the program runs (the repo checkout sits beside shared/).</summary>
public static class SharedData
{
    public static readonly string[] LogHubDatasets =
        ["Apache", "BGL", "HDFS", "HPC", "Hadoop", "HealthApp", "Linux", "OpenSSH", "Spark", "Zookeeper"];

    /// <summary>
    /// 20,000 synthetic lines (<see cref="SyntheticLogs"/>, seed 11) and every line of the shared security corpus, in file
    /// order: what the equivalence tests of the keyword scanners and the capture cache run over.
    /// </summary>
    public static List<string> SyntheticAndSecurityLines()
    {
        var lines = new List<string>();
        var synthetic = new SyntheticLogs(11);
        for (int i = 0; i < 20_000; i++)
        {
            lines.Add(synthetic.Next().Text);
        }

        foreach (string file in Directory.EnumerateFiles(Path.Combine(Root(), "security"), "*.log").Order(StringComparer.Ordinal))
        {
            lines.AddRange(File.ReadLines(file));
        }

        return lines;
    }

    public static string Root()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(Path.Combine(candidate, "loghub2k")))
                {
                    return candidate;
                }
            }
        }
        throw new DirectoryNotFoundException("shared/data (with loghub2k/) not found above " + AppContext.BaseDirectory + ": the tests read the LogHub-2k and security data that sit beside the repository (../shared/data).");
    }
}
