using LogWarden.Config;
using LogWarden.Store.Embedded;
using LogWarden.Store.Postgres;

namespace LogWarden.Store;

/// <summary>The one place that turns configuration into a store: the embedded one in the data directory, or PostgreSQL for a central node.</summary>
internal static class StoreFactory
{
    public static ILogStore Open(string dataDirectory, StoreConfig config, bool readOnly = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Kind switch
        {
            StoreKind.Postgres => PostgresStore.Open(new PostgresStoreOptions
            {
                ConnectionString = config.Connection ?? throw new ArgumentException("store: kind postgres needs a connection string", nameof(config)),
                PasswordFile = config.PasswordFile,
                ReadOnly = readOnly,
            }),
            _ => EmbeddedStore.Open(dataDirectory, new EmbeddedStoreOptions { MinFreeBytes = config.MinFreeDisk, ReadOnly = readOnly }),
        };
    }
}
