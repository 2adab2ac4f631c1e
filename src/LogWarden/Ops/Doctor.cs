using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using LogWarden.Collect.Files;
using LogWarden.Config;
using LogWarden.Daemon;

namespace LogWarden.Ops;

internal enum DoctorLevel
{
    Ok,
    Warning,
    Error,
}

/// <summary>One finding of `logwarden doctor`: what was checked, what was found, and what to do about it.</summary>
internal sealed record DoctorCheck(DoctorLevel Level, string Area, string Finding, string? Fix = null);

/// <summary>What the doctor needs to know besides the configuration.</summary>
internal sealed record DoctorOptions
{
    public required string DataDirectory { get; init; }

    /// <summary>Whose access to the logs and the data directory is judged: the service's user, else the caller.</summary>
    public required LogReader Reader { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// `logwarden doctor`: whether the daemon, as configured, can do its job on this machine. It reads, connects
/// and asks, but sends nothing anyone would see: a notifier's check is a TCP (and TLS-less) connect to its
/// server, never a message; the LLM's is the endpoint's model list.
/// </summary>
internal static class Doctor
{
    /// <summary>Files judged per glob: enough to find a permission problem, few enough for /var/log/**.</summary>
    private const int FilesPerGlob = 50;

    public static async Task<List<DoctorCheck>> RunAsync(LogWardenConfig config, DoctorOptions options, CancellationToken cancellationToken)
    {
        var checks = new List<DoctorCheck>();
        CheckSources(config, options.Reader, checks);
        CheckDataDirectory(config, options, checks);
        CheckClock(options.Time, checks);
        await CheckNotifiersAsync(config, options, checks, cancellationToken).ConfigureAwait(false);
        await CheckLlmAsync(config.Llm, options, checks, cancellationToken).ConfigureAwait(false);
        await CheckWebAsync(config, options, checks, cancellationToken).ConfigureAwait(false);
        return checks;
    }

    private static void CheckSources(LogWardenConfig config, LogReader reader, List<DoctorCheck> checks)
    {
        EffectiveSources sources = SourceDiscovery.Resolve(config.Sources, LocalMachine.Instance);
        int found = 0;
        foreach (FileSourceConfig files in sources.Files)
        {
            foreach (string pattern in files.Paths)
            {
                var matches = new SortedSet<string>(StringComparer.Ordinal);
                new PathGlob(pattern).Collect(matches, (_, _) => { });
                if (matches.Count == 0)
                {
                    checks.Add(new DoctorCheck(DoctorLevel.Warning, "sources", $"{pattern}: no file matches yet", "check the path; the daemon follows it once a file appears"));
                    continue;
                }
                var unreadable = new List<(string Why, string Fix)>();
                foreach (string file in matches.Take(FilesPerGlob))
                {
                    if (reader.CannotRead(file) is { } why)
                    {
                        unreadable.Add(why);
                    }
                }
                found += matches.Count - unreadable.Count;
                if (unreadable.Count == 0)
                {
                    checks.Add(new DoctorCheck(DoctorLevel.Ok, "sources", $"{pattern}: {matches.Count} file(s) readable by {reader.Name}"));
                }
                foreach (var (why, fix) in unreadable)
                {
                    checks.Add(new DoctorCheck(DoctorLevel.Error, "sources", why, fix));
                }
            }
        }
        if (sources.Journal)
        {
            if (reader.InGroup("systemd-journal") || reader.InGroup("adm") || reader.IsRoot)
            {
                checks.Add(new DoctorCheck(DoctorLevel.Ok, "sources", $"journal: {reader.Name} reads the whole journal"));
                found++;
            }
            else
            {
                checks.Add(new DoctorCheck(DoctorLevel.Warning, "sources", $"journal: {reader.Name} is in neither systemd-journal nor adm, so it sees only its own messages",
                    $"usermod --append --groups systemd-journal {reader.Name}"));
            }
        }
        if (sources.Docker)
        {
            string root = config.Sources.Docker.Root;
            if (reader.CannotList(root) is { } denied)
            {
                checks.Add(new DoctorCheck(DoctorLevel.Error, "sources", "docker: " + denied.Why,
                    $"Docker keeps {root} for root: run the daemon as root, or give {reader.Name} read access (setfacl -R -m u:{reader.Name}:rX {root})"));
            }
            else
            {
                checks.Add(new DoctorCheck(DoctorLevel.Ok, "sources", $"docker: {root} readable"));
                found++;
            }
        }
        bool listens = config.Sources.LokiPush.Enabled || config.Sources.Syslog.Udp is not null || config.Sources.Syslog.Tcp is not null;
        if (found == 0 && !listens)
        {
            checks.Add(new DoctorCheck(DoctorLevel.Error, "sources", "no source the daemon can read", "add `sources.files` to the configuration or fix the permissions above"));
        }
    }

    private static void CheckDataDirectory(LogWardenConfig config, DoctorOptions options, List<DoctorCheck> checks)
    {
        string dir = options.DataDirectory;
        string existing = dir;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }
        if (options.Reader.CannotWrite(existing) is { } denied)
        {
            checks.Add(new DoctorCheck(DoctorLevel.Error, "data", denied.Why, $"chown {options.Reader.Name} {existing} (the unit's StateDirectory does this for /var/lib/logwarden)"));
        }
        else
        {
            checks.Add(new DoctorCheck(DoctorLevel.Ok, "data", existing == dir ? $"{dir} writable by {options.Reader.Name}" : $"{dir} can be created by {options.Reader.Name}"));
        }
        var drive = new DriveInfo(existing);
        long free = drive.AvailableFreeSpace;
        long floor = config.Store.MinFreeDisk;
        string freeText = $"{Bytes(free)} free of {Bytes(drive.TotalSize)} on {drive.RootDirectory.FullName}";
        checks.Add(free < floor
            ? new DoctorCheck(DoctorLevel.Error, "disk", $"{freeText}, under store.min_free_disk ({Bytes(floor)}): the store refuses writes", "free space, or lower store.retention / store.max_size")
            : free < 2 * floor
                ? new DoctorCheck(DoctorLevel.Warning, "disk", $"{freeText}, near store.min_free_disk ({Bytes(floor)})", "free space, or lower store.retention / store.max_size")
                : new DoctorCheck(DoctorLevel.Ok, "disk", freeText));
    }

    private static void CheckClock(TimeProvider time, List<DoctorCheck> checks)
    {
        // A clock before this binary was built is certainly wrong (a VPS restored from an old snapshot, no RTC).
        DateTimeOffset now = time.GetUtcNow();
        if (Environment.ProcessPath is { } self && File.Exists(self) && File.GetLastWriteTimeUtc(self) > now.UtcDateTime.AddDays(1))
        {
            checks.Add(new DoctorCheck(DoctorLevel.Error, "clock", $"the clock says {now:u}, before this program was built", "set the time and enable NTP: timedatectl set-ntp true"));
            return;
        }
        string? synced = null;
        try
        {
            synced = SystemLayout.RunTool("timedatectl", "show", "--property=NTPSynchronized", "--value").Trim();
        }
        catch (OpsException)
        {
            // No timedatectl, or no systemd to answer it (a container): the check cannot tell.
        }
        checks.Add(synced switch
        {
            "yes" => new DoctorCheck(DoctorLevel.Ok, "clock", $"{now:u}, synchronised by NTP"),
            "no" => new DoctorCheck(DoctorLevel.Warning, "clock", $"{now:u}, not synchronised by NTP: log times and incident windows drift",
                "timedatectl set-ntp true (or install chrony / systemd-timesyncd)"),
            _ => new DoctorCheck(DoctorLevel.Ok, "clock", $"{now:u} (NTP state unknown: timedatectl is not available here)"),
        });
    }

    private static async Task CheckNotifiersAsync(LogWardenConfig config, DoctorOptions options, List<DoctorCheck> checks, CancellationToken cancellationToken)
    {
        if (!config.Alerts.Enabled || config.Alerts.Channels.Count == 0)
        {
            checks.Add(new DoctorCheck(DoctorLevel.Warning, "alerts", "no alert channel: incidents are only on the dashboard", "add a channel under alerts.channels (telegram, email, slack, …)"));
            return;
        }
        foreach (AlertChannelConfig channel in config.Alerts.Channels)
        {
            (string host, int port)? server = Server(channel);
            if (server is null)
            {
                checks.Add(new DoctorCheck(DoctorLevel.Error, "alerts", $"{channel}: no server address in its configuration", "set its url (or host for e-mail)"));
                continue;
            }
            string? failure = await ConnectAsync(server.Value.host, server.Value.port, options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            checks.Add(failure is null
                ? new DoctorCheck(DoctorLevel.Ok, "alerts", $"{channel}: {server.Value.host}:{server.Value.port} reachable")
                : new DoctorCheck(DoctorLevel.Error, "alerts", $"{channel}: cannot connect to {server.Value.host}:{server.Value.port}: {failure}",
                    "check the address, DNS, and the firewall's outgoing rules"));
        }
    }

    /// <summary>The server a channel sends to (as its notifier does, with the same defaults).</summary>
    internal static (string Host, int Port)? Server(AlertChannelConfig channel)
    {
        if (channel.Type == "email")
        {
            return channel.Host is null ? null : (channel.Host, channel.Port ?? channel.Security switch { "tls" => 465, "none" => 25, _ => 587 });
        }
        string? url = channel.Url ?? channel.Type switch
        {
            "telegram" => "https://api.telegram.org",
            "dingtalk" => "https://oapi.dingtalk.com",
            "ntfy" => "https://ntfy.sh",
            _ => null,
        };
        return url is not null && Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) ? (uri.IdnHost, uri.Port) : null;
    }

    private static async Task<string?> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var client = new TcpClient(AddressFamily.InterNetworkV6) { Client = { DualMode = true } };
            await client.ConnectAsync(host, port, deadline.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {timeout.TotalSeconds:0} s";
        }
        catch (SocketException e)
        {
            return e.Message;
        }
    }

    private static async Task CheckLlmAsync(LlmConfig llm, DoctorOptions options, List<DoctorCheck> checks, CancellationToken cancellationToken)
    {
        if (!llm.IsOn)
        {
            checks.Add(new DoctorCheck(DoctorLevel.Ok, "llm", "off: incidents are explained by LogWarden's own rules"));
            return;
        }
        string models = llm.BaseUrl.TrimEnd('/') + "/models";
        using var http = new HttpClient { Timeout = options.ConnectTimeout };
        using var request = new HttpRequestMessage(HttpMethod.Get, models);
        if (!string.IsNullOrEmpty(llm.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", llm.ApiKey);
        }
        try
        {
            using HttpResponseMessage response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                checks.Add(new DoctorCheck(DoctorLevel.Error, "llm", $"{models} refused the API key ({(int)response.StatusCode})", "check llm.api_key (or OPENAI_API_KEY)"));
                return;
            }
            if (!response.IsSuccessStatusCode)
            {
                checks.Add(new DoctorCheck(DoctorLevel.Warning, "llm", $"{models} answered {(int)response.StatusCode}: the model list cannot be checked", "check llm.base_url"));
                return;
            }
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), default, cancellationToken).ConfigureAwait(false);
            bool listed = document.RootElement.TryGetProperty("data", out JsonElement data) && data.ValueKind == JsonValueKind.Array
                && data.EnumerateArray().Any(m => m.TryGetProperty("id", out JsonElement id) && id.GetString() == llm.Model);
            checks.Add(listed
                ? new DoctorCheck(DoctorLevel.Ok, "llm", $"{llm.BaseUrl} reachable, model {llm.Model} listed")
                : new DoctorCheck(DoctorLevel.Error, "llm", $"{llm.BaseUrl} does not list the model {llm.Model}", "set llm.model to one the endpoint lists (GET /models)"));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            checks.Add(new DoctorCheck(DoctorLevel.Error, "llm", $"{models}: {e.Message}", "check llm.base_url and that the endpoint runs; explanations fall back to LogWarden's own meanwhile"));
        }
    }

    private static async Task CheckWebAsync(LogWardenConfig config, DoctorOptions options, List<DoctorCheck> checks, CancellationToken cancellationToken)
    {
        if (!ConfigLoader.TryParseEndpoint(config.Listen, out IPEndPoint? endpoint) || endpoint is null)
        {
            checks.Add(new DoctorCheck(DoctorLevel.Error, "web", $"listen: '{config.Listen}' is not an address:port", "e.g. listen: 127.0.0.1:9740"));
            return;
        }
        if (!IPAddress.IsLoopback(endpoint.Address) && !config.Web.Auth.IsConfigured)
        {
            checks.Add(new DoctorCheck(DoctorLevel.Error, "web", $"listen {endpoint} is reachable from other machines without web.auth: the daemon refuses to start",
                "set web.auth (logwarden web hash-password) or listen on 127.0.0.1"));
        }
        else if (!IPAddress.IsLoopback(endpoint.Address) && config.Web.Tls.Certificate is null)
        {
            checks.Add(new DoctorCheck(DoctorLevel.Warning, "web", $"listen {endpoint} with credentials over plain HTTP", "set web.tls, or put a TLS proxy in front"));
        }
        foreach (string? file in new[] { config.Web.Tls.Certificate, config.Web.Tls.Key })
        {
            if (file is not null && !File.Exists(file))
            {
                checks.Add(new DoctorCheck(DoctorLevel.Error, "web", $"web.tls: {file} does not exist", "point web.tls at the PEM files"));
            }
        }
        SocketException? taken = null;
        try
        {
            using var probe = new TcpListener(endpoint);
            probe.Start();
        }
        catch (SocketException e)
        {
            taken = e;
        }
        if (taken is null)
        {
            checks.Add(new DoctorCheck(DoctorLevel.Ok, "web", $"{endpoint} is free to listen on"));
        }
        else if (taken.SocketErrorCode == SocketError.AddressAlreadyInUse
            && await AnswersReadyAsync(endpoint, config.Web.Tls.Certificate is not null, options.ConnectTimeout, cancellationToken).ConfigureAwait(false))
        {
            // The usual case once installed: the service itself holds the address.
            checks.Add(new DoctorCheck(DoctorLevel.Ok, "web", $"{endpoint}: the daemon is running there (/ready answers)"));
        }
        else
        {
            string by = taken.SocketErrorCode == SocketError.AddressAlreadyInUse ? ", and not by a LogWarden daemon (no /ready)" : "";
            checks.Add(new DoctorCheck(DoctorLevel.Warning, "web", $"{endpoint}: {taken.Message}{by}", "stop what listens there, or change `listen`"));
        }
    }

    /// <summary>Whether a LogWarden daemon listens at <paramref name="endpoint"/>: its /ready says "ready".</summary>
    private static async Task<bool> AnswersReadyAsync(IPEndPoint endpoint, bool tls, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // A wildcard listen address is reached on loopback; UriBuilder brackets an IPv6 literal.
        IPAddress address = endpoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : endpoint.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : endpoint.Address;
        var ready = new UriBuilder(tls ? "https" : "http", address.ToString(), endpoint.Port, "/ready").Uri;
        using var http = new HttpClient { Timeout = timeout };
        try
        {
            string body = await http.GetStringAsync(ready, cancellationToken).ConfigureAwait(false);
            return body.StartsWith("ready", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
    };
}
