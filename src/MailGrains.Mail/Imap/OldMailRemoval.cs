using MailGrains.Mail.Connections;
using MailGrains.Mail.Errors;
using MailGrains.Mail.Messages;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;

namespace MailGrains.Mail.Imap;

/// <summary>What to delete: mail delivered before <see cref="Cutoff"/> in the inbox, the spam folder and the sent folder (named, else special-use).</summary>
public sealed record OldMailRequest(MailEndpoint Endpoint, string? SpamFolder, string? SentFolder, DateTimeOffset Cutoff, ReadLimits Limits, long ParseLimitBytes);

/// <summary>
/// Deletes old mail on an IMAP server, and only mail the caller says is stored: each old message's digest is handed to
/// <c>isStored</c> (a chunk at a time) first. Needs UIDPLUS (UID EXPUNGE), since a plain EXPUNGE would also remove
/// what other clients marked deleted; reads old messages in chunks bounded by count and bytes, and never downloads
/// one larger than the limit (it stays).
/// </summary>
public sealed class OldMailRemoval(MailSessions sessions)
{
    /// <param name="isStored">For each digest, in order, whether its message is stored.</param>
    /// <returns>How many messages were deleted on the server.</returns>
    public Task<int> DeleteStoredAsync(
        OldMailRequest request,
        Func<IReadOnlyList<MessageDigest>, Task<IReadOnlyList<bool>>> isStored,
        CancellationToken cancellationToken)
        => sessions.WithImapAsync(request.Endpoint, Timeout.InfiniteTimeSpan, async (imap, ct) =>
        {
            if (!imap.Capabilities.HasFlag(ImapCapabilities.UidPlus))
            {
                throw new MailException(new MailError(MailErrorKind.Command,
                    $"{request.Endpoint.Host} does not support UIDPLUS, without which old mail cannot be deleted without touching other clients' deletions; nothing was deleted."));
            }

            var deleted = 0;
            foreach (var folder in await FoldersAsync(imap, request, ct))
            {
                await folder.OpenAsync(FolderAccess.ReadWrite, ct);
                var old = await folder.SearchAsync(SearchQuery.DeliveredBefore(request.Cutoff.UtcDateTime), ct);
                foreach (var chunk in await ChunksAsync(folder, old, request.Limits, ct))
                {
                    var stored = await StoredAsync((IImapFolder)folder, chunk, request.ParseLimitBytes, isStored, ct);
                    if (stored.Count == 0)
                    {
                        continue;
                    }

                    await folder.AddFlagsAsync(stored, MailKit.MessageFlags.Deleted, silent: true, ct);
                    await folder.ExpungeAsync(stored, ct);
                    deleted += stored.Count;
                }
            }

            return deleted;
        }, cancellationToken);

    /// <summary>Old messages in runs bounded by count and bytes, leaving out any larger than the message limit.</summary>
    private static async Task<List<List<UniqueId>>> ChunksAsync(IMailFolder folder, IList<UniqueId> old, ReadLimits limits, CancellationToken cancellationToken)
    {
        var sizes = (await folder.FetchAsync(old, MessageSummaryItems.UniqueId | MessageSummaryItems.Size, cancellationToken))
            .Select(s => (s.UniqueId, Size: (long)(s.Size ?? 0)))
            .Where(s => s.Size <= limits.MaxMessageBytes)
            .OrderBy(s => s.UniqueId.Id);
        return [.. SizeBoundedChunks.Of(sizes, s => s.Size, limits.BatchSize, limits.MaxBatchBytes).Select(c => c.Select(s => s.UniqueId).ToList())];
    }

    /// <summary>The UIDs of the chunk whose message the caller has stored.</summary>
    private static async Task<List<UniqueId>> StoredAsync(
        IImapFolder folder,
        List<UniqueId> chunk,
        long parseLimit,
        Func<IReadOnlyList<MessageDigest>, Task<IReadOnlyList<bool>>> isStored,
        CancellationToken cancellationToken)
    {
        var candidates = new List<(UniqueId Uid, MessageDigest Digest)>();
        await folder.GetStreamsAsync(chunk, async (_, _, uid, stream, ct) =>
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, ct);
            var digest = MessageDigester.Digest(copy.ToArray(), parseLimit);
            lock (candidates)
            {
                candidates.Add((uid, digest));
            }
        }, cancellationToken);
        var stored = await isStored([.. candidates.Select(c => c.Digest)]);
        return [.. candidates.Where((_, i) => stored[i]).Select(c => c.Uid)];
    }

    /// <summary>The inbox, the spam folder and the sent folder (named ones first, else the server's special-use ones).</summary>
    private static async Task<IReadOnlyList<IMailFolder>> FoldersAsync(ImapClient imap, OldMailRequest request, CancellationToken cancellationToken)
    {
        var spam = await FolderLookup.NamedOrSpecialAsync(imap, request.SpamFolder, SpecialFolder.Junk, cancellationToken);
        var sent = await FolderLookup.NamedOrSpecialAsync(imap, request.SentFolder, SpecialFolder.Sent, cancellationToken);
        return [.. new[] { imap.Inbox, spam, sent }.OfType<IMailFolder>().DistinctBy(f => f.FullName)];
    }
}
