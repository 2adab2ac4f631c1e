using System.Globalization;

namespace LogWarden.Ops;

/// <summary>
/// The identity whose access `doctor` judges (a user id and its groups) and the judging, by POSIX permission
/// bits along the whole path (search permission on every directory). Judged rather than tried, so that root
/// can ask on behalf of the service's user, which is the question that matters: can the daemon read this?
/// ACLs are not read; a file readable only through an ACL is reported unreadable with an ACL as one fix.
/// </summary>
internal sealed class LogReader
{
    private readonly HashSet<int> _groups;
    private readonly Dictionary<int, string> _groupNames;

    private LogReader(string name, int uid, HashSet<int> groups, Dictionary<int, string> groupNames)
    {
        Name = name;
        Uid = uid;
        _groups = groups;
        _groupNames = groupNames;
    }

    public string Name { get; }

    public int Uid { get; }

    public bool IsRoot => Uid == 0;

    /// <summary>
    /// A user of this machine with the groups /etc/group gives it, plus <paramref name="extraGroups"/> (the
    /// unit's SupplementaryGroups when it is the service's user). Null when there is no such user.
    /// </summary>
    public static LogReader? ForUser(string name, IEnumerable<string> extraGroups)
    {
        var layout = new SystemLayout("/");
        if (layout.FindUser(name) is not { } user)
        {
            return null;
        }
        Dictionary<int, string> names = GroupNames();
        var groups = new HashSet<int> { user.Gid };
        var wanted = new HashSet<string>(extraGroups, StringComparer.Ordinal);
        foreach (string line in File.ReadLines("/etc/group"))
        {
            string[] f = line.Split(':');
            if (f.Length >= 4 && int.TryParse(f[2], CultureInfo.InvariantCulture, out int gid)
                && (wanted.Contains(f[0]) || f[3].Split(',').Contains(name)))
            {
                groups.Add(gid);
            }
        }
        return new LogReader(name, user.Uid, groups, names);
    }

    /// <summary>This process: its user and groups as the kernel has them (/proc/self/status).</summary>
    public static LogReader ForThisProcess()
    {
        int uid = 0;
        var groups = new HashSet<int>();
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            string[] f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length > 1 && f[0] == "Uid:")
            {
                uid = int.Parse(f[2], CultureInfo.InvariantCulture); // effective
            }
            else if (f.Length > 1 && f[0] == "Gid:")
            {
                groups.Add(int.Parse(f[2], CultureInfo.InvariantCulture));
            }
            else if (f[0] == "Groups:")
            {
                groups.UnionWith(f.Skip(1).Select(g => int.Parse(g, CultureInfo.InvariantCulture)));
            }
        }
        return new LogReader(Environment.UserName, uid, groups, GroupNames());
    }

    public bool InGroup(string group) => _groupNames.Any(g => g.Value == group && _groups.Contains(g.Key));

    /// <summary>Why this identity cannot read <paramref name="file"/> and what would fix it; null when it can.</summary>
    public (string Why, string Fix)? CannotRead(string file) => Judge(file, Read);

    /// <summary>Why it cannot list <paramref name="directory"/>; null when it can.</summary>
    public (string Why, string Fix)? CannotList(string directory) => Judge(directory, Read | Search);

    /// <summary>Why it cannot create files in <paramref name="directory"/>; null when it can.</summary>
    public (string Why, string Fix)? CannotWrite(string directory) => Judge(directory, Write | Search);

    private const int Read = 4;
    private const int Write = 2;
    private const int Search = 1;

    private (string Why, string Fix)? Judge(string path, int wanted)
    {
        if (IsRoot)
        {
            return null;
        }
        string full = Path.GetFullPath(path);
        var chain = new List<string>();
        for (string? p = Path.GetDirectoryName(full); p is not null; p = Path.GetDirectoryName(p))
        {
            chain.Insert(0, p);
        }
        chain.Add(full);
        Dictionary<string, (int Mode, int Uid, int Gid)> modes = Stat(chain);
        foreach (string p in chain)
        {
            if (!modes.TryGetValue(p, out var m))
            {
                return ($"{p} does not exist or cannot be examined", "check the path");
            }
            int need = p == full ? wanted : Search;
            int bits = m.Uid == Uid ? m.Mode >> 6 & 7 : _groups.Contains(m.Gid) ? m.Mode >> 3 & 7 : m.Mode & 7;
            if ((bits & need) == need)
            {
                continue;
            }
            string owner = $"{m.Uid}:{GroupName(m.Gid)} {Convert.ToString(m.Mode & 0x1FF, 8)}";
            string what = need == Search ? "enter" : (need & Write) != 0 ? "write to" : "read";
            string why = $"{Name} cannot {what} {p} ({owner})";
            bool groupWouldDo = (m.Mode >> 3 & need) == need && m.Gid != 0;
            string fix = groupWouldDo
                ? $"usermod --append --groups {GroupName(m.Gid)} {Name} (the unit already adds systemd-journal and adm)"
                : $"setfacl -m u:{Name}:{Letters(need)} {p}, or chgrp adm {p} && chmod g+{Letters(need)} {p}";
            return (why, fix);
        }
        return null;
    }

    private static string Letters(int permission) =>
        ((permission & Read) != 0 ? "r" : "") + ((permission & Write) != 0 ? "w" : "") + ((permission & Search) != 0 ? "x" : "");

    private string GroupName(int gid) => _groupNames.TryGetValue(gid, out string? name) ? name : gid.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<int, string> GroupNames()
    {
        var names = new Dictionary<int, string>();
        if (File.Exists("/etc/group"))
        {
            foreach (string line in File.ReadLines("/etc/group"))
            {
                string[] f = line.Split(':');
                if (f.Length >= 3 && int.TryParse(f[2], CultureInfo.InvariantCulture, out int gid))
                {
                    names.TryAdd(gid, f[0]);
                }
            }
        }
        return names;
    }

    /// <summary>Mode, owner and group of each path, in one `stat` run (.NET has no API for a file's owner).</summary>
    private static Dictionary<string, (int Mode, int Uid, int Gid)> Stat(List<string> paths)
    {
        var result = new Dictionary<string, (int, int, int)>(StringComparer.Ordinal);
        string output;
        try
        {
            output = SystemLayout.RunTool("stat", ["--format=%a %u %g %n", "--", .. paths]);
        }
        catch (OpsException) when (paths.Count == 1)
        {
            return result;
        }
        catch (OpsException)
        {
            // A missing path fails the whole run: stat each one alone to tell which.
            foreach (string p in paths)
            {
                foreach (var (key, value) in Stat([p]))
                {
                    result[key] = value;
                }
            }
            return result;
        }
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split(' ', 4);
            if (f.Length == 4)
            {
                result[f[3]] = (Convert.ToInt32(f[0], 8), int.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture));
            }
        }
        return result;
    }
}
