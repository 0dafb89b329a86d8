using MailGrains.Hosting;
using MailGrains.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// A bare Orleans client wired as the gateway wires its own (<c>UseMailGrainsCluster</c>),
/// except that it gives up after the first failed connection attempt instead of retrying until stopped.
/// </summary>
internal static class ClusterClient
{
    /// <param name="settings">Applied last: the cluster TLS settings of the test.</param>
    /// <param name="configure">Added after the product's wiring.</param>
    public static async Task<IHost> StartAsync(
        TestStorage storage, string clusterId, IEnumerable<KeyValuePair<string, string?>> settings, Action<IClientBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(storage.Settings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MailGrains:Cluster:ClusterId"] = clusterId,
            ["MailGrains:Cluster:ServiceId"] = "mailgrains-test",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleansClient(client =>
        {
            client.UseMailGrainsCluster();
            configure?.Invoke(client);
            client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }
}
