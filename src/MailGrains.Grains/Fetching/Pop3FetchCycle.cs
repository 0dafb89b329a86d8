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
        stored.IntersectWith(uidls);
        var added = 0;
        var toDelete = new List<int>();
        foreach (var chunk in Enumerable.Range(0, uidls.Count).Chunk(BatchSize))
        {
            var fresh = chunk.Where(i => !stored.Contains(uidls[i])).ToList();
            if (fresh.Count > 0)
            {
                var streams = await pop.GetStreamsAsync(fresh, headersOnly: false, cancellationToken);
                metrics.BatchRead(MailProtocol.Pop3, fresh.Count);
                var now = clock.GetUtcNow();
                var activities = fresh.Select((index, n) => ActivityFactory.Create(accountKey, settings, FolderRole.Inbox, null, ReadAll(streams[n]), now, options.Value.ParseLimitBytes)).ToImmutableArray();
                var count = await owner.StoreActivitiesAsync(activities);
                stored.UnionWith(fresh.Select(i => uidls[i]));
                added += count;
                await persist();
            }

            await pop.DeleteMessagesAsync(chunk, cancellationToken);
            toDelete.AddRange(chunk);
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
