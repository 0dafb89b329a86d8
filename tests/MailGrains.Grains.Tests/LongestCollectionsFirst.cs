using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("MailGrains.Grains.Tests.LongestCollectionsFirst", "MailGrains.Grains.Tests")]

namespace MailGrains.Grains.Tests;

/// <summary>
/// Starts the collections that take longest first. xunit runs as many collections at once as maxParallelThreads allows,
/// each to its end, taking them in this order; a collection of a minute or more started last would run alone at
/// the end while the other cores idle. The collections named here, longest first, as measured on two cores; the
/// rest keep xunit's own order.
/// </summary>
public sealed class LongestCollectionsFirst : ITestCollectionOrderer
{
    private static readonly string[] s_longest = [LongCollections.Failover, LongCollections.OutboxCrash, SharedClusters.Fetching, SharedClusters.Faults];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        var all = testCollections.ToList();
        var longest = all.Where(c => s_longest.Contains(c.DisplayName)).OrderBy(c => Array.IndexOf(s_longest, c.DisplayName));
        var rest = new DefaultTestCollectionOrderer().OrderTestCollections(all.Where(c => !s_longest.Contains(c.DisplayName)));
        return [.. longest, .. rest];
    }
}

/// <summary>Collections of one test class each, named so that <see cref="LongestCollectionsFirst"/> can start them first.</summary>
public static class LongCollections
{
    /// <summary>About 100 s: membership must declare a killed silo dead, and 300 accounts poll.</summary>
    public const string Failover = "Long: failover of 300 accounts";

    /// <summary>About 60 s: membership must declare a killed silo dead.</summary>
    public const string OutboxCrash = "Long: outbox crash";
}
