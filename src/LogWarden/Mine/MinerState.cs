using System.Text.Json;
using System.Text.Json.Serialization;
using LogWarden.Parse;

namespace LogWarden.Mine;

/// <summary>What a miner writes to disk so template ids survive restarts (JSON, source-generated).</summary>
internal sealed record MinerStateFile(int Version, List<TemplateState> Templates)
{
    public const int CurrentVersion = 1;
}

internal sealed record TemplateState(
    int Id,
    string[] Tokens,
    int[] AnyPositions,
    long Count,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    string Example,
    int MergedInto,
    Severity Level);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(MinerStateFile))]
internal sealed partial class MinerStateJsonContext : JsonSerializerContext;

public sealed partial class TemplateMiner
{
    /// <summary>Writes every template (merged ones too, so old ids keep resolving).</summary>
    public void Save(Stream stream)
    {
        var templates = _byId.Skip(1).Select(StateOf).ToList();
        JsonSerializer.Serialize(stream, new MinerStateFile(MinerStateFile.CurrentVersion, templates), MinerStateJsonContext.Default.MinerStateFile);
    }

    private static TemplateState StateOf(LogTemplate t)
    {
        int[] any = Enumerable.Range(0, t.TokenCount).Where(i => t.AnyPosition[i]).ToArray();
        return new TemplateState(t.Id, (string[])t.Tokens.Clone(), any, t.Count, t.FirstSeen, t.LastSeen, t.Example, t.MergedInto, t.Level);
    }

    /// <summary>
    /// The templates created or changed (count, times, generalised, merged) since the last call: what a
    /// store persists with each batch, so stored template ids and the miner's state never disagree.
    /// </summary>
    internal void CollectChanges(List<TemplateState> into)
    {
        foreach (int id in _changed)
        {
            into.Add(StateOf(_byId[id]));
        }
        _changed.Clear();
    }

    /// <summary>Saves to <paramref name="path"/> atomically: a crash leaves the old file or the new one.</summary>
    public void Save(string path)
    {
        string temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            Save(file);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>A miner that continues from saved state, with the same ids.</summary>
    /// <exception cref="InvalidDataException">The state is not a miner state this version can read.</exception>
    public static TemplateMiner Load(Stream stream, MinerOptions? options = null)
    {
        MinerStateFile? state;
        try
        {
            state = JsonSerializer.Deserialize(stream, MinerStateJsonContext.Default.MinerStateFile);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("miner state is not valid JSON: " + e.Message, e);
        }
        if (state is null || state.Version != MinerStateFile.CurrentVersion)
        {
            throw new InvalidDataException($"miner state version {state?.Version} is not {MinerStateFile.CurrentVersion}");
        }
        return FromStates(state.Templates ?? [], options);
    }

    /// <summary>A miner that continues from the given templates (every id 1..n, merged ones included).</summary>
    /// <exception cref="InvalidDataException">The templates are not a consistent set.</exception>
    internal static TemplateMiner FromStates(IReadOnlyCollection<TemplateState> templates, MinerOptions? options = null)
    {
        var miner = new TemplateMiner(options);
        foreach (TemplateState s in templates.OrderBy(s => s.Id))
        {
            if (s.Id != miner._byId.Count || s.Tokens is null || s.MergedInto < 0 || s.MergedInto > templates.Count || s.MergedInto == s.Id)
            {
                throw new InvalidDataException($"miner state: template {s.Id} is out of order or merged into an unknown id");
            }
            var any = new bool[s.Tokens.Length];
            foreach (int p in s.AnyPositions ?? [])
            {
                if (p < 0 || p >= any.Length)
                {
                    throw new InvalidDataException($"miner state: template {s.Id} has position {p} out of range");
                }
                any[p] = true;
            }
            var t = new LogTemplate(s.Id, s.Tokens, any)
            {
                Count = s.Count,
                FirstSeen = s.FirstSeen,
                LastSeen = s.LastSeen,
                Example = s.Example ?? "",
                MergedInto = s.MergedInto,
                Level = s.Level,
            };
            miner._byId.Add(t);
        }
        foreach (LogTemplate t in miner._byId.Skip(1))
        {
            LogTemplate end = t;
            for (int steps = 0; end.MergedInto != 0; steps++)
            {
                if (steps == miner._byId.Count)
                {
                    throw new InvalidDataException($"miner state: template {t.Id} is merged in a cycle");
                }
                end = miner._byId[end.MergedInto];
            }
        }
        foreach (LogTemplate t in miner._byId.Skip(1))
        {
            if (!t.HasAnyPosition && miner._exact.Count < miner._options.MaxExactKeys)
            {
                miner._exact[LineKey(t.Hashes, null)] = t.Id;
            }
            if (t.MergedInto != 0)
            {
                continue;
            }
            miner._liveCount++;
            miner.IndexFirstToken(t);
            if (t.AnyPosition.All(a => a) && t.TokenCount > 0)
            {
                miner._overflowByLength.TryAdd(t.TokenCount, t.Id);
            }
            if (t.HasAnyPosition)
            {
                miner.RegisterGeneralised(t);
            }
            miner.IndexSiblings(t);
        }
        return miner;
    }

    public static TemplateMiner Load(string path, MinerOptions? options = null)
    {
        using var file = File.OpenRead(path);
        return Load(file, options);
    }
}
