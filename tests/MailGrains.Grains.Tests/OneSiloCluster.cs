using MailGrains.Testing;
using Orleans.TestingHost;

namespace MailGrains.Grains.Tests;

/// <summary>
/// A deployed one-silo test cluster with the default configuration (<see cref="TestClusterFactory"/>) on its own
/// fresh storage, for the tests of a class or a collection; removed with its tables at the end. The tests that share
/// it run one after another and each works in a fresh tenant, so none sees another's data.
/// </summary>
public class OneSiloCluster : IAsyncLifetime
{
    private readonly TestStorage _storage = new();
    private InProcessTestCluster? _cluster;

    public IClusterClient Client => Cluster.Client;

    /// <summary>The services of the only silo, e.g. its grain storage or its instruments.</summary>
    public IServiceProvider SiloServices => Cluster.Silos[0].ServiceProvider;

    private InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _cluster = TestClusterFactory.Create(_storage);
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
