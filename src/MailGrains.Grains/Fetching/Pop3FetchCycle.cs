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
/// them without storing them again (and a repeat store would be a no-op). An account importing from "now" leaves what
/// the server holds at its first read there (<see cref="Pop3KeptOnServer"/>, saved before the read goes on), and every
/// later read leaves those messages alone: neither imported nor deleted.
/// </summary>
internal sealed class Pop3FetchCycle(Pop3MailboxReader reader, IGrainFactory grains, MailGrainsMetrics metrics, [FromKeyedServices(ServiceClock.Key)] TimeProvider clock, IOptions<MailOptions> options)
{
    public const int BatchSize = 100;

    /// <param name="stored">UIDLs stored but not yet known to be gone from the server.</param>
    /// <param name="kept">Digests of the UIDLs left on the server (<see cref="KeptUidls"/>) and whether the mailbox was listed before.</param>
    public async IAsyncEnumerable<FetchProgress> RunAsync(
        string accountKey,
        AccountConfiguration configuration,
        MailEndpoint endpoint,
        IReadOnlySet<string> stored,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        Pop3Kept? kept = null)
    {
        var limits = options.Value;
        var owner = grains.GetGrain<IUserGrain>(GrainKeys.Scoped(GrainKeys.Split(accountKey).TenantId, configuration.Filing.OwnerUserId));
        var keepExisting = kept is { Listed: false } && configuration.Receiving.EffectiveImportFrom.Kind == ImportFromKind.Now;
        var leave = keepExisting ? new Pop3Leave(true, _ => false)
            : kept is { Digests.Count: > 0 } ? new Pop3Leave(false, uidl => kept.Digests.Contains(KeptUidls.Digest(uidl)))
            : Pop3Leave.Nothing;
        var reads = reader.ReadAsync(endpoint, stored, new ReadLimits(BatchSize, limits.MaxBatchBytes, limits.MaxMessageBytes), cancellationToken, leave);
        await foreach (var read in reads)
        {
            switch (read)
            {
                case Pop3Listed listed when keepExisting:
                    if (listed.OnServer.Count > KeptUidls.Max)
                    {
                        throw KeptUidls.TooMany(listed.OnServer.Count);
                    }

                    yield return new Pop3KeptOnServer(listed.OnServer);
                    break;
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

/// <summary>What a POP3 fetch starts from besides the stored UIDLs: the digests of those left on the server, and whether the mailbox was listed before.</summary>
internal sealed record Pop3Kept(IReadOnlySet<ulong> Digests, bool Listed);
