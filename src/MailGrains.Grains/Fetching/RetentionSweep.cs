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
/// and looked up in the owner's store first. Activities stay. Needs UIDPLUS (UID EXPUNGE), since a plain
/// EXPUNGE would also remove what other clients marked deleted; reads old messages in chunks bounded by count
/// and bytes, and never downloads one the fetch would not (larger than <c>MaxMessageBytes</c>: it stays).
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
        if (!imap.Capabilities.HasFlag(ImapCapabilities.UidPlus))
        {
            throw new NotSupportedException($"{endpoint.Host} does not support UIDPLUS, without which old mail cannot be deleted without touching other clients' deletions; nothing was deleted.");
        }

        var deleted = 0;
        foreach (var folder in await FoldersAsync(imap, settings, cancellationToken))
        {
            await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
            var old = await folder.SearchAsync(SearchQuery.DeliveredBefore(cutoff), cancellationToken);
            foreach (var chunk in await ChunksAsync(folder, old, cancellationToken))
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

    /// <summary>Old messages in runs of at most <see cref="ChunkSize"/> and about <c>MaxBatchBytes</c>, leaving out any larger than <c>MaxMessageBytes</c>.</summary>
    private async Task<List<UniqueId[]>> ChunksAsync(IMailFolder folder, IList<UniqueId> old, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var chunks = new List<UniqueId[]>();
        var chunk = new List<UniqueId>();
        long bytes = 0;
        foreach (var summary in (await folder.FetchAsync(old, MessageSummaryItems.UniqueId | MessageSummaryItems.Size, cancellationToken)).OrderBy(s => s.UniqueId.Id))
        {
            var size = (long)(summary.Size ?? 0);
            if (size > limits.MaxMessageBytes)
            {
                continue;
            }

            if (chunk.Count > 0 && (chunk.Count >= ChunkSize || bytes + size > limits.MaxBatchBytes))
            {
                chunks.Add([.. chunk]);
                chunk.Clear();
                bytes = 0;
            }

            chunk.Add(summary.UniqueId);
            bytes += size;
        }

        if (chunk.Count > 0)
        {
            chunks.Add([.. chunk]);
        }

        return chunks;
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
