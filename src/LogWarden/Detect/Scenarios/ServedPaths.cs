namespace LogWarden.Detect.Scenarios;

/// <summary>
/// The shapes of the paths a site has served successfully (2xx/3xx), so that a 404 counts towards a web scan
/// only when it asks for something the site never had. A shape masks every path segment holding a digit
/// ("/api/items/123" and "/api/items/9" are one shape) and drops the query, so an app asking for a deleted
/// item is not a scanner. Bounded: two generations of hashes; the older is dropped when the newer fills.
/// </summary>
internal sealed class ServedPaths(int maxPerGeneration)
{
    private HashSet64 _current = new();
    private HashSet64 _previous = new();

    public int Count => _current.Count + _previous.Count;

    public long Evicted { get; private set; }

    public void Add(ulong site, ReadOnlySpan<char> path)
    {
        ulong shape = Shape(site, path);
        if (_previous.Contains(shape) || !_current.Add(shape) || _current.Count < maxPerGeneration)
        {
            return;
        }

        Evicted += _previous.Count;
        (_previous, _current) = (_current, _previous);
        _current.Clear();
    }

    public bool Contains(ulong site, ReadOnlySpan<char> path)
    {
        ulong shape = Shape(site, path);
        return _current.Contains(shape) || _previous.Contains(shape);
    }

    /// <summary>FNV-1a over the path up to its query, with each segment that holds a digit replaced by '#'.</summary>
    internal static ulong Shape(ulong site, ReadOnlySpan<char> path)
    {
        const ulong Prime = 1099511628211UL;
        ulong hash = 14695981039346656037UL ^ site;
        int end = path.IndexOfAny('?', '#');
        if (end >= 0)
        {
            path = path[..end];
        }

        while (!path.IsEmpty)
        {
            int slash = path.IndexOf('/');
            var segment = slash < 0 ? path : path[..slash];
            if (segment.IndexOfAnyInRange('0', '9') >= 0)
            {
                hash = (hash ^ '#') * Prime;
            }
            else
            {
                foreach (char c in segment)
                {
                    hash = (hash ^ c) * Prime;
                }
            }

            if (slash < 0)
            {
                break;
            }

            hash = (hash ^ '/') * Prime;
            path = path[(slash + 1)..];
        }

        return hash;
    }
}
