using MailKit;
using MailKit.Net.Imap;
using MailGrains.Mail.Connections;
using MailKit.Search;

namespace MailGrains.Mail.Imap;

/// <summary>Where a folder was read up to: the UIDVALIDITY it was read under and the last UID stored.</summary>
public sealed record FolderCursor(uint UidValidity, uint LastUid);

/// <summary>
/// A message as the server holds it, byte for byte; or, when <see cref="HeaderOnly"/>, only its header (the
/// server said it is larger than the fetch may download).
/// </summary>
public sealed record FetchedMessage(uint Uid, byte[] Raw, bool HeaderOnly = false);

/// <summary>
/// New messages of a folder, in UID order, read under <see cref="UidValidity"/>. <see cref="LastUid"/> is how far
/// the folder may be taken as read: the last UID before the first one asked for that the server did not return, so
/// a message a server leaves out (it happens with corrupt items) is asked for again, never skipped.
/// </summary>
public sealed record FetchedBatch(uint UidValidity, IReadOnlyList<FetchedMessage> Messages, uint LastUid);

/// <summary>
/// Reads the messages of a folder that are newer than a cursor, in UID order and bounded batches, each
/// batch's bodies in one round trip. The folder is opened read-only and bodies are read with BODY.PEEK,
/// so nothing is marked \Seen. A folder without a cursor is read from the start as <see cref="FolderStarts"/> says
/// (everything, unless the account imports from now or from a day); a changed UIDVALIDITY means the cursor no longer
/// applies: the folder is read from the start again.
/// </summary>
public static class ImapFolderReader
{
    /// <summary>What a batch's answer may carry beyond the announced sizes (response lines, flags, envelopes).</summary>
    private const long BudgetSlack = 1024 * 1024;

    public static async IAsyncEnumerable<FetchedBatch> ReadNewAsync(
        IImapFolder folder,
        FolderCursor? cursor,
        int batchSize,
        long maxBatchBytes = 16 * 1024 * 1024,
        long maxMessageBytes = 50 * 1024 * 1024,
        ReadBudget? budget = null,
        FolderStarts? starts = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var uidValidity = folder.UidValidity;
        var current = cursor is not null && cursor.UidValidity == uidValidity;
        if (current && cursor!.LastUid >= UniqueId.MaxValue.Id)
        {
            yield break; // no UID can come after the largest one
        }

        var begin = current ? FolderStart.Everything : (starts ?? FolderStarts.Everything).For(cursor);
        if (begin.SkipExisting)
        {
            // Nothing the folder holds is read: the cursor goes past all of it, so only mail that arrives later is new.
            yield return new FetchedBatch(uidValidity, [], await LastUidAsync(folder, cancellationToken));
            yield break;
        }

        var start = current ? cursor!.LastUid + 1 : 1;
        if (begin.TakesEverything && (folder.Count == 0 || (folder.UidNext is { } next && next.Id <= start)))
        {
            yield break;
        }

        // A dated start skips older mail; its end is taken before the search, so mail arriving meanwhile lies beyond it.
        var end = begin.Since is null ? 0 : await LastUidAsync(folder, cancellationToken);
        var range = SearchQuery.Uids(new UniqueIdRange(new UniqueId(uidValidity, start), UniqueId.MaxValue));
        SearchQuery query = begin.Since is { } day ? range.And(SearchQuery.DeliveredAfter(day.ToDateTime(TimeOnly.MinValue))) : range;
        var found = await folder.SearchAsync(query, cancellationToken);
        var uids = found.Where(u => u.Id >= start).OrderBy(u => u.Id).ToList();
        if (uids.Count == 0)
        {
            if (begin.Since is not null)
            {
                yield return new FetchedBatch(uidValidity, [], end);
            }

            yield break;
        }

        var sizes = (await folder.FetchAsync(uids, MessageSummaryItems.UniqueId | MessageSummaryItems.Size, cancellationToken))
            .ToDictionary(s => s.UniqueId.Id, s => (long)(s.Size ?? 0));
        foreach (var chunk in SizeBoundedChunks.Of(uids, u => sizes.GetValueOrDefault(u.Id), batchSize, maxBatchBytes))
        {
            var whole = chunk.Where(u => sizes.GetValueOrDefault(u.Id) <= maxMessageBytes).ToList();
            var messages = new List<FetchedMessage>(chunk.Count);
            if (whole.Count > 0)
            {
                // The server may send what it announced for the batch, and some slack; not endless literals.
                budget?.Allow(whole.Sum(u => sizes.GetValueOrDefault(u.Id)) + BudgetSlack);
                await folder.GetStreamsAsync(whole, async (_, _, uid, stream, ct) =>
                {
                    using var copy = new MemoryStream();
                    await stream.CopyToAsync(copy, ct);
                    lock (messages)
                    {
                        messages.Add(new FetchedMessage(uid.Id, copy.ToArray()));
                    }
                }, cancellationToken);
                budget?.Reset();
            }

            foreach (var uid in chunk.Where(u => sizes.GetValueOrDefault(u.Id) > maxMessageBytes))
            {
                await using var header = await folder.GetStreamAsync(uid, "HEADER", cancellationToken);
                using var copy = new MemoryStream();
                await header.CopyToAsync(copy, cancellationToken);
                messages.Add(new FetchedMessage(uid.Id, copy.ToArray(), HeaderOnly: true));
            }

            var returned = messages.Select(m => m.Uid).ToHashSet();
            var read = chunk.TakeWhile(u => returned.Contains(u.Id)).LastOrDefault();
            var lastUid = read.IsValid ? read.Id : start - 1;
            yield return new FetchedBatch(uidValidity, [.. messages.OrderBy(m => m.Uid)], lastUid);
            if (lastUid < chunk[^1].Id)
            {
                yield break; // the server left a message out: read again from there next time
            }
        }

        if (end > uids[^1].Id)
        {
            yield return new FetchedBatch(uidValidity, [], end); // past the older mail a dated start skipped
        }
    }

    /// <summary>The folder's last UID as far as new mail is concerned: UIDNEXT - 1, else the largest UID it holds (0: none).</summary>
    private static async Task<uint> LastUidAsync(IImapFolder folder, CancellationToken cancellationToken)
    {
        if (folder.UidNext is { IsValid: true } next)
        {
            return next.Id - 1;
        }

        var all = await folder.SearchAsync(SearchQuery.All, cancellationToken);
        return all.Count == 0 ? 0 : all.Max(u => u.Id);
    }
}
