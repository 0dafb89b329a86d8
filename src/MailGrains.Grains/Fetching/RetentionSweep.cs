using MailGrains.Accounts;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Messages;
using MailGrains.Users;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Fetching;

/// <summary>
/// Deletes mail older than <c>deleteFromServerAfterDays</c> from the server's inbox, spam and sent folders,
/// and only mail that is stored as an activity: each old message's activity id is computed from its bytes
/// and looked up in the owner's store first. Activities stay.
/// </summary>
internal sealed class RetentionSweep(MailConnector connector, IGrainFactory grains, TimeProvider clock, IOptions<MailOptions> options)
{
    private const int ChunkSize = 100;

    /// <summary>Returns how many messages were deleted on the server.</summary>
    public async Task<int> RunAsync(string accountKey, AccountSettings settings, MailEndpoint endpoint, CancellationToken cancellationToken)
    {
        var days = settings.Server.DeleteFromServerAfterDays;
        if (days <= 0)
        {
            return 0;
        }

        var (tenantId, _) = GrainKeys.Split(accountKey);
        var owner = grains.GetGrain<IUserGrain>(GrainKeys.Scoped(tenantId, settings.Defaults.OwnerUserId));
        var cutoff = clock.GetUtcNow().AddDays(-days).UtcDateTime;
        using var imap = await connector.ConnectImapAsync(endpoint, cancellationToken);
        var deleted = 0;
        foreach (var folder in await FoldersAsync(imap, settings, cancellationToken))
        {
            await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
            var old = await folder.SearchAsync(SearchQuery.DeliveredBefore(cutoff), cancellationToken);
            foreach (var chunk in old.Chunk(ChunkSize))
            {
                var stored = await StoredAsync((IImapFolder)folder, chunk, accountKey, owner, cancellationToken);
                if (stored.Count == 0)
                {
                    continue;
                }

                await folder.AddFlagsAsync(stored, MailKit.MessageFlags.Deleted, silent: true, cancellationToken);
                await folder.ExpungeAsync(stored, cancellationToken);
                deleted += stored.Count;
            }
        }

        await imap.DisconnectAsync(quit: true, cancellationToken);
        return deleted;
    }

    /// <summary>The UIDs of the chunk whose activity (as received or as sent) is stored.</summary>
    private async Task<List<UniqueId>> StoredAsync(IImapFolder folder, UniqueId[] chunk, string accountKey, IUserGrain owner, CancellationToken cancellationToken)
    {
        var candidates = new List<(UniqueId Uid, string Inbox, string Sent)>();
        await folder.GetStreamsAsync(chunk, async (_, _, uid, stream, ct) =>
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, ct);
            var digest = MessageDigester.Digest(copy.ToArray(), options.Value.ParseLimitBytes);
            lock (candidates)
            {
                candidates.Add((uid, ActivityFactory.IdOf(accountKey, FolderRole.Inbox, digest), ActivityFactory.IdOf(accountKey, FolderRole.Sent, digest)));
            }
        }, cancellationToken);
        var stored = (await owner.StoredAsync([.. candidates.SelectMany(c => new[] { c.Inbox, c.Sent })])).ToHashSet(StringComparer.Ordinal);
        return [.. candidates.Where(c => stored.Contains(c.Inbox) || stored.Contains(c.Sent)).Select(c => c.Uid)];
    }

    /// <summary>The inbox, the spam folder and the sent folder (named ones first, else the server's special-use ones).</summary>
    private static async Task<IReadOnlyList<IMailFolder>> FoldersAsync(ImapClient imap, AccountSettings settings, CancellationToken cancellationToken)
    {
        var spam = await AccountFolders.SpamAsync(imap, settings, cancellationToken);
        var sent = await AccountFolders.SentAsync(imap, settings, cancellationToken);
        return [.. new[] { imap.Inbox, spam, sent }.OfType<IMailFolder>().DistinctBy(f => f.FullName)];
    }
}
