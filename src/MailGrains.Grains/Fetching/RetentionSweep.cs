using MailGrains.Accounts;
using MailGrains.Grains.Activities;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Imap;
using MailGrains.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Fetching;

/// <summary>
/// Deletes mail older than <c>deleteFromServerAfterDays</c> from the server's inbox, spam and sent folders, and only
/// mail that is stored as an activity: each old message's activity id (as received and as sent) is computed from its
/// bytes and looked up in the owner's store first (<see cref="OldMailRemoval"/> does the server side). Activities stay.
/// </summary>
internal sealed class RetentionSweep(OldMailRemoval removal, IGrainFactory grains, [FromKeyedServices(ServiceClock.Key)] TimeProvider clock, IOptions<MailOptions> options)
{
    private const int ChunkSize = 100;

    /// <summary>Returns how many messages were deleted on the server.</summary>
    public async Task<int> RunAsync(string accountKey, AccountConfiguration configuration, MailEndpoint endpoint, CancellationToken cancellationToken)
    {
        var days = configuration.Receiving.DeleteFromServerAfterDays;
        if (days <= 0)
        {
            return 0;
        }

        var limits = options.Value;
        var owner = grains.GetGrain<IUserGrain>(GrainKeys.Scoped(GrainKeys.Split(accountKey).TenantId, configuration.Filing.OwnerUserId));
        var request = new OldMailRequest(
            endpoint,
            configuration.Receiving.SpamFolder,
            configuration.Sending.SentFolder,
            clock.GetUtcNow().AddDays(-days),
            new ReadLimits(ChunkSize, limits.MaxBatchBytes, limits.MaxMessageBytes),
            limits.ParseLimitBytes);
        return await removal.DeleteStoredAsync(request, async digests =>
        {
            var ids = digests.Select(d => (Inbox: ActivityFactory.IdOf(accountKey, FolderRole.Inbox, d), Sent: ActivityFactory.IdOf(accountKey, FolderRole.Sent, d))).ToList();
            var stored = (await owner.StoredAsync([.. ids.SelectMany(i => new[] { i.Inbox, i.Sent })])).ToHashSet(StringComparer.Ordinal);
            return [.. ids.Select(i => stored.Contains(i.Inbox) || stored.Contains(i.Sent))];
        }, cancellationToken);
    }
}
