namespace LogWarden.Detect.Baselines;

/// <summary>
/// New templates on one source that belong together: a deploy or an upgrade brings a handful at once,
/// and that is one finding, not one per template. The episode collects for a short grouping time before
/// it is raised, then keeps absorbing new templates (re-raised at most once a minute with the new count)
/// until the source has had none for a quiet period.
/// </summary>
internal sealed class NoveltyEpisode
{
    public const int MaxTemplatesKept = 50;

    public long Start;

    public long LastNew;

    public long LastRaised;

    /// <summary>New templates since the last raise.</summary>
    public bool Dirty;

    /// <summary>The entities fixed at the first raise, so re-raises keep the same key.</summary>
    public Dictionary<string, string>? Entities;

    public List<TemplateBaseline> Templates { get; } = [];

    public List<string> Samples { get; } = [];

    /// <summary>New templates beyond <see cref="MaxTemplatesKept"/>.</summary>
    public int More;

    public bool IsOpen => Start != 0;

    public void Add(TemplateBaseline template, string sample, long ticks)
    {
        if (Start == 0)
        {
            Start = ticks;
        }
        LastNew = ticks;
        Dirty = true;
        if (Templates.Count < MaxTemplatesKept)
        {
            Templates.Add(template);
        }
        else
        {
            More++;
        }
        if (Samples.Count < Evidence.MaxSamples)
        {
            Samples.Add(sample);
        }
    }

    public void Close()
    {
        Start = LastNew = LastRaised = 0;
        Dirty = false;
        Entities = null;
        Templates.Clear();
        Samples.Clear();
        More = 0;
    }
}
