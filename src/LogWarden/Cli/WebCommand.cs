using System.CommandLine;
using LogWarden.Web.Server;

namespace LogWarden.Cli;

/// <summary>
/// `logwarden web hash-password` (reads the password from stdin, prints the <c>web.auth.password_hash</c>
/// value) and `logwarden web hash-password --token` (makes a new bearer token, prints it and the
/// <c>web.auth.token_sha256</c> value to put in the config).
/// </summary>
internal static class WebCommand
{
    public static Command Create(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var token = new Option<bool>("--token") { Description = "Make a new random bearer token instead; prints the token (give it to clients) and its SHA-256 (put it in the config)." };
        var hash = new Command("hash-password", "Hash a password read from standard input for web.auth.password_hash (PBKDF2-SHA256, 600,000 iterations).") { token };
        hash.SetAction(parse =>
        {
            if (parse.GetValue(token))
            {
                string newToken = PasswordHash.NewToken();
                stdout.WriteLine($"token: {newToken}");
                stdout.WriteLine($"token_sha256: {PasswordHash.TokenSha256(newToken)}");
                return 0;
            }
            string? password = stdin.ReadLine();
            if (string.IsNullOrEmpty(password))
            {
                stderr.WriteLine("logwarden web hash-password: give the password on standard input (e.g. `read -rs p; echo \"$p\" | logwarden web hash-password`)");
                return LogWardenCli.Failure;
            }
            stdout.WriteLine(PasswordHash.Create(password));
            return 0;
        });
        return new Command("web", "The HTTP listener's credentials.") { hash };
    }
}
