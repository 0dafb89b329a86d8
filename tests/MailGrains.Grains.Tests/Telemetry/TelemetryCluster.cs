using MailGrains.Grains.Telemetry;
using MailGrains.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace MailGrains.Grains.Tests.Telemetry;

/// <summary>
/// A one-silo test cluster whose instruments the tests of a class observe. Other tests in this process record on
/// meters of the same name, so a test watches this silo's <see cref="MailGrainsMetrics"/> instances, not the name.
/// </summary>
public sealed class TelemetryCluster : IAsyncLifetime
{
    private readonly TestStorage _storage = new();
    private InProcessTestCluster? _cluster;

    public IClusterClient Client => Cluster.Client;

    /// <summary>The instruments of the cluster's only silo.</summary>
    public MailGrainsMetrics Metrics => Cluster.Silos[0].ServiceProvider.GetRequiredService<MailGrainsMetrics>();

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
