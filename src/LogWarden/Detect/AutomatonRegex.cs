using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.RegularExpressions;

namespace LogWarden.Detect;

/// <summary>
/// Builds <see cref="RegexOptions.NonBacktracking"/> regexes and frees what only their construction needed.
/// </summary>
/// <remarks>
/// The automaton engine turns the pattern's character classes into binary decision diagrams and memoises every
/// operation on them in one cache per regex (<c>CharSetSolver._operationCache</c>), which the regex keeps for its
/// lifetime although matching works on minterm bit sets and never asks it again. For the long alternations of
/// the security rules that cache is most of the regex: measured (JIT, <c>GC.GetTotalMemory(true)</c> around the
/// construction of the 18 built-in patterns the automaton can run) 55.4 MB with it, 20.2 MB emptied, and the
/// same answers on every line of the shared corpora; in the daemon's heap dump it was 23 of the 29 MB the
/// automata held. No public API drops it, so this reaches it by reflection (the fields are kept for Native AOT
/// by the <see cref="DynamicDependencyAttribute"/>s below). Should a runtime rename them, nothing breaks: the
/// cache stays and <see cref="TrimConstructionCache"/> says false (AutomatonRegexTests fail, to be noticed).
/// </remarks>
internal static class AutomatonRegex
{
    private const string Assembly = "System.Text.RegularExpressions";
    private const string Symbolic = "System.Text.RegularExpressions.Symbolic.";
    private const BindingFlags Fields = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    /// <summary>
    /// The automaton for <paramref name="pattern"/>, its construction cache freed.
    /// </summary>
    /// <exception cref="NotSupportedException">The pattern has a construct the automaton lacks (lookaround, backreference, atomic group).</exception>
    public static Regex Create(string pattern, RegexOptions options)
    {
        var regex = new Regex(pattern, options | RegexOptions.NonBacktracking);
        TrimConstructionCache(regex);
        return regex;
    }

    /// <summary>
    /// Replaces the operation cache of <paramref name="regex"/>'s character-set solver by an empty one; false
    /// when <paramref name="regex"/> is not an automaton or this runtime lays it out differently.
    /// Call it before the regex is shared: the cache is not synchronised.
    /// </summary>
    [DynamicDependency(DynamicallyAccessedMemberTypes.NonPublicFields, typeof(Regex))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.NonPublicFields, Symbolic + "SymbolicRegexRunnerFactory", Assembly)]
    [DynamicDependency(DynamicallyAccessedMemberTypes.NonPublicFields, Symbolic + "SymbolicRegexMatcher`1", Assembly)]
    [DynamicDependency(DynamicallyAccessedMemberTypes.NonPublicFields, Symbolic + "SymbolicRegexBuilder`1", Assembly)]
    [DynamicDependency(DynamicallyAccessedMemberTypes.NonPublicFields, Symbolic + "CharSetSolver", Assembly)]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "The fields are kept by the DynamicDependency attributes; a missing one only leaves the cache in place.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Dictionary's parameterless constructor; when it cannot be created the cache is only cleared.")]
    internal static bool TrimConstructionCache(Regex regex)
    {
        if ((regex.Options & RegexOptions.NonBacktracking) == 0)
        {
            return false;
        }

        try
        {
            object? solver = SolverOf(regex);
            if (solver is null || FieldInfoOf(solver, "_operationCache") is not { } field || field.GetValue(solver) is not IDictionary cache)
            {
                return false;
            }

            try
            {
                // A new, empty dictionary releases the old one's arrays; Clear alone would keep them at full capacity.
                field.SetValue(solver, Activator.CreateInstance(field.FieldType));
            }
            catch (Exception e) when (e is MissingMethodException or NotSupportedException or MemberAccessException or FieldAccessException or ArgumentException)
            {
                cache.Clear();
            }

            return true;
        }
        catch (Exception e) when (e is MemberAccessException or NotSupportedException or TargetException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The number of entries in <paramref name="regex"/>'s construction cache, or -1 when it cannot be read (tests).</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "As TrimConstructionCache.")]
    internal static int ConstructionCacheCount(Regex regex) =>
        Field(SolverOf(regex), "_operationCache") is ICollection cache ? cache.Count : -1;

    /// <summary>The automaton's character-set solver, which owns the construction cache; null when the runtime lays it out differently.</summary>
    private static object? SolverOf(Regex regex) => Field(Field(Field(Field(regex, "factory"), "_matcher"), "_builder"), "_charSetSolver");

    private static object? Field(object? owner, string name) => owner is null ? null : FieldInfoOf(owner, name)?.GetValue(owner);

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "As TrimConstructionCache.")]
    private static FieldInfo? FieldInfoOf(object owner, string name)
    {
        for (var type = owner.GetType(); type is not null; type = type.BaseType)
        {
            if (type.GetField(name, Fields | BindingFlags.DeclaredOnly) is { } field)
            {
                return field;
            }
        }

        return null;
    }
}
