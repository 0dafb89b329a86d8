using MailGrains.Grains;
using MailGrains.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace MailGrains.Testing;

/// <summary>
/// An in-process Orleans test cluster on the product's real storage providers: grain state and reminders
/// in Azure Tables of the test Azurite, under a fresh table prefix. Membership and transport are the test
/// cluster's own in-process ones (the package does not let them be replaced); <see cref="RealSilo"/>
/// covers Azure Table membership over TCP. Silos and client propagate traces, as in production.
/// </summary>
public static class TestClusterFactory
{
    /// <summary>
    /// The silos hold no IMAP IDLE sessions unless a test sets <c>MailGrains:Mail:MaxIdleSessions</c> (the push tests
    /// do): accounts want push by default, and the tests written for polling should see exactly the fetches they
    /// cause, without hundreds of IDLE sessions on the shared test Dovecot.
    /// </summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string?>> NoPush = [new("MailGrains:Mail:MaxIdleSessions", "0")];

    /// <param name="network">The silos' outbound policy; <see cref="TestNetwork.TestServers"/> when null.</param>
    /// <param name="settings">Extra configuration for the silos, e.g. <c>MailGrains:Mail:MaxFetchSeconds</c>.</param>
    public static InProcessTestCluster Create(TestStorage storage, short silos = 1, Action<ISiloBuilder>? configureSilo = null, TestNetwork? network = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ClusterId = FreshNames.ClusterId();
        builder.Options.ServiceId = "mailgrains-test";
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(storage.Settings().Concat(TestOperator.SiloSettings()).Concat((network ?? TestNetwork.TestServers).Settings()).Concat(NoPush)).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseMailGrainsStorage();
            silo.Services.AddMailGrainsGrainServices();
            silo.AddActivityPropagation();
            configureSilo?.Invoke(silo);
        });
        builder.ConfigureClient(client => client.AddActivityPropagation());
        return builder.Build();
    }
}
