using LogWarden.Collect;

namespace LogWarden.Detect.Scenarios;

/// <summary>
/// One line as the scenarios see it: a security event (or, for an access line that is none, an
/// <c>http-request</c> with its status) with the entities scenarios key by. Built once per line by
/// <see cref="ScenarioInput"/> and passed by reference to every scenario; the source is looked up only
/// when a scenario asks for it.
/// </summary>
internal struct ScenarioEvent
{
    private string? _source;
    private bool _sourceRead;

    public required LogObservation Line { get; init; }

    public required string Kind { get; init; }

    public bool Hostile { get; init; }

    /// <summary>The remote address, or the remote host name when the line names only that.</summary>
    public string? Address { get; init; }

    public string? User { get; init; }

    public string? Path { get; init; }

    public string? Service { get; init; }

    /// <summary>This machine as the line names it (the record's host, else the stream's host label), or an access log's virtual host.</summary>
    public string? Host { get; init; }

    /// <summary>The HTTP status of an access line; 0 otherwise.</summary>
    public int Status { get; init; }

    /// <summary>Whether this line starts a login attempt (see <see cref="AttemptTracker"/>).</summary>
    public bool Attempt { get; init; }

    /// <summary>Whether the path's shape was never served successfully on this site.</summary>
    public bool PathUnserved { get; init; }

    public long Ticks { get; init; }

    /// <summary>The stream the line came from: its file, unit or container.</summary>
    public string? Source
    {
        get
        {
            if (!_sourceRead)
            {
                _source = SourceOf(Line);
                _sourceRead = true;
            }

            return _source;
        }
    }

    public string? Entity(ScenarioEntity entity) => entity switch
    {
        ScenarioEntity.Ip => Address,
        ScenarioEntity.User => User,
        ScenarioEntity.Path => Path,
        ScenarioEntity.Service => Service,
        ScenarioEntity.Host => Host,
        ScenarioEntity.Source => Source,
        ScenarioEntity.Program => Line.Record.Program,
        _ => null,
    };

    /// <summary>The labels' file path, unit or container (in that order), else the record's source.</summary>
    public static string? SourceOf(LogObservation line)
    {
        string? path = null, unit = null, container = null;
        var pairs = line.Labels.Pairs;
        for (int i = 0; i < pairs.Count; i++)
        {
            var (name, value) = pairs[i];
            switch (name)
            {
                case "path":
                    path = value;
                    break;
                case "unit":
                    unit = value;
                    break;
                case "container":
                    container = value;
                    break;
            }
        }

        return path ?? unit ?? container ?? line.Record.Source;
    }

    /// <summary>The record's host, else the stream's <c>host</c> label.</summary>
    public static string? HostOf(LogObservation line)
    {
        if (line.Record.Host is { } host)
        {
            return host;
        }

        var pairs = line.Labels.Pairs;
        for (int i = 0; i < pairs.Count; i++)
        {
            if (pairs[i].Key == "host")
            {
                return pairs[i].Value;
            }
        }

        return null;
    }
}
