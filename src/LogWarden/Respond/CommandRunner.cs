using System.Diagnostics;
using System.Text;

namespace LogWarden.Respond;

/// <summary>
/// A program and its arguments exactly as the kernel receives them: an absolute executable and an argv list,
/// never a shell string. Every command the responder runs is one of these, built by a typed action from
/// validated values.
/// </summary>
internal sealed record ExternalCommand
{
    public ExternalCommand(string executable, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(executable);
        ArgumentNullException.ThrowIfNull(arguments);
        if (!Path.IsPathFullyQualified(executable) || executable.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{executable}' is not an absolute path", nameof(executable));
        }
        foreach (string a in arguments)
        {
            // A NUL would cut the argument short in execve; nothing the actions build contains one.
            if (a is null || a.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException("an argument holds a NUL", nameof(arguments));
            }
        }
        Executable = executable;
        Arguments = arguments;
    }

    public string Executable { get; }

    public IReadOnlyList<string> Arguments { get; }

    /// <summary>This command run through <paramref name="prefix"/> (e.g. `ip netns exec NAME`).</summary>
    public ExternalCommand Through(ExternalCommand? prefix) =>
        prefix is null ? this : new ExternalCommand(prefix.Executable, [.. prefix.Arguments, Executable, .. Arguments]);

    /// <summary>For the audit: the argv quoted where a reader would misread it (display only, never executed).</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Executable);
        foreach (string a in Arguments)
        {
            text.Append(' ');
            bool plain = a.Length > 0 && a.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '=' or '@' or ',' or '+');
            text.Append(plain ? a : "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'");
        }
        return text.ToString();
    }
}

/// <summary>How a command ended: its exit code (-1 when it timed out or could not start) and its output, capped.</summary>
internal sealed record CommandResult(int ExitCode, string Output, bool TimedOut, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}

/// <summary>Runs external commands. The one seam between the responder and the machine (tests record argv here).</summary>
internal interface ICommandRunner
{
    Task<CommandResult> RunAsync(ExternalCommand command, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>
/// Runs a command with <see cref="ProcessStartInfo.ArgumentList"/> (no shell, no word splitting), stdin
/// closed, stdout and stderr captured together up to <see cref="MaxOutputChars"/>, killed (with its
/// children) at the timeout.
/// </summary>
internal sealed class ProcessCommandRunner : ICommandRunner
{
    /// <summary>Output kept per command: enough for a journal excerpt, bounded so that a chatty script cannot fill the store.</summary>
    public const int MaxOutputChars = 16 * 1024;

    public async Task<CommandResult> RunAsync(ExternalCommand command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var start = new ProcessStartInfo(command.Executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string a in command.Arguments)
        {
            start.ArgumentList.Add(a);
        }
        // A fixed, minimal environment: nothing from the daemon's environment leaks into a user's script.
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        start.Environment["LANG"] = "C.UTF-8";
        var output = new CappedText(MaxOutputChars);
        long began = Stopwatch.GetTimestamp();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => output.AppendLine(e.Data);
        process.ErrorDataReceived += (_, e) => output.AppendLine(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new CommandResult(-1, $"cannot start {command.Executable}: {e.Message}", false, Stopwatch.GetElapsedTime(began));
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended meanwhile.
            }
            bool timedOut = !cancellationToken.IsCancellationRequested;
            return new CommandResult(-1, output.ToString() + (timedOut ? $"\n(killed after {timeout.TotalSeconds:0.#} s)" : "\n(cancelled)"), timedOut, Stopwatch.GetElapsedTime(began));
        }
        // WaitForExitAsync returns after the redirected streams reached their end.
        return new CommandResult(process.ExitCode, output.ToString(), false, Stopwatch.GetElapsedTime(began));
    }

    private sealed class CappedText(int max)
    {
        private readonly StringBuilder _text = new();
        private bool _truncated;

        public void AppendLine(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (_text)
            {
                if (_text.Length + line.Length + 1 > max)
                {
                    _truncated = true;
                    return;
                }
                _text.Append(line).Append('\n');
            }
        }

        public override string ToString()
        {
            lock (_text)
            {
                return _text.ToString().TrimEnd('\n') + (_truncated ? "\n(output truncated)" : "");
            }
        }
    }
}
