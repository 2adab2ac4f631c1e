namespace LogWarden.Ops;

/// <summary>
/// One step of an install or uninstall: what it does (as a person would read it), whether the machine is
/// already that way, and how to make it so. Checking before acting is what makes the helpers idempotent.
/// </summary>
internal sealed record OpsStep(string What, Func<bool> IsDone, Action Apply);

/// <summary>
/// Runs steps in order and prints each one: "done" after doing it, "ok" when it was already so, "would"
/// under --dry-run (nothing is changed). The first failing step stops the plan with its error.
/// </summary>
internal static class OpsPlan
{
    public static bool Run(IEnumerable<OpsStep> steps, bool dryRun, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(output);
        foreach (OpsStep step in steps)
        {
            try
            {
                if (step.IsDone())
                {
                    output.WriteLine($"  ok     {step.What}");
                    continue;
                }
                if (dryRun)
                {
                    output.WriteLine($"  would  {step.What}");
                    continue;
                }
                step.Apply();
                output.WriteLine($"  done   {step.What}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or OpsException)
            {
                output.WriteLine($"  FAILED {step.What}: {e.Message}");
                return false;
            }
        }
        return true;
    }
}

/// <summary>A step that could not be carried out (a command that failed, a path in the way).</summary>
internal sealed class OpsException(string message) : Exception(message);
