using LogWarden.Config;
using LogWarden.Store.Embedded;

namespace LogWarden.Store;

/// <summary>The one place that turns configuration into a store (embedded today; PostgreSQL for fleets later).</summary>
internal static class StoreFactory
{
    public static ILogStore Open(string dataDirectory, StoreConfig config, bool readOnly = false) =>
        EmbeddedStore.Open(dataDirectory, new EmbeddedStoreOptions { MinFreeBytes = config.MinFreeDisk, ReadOnly = readOnly });
}
