namespace LogWarden.Tests.Web.Api;

/// <summary>One <see cref="SeededDaemon"/> per test class (xunit class fixture).</summary>
public sealed class SeededDaemonFixture : IAsyncLifetime
{
    private SeededDaemon? _daemon;

    public SeededDaemon Daemon => _daemon ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _daemon = await SeededDaemon.StartAsync();

    public async Task DisposeAsync()
    {
        if (_daemon is not null)
        {
            await _daemon.DisposeAsync();
        }
    }
}
