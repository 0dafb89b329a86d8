using MailGrains.Accounts;
using MailGrains.Activities;
using MailGrains.Mail.Connections;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;

namespace MailGrains.Grains.Fetching;

/// <summary>
/// Moves a message into the spam folder so that the provider's filter learns: with MOVE where the server has
/// it, else COPY and flag \Deleted, expunging just that UID where the server has UIDPLUS (without it an expunge
/// would take other clients' deleted messages with it, so the copy stays flagged for the mail client to expunge).
/// A message no longer at its recorded UID (the folder was recreated) is found by its exact Message-ID (a server's
/// header search matches substrings, so every candidate's envelope is compared); one that is already in the spam
/// folder counts as moved.
/// </summary>
internal sealed class SpamMover(MailConnector connector)
{
    /// <summary>At most this many messages whose Message-ID contains the one searched for are compared.</summary>
    private const int MaxCandidates = 100;

    public async Task<SpamResult> MoveAsync(AccountSettings settings, MailEndpoint endpoint, ServerLocation location, string? messageId, CancellationToken cancellationToken)
    {
        using var imap = await connector.ConnectImapAsync(endpoint, cancellationToken);
        var spam = await AccountFolders.SpamAsync(imap, settings, cancellationToken);
        if (spam is null)
        {
            return new SpamResult(SpamOutcome.ServerFailed, $"{endpoint.Host} has no spam folder: set imap.spamFolder for this account.");
        }

        var source = await imap.GetFolderAsync(location.Folder, cancellationToken);
        await source.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        var uid = await FindAsync(source, location, messageId, cancellationToken);
        if (uid is null)
        {
            var alreadyThere = messageId is not null && await ContainsAsync(spam, messageId, cancellationToken);
            await imap.DisconnectAsync(quit: true, cancellationToken);
            return alreadyThere
                ? new SpamResult(SpamOutcome.Marked)
                : new SpamResult(SpamOutcome.ServerFailed, $"The message is no longer in '{location.Folder}' on {endpoint.Host}.");
        }

        if (imap.Capabilities.HasFlag(ImapCapabilities.Move))
        {
            await source.MoveToAsync(uid.Value, spam, cancellationToken);
        }
        else
        {
            await source.CopyToAsync(uid.Value, spam, cancellationToken);
            await source.AddFlagsAsync(uid.Value, MessageFlags.Deleted, silent: true, cancellationToken);
            if (imap.Capabilities.HasFlag(ImapCapabilities.UidPlus))
            {
                await source.ExpungeAsync([uid.Value], cancellationToken);
            }
        }

        await imap.DisconnectAsync(quit: true, cancellationToken);
        return new SpamResult(SpamOutcome.Marked);
    }

    private static async Task<UniqueId?> FindAsync(IMailFolder folder, ServerLocation location, string? messageId, CancellationToken cancellationToken)
    {
        if (folder.UidValidity == location.UidValidity)
        {
            var atUid = await folder.SearchAsync(SearchQuery.Uids([new UniqueId(location.UidValidity, location.Uid)]), cancellationToken);
            if (atUid.Count == 1)
            {
                return atUid[0];
            }
        }

        if (messageId is null)
        {
            return null;
        }

        return await ByMessageIdAsync(folder, messageId, cancellationToken);
    }

    private static async Task<bool> ContainsAsync(IMailFolder folder, string messageId, CancellationToken cancellationToken)
    {
        await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        return await ByMessageIdAsync(folder, messageId, cancellationToken) is not null;
    }

    /// <summary>The message whose Message-ID is exactly <paramref name="messageId"/> (the search only narrows the candidates down).</summary>
    private static async Task<UniqueId?> ByMessageIdAsync(IMailFolder folder, string messageId, CancellationToken cancellationToken)
    {
        var bare = messageId.Trim().Trim('<', '>');
        var candidates = await folder.SearchAsync(SearchQuery.HeaderContains("Message-ID", bare), cancellationToken);
        if (candidates.Count == 0)
        {
            return null;
        }

        var summaries = await folder.FetchAsync([.. candidates.Take(MaxCandidates)], MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope, cancellationToken);
        return summaries.FirstOrDefault(s => string.Equals(s.Envelope?.MessageId?.Trim().Trim('<', '>'), bare, StringComparison.Ordinal))?.UniqueId;
    }
}
