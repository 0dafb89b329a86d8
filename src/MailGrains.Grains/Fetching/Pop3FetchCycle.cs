using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using MailGrains.Accounts;
using MailGrains.Grains.Activities;
using MailGrains.Grains.Telemetry;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Imap;
using MailGrains.Mail.Pop3;
using MailGrains.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Fetching;

/// <summary>
/// One POP3 fetch: mail leaves the server, so nothing is deleted before it is stored. Per batch: the owner's grain
/// stores the activities, <see cref="Pop3Stored"/> is reported and saved by the account grain, and only when the
/// cycle goes on does the reader mark the batch deleted; the deletes take effect at QUIT (<see cref="Pop3Removed"/>).
/// A crash before QUIT leaves the messages on the server; the next fetch finds their UIDLs remembered and deletes
/// them without storing them again (and a repeat store would be a no-op).
/// </summary>
internal sealed class Pop3FetchCycle(Pop3MailboxReader reader, IGrainFactory grains, MailGrainsMetrics metrics, [FromKeyedServices(ServiceClock.Key)] TimeProvider clock, IOptions<MailOptions> options)
{
    public const int BatchSize = 100;

    /// <param name="stored">UIDLs stored but not yet known to be gone from the server.</param>
    public async IAsyncEnumerable<FetchProgress> RunAsync(
        string accountKey,
        AccountConfiguration configuration,
        MailEndpoint endpoint,
        IReadOnlySet<string> stored,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var owner = grains.GetGrain<IUserGrain>(GrainKeys.Scoped(GrainKeys.Split(accountKey).TenantId, configuration.Filing.OwnerUserId));
        var reads = reader.ReadAsync(endpoint, stored, new ReadLimits(BatchSize, limits.MaxBatchBytes, limits.MaxMessageBytes), cancellationToken);
        await foreach (var read in reads)
        {
            switch (read)
            {
                case Pop3Listed listed:
                    yield return new Pop3OnServer(listed.OnServer);
                    break;
                case Pop3Batch batch:
                    metrics.BatchRead(MailProtocol.Pop3, batch.Messages.Count);
                    var now = clock.GetUtcNow();
                    var activities = batch.Messages
                        .Select(m => ActivityFactory.Create(accountKey, configuration.Filing, FolderRole.Inbox, null, m.Raw, now, limits.ParseLimitBytes, m.HeaderOnly))
                        .ToImmutableArray();
                    var added = await owner.StoreActivitiesAsync(activities);
                    // A message too large to download stays on the server, so its UIDL is not remembered as stored.
                    yield return new Pop3Stored([.. batch.Messages.Where(m => !m.HeaderOnly).Select(m => m.Uidl)], added);
                    break;
                case Pop3Deleted deleted:
                    yield return new Pop3Removed(deleted.Uidls);
                    break;
            }
        }
    }
}
