using Orleans.TestingHost;

namespace MailGrains.Testing;

public static class TestClusterExtensions
{
    /// <summary>The silo on which the grain is active now (for killing exactly that one).</summary>
    public static InProcessSiloHandle HostOf(this InProcessTestCluster cluster, IAddressable grain)
    {
        if (!cluster.TryGetGrainContext(grain.GetGrainId(), out var context))
        {
            throw new InvalidOperationException($"{grain.GetGrainId()} is active on no silo.");
        }

        return cluster.Silos.Single(s => s.SiloAddress.Equals(context.Address.SiloAddress));
    }
}
