using System.CommandLine;

namespace LogWarden.Cli;

/// <summary>
/// `--server URL` (or LOGWARDEN_SERVER), `--token-file FILE` / LOGWARDEN_TOKEN / `--token`, `--ca-cert FILE`: the
/// options that make a store command ask a running daemon's REST API instead of opening the store. A token read
/// from the environment or a file never appears in a process listing, and none is ever printed.
/// </summary>
internal sealed class ServerOptions
{
    public const string ServerVariable = "LOGWARDEN_SERVER";
    public const string TokenVariable = "LOGWARDEN_TOKEN";

    private const string ServerName = "--server";

    private ServerOptions(Option<string?> server, Option<string?> token, Option<string?> tokenFile, Option<string?> caCert)
    {
        Server = server;
        Token = token;
        TokenFile = tokenFile;
        CaCert = caCert;
    }

    public Option<string?> Server { get; }

    public Option<string?> Token { get; }

    public Option<string?> TokenFile { get; }

    public Option<string?> CaCert { get; }

    /// <summary>Adds the options to a store command (its action then opens the store with <see cref="StoreOptions.OpenExisting"/>).</summary>
    public static ServerOptions AddTo(Command command)
    {
        var options = new ServerOptions(
            new Option<string?>(ServerName) { Description = $"Ask the running daemon at this URL (e.g. http://127.0.0.1:9740) through its REST API instead of opening the store. Default: ${ServerVariable} unless --data is given." },
            new Option<string?>("--token") { Description = $"Bearer token for --server. Visible in process listings: prefer --token-file or ${TokenVariable}." },
            new Option<string?>("--token-file") { Description = "File holding the bearer token for --server (its first line)." },
            new Option<string?>("--ca-cert") { Description = "PEM file of the CA (or the self-signed certificate) to trust for an https --server." });
        command.Options.Add(options.Server);
        command.Options.Add(options.Token);
        command.Options.Add(options.TokenFile);
        command.Options.Add(options.CaCert);
        return options;
    }

    /// <summary>
    /// The daemon to ask, when the command was given --server, or LOGWARDEN_SERVER is set and --data was not;
    /// null for the local store. False (after saying why) when the options are unusable.
    /// </summary>
    public static bool TryResolve(ParseResult parse, bool dataGiven, TextWriter stderr, out DaemonEndpoint? endpoint)
    {
        endpoint = null;
        if (Find(parse) is not { } options)
        {
            return true;
        }
        string? server = parse.GetValue(options.Server);
        if (server is null && !dataGiven)
        {
            server = Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        }
        if (server is null)
        {
            return true;
        }
        if (!Uri.TryCreate(server.Contains("://", StringComparison.Ordinal) ? server : "http://" + server, UriKind.Absolute, out Uri? address)
            || address.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(address.UserInfo))
        {
            stderr.WriteLine($"logwarden: --server: '{server}' is not an http:// or https:// URL (without credentials in it)");
            return false;
        }
        if (!TryReadToken(parse, options, stderr, out string? token))
        {
            return false;
        }
        string? caCert = parse.GetValue(options.CaCert);
        if (caCert is not null && !File.Exists(caCert))
        {
            stderr.WriteLine($"logwarden: --ca-cert: no file {caCert}");
            return false;
        }
        endpoint = new DaemonEndpoint(address, token, caCert);
        return true;
    }

    private static bool TryReadToken(ParseResult parse, ServerOptions options, TextWriter stderr, out string? token)
    {
        token = parse.GetValue(options.Token);
        if (parse.GetValue(options.TokenFile) is { } file)
        {
            try
            {
                token = File.ReadLines(file).FirstOrDefault()?.Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"logwarden: --token-file: cannot read {file}: {e.Message}");
                return false;
            }
            if (string.IsNullOrEmpty(token))
            {
                stderr.WriteLine($"logwarden: --token-file: {file} is empty");
                return false;
            }
        }
        token ??= Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment.Trim() : null;
        return true;
    }

    /// <summary>The command's own instances (each command has its own; System.CommandLine matches them by identity).</summary>
    private static ServerOptions? Find(ParseResult parse)
    {
        Option[] options = [.. parse.CommandResult.Command.Options];
        Option<string?>? Named(string name) => options.OfType<Option<string?>>().FirstOrDefault(o => o.Name == name);
        return Named(ServerName) is { } server && Named("--token") is { } token && Named("--token-file") is { } file && Named("--ca-cert") is { } ca
            ? new ServerOptions(server, token, file, ca)
            : null;
    }
}

/// <summary>A daemon's REST API: its base address, the bearer token (null: none), a CA file to trust for https.</summary>
internal sealed record DaemonEndpoint(Uri Address, string? Token, string? CaCertificateFile)
{
    /// <summary>Never the token: records print their members, and this one may end up in a message.</summary>
    public override string ToString() => Address.ToString();
}
