using MailGrains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MailGrains.Testing;

/// <summary>
/// The silo host's own silo (<see cref="SiloHost.Build"/>) in this process, on real loopback TCP ports under mutual TLS
/// (<see cref="TestClusterCertificates.Shared"/>), for tests that connect to it the way the gateway does.
/// </summary>
public sealed class RealSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private RealSilo(IHost host, string clusterId)
    {
        _host = host;
        ClusterId = clusterId;
    }

    public string ClusterId { get; }

    /// <summary>
    /// Starts a silo of <paramref name="clusterId"/> on <paramref name="storage"/>; <paramref name="overrides"/> are applied last; <paramref name="logs"/> captures its log;
    /// <paramref name="services"/> adds test-only services (such as a grain call filter); <paramref name="network"/> is its outbound policy (<see cref="TestNetwork.TestServers"/> when null).
    /// </summary>
    public static async Task<RealSilo> StartAsync(
        TestStorage storage, string clusterId, IDictionary<string, string?>? overrides = null, CapturedLogs? logs = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null, TestNetwork? network = null)
    {
        var settings = storage.Settings().Concat(TestOperator.SiloSettings()).Concat(ClusterSettings(clusterId)).Concat(TestClusterCertificates.Shared.Silo.Settings())
            .Concat((network ?? TestNetwork.TestServers).Settings()).Concat(TestClusterFactory.NoPush).ToList();
        var host = SiloHost.Build([], useDefaults: false, configure: builder =>
        {
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
            }

            builder.Configuration.AddInMemoryCollection(settings);
            builder.Configuration.AddInMemoryCollection(overrides ?? new Dictionary<string, string?>());
            services?.Invoke(builder.Services);
        });
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new RealSilo(host, clusterId);
    }

    /// <summary>Settings that join a silo or client to <paramref name="clusterId"/> on fresh loopback ports.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> ClusterSettings(string clusterId)
    {
        yield return new("MailGrains:Cluster:ClusterId", clusterId);
        yield return new("MailGrains:Cluster:ServiceId", "mailgrains-test");
        yield return new("MailGrains:Cluster:SiloPort", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new("MailGrains:Cluster:GatewayPort", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new("MailGrains:Cluster:AdvertisedAddress", "127.0.0.1");
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(stopping.Token);
        _host.Dispose();
    }
}
