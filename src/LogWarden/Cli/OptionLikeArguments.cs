using System.CommandLine.Parsing;

namespace LogWarden.Cli;

/// <summary>
/// An unknown "--flag" would otherwise be taken as a file name and fail later as "file not found";
/// it is a usage error. "-" (standard input) is allowed; a file whose name starts with '-' can be given as "./-x".
/// </summary>
internal static class OptionLikeArguments
{
    public static void Reject(ArgumentResult result)
    {
        foreach (var token in result.Tokens)
        {
            if (token.Value.Length > 1 && token.Value[0] == '-')
            {
                result.AddError($"unknown option '{token.Value}'");
            }
        }
    }
}
