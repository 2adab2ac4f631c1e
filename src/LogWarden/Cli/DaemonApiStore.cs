using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LogWarden.Collect;
using LogWarden.Detect.Incidents;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Web.Api;

namespace LogWarden.Cli;

/// <summary>
/// A running daemon's store as the CLI's commands see it, through the REST API (/api/v1): what `search`, `stats`,
/// `incidents`, `alerts`, `silence`, `actions`, `bans` and `templates --data` read, and the operator's actions
/// (acknowledge, resolve, noise, retry, silences). The commands keep their printers and cannot tell the
/// difference. What only the daemon itself does (appending lines, saving incidents, delivering alerts,
/// recording bans) is not offered: those members throw <see cref="NotSupportedException"/>.
/// </summary>
internal sealed class DaemonApiStore(DaemonApiClient client) : ILogStore, IIncidentStore, IAlertOutbox, IAlertSilenceStore, IResponseStore
{
    // The API's page limits (Web/Api): larger asks are paged.
    private const int IncidentsPerPage = 500;
    private const int TemplatesPerPage = 1000;
    private const int OutboxLimit = 1000;

    public static DaemonApiStore Open(DaemonEndpoint endpoint) => new(new DaemonApiClient(endpoint));

    public void Dispose() => client.Dispose();

    public IEnumerable<SearchHit> Search(SearchQuery query, CancellationToken cancellationToken = default)
    {
        var path = new QueryString("search?format=ndjson");
        path.Add("q", query.Text);
        if (query.MatchCase)
        {
            path.Add("case", "true");
        }
        if (query.Pattern is { } pattern)
        {
            path.Add("regex", pattern.ToString());
            path.Add("regex_case", (pattern.Options & RegexOptions.IgnoreCase) == 0 ? "true" : "false");
        }
        path.Add("from", query.From);
        path.Add("to", query.To);
        foreach (LabelMatcher label in query.Labels)
        {
            if (label.Type != LabelMatchType.Equal)
            {
                throw new NotSupportedException("the API's search takes label=value matchers only");
            }
            path.Add("label", label.Name + "=" + label.Value);
        }
        path.Add("template", query.TemplateId?.ToString(CultureInfo.InvariantCulture));
        path.Add("limit", Math.Min(query.Limit, LogEndpoints.MaxSearchLimit).ToString(CultureInfo.InvariantCulture));
        path.Add("order", query.NewestFirst ? "newest" : "oldest");
        path.Add("after", query.AfterSequence?.ToString(CultureInfo.InvariantCulture));
        foreach (LineItem line in client.GetLines(path.ToString(), ApiJsonContext.Default.LineItem))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new SearchHit(line.Sequence, line.Timestamp, new StreamLabels(line.Labels), line.Line, line.TemplateId,
                Enum.TryParse(line.Level, ignoreCase: true, out Severity level) ? level : Severity.Unknown);
        }
    }

    public StoreStats GetStats()
    {
        StatsResponse s = Required(client.Get("stats", ApiJsonContext.Default.StatsResponse), "stats");
        return new StoreStats(s.Lines, s.Streams, s.Templates, s.Oldest, s.Newest, s.BytesByTable, s.BytesOnDisk);
    }

    /// <summary>The live templates (the API leaves out those merged into others).</summary>
    public IReadOnlyList<TemplateState> LoadTemplates()
    {
        var templates = new List<TemplateState>();
        for (int offset = 0; ; offset += TemplatesPerPage)
        {
            TemplatePage page = Required(client.Get(string.Create(CultureInfo.InvariantCulture, $"templates?sort=id&offset={offset}&limit={TemplatesPerPage}"), ApiJsonContext.Default.TemplatePage), "templates");
            templates.AddRange(page.Items.Select(t => new TemplateState(t.Id, t.Template.Split(' '), [], t.Count, t.FirstSeen, t.LastSeen, t.Example, 0,
                Enum.TryParse(t.Level, ignoreCase: true, out Severity level) ? level : Severity.Unknown)));
            if (page.Items.Count < TemplatesPerPage || templates.Count >= page.Total)
            {
                return templates;
            }
        }
    }

    public IReadOnlyList<IncidentRecord> ListIncidents(IncidentQuery query)
    {
        var found = new List<IncidentRecord>();
        for (int offset = query.Offset; found.Count < query.Limit; offset += IncidentsPerPage)
        {
            int want = Math.Min(IncidentsPerPage, query.Limit - found.Count);
            var path = new QueryString(string.Create(CultureInfo.InvariantCulture, $"incidents?details=true&offset={offset}&limit={want}"));
            path.Add("status", query.Statuses.Count == 0 ? null : string.Join(',', query.Statuses.Select(IncidentNames.Of)));
            path.Add("severity", query.Severities.Count == 0 ? null : string.Join(',', query.Severities.Select(IncidentNames.Of)));
            if (query.OpenedFrom is not null || query.OpenedTo is not null)
            {
                throw new NotSupportedException("the API lists incidents by status and severity, not by opening time");
            }
            IncidentPage page = Required(client.Get(path.ToString(), ApiJsonContext.Default.IncidentPage), "incidents");
            found.AddRange(page.Items.Select(i => Record(i)));
            if (!page.More)
            {
                break;
            }
        }
        return found;
    }

    public IncidentRecord? GetIncident(long id)
    {
        IncidentDetail? detail = client.Get(string.Create(CultureInfo.InvariantCulture, $"incidents/{id}?explain=false&related=false"), ApiJsonContext.Default.IncidentDetail);
        return detail is null ? null : Record(detail.Incident) with
        {
            Fingerprint = detail.Fingerprint,
            Entities = detail.Entities,
            Evidence = detail.Evidence,
            Findings = [.. detail.Findings.Select(f => new IncidentFindingRecord(f.Key, f.Fingerprint, f.Kind, f.Title, IncidentNames.ParseSeverity(f.Severity), f.Detector,
                f.Entities, f.FirstSeen, f.LastSeen, f.Count, f.FirstRaised, f.LastRaised, f.Raises, f.Evidence))],
        };
    }

    /// <summary>The daemon stamps the change with its own clock; <paramref name="at"/> is not sent.</summary>
    public bool TrySetIncidentStatus(long id, IncidentStatus status, DateTimeOffset at, out IncidentRecord? incident)
    {
        string action = status switch
        {
            IncidentStatus.Acknowledged => "acknowledge",
            IncidentStatus.Resolved => "resolve",
            IncidentStatus.Noise => "noise",
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "an operator acknowledges, resolves or marks as noise"),
        };
        IncidentActionResponse? answer = client.Post(string.Create(CultureInfo.InvariantCulture, $"incidents/{id}/{action}"), null,
            ApiJsonContext.Default.IncidentActionRequest, ApiJsonContext.Default.IncidentActionResponse);
        incident = answer is null ? null : Record(answer.Incident);
        return answer?.Changed == true;
    }

    public IReadOnlyList<OutboxRow> ListOutbox(OutboxQuery query)
    {
        var path = new QueryString(string.Create(CultureInfo.InvariantCulture, $"alerts?limit={Math.Clamp(query.Limit, 1, OutboxLimit)}"));
        path.Add("state", query.States.Count == 0 ? null : string.Join(',', query.States.Select(s => s switch
        {
            OutboxState.Delivered => "delivered",
            OutboxState.Failed => "failed",
            _ => "pending",
        })));
        path.Add("channel", query.Channel);
        IReadOnlyList<AlertItem> items = Required(client.Get(path.ToString(), ApiJsonContext.Default.IReadOnlyListAlertItem), "alerts");
        return [.. items.Select(a => new OutboxRow(a.Id, new OutboxEntry("", a.Channel, a.IncidentId, a.Notice, a.Severity, a.CreatedAt, a.NotBefore, ""),
            a.State switch { "delivered" => OutboxState.Delivered, "failed" => OutboxState.Failed, _ => OutboxState.Pending },
            a.Attempts, a.NextAttemptAt, a.DeliveredAt, a.LastError))];
    }

    public int Retry(long? id, DateTimeOffset now) =>
        Required(client.Post("alerts/retry", new AlertRetryRequest(id), ApiJsonContext.Default.AlertRetryRequest, ApiJsonContext.Default.AlertRetryResponse), "alerts/retry").Count;

    /// <summary>The daemon starts the silence at its own now and keeps it for endsAt − startsAt.</summary>
    public long AddSilence(string matchers, DateTimeOffset startsAt, DateTimeOffset endsAt, string createdBy, string comment)
    {
        var body = new SilenceRequest(matchers.Split('\n'), string.Create(CultureInfo.InvariantCulture, $"{(long)Math.Ceiling((endsAt - startsAt).TotalSeconds)}s"), comment, createdBy);
        return Required(client.Post("silences", body, ApiJsonContext.Default.SilenceRequest, ApiJsonContext.Default.SilenceItem), "silences").Id;
    }

    /// <summary>Null: every silence; otherwise those that have not ended (the daemon's now, not <paramref name="after"/>).</summary>
    public IReadOnlyList<AlertSilence> ListSilences(DateTimeOffset? after)
    {
        IReadOnlyList<SilenceItem> items = Required(client.Get(after is null ? "silences?all=true" : "silences", ApiJsonContext.Default.IReadOnlyListSilenceItem), "silences");
        return [.. items.Select(s => new AlertSilence(s.Id, string.Join('\n', s.Matchers), s.StartsAt, s.EndsAt, s.CreatedBy, s.Comment))];
    }

    public bool ExpireSilence(long id, DateTimeOffset at) => client.Delete(string.Create(CultureInfo.InvariantCulture, $"silences/{id}"));

    public IReadOnlyList<ResponseActionRecord> ListActions(int limit, long? incidentId = null)
    {
        var path = new QueryString(string.Create(CultureInfo.InvariantCulture, $"actions?limit={Math.Clamp(limit, 1, OutboxLimit)}"));
        path.Add("incident", incidentId?.ToString(CultureInfo.InvariantCulture));
        IReadOnlyList<ActionItem> items = Required(client.Get(path.ToString(), ResponseApiJsonContext.Default.IReadOnlyListActionItem), "actions");
        return [.. items.Select(a => new ResponseActionRecord(a.Id, a.At, a.IncidentId, a.Playbook, a.Action, string.Join('\n', [a.Arguments, .. a.Commands]),
            a.Result, a.Output, TimeSpan.FromMilliseconds(a.DurationMs)))];
    }

    /// <summary>The daemon's current bans (by its clock).</summary>
    public IReadOnlyList<BanRecord> CurrentBans(DateTimeOffset now)
    {
        IReadOnlyList<BanItem> items = Required(client.Get("bans", ResponseApiJsonContext.Default.IReadOnlyListBanItem), "bans");
        return [.. items.Select(b => new BanRecord(b.Id, b.Network, b.BannedAt, b.ExpiresAt, b.IncidentId, b.Reason, null))];
    }

    /// <summary>Lifts a ban where it is enforced: the daemon removes it from its firewall and marks it lifted.</summary>
    public LiftResponse LiftBan(string network) =>
        client.Post("bans/lift", new LiftRequest(network), ResponseApiJsonContext.Default.LiftRequest, ResponseApiJsonContext.Default.LiftResponse)
        ?? new LiftResponse(network, 0, false, null);

    private static T Required<T>(T? answer, string endpoint)
        where T : class =>
        answer ?? throw new DaemonApiException($"the daemon has no {RestApi.Prefix}/{endpoint} (an older version?)");

    private static IncidentRecord Record(IncidentListItem i) => new()
    {
        Id = i.Id,
        Fingerprint = i.Fingerprint,
        Kind = i.Kind,
        Title = i.Title,
        Status = IncidentNames.ParseStatus(i.Status),
        Severity = IncidentNames.ParseSeverity(i.Severity),
        Host = i.Host,
        FirstSeen = i.FirstSeen,
        LastSeen = i.LastSeen,
        OpenedAt = i.OpenedAt,
        UpdatedAt = i.UpdatedAt,
        AcknowledgedAt = i.AcknowledgedAt,
        ClosedAt = i.ClosedAt,
        Lines = i.Lines,
        FindingCount = i.FindingCount,
        Raises = i.Raises,
        Downgraded = i.Downgraded,
        Entities = i.Entities ?? new Dictionary<string, IReadOnlyList<string>>(),
        Evidence = i.Evidence ?? Detect.Evidence.None,
    };

    // What only the daemon does: through the API, a command never needs these.
    void ILogStore.Append(IReadOnlyList<StoredLine> lines, IReadOnlyList<TemplateState> templates, IReadOnlyList<Checkpoint> checkpoints) => throw DaemonOnly();

    long ILogStore.ApplyRetention(RetentionPolicy policy) => throw DaemonOnly();

    string? ICheckpointReader.Get(string sourceId, string key) => throw DaemonOnly();

    IReadOnlyDictionary<string, string> ICheckpointReader.GetAll(string sourceId) => throw DaemonOnly();

    void IIncidentStore.SaveIncidents(IReadOnlyList<IncidentRecord> incidents) => throw DaemonOnly();

    IReadOnlyList<string> IIncidentStore.LoadNoiseFingerprints() => throw DaemonOnly();

    IReadOnlyList<(long Id, IncidentStatus Status)> IIncidentStore.LoadStatusesPastOpen(IReadOnlyCollection<long> ids) => throw DaemonOnly();

    long IIncidentStore.HighestIncidentId() => throw DaemonOnly();

    int IAlertOutbox.Enqueue(IReadOnlyList<OutboxEntry> entries) => throw DaemonOnly();

    bool IAlertOutbox.ReplacePending(string dedupeKey, string severity, string payload, DateTimeOffset heldAfter) => throw DaemonOnly();

    IReadOnlyList<OutboxRow> IAlertOutbox.DueEntries(string channel, DateTimeOffset now, int limit) => throw DaemonOnly();

    IReadOnlyDictionary<string, DateTimeOffset> IAlertOutbox.PendingChannels() => throw DaemonOnly();

    void IAlertOutbox.MarkDelivered(long id, DateTimeOffset at) => throw DaemonOnly();

    void IAlertOutbox.MarkAttemptFailed(long id, string error, DateTimeOffset nextAttemptAt, bool giveUp) => throw DaemonOnly();

    DateTimeOffset? IAlertOutbox.LastNoticeAt(long incidentId, string channel) => throw DaemonOnly();

    long IResponseStore.RecordAction(ResponseActionRecord action) => throw DaemonOnly();

    long IResponseStore.RecordBan(BanRecord ban) => throw DaemonOnly();

    int IResponseStore.BanCount(string network) => throw DaemonOnly();

    int IResponseStore.LiftBans(string network, DateTimeOffset now) => throw new NotSupportedException("through the API a ban is lifted with LiftBan (the daemon's firewall)");

    int IResponseStore.CountActions(string? action, string? arguments, IReadOnlyList<string> results, DateTimeOffset since) => throw DaemonOnly();

    private static NotSupportedException DaemonOnly() => new("only the daemon itself does this; the API does not offer it");

    /// <summary>A relative URL with escaped query parameters; null values are left out.</summary>
    private sealed class QueryString(string start)
    {
        private readonly StringBuilder _text = new(start);

        public void Add(string name, string? value)
        {
            if (value is null)
            {
                return;
            }
            _text.Append(_text.ToString().Contains('?', StringComparison.Ordinal) ? '&' : '?').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        public void Add(string name, DateTimeOffset? value) => Add(name, value?.ToString("O", CultureInfo.InvariantCulture));

        public override string ToString() => _text.ToString();
    }
}
