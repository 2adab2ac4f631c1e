using LogWarden.Parse;

namespace LogWarden.Detect.Rules;

/// <summary>
/// The text the rules read from a line: its message and, for a structured record (JSON, logfmt), the values of its
/// error fields. A Go service writes <c>msg="payment provider request failed" err="… x509: certificate has expired …"</c>,
/// pino and zap <c>{"msg":"request failed","err":{"message":"ENOSPC: no space left on device"}}</c>, ECS
/// <c>error.message</c>: the words a rule looks for (an expired certificate, a full disk) are in the error, not the message.
/// </summary>
internal static class RuleText
{
    /// <summary>Field names whose value is an error's account, compared as the first part of a dotted name without case or separators.</summary>
    private static readonly HashSet<string> ErrorNames = new(StringComparer.Ordinal)
    {
        "err", "error", "errors", "errormessage", "errmsg", "errormsg", "errorstring", "exception", "exc", "excinfo",
        "cause", "reason", "stacktrace", "stack", "failure", "fault",
    };

    /// <summary>At most this much of a record's error fields is added: a rule reads at most <see cref="RulePattern.MaxMatchedChars"/> anyway.</summary>
    private const int MaxErrorChars = 2048;

    /// <summary>
    /// The message followed by the values of the record's error fields; null when the record carries no error field (most
    /// lines: the rules read the message alone, with no string made). Fields are looked at only when a decoder has made them
    /// already (a structured record's): an access line's fields, read on demand, are never made here.
    /// </summary>
    public static string? Of(LogRecord record)
    {
        if (!record.HasDecodedFields)
        {
            return null;
        }

        var fields = record.Fields;
        System.Text.StringBuilder? text = null;
        for (int i = 0; i < fields.Count; i++)
        {
            var (name, value) = fields[i];
            if (value.Length == 0 || value is "null" or "nil" or "<nil>" or "false" or "none" or "None" || !IsErrorName(name))
            {
                continue;
            }

            if (text is null)
            {
                text = new System.Text.StringBuilder(record.Message, record.Message.Length + Math.Min(value.Length, MaxErrorChars) + 1);
            }
            else if (text.Length - record.Message.Length >= MaxErrorChars)
            {
                break;
            }

            text.Append(' ').Append(value.AsSpan(0, Math.Min(value.Length, MaxErrorChars)));
        }

        return text?.ToString();
    }

    /// <summary>An error field: its name, or a dotted name's first part (<c>err.message</c>, <c>error.stack_trace</c>), is one of <see cref="ErrorNames"/>.</summary>
    internal static bool IsErrorName(string name)
    {
        int dot = name.IndexOf('.');
        Span<char> normalised = stackalloc char[Security.SecurityDefinitions.MaxFieldNameChars];
        int length = Security.SecurityDefinitions.NormaliseFieldName(dot < 0 ? name : name.AsSpan(0, dot), normalised);
        return length > 0 && ErrorNames.GetAlternateLookup<ReadOnlySpan<char>>().Contains(normalised[..length]);
    }
}
