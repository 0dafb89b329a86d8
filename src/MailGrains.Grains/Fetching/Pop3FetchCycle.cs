using System.Collections.Immutable;
using MailGrains.Accounts;
using MailGrains.Grains.Telemetry;
using MailGrains.Mail.Connections;
using MailGrains.Users;
using MailKit.Net.Pop3;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Fetching;

/// <summary>
/// One POP3 fetch: mail leaves the server, so nothing is deleted before it is stored. Per batch: retrieve,
/// have the owner's grain store the activities, remember their UIDLs durably, and only then DELE them; the
/// deletes take effect at QUIT. A crash before QUIT leaves the messages on the server; the next fetch finds
/// their UIDLs remembered and deletes them without storing them again (and a repeat store would be a no-op).
/// </summary>
internal sealed class Pop3FetchCycle(MailConnector connector, IGrainFactory grains, MailGrainsMetrics metrics, TimeProvider clock, IOptions<MailOptions> options)
{
    public const int BatchSize = 100;

    /// <param name="stored">UIDLs stored but not yet known to be gone from the server; updated in place.</param>
    /// <param name="persist">Saves the account state (the UIDLs).</param>
    /// <param name="beforeQuit">Runs after every delete was sent and before QUIT commits them (tests simulate a crash here).</param>
    public async Task<int> RunAsync(
        string accountKey,
        AccountSettings settings,
        MailEndpoint endpoint,
        HashSet<string> stored,
        Func<Task> persist,
        CancellationToken cancellationToken,
        Func<Task>? beforeQuit = null)
    {
        var (tenantId, _) = GrainKeys.Split(accountKey);
        var owner = grains.GetGrain<IUserGrain>(GrainKeys.Scoped(tenantId, settings.Defaults.OwnerUserId));
        using var pop = await connector.ConnectPop3Async(endpoint, cancellationToken);
        if (!pop.Capabilities.HasFlag(Pop3Capabilities.UIDL))
        {
            throw new NotSupportedException($"{endpoint.Host} does not support UIDL, which is needed to fetch each message exactly once.");
        }

        var uidls = await pop.GetMessageUidsAsync(cancellationToken);
        var sizes = await pop.GetMessageSizesAsync(cancellationToken);
        stored.IntersectWith(uidls);
        var added = 0;
        var toDelete = new List<int>();
        var limits = options.Value;
        // A message too large to download is only listed (its header) and stays on the server: it is never deleted unstored.
        var tooLarge = Enumerable.Range(0, uidls.Count).Where(i => i < sizes.Count && sizes[i] > limits.MaxMessageBytes).ToHashSet();
        foreach (var chunk in Chunks(uidls.Count, sizes, limits.MaxBatchBytes))
        {
            var fresh = chunk.Where(i => !stored.Contains(uidls[i])).ToList();
            if (fresh.Count > 0)
            {
                // The server may send what LIST announced for the batch and some slack, not endless bodies.
                MailConnector.BudgetOf(pop)?.Allow(fresh.Sum(i => i < sizes.Count ? (long)Math.Max(0, sizes[i]) : 0) + (1024 * 1024));
                var raws = await RetrieveAsync(pop, fresh, sizes, limits.MaxMessageBytes, cancellationToken);
                MailConnector.BudgetOf(pop)?.Reset();
                metrics.BatchRead(MailProtocol.Pop3, fresh.Count);
                var now = clock.GetUtcNow();
                var activities = raws.Select(r => ActivityFactory.Create(accountKey, settings, FolderRole.Inbox, null, r.Raw, now, limits.ParseLimitBytes, r.HeaderOnly)).ToImmutableArray();
                var count = await owner.StoreActivitiesAsync(activities);
                stored.UnionWith(fresh.Where(i => !tooLarge.Contains(i)).Select(i => uidls[i]));
                added += count;
                await persist();
            }

            var delete = chunk.Where(i => !tooLarge.Contains(i)).ToList();
            if (delete.Count > 0)
            {
                await pop.DeleteMessagesAsync(delete, cancellationToken);
                toDelete.AddRange(delete);
            }
        }

        if (beforeQuit is not null)
        {
            await beforeQuit();
        }

        await pop.DisconnectAsync(quit: true, cancellationToken);
        stored.ExceptWith(toDelete.Select(i => uidls[i]));
        await persist();
        return added;
    }

    /// <summary>
    /// The messages in order, whole; those the server lists as larger than <paramref name="maxMessageBytes"/> by their
    /// header alone (TOP n 0), so that one huge message neither fills the silo's memory nor one grain message.
    /// </summary>
    private static async Task<List<(byte[] Raw, bool HeaderOnly)>> RetrieveAsync(Pop3Client pop, List<int> indexes, IList<int> sizes, long maxMessageBytes, CancellationToken cancellationToken)
    {
        var raws = new List<(byte[] Raw, bool HeaderOnly)>(indexes.Count);
        foreach (var run in indexes.ChunkBy(i => sizes[i] > maxMessageBytes))
        {
            var streams = await pop.GetStreamsAsync(run.Items, headersOnly: run.Key, cancellationToken);
            raws.AddRange(streams.Select(stream => (ReadAll(stream), run.Key)));
        }

        return raws;
    }

    /// <summary>Consecutive message numbers, at most <see cref="BatchSize"/> and about <paramref name="maxBytes"/> (by LIST) at a time.</summary>
    private static IEnumerable<List<int>> Chunks(int count, IList<int> sizes, long maxBytes)
    {
        var chunk = new List<int>();
        long bytes = 0;
        for (var i = 0; i < count; i++)
        {
            var size = i < sizes.Count ? Math.Max(0, sizes[i]) : 0;
            if (chunk.Count > 0 && (chunk.Count >= BatchSize || bytes + size > maxBytes))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(i);
            bytes += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private static byte[] ReadAll(Stream stream)
    {
        using (stream)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
