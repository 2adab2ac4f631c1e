using System.Text;
using System.Text.RegularExpressions;

namespace LogWarden.Explain;

/// <summary>
/// Removes secrets from text before it leaves the machine: private keys (PEM blocks), credentials in URLs
/// and connection strings, JWTs, bearer/basic authorization, vendor API keys and tokens by their documented
/// shapes, values of secret-named keys (<c>password=</c>, <c>"api_key": "…"</c>, <c>--token x</c>),
/// long high-entropy strings and e-mail addresses. Each is replaced by <c>[REDACTED:kind]</c>.
/// Errs towards redacting: a lost hash in an explanation costs nothing, a leaked key costs a rotation.
/// Not a hot path (a few KB per incident), so plain regular expressions, each with a match timeout.
/// </summary>
internal static class SecretRedactor
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>The rules, in order: whole blocks and structured forms first, so later rules see their markers, not their parts.</summary>
    private static readonly (string Kind, Regex Pattern)[] Rules =
    [
        // -----BEGIN (RSA|EC|OPENSSH|ENCRYPTED)? PRIVATE KEY----- … -----END … -----, also cut off (a sample is ≤ 512 chars).
        ("private-key", new Regex(@"-----BEGIN[A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----(?:(?!-----END).)*(?:-----END[A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|$)", RegexOptions.Singleline | RegexOptions.CultureInvariant, MatchTimeout)),
        // PuTTY keys.
        ("private-key", new Regex(@"PuTTY-User-Key-File-\d+:.*?(?:Private-MAC:\s*\S+|$)", RegexOptions.Singleline | RegexOptions.CultureInvariant, MatchTimeout)),
        // scheme://user:password@host (postgres, mysql, mongodb+srv, redis, amqp, https…): keep the user, drop the password.
        ("url-password", new Regex(@"(?<=\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://[^\s:/@""'<>]*:)[^\s@/""'<>]+(?=@)", RegexOptions.CultureInvariant, MatchTimeout)),
        // Query-string credentials: ?token=…&api_key=…&sig=….
        ("url-secret", new Regex(@"(?<=[?&;](?:access_token|refresh_token|id_token|token|api_?key|apikey|key|secret|client_secret|password|passwd|pwd|sig|signature|auth|X-Amz-Signature|X-Amz-Credential|X-Goog-Signature|code)=)[^&\s""'#<>]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout)),
        // JSON Web Tokens (header.payload[.signature], base64url, header starts {" = eyJ).
        ("jwt", new Regex(@"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*", RegexOptions.CultureInvariant, MatchTimeout)),
        // Authorization: Bearer/Basic/Token/Digest/…, and the bare "Bearer x" forms.
        ("authorization", new Regex(@"(?<=\b(?:Bearer|Basic|Token|Digest|Negotiate|NTLM|ApiKey|Api-Key|AWS4-HMAC-SHA256|Splunk|SSWS|GenieKey)\s+)(?!\[REDACTED)[A-Za-z0-9._~+/=,:\-]{6,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout)),
        // Vendor formats (documented prefixes).
        ("aws-access-key", new Regex(@"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}\b", RegexOptions.CultureInvariant, MatchTimeout)),
        ("github-token", new Regex(@"\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})\b", RegexOptions.CultureInvariant, MatchTimeout)),
        ("gitlab-token", new Regex(@"\bgl(?:pat|dt|ptt|rt|cbt|soat|ft|imt|agent)-[A-Za-z0-9_-]{20,}\b", RegexOptions.CultureInvariant, MatchTimeout)),
        ("slack-token", new Regex(@"\bxox[abposr]-[A-Za-z0-9-]{10,}\b|\bxapp-\d-[A-Za-z0-9-]{10,}\b", RegexOptions.CultureInvariant, MatchTimeout)),
        ("slack-webhook", new Regex(@"(?<=hooks\.slack\.com/(?:services|workflows)/)[A-Za-z0-9/_-]+", RegexOptions.CultureInvariant, MatchTimeout)),
        ("discord-webhook", new Regex(@"(?<=discord(?:app)?\.com/api/webhooks/\d+/)[A-Za-z0-9_-]+", RegexOptions.CultureInvariant, MatchTimeout)),
        ("stripe-key", new Regex(@"\b(?:sk|rk|pk|whsec)_(?:live|test)_[A-Za-z0-9]{10,}\b|\bwhsec_[A-Za-z0-9]{20,}\b", RegexOptions.CultureInvariant, MatchTimeout)),
        ("google-api-key", new Regex(@"\bAIza[0-9A-Za-z_-]{35}\b", RegexOptions.CultureInvariant, MatchTimeout)),
        ("google-oauth", new Regex(@"\bya29\.[0-9A-Za-z_-]{20,}|\bGOCSPX-[0-9A-Za-z_-]{20,}", RegexOptions.CultureInvariant, MatchTimeout)),
        ("anthropic-key", new Regex(@"\bsk-ant-[A-Za-z0-9_-]{20,}", RegexOptions.CultureInvariant, MatchTimeout)),
        ("openai-key", new Regex(@"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}", RegexOptions.CultureInvariant, MatchTimeout)),
        ("huggingface-token", new Regex(@"\bhf_[A-Za-z0-9]{30,}\b", RegexOptions.CultureInvariant, MatchTimeout)),
        ("npm-token", new Regex(@"\bnpm_[A-Za-z0-9]{36}\b", RegexOptions.CultureInvariant, MatchTimeout)),
        ("pypi-token", new Regex(@"\bpypi-[A-Za-z0-9_-]{50,}", RegexOptions.CultureInvariant, MatchTimeout)),
        ("sendgrid-key", new Regex(@"\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}", RegexOptions.CultureInvariant, MatchTimeout)),
        ("twilio-key", new Regex(@"\b(?:SK|AC)[0-9a-fA-F]{32}\b", RegexOptions.CultureInvariant, MatchTimeout)),
        ("mailgun-key", new Regex(@"\bkey-[0-9a-zA-Z]{32}\b", RegexOptions.CultureInvariant, MatchTimeout)),
        ("digitalocean-token", new Regex(@"\bdo[opr]_v1_[a-f0-9]{64}\b", RegexOptions.CultureInvariant, MatchTimeout)),
        ("shopify-token", new Regex(@"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b", RegexOptions.CultureInvariant, MatchTimeout)),
        ("telegram-bot-token", new Regex(@"\b(?:bot)?\d{8,10}:[A-Za-z0-9_-]{35}\b", RegexOptions.CultureInvariant, MatchTimeout)),
        ("azure-key", new Regex(@"(?<=\b(?:AccountKey|SharedAccessKey|SharedAccessSignature)=)[^;\s""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout)),
        ("age-secret-key", new Regex(@"\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b", RegexOptions.CultureInvariant, MatchTimeout)),
        ("vault-token", new Regex(@"\bhv[sb]\.[A-Za-z0-9_-]{20,}", RegexOptions.CultureInvariant, MatchTimeout)),
        ("grafana-token", new Regex(@"\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\b|\bglc_[A-Za-z0-9+/=]{32,}", RegexOptions.CultureInvariant, MatchTimeout)),
        // Password hashes ($1$, $5$, $6$, $y$, $2b$ …) as /etc/shadow or htpasswd lines leak them.
        ("password-hash", new Regex(@"\$(?:1|2[abxy]?|5|6|7|y|gy|argon2(?:id|i|d))\$[^\s:""']{8,}", RegexOptions.CultureInvariant, MatchTimeout)),
        // Secret-named keys: key=value, key: value, "key": "value", key => 'value' (the value, to its end).
        ("secret-value", new Regex("""(?<=(?:^|[^A-Za-z0-9])(?:[A-Za-z0-9_.-]*(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|credentials?|client[_-]?secret|session[_-]?(?:id|key|token)|cookie|signature|sig|otp|pin)[A-Za-z0-9_.-]*)["']?\s*(?:=>|=|:)\s*)(?!\[REDACTED)(?:"[^"]*"|'[^']*'|[^\s,;&"'}\]\)]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout)),
        // Command-line flags: --password x, --token=x, -pSECRET (mysql), sshpass -p x.
        ("secret-argument", new Regex(@"(?<=--(?:password|passwd|pass|token|secret|api-key|apikey|auth-token|access-token|client-secret)(?:=|\s+))(?!\[REDACTED)\S+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout)),
        ("secret-argument", new Regex(@"(?<=\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n]*?\s-p)(?!\[REDACTED)[^\s-][^\s]*|(?<=\bsshpass\s+-p\s*)\S+", RegexOptions.CultureInvariant, MatchTimeout)),
        // Header-style secrets: X-Api-Key: x, X-Auth-Token: x, Cookie: a=b; c=d.
        ("header-secret", new Regex(@"(?<=\b(?:X-[A-Za-z-]*(?:Key|Token|Secret|Auth)[A-Za-z-]*|Cookie|Set-Cookie|Proxy-Authorization)\s*[:=]\s*)(?!\[REDACTED)[^\r\n""]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout)),
        ("email", new Regex(@"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.(?!(?:service|socket|timer|mount|automount|target|slice|scope|path|device|swap)\b)[A-Za-z]{2,}\b", RegexOptions.CultureInvariant, MatchTimeout)),
        // What is left that looks like key material: 32+ characters of base64/base64url/hex mixing letter
        // cases and digits. Ids the miner already turned into <*> never reach here; hashes shown in logs
        // (container ids, commit ids: lower-case hex) are kept, and so are paths ('/' ends a candidate: a
        // temporary directory's random name is not a key, and base64 keys with '/' are caught by their key name).
        ("high-entropy", new Regex(@"(?<![A-Za-z0-9+_=-])(?=[A-Za-z0-9+_=-]*[A-Z])(?=[A-Za-z0-9+_=-]*[a-z])(?=[A-Za-z0-9+_=-]*[0-9])[A-Za-z0-9+_-]{32,}={0,2}(?![A-Za-z0-9+_=-])", RegexOptions.CultureInvariant, MatchTimeout)),
    ];

    /// <summary>The text with every secret replaced by <c>[REDACTED:kind]</c>; <paramref name="redactions"/> counts them.</summary>
    public static string Redact(string text, ref int redactions)
    {
        ArgumentNullException.ThrowIfNull(text);
        string current = text;
        foreach (var (kind, pattern) in Rules)
        {
            int found = 0;
            string marker = "[REDACTED:" + kind + "]";
            string input = current;
            try
            {
                current = pattern.Replace(input, m =>
                {
                    if (m.Value.StartsWith("[REDACTED", StringComparison.Ordinal) || m.Length == 0 || IsWorkingDirectory(input, m))
                    {
                        return m.Value;
                    }
                    found++;
                    return marker;
                });
            }
            catch (RegexMatchTimeoutException)
            {
                // A pathological line: better to send nothing of it than to send it unchecked.
                return "[REDACTED:unscannable]";
            }
            redactions += found;
        }
        return current;
    }

    /// <summary>sudo's <c>PWD=/home/alice</c> is a directory, not a password: every sudo line has one.</summary>
    private static bool IsWorkingDirectory(string text, Match m) =>
        m.Value.StartsWith('/') && m.Index >= 4 && text.AsSpan(m.Index - 4, 4).SequenceEqual("PWD=");

    public static string Redact(string text)
    {
        int ignored = 0;
        return Redact(text, ref ignored);
    }

    /// <summary>Control characters (other than tab) become spaces: a log line cannot fake a new message line.</summary>
    public static string Flatten(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\0', '\u001f') && !text.Contains('\u007f', StringComparison.Ordinal))
        {
            return text;
        }
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            builder.Append(c is < ' ' and not '\t' or '\u007f' ? ' ' : c);
        }
        return builder.ToString();
    }
}
