using MailGrains.Mail.Connections;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;

namespace MailGrains.Mail.Imap;

/// <summary>
/// <see cref="ISpamMover"/> on <see cref="MailSessions"/>, one session under <see cref="Deadline"/>: with MOVE where
/// the server has it, else COPY and flag \Deleted, expunging just that UID where the server has UIDPLUS (without it an
/// expunge would take other clients' deleted messages with it, so the copy stays flagged for the mail client to
/// expunge). A message no longer at its recorded UID (the folder was recreated) is found by its exact Message-ID (a
/// server's header search matches substrings, so every candidate's envelope is compared); one that is already in the
/// spam folder counts as moved.
/// </summary>
public sealed class SpamMover(MailSessions sessions) : ISpamMover
{
    /// <summary>Below the 30 s in which the caller's grain call times out, so an answer always reaches the admin.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>At most this many messages whose Message-ID contains the one searched for are compared.</summary>
    private const int MaxCandidates = 100;

    public Task<SpamMoveOutcome> MoveAsync(MailEndpoint endpoint, string? spamFolder, MessageLocation location, string? messageId, CancellationToken cancellationToken = default)
        => sessions.WithImapAsync(endpoint, Deadline, (imap, ct) => MoveAsync(imap, spamFolder, location, messageId, ct), cancellationToken);

    private static async Task<SpamMoveOutcome> MoveAsync(ImapClient imap, string? spamFolder, MessageLocation location, string? messageId, CancellationToken cancellationToken)
    {
        var spam = await FolderLookup.NamedOrSpecialAsync(imap, spamFolder, SpecialFolder.Junk, cancellationToken);
        if (spam is null)
        {
            return SpamMoveOutcome.NoSpamFolder;
        }

        var source = await imap.GetFolderAsync(location.Folder, cancellationToken);
        await source.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        var uid = await FindAsync(source, location, messageId, cancellationToken);
        if (uid is null)
        {
            return messageId is not null && await ContainsAsync(spam, messageId, cancellationToken)
                ? SpamMoveOutcome.AlreadyInSpam
                : SpamMoveOutcome.MessageGone;
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

        return SpamMoveOutcome.Moved;
    }

    private static async Task<UniqueId?> FindAsync(IMailFolder folder, MessageLocation location, string? messageId, CancellationToken cancellationToken)
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
