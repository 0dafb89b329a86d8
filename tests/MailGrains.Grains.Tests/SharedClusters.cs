namespace MailGrains.Grains.Tests;

/// <summary>
/// The component tests that need no special silo share a cluster per collection instead of deploying one each: the
/// tests of a collection run one after another, the collections in parallel with the rest. A test that configures
/// its silo differently, needs several silos, stops or kills a silo, or counts what a whole cluster holds or records
/// (all reminders, all tenants, metric totals) deploys its own. Two collections, so that neither becomes the
/// run's longest chain.
/// </summary>
public static class SharedClusters
{
    /// <summary>Mail fetched from the real and the scripted test servers.</summary>
    public const string Fetching = "Shared cluster: fetching";

    /// <summary>Exactly-once fetching, sending, upgrades of stored state and catch-up polls.</summary>
    public const string Faults = "Shared cluster: faults, sending and upgrades";
}

[CollectionDefinition(SharedClusters.Fetching)]
public sealed class SharedFetchingCluster : ICollectionFixture<OneSiloCluster>;

[CollectionDefinition(SharedClusters.Faults)]
public sealed class SharedFaultsCluster : ICollectionFixture<OneSiloCluster>;
