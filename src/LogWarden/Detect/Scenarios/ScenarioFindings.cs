using System.Globalization;

namespace LogWarden.Detect.Scenarios;

/// <summary>Turns an overflowing bucket or a period's summary into a <see cref="Finding"/>: entities, title, evidence.</summary>
internal sealed class ScenarioFindings(ServiceMap services)
{
    public const string DetectorName = "scenarios";

    /// <summary>The entity name under which a finding carries a key entity.</summary>
    public static string EntityName(ScenarioEntity entity) => entity switch
    {
        ScenarioEntity.Ip => EntityNames.Ip,
        ScenarioEntity.User => EntityNames.User,
        ScenarioEntity.Path => EntityNames.Path,
        ScenarioEntity.Host => EntityNames.Host,
        ScenarioEntity.Source => EntityNames.Source,
        ScenarioEntity.Program => EntityNames.Process,
        _ => "service",
    };

    /// <param name="prior">For a trigger: the memory bucket it required (failed attempts before a login).</param>
    /// <summary>
    /// For a scenario with success lines and no client in its key: the client four fifths of the counted errors came
    /// from, when the site served at least as many requests as failed meanwhile; else null.
    /// </summary>
    private static string? OneClientWhileServed(LeakyBucket bucket) =>
        bucket.Scenario.CountsClients && bucket.Successes >= bucket.Count
            ? bucket.ConcentratedAddress()
            : null;

    public Finding FromBucket(LeakyBucket bucket, long ticks, LeakyBucket? prior, int hourOfDay)
    {
        var scenario = bucket.Scenario;
        bucket.Entities ??= EntitiesOf(bucket);
        string? Value(TitleField field) => field switch
        {
            TitleField.Ip => bucket.Address,
            TitleField.User => bucket.Group?.UsersText() ?? bucket.LastUser ?? bucket.Users?.Example(0),
            TitleField.Users => UsersText(bucket.Users, bucket.DominantUser()),
            TitleField.ForUsers => UsersText(bucket.Users, bucket.DominantUser()) is { } named ? " for " + named : "",
            TitleField.Count => Number(bucket.Count),
            TitleField.Distinct => Number(DistinctOf(bucket)),
            TitleField.Service => bucket.Service is { } service ? services.Title(service) : null,
            TitleField.Host => bucket.Host,
            TitleField.Source => bucket.Source,
            TitleField.Path => bucket.Paths?.Example(0),
            TitleField.Paths => ExamplesText(bucket.Paths),
            TitleField.Addresses => bucket.Addresses is { Count: > 0 } a ? $"{Number(a.Count)} addresses ({ExamplesText(a)})" : null,
            TitleField.Statuses => bucket.StatusText(),
            TitleField.Duration => DurationText(bucket.LastTicks - bucket.FirstTicks),
            TitleField.Prior => prior is null ? null : Number(prior.Count),
            TitleField.PriorUsers => prior is null ? null : UsersText(prior.Users, prior.DominantUser()),
            TitleField.Usual => UsualText(bucket.Rate, hourOfDay),
            _ => null,
        };

        var measurements = new Dictionary<string, double>
        {
            ["count"] = bucket.Count,
            ["level"] = Math.Round(bucket.Level, 2),
            ["capacity"] = bucket.Overflowed ? bucket.Capacity : scenario.EffectiveCapacity,
            ["defined_capacity"] = scenario.Definition.Capacity,
        };
        if (bucket.Users is { Count: > 0 } users)
        {
            measurements["distinct_users"] = users.Count;
        }

        if (bucket.Paths is { Count: > 0 } paths)
        {
            measurements["distinct_paths"] = paths.Count;
        }

        if (bucket.Addresses is { Count: > 0 } addresses)
        {
            measurements[Evidence.DistinctAddresses] = addresses.Count;
        }

        if (bucket.Successes > 0)
        {
            measurements["successes"] = bucket.Successes;
        }

        if (bucket.Rate is { Hours: > 0 } rate)
        {
            measurements["usual_per_hour"] = Math.Round(rate.PerHour(hourOfDay), 2);
        }

        if (bucket.Surged)
        {
            measurements["surge"] = 1; // overflowed on its rate (ScenarioRuntime.IsSurge), before its capacity
        }

        if (prior is not null)
        {
            measurements["prior_failures"] = prior.Count;
        }

        var samples = prior?.SampleLines() ?? [];
        samples.AddRange(bucket.SampleLines());
        if (samples.Count > Evidence.MaxSamples)
        {
            samples.RemoveRange(0, samples.Count - Evidence.MaxSamples); // the latest lines: the login itself last
        }

        var time = new DateTimeOffset(ticks, TimeSpan.Zero);
        var severity = scenario.Definition.Severity;
        string title = scenario.Definition.Title.Render(Value, UnknownText);
        var entities = bucket.Entities;
        if (OneClientWhileServed(bucket) is { } client)
        {
            // Errors of a whole site (a key without the client) that nearly all went to one client while the site kept
            // serving as many requests as failed: that client's trouble (rate limited, its own bad calls), not an
            // outage. Recorded, naming the client; an outage fails every client, or serves almost nothing.
            severity = FindingSeverity.Info;
            title += $", nearly all to {client} while {Number(bucket.Successes)} other requests were served";
            entities = new Dictionary<string, string>(bucket.Entities, StringComparer.Ordinal) { [EntityNames.Ip] = client };
        }

        return new Finding
        {
            Timestamp = time,
            Severity = severity,
            Kind = scenario.Kind,
            Title = title,
            Entities = entities,
            FirstSeen = new DateTimeOffset(prior is null ? bucket.FirstTicks : Math.Min(prior.FirstTicks, bucket.FirstTicks), TimeSpan.Zero),
            LastSeen = new DateTimeOffset(bucket.LastTicks, TimeSpan.Zero),
            Count = bucket.Count,
            Evidence = new Evidence { Templates = bucket.TemplateEvidence(), Samples = samples, Measurements = measurements },
            Detector = DetectorName,
        };
    }

    public Finding FromSummary(SummaryBucket summary, long ticks, int hourOfDay)
    {
        string? Value(TitleField field) => field switch
        {
            TitleField.Count => Number(summary.Count),
            TitleField.Service => summary.Service is { } service ? services.Title(service) : null,
            TitleField.Host => summary.Host,
            TitleField.Addresses => AddressesText(summary),
            TitleField.Users => UsersText(summary.Users),
            TitleField.ForUsers => UsersText(summary.Users) is { } named ? " for " + named : "",
            TitleField.User => summary.Users.Example(0),
            TitleField.Ip => summary.Busiest()?.Address,
            TitleField.Distinct => Number(summary.Addresses.Count),
            TitleField.Duration => DurationText(summary.LastTicks - summary.FirstTicks),
            TitleField.Usual => UsualText(summary.Rate, hourOfDay),
            _ => null,
        };

        var entities = new Dictionary<string, string>();
        var scenario = summary.Scenario;
        foreach (var entity in scenario.KeyEntities)
        {
            if (scenario.TryKeyValue(summary.Key, entity, out string? value) && value is not null)
            {
                entities[EntityName(entity)] = value;
            }
        }

        if (summary.Service is { } s)
        {
            entities.TryAdd("service", s);
        }

        var measurements = new Dictionary<string, double>
        {
            ["count"] = summary.Count,
            [Evidence.DistinctAddresses] = summary.Addresses.Count,
            ["distinct_users"] = summary.Users.Count,
        };
        if (summary.Rate is { Hours: > 0 } rate)
        {
            measurements["usual_per_hour"] = Math.Round(rate.PerHour(hourOfDay), 2);
        }

        return new Finding
        {
            Timestamp = new DateTimeOffset(ticks, TimeSpan.Zero),
            Severity = scenario.Definition.Severity,
            Kind = scenario.Kind,
            Title = scenario.Definition.Title.Render(Value, UnknownText),
            Entities = entities,
            FirstSeen = new DateTimeOffset(summary.FirstTicks, TimeSpan.Zero),
            LastSeen = new DateTimeOffset(summary.LastTicks, TimeSpan.Zero),
            Count = summary.Count,
            Evidence = new Evidence { Measurements = measurements },
            Detector = DetectorName,
        };
    }

    /// <summary>
    /// The key's entities, plus the service and host when known, and the user when the episode is about one
    /// account (a trigger's login, or a bucket that saw a single user so far).
    /// </summary>
    public static Dictionary<string, string> EntitiesOf(LeakyBucket bucket)
    {
        var scenario = bucket.Scenario;
        var entities = new Dictionary<string, string>();
        foreach (var entity in scenario.KeyEntities)
        {
            if (scenario.TryKeyValue(bucket.Key, entity, out string? value) && value is not null)
            {
                entities[EntityName(entity)] = value;
            }
        }

        if (bucket.Service is { } service)
        {
            entities.TryAdd("service", service);
        }

        if (bucket.Host is { } host)
        {
            entities.TryAdd(EntityNames.Host, host);
        }
        else if (bucket.Source is { } source)
        {
            entities.TryAdd(EntityNames.Source, source); // an access log without a virtual host: where it was seen
        }

        string? user = scenario.Type == ScenarioType.Trigger ? bucket.LastUser
            : bucket.DominantUser() ?? (scenario.Definition.NameMostTriedUser ? bucket.MostTriedUser() : null);
        if (user is not null)
        {
            entities.TryAdd(EntityNames.User, user);
        }

        return entities;
    }

    private static long DistinctOf(LeakyBucket bucket) => bucket.Scenario.Definition.Distinct switch
    {
        ScenarioEntity.User => bucket.Users?.Count ?? 0,
        ScenarioEntity.Path => bucket.Paths?.Count ?? 0,
        ScenarioEntity.Ip => bucket.Addresses?.Count ?? 0,
        _ => bucket.Count,
    };

    private static string UnknownText(TitleField field) => field switch
    {
        TitleField.Users or TitleField.PriorUsers => "no named user",
        TitleField.Service => "unknown service",
        _ => "?",
    };

    /// <summary>"root", "41 users (root, admin, test…)", or "41 users, mostly tomasz (root, admin, test…)".</summary>
    private static string? UsersText(DistinctValues? users, string? dominant = null) => users switch
    {
        null or { Count: 0 } => null,
        { Count: 1 } => users.Example(0),
        _ when dominant is not null => $"{Number(users.Count)} users, mostly {dominant} ({ExamplesText(users)})",
        _ => $"{Number(users.Count)} users ({ExamplesText(users)})",
    };

    private static string? ExamplesText(DistinctValues? values)
    {
        if (values is null || values.Examples == 0)
        {
            return null;
        }

        var examples = new List<string>(values.Examples);
        for (int i = 0; i < values.Examples; i++)
        {
            examples.Add(values.Example(i)!);
        }

        return string.Join(", ", examples) + (values.Count > values.Examples ? "…" : "");
    }

    private static string AddressesText(SummaryBucket summary)
    {
        string text = summary.Addresses.Count == 1 ? "1 address" : $"{Number(summary.Addresses.Count)} addresses";
        return summary.Busiest() is { } busiest && summary.Addresses.Count > 1 ? $"{text} (most from {busiest.Address})" : text;
    }

    private static string? UsualText(KeyRate? rate, int hourOfDay) =>
        rate is { Hours: > 0 } ? rate.PerHour(hourOfDay).ToString(rate.PerHour(hourOfDay) >= 10 ? "0" : "0.#", CultureInfo.InvariantCulture) : null;

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>"40 s", "5 min", "3.5 h".</summary>
    internal static string DurationText(long ticks)
    {
        var span = TimeSpan.FromTicks(Math.Max(ticks, TimeSpan.TicksPerSecond));
        return span.TotalSeconds < 90 ? $"{span.TotalSeconds:0} s"
            : span.TotalMinutes < 90 ? $"{span.TotalMinutes:0} min"
            : string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h");
    }
}
