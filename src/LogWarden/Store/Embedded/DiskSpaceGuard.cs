namespace LogWarden.Store.Embedded;

/// <summary>
/// Refuses a write that would leave the data directory's file system with less free space than the
/// configured floor (the larger of a byte count and a fraction of the file system): a full disk would
/// break the whole server, not just the log store, so the store stops first and says so.
/// </summary>
internal sealed class DiskSpaceGuard(string directory, long minFreeBytes, double minFreeFraction)
{
    public (long Free, long Floor) Measure()
    {
        var drive = new DriveInfo(directory);
        long free = drive.AvailableFreeSpace;
        long floor = Math.Max(minFreeBytes, (long)(minFreeFraction * drive.TotalSize));
        return (free, floor);
    }

    /// <exception cref="StoreFullException">Writing <paramref name="bytes"/> would go below the floor.</exception>
    public void EnsureRoom(long bytes)
    {
        (long free, long floor) = Measure();
        if (free - bytes < floor)
        {
            throw new StoreFullException(
                $"log store refused to write about {bytes:N0} bytes: {free:N0} bytes are free on the file system of {directory} and the store keeps at least {floor:N0} free (min_free_bytes / min_free_fraction); free space or apply retention");
        }
    }
}
