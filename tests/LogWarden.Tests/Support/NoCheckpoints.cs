using LogWarden.Collect;

namespace LogWarden.Tests.Support;

/// <summary>A checkpoint store that has nothing committed: a first start.</summary>
internal sealed class NoCheckpoints : ICheckpointReader
{
    public static readonly NoCheckpoints Instance = new();

    public string? Get(string sourceId, string key) => null;

    public IReadOnlyDictionary<string, string> GetAll(string sourceId) => new Dictionary<string, string>();
}
