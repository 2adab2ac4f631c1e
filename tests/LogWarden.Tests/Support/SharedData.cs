namespace LogWarden.Tests.Support;

/// <summary>Finds ../shared/data from wherever the program runs (the repo checkout sits beside shared/).</summary>
public static class SharedData
{
    public static readonly string[] LogHubDatasets =
        ["Apache", "BGL", "HDFS", "HPC", "Hadoop", "HealthApp", "Linux", "OpenSSH", "Spark", "Zookeeper"];

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
