using System.Globalization;

namespace LogWarden.Detect.Baselines;

/// <summary>The kinds of finding the baselines raise (<see cref="Finding.Kind"/>).</summary>
internal static class BaselineKinds
{
    public const string NewTemplate = "new-template";
    public const string NewErrorTemplate = "new-error-template";
    public const string RareTemplate = "rare-template";
    public const string TemplateSpike = "template-spike";
    public const string TemplateDrop = "template-drop";
    public const string PeriodicMissed = "periodic-missed";
    public const string SourceSilent = "source-silent";
    public const string VolumeShift = "volume-shift";
    public const string ErrorBurst = "error-burst";
    public const string DecodingLost = "decoding-lost";
    public const string SecurityBlindSpot = "security-blind-spot";
}

/// <summary>Entities, titles and evidence of baseline findings (only ever on the rare path).</summary>
internal static class BaselineFindings
{
    public const int MaxTitleTemplateLength = 100;

    /// <summary>source, host, unit, container; plus template and process when given.</summary>
    public static Dictionary<string, string> Entities(SourceBaseline source, TemplateBaseline? template = null, string? program = null)
    {
        var entities = new Dictionary<string, string> { [EntityNames.Source] = source.Name };
        if (source.Host is { Length: > 0 } host)
        {
            entities[EntityNames.Host] = host;
        }
        if (source.Unit is { Length: > 0 } unit)
        {
            entities[EntityNames.Unit] = unit;
        }
        if (source.Container is { Length: > 0 } container)
        {
            entities[EntityNames.Container] = container;
        }
        if (template is not null)
        {
            entities[EntityNames.Template] = template.Id.ToString(CultureInfo.InvariantCulture);
        }
        if ((program ?? template?.Program) is { Length: > 0 } process)
        {
            entities[EntityNames.Process] = process;
        }
        return entities;
    }

    /// <summary>
    /// <see cref="Entities"/> for a finding raised at <paramref name="line"/>, with the systemd unit the line is about when
    /// the source is no unit's own ("worker-queue.service: Main process exited…"): a template that spans every unit names
    /// the one this finding is about, and joins that unit's incident. Rare path.
    /// </summary>
    public static Dictionary<string, string> EntitiesAt(SourceBaseline source, TemplateBaseline template, LogObservation line, string? program = null)
    {
        var entities = Entities(source, template, program);
        // A source of no unit, or of systemd's own (init.scope reports on every unit): the unit the line names is the one it is about.
        if ((source.Unit is null || Incidents.IncidentCorrelation.IsReporter(source.Unit)) && UnitOf(line.Record.Message) is { } unit)
        {
            entities[EntityNames.Unit] = unit;
        }
        return entities;
    }

    private static readonly string[] UnitSuffixes = [".service", ".socket", ".timer", ".mount", ".scope", ".slice", ".path", ".swap", ".target", ".automount"];

    /// <summary>
    /// The systemd unit a line is about, when its message starts with one ("portal-worker.service: Main
    /// process exited…"): a template that spans every unit names the one that spiked. Rare path.
    /// </summary>
    public static string? UnitOf(string message)
    {
        int colon = message.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon > 200)
        {
            return null;
        }
        ReadOnlySpan<char> name = message.AsSpan(0, colon);
        if (name.ContainsAny(' ', '\t'))
        {
            return null;
        }
        foreach (string suffix in UnitSuffixes)
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return name.ToString();
            }
        }
        return null;
    }

    /// <summary>The first systemd unit a message names anywhere ("Started pgbouncer.service - PgBouncer"), or null. Rare path.</summary>
    public static string? UnitIn(string message)
    {
        foreach (Range range in message.AsSpan().SplitAny(" \t'\"()[]"))
        {
            ReadOnlySpan<char> word = message.AsSpan(range).TrimEnd(".,:;");
            foreach (string suffix in UnitSuffixes)
            {
                if (word.Length > suffix.Length && word.EndsWith(suffix, StringComparison.Ordinal))
                {
                    return word.ToString();
                }
            }
        }
        return null;
    }

    /// <summary>The network of an address: an IPv4 /24 ("203.0.113"), an IPv6 /64 (its first four groups).</summary>
    public static string NetworkOf(string address)
    {
        if (address.Contains(':', StringComparison.Ordinal))
        {
            int end = -1;
            for (int groups = 0; groups < 4; groups++)
            {
                end = address.IndexOf(':', end + 1);
                if (end < 0)
                {
                    return address;
                }
            }
            return address[..end];
        }
        int dot = address.LastIndexOf('.');
        return dot > 0 ? address[..dot] : address;
    }

    /// <summary>The template as quoted in a title, cut to a readable length.</summary>
    public static string Quote(string text) =>
        "'" + (text.Length <= MaxTitleTemplateLength ? text : string.Concat(text.AsSpan(0, MaxTitleTemplateLength), "…")) + "'";

    /// <summary>"/var/log/syslog on web1".</summary>
    public static string Where(SourceBaseline source) => source.Host is { Length: > 0 } host ? $"{source.Name} on {host}" : source.Name;

    public static TemplateEvidence Evidence(TemplateBaseline template, long count) => new(template.Id, template.Text, count);

    public static string Sample(string raw) =>
        raw.Length <= Detect.Evidence.MaxSampleLength ? raw : string.Concat(raw.AsSpan(0, Detect.Evidence.MaxSampleLength), "…");

    public static Dictionary<string, double> Measurements(params (string Name, double Value)[] values)
    {
        var measurements = new Dictionary<string, double>(values.Length);
        foreach ((string name, double value) in values)
        {
            if (double.IsFinite(value))
            {
                measurements[name] = Math.Round(value, 6);
            }
        }
        return measurements;
    }

    public static string Number(double value) => value switch
    {
        >= 100 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.#", CultureInfo.InvariantCulture),
    };
}
