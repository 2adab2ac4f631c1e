using System.Buffers;

namespace LogWarden.Collect.Journal;

/// <summary>The journalctl command line for a run, and the check that a stored cursor is worth handing to it.</summary>
internal static class JournalctlArguments
{
    private const int MaxCursorLength = 512;

    // A cursor is "s=…;i=…;b=…;m=…;t=…;x=…": hex digits, '=' and ';' only. Anything else did not come from
    // journalctl; handing it over would make every restart fail with "Failed to seek to cursor".
    private static readonly SearchValues<char> CursorCharacters =
        SearchValues.Create("0123456789abcdefABCDEF=;sibmtx");

    /// <summary>
    /// The arguments for one run. With a cursor, the run starts right after that entry (<c>--after-cursor</c>,
    /// which wins over <c>--since</c> and <c>--lines</c> in journalctl); without one, at <see cref="JournalSourceOptions.Since"/>,
    /// else at the end when following (<c>--lines=0</c>) or the beginning when not. <c>--lines=all</c> matters:
    /// <c>--follow</c> alone would start ten entries before the end.
    /// </summary>
    public static List<string> Build(JournalSourceOptions options, string? afterCursor)
    {
        var arguments = new List<string> { "--output=json", "--no-pager", "--quiet", "--all" };
        if (options.Follow)
        {
            arguments.Add("--follow");
        }

        if (options.Directory is { } directory)
        {
            arguments.Add("--directory=" + directory);
        }

        foreach (string file in options.Files)
        {
            arguments.Add("--file=" + file);
        }

        if (options.CurrentBootOnly)
        {
            arguments.Add("--boot");
        }
        else if (options.Follow)
        {
            // journalctl 251+ makes --follow mean "this boot only" unless --merge is given (and has no --boot=all
            // before 254). Without it, a resume after a reboot skips the earlier boot's entries after the cursor
            // (its shutdown, or the minutes before a crash), and a service whose /proc shows another boot id than
            // journald's (a systemd-nspawn container under ProtectKernelTunables=) reads nothing at all.
            // --merge also takes in other machines' journals under /var/log/journal (journal-remote, containers);
            // each entry keeps its own _HOSTNAME, so they land under their own host label.
            arguments.Add("--merge");
        }

        foreach (string unit in options.Units)
        {
            arguments.Add("--unit=" + unit);
        }

        if (options.OutputFields is { Count: > 0 } fields)
        {
            arguments.Add("--output-fields=" + string.Join(',', fields));
        }

        if (afterCursor is not null)
        {
            arguments.Add("--after-cursor=" + afterCursor);
            arguments.Add("--lines=all");
        }
        else if (options.Since is { } since)
        {
            arguments.Add("--since=" + since);
            arguments.Add("--lines=all");
        }
        else
        {
            arguments.Add(options.Follow ? "--lines=0" : "--lines=all");
        }

        return arguments;
    }

    /// <summary>Whether <paramref name="cursor"/> has the shape of a journal cursor.</summary>
    public static bool IsValidCursor(string? cursor) =>
        cursor is { Length: > 0 and <= MaxCursorLength }
        && !cursor.AsSpan().ContainsAnyExcept(CursorCharacters)
        && cursor.Contains("i=", StringComparison.Ordinal);
}
