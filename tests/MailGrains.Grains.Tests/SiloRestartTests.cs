using MailGrains.Grains.Tests.Probes;
using MailGrains.Testing;
using Orleans.TestingHost;

namespace MailGrains.Grains.Tests;

/// <summary>What the silo keeps in Azure Storage outlives the silo.</summary>
public sealed class SiloRestartTests
{
    [Fact]
    public async Task GrainStateWrittenBeforeARestartIsThereAfterIt()
    {
        await using var storage = new TestStorage();
        await using var cluster = TestClusterFactory.Create(storage);
        await cluster.DeployAsync();
        var note = "written-" + Guid.NewGuid().ToString("N");
        await cluster.Client.GetGrain<IProbeGrain>("state").SetNoteAsync(note);

        var before = await RestartOnlySiloAsync(cluster);

        Assert.NotEqual(before, cluster.Silos.Single().SiloAddress);
        Assert.Equal(note, await cluster.Client.GetGrain<IProbeGrain>("state").GetNoteAsync());
    }

    [Fact]
    public async Task ReminderRegisteredBeforeARestartFiresAfterIt()
    {
        await using var storage = new TestStorage();
        await using var cluster = TestClusterFactory.Create(storage, configureSilo: silo =>
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1)));
        await cluster.DeployAsync();
        await cluster.Client.GetGrain<IProbeGrain>("reminder").StartReminderAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));

        await RestartOnlySiloAsync(cluster);
        var restarted = cluster.Silos.Single().SiloAddress.ToParsableString();

        var ticks = await Eventually.MatchesAsync(
            () => cluster.Client.GetGrain<IProbeGrain>("reminder").GetTickSilosAsync(),
            silos => silos.Contains(restarted),
            TimeSpan.FromSeconds(60),
            "a reminder tick on the restarted silo");
        Assert.Contains(restarted, ticks);
    }

    /// <summary>Stops the cluster's only silo, so that nothing survives in memory, and starts a new one.</summary>
    private static async Task<SiloAddress> RestartOnlySiloAsync(InProcessTestCluster cluster)
    {
        var old = cluster.Silos.Single();
        await cluster.StopSiloAsync(old);
        await cluster.StartAdditionalSiloAsync();
        await cluster.InitializeClientAsync();
        return old.SiloAddress;
    }
}
