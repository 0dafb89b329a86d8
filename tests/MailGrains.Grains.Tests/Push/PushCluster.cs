using MailGrains.Testing;
using Orleans.TestingHost;

namespace MailGrains.Grains.Tests.Push;

/// <summary>A deployed one-silo cluster whose silo may hold IMAP IDLE sessions (the test default holds none), for the push tests of a class.</summary>
public sealed class PushCluster : IAsyncLifetime
{
    private readonly TestStorage _storage = new();
    private InProcessTestCluster? _cluster;

    public IClusterClient Client => (_cluster ?? throw new InvalidOperationException("Not started.")).Client;

    public async Task InitializeAsync()
    {
        _cluster = TestClusterFactory.Create(_storage, settings: new Dictionary<string, string?> { ["MailGrains:Mail:MaxIdleSessions"] = "100" });
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        await _storage.DisposeAsync();
    }
}
