using System.Runtime.CompilerServices;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Errors;
using MailKit;
using MailKit.Net.Imap;

namespace MailGrains.Mail.Imap;

/// <summary>
/// Reads the new mail of an account's synced folders on its <see cref="KeptImapSession"/>, batch by batch. The caller
/// stores each batch before it asks for the next item, so the reader's own copy of the cursors is what was stored:
/// when a kept session turns out dead (the server logged it out while it sat idle), the read goes on once on a new
/// session from there. Server trouble comes out as a <see cref="MailException"/>; a read that did not end (an error,
/// the caller's cancellation, the caller stopping early) never keeps its session.
/// </summary>
public static class ImapMailboxReader
{
    public static async IAsyncEnumerable<ImapRead> ReadNewAsync(
        KeptImapSession session,
        ImapReadRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var endpoint = request.Endpoint;
        var cursors = new Dictionary<string, FolderCursor>(request.Cursors, StringComparer.Ordinal);
        var (client, reused) = await MailErrors.GuardAsync(endpoint, () => session.OpenAsync(endpoint, cancellationToken), cancellationToken);
        IMailFolder? selected = null;
        var ended = false;
        try
        {
            while (true)
            {
                yield return new ImapSessionOpened(reused);
                var retry = false;
                var reads = ReadFoldersAsync(client, request, cursors, folder => selected = folder, cancellationToken).GetAsyncEnumerator(cancellationToken);
                try
                {
                    while (true)
                    {
                        var step = await NextAsync(reads, endpoint, retryOnFailure: reused, cancellationToken);
                        if (step != Step.Item)
                        {
                            retry = step == Step.Retry;
                            break;
                        }

                        if (reads.Current is ImapFolderBatch batch)
                        {
                            cursors[batch.Folder] = new FolderCursor(batch.Batch.UidValidity, batch.Batch.LastUid);
                        }

                        yield return reads.Current;
                    }
                }
                finally
                {
                    await reads.DisposeAsync();
                }

                if (!retry)
                {
                    break;
                }

                // Whatever the first try stored stays stored; reading it again would be a no-op for the store anyway.
                session.Discard(client);
                selected = null;
                (client, reused) = (await MailErrors.GuardAsync(endpoint, () => session.OpenNewAsync(endpoint, cancellationToken), cancellationToken), false);
            }

            await MailErrors.GuardAsync(endpoint, async () =>
            {
                await session.ReleaseAsync(client, endpoint, selected, request.KeepSession, cancellationToken);
                return true;
            }, cancellationToken);
            ended = true;
        }
        finally
        {
            if (!ended)
            {
                session.Discard(client);
            }
        }
    }

    private enum Step
    {
        Item,
        End,
        Retry,
    }

    private static async Task<Step> NextAsync(IAsyncEnumerator<ImapRead> reads, MailEndpoint endpoint, bool retryOnFailure, CancellationToken cancellationToken)
    {
        try
        {
            return await reads.MoveNextAsync() ? Step.Item : Step.End;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (retryOnFailure && ex is not (OperationCanceledException or OutOfMemoryException))
        {
            return Step.Retry;
        }
        catch (Exception ex) when (ex is not (MailException or OutOfMemoryException))
        {
            throw new MailException(MailErrors.From(ex, endpoint.Host, endpoint.Port), ex);
        }
    }

    private static async IAsyncEnumerable<ImapRead> ReadFoldersAsync(
        ImapClient imap,
        ImapReadRequest request,
        Dictionary<string, FolderCursor> cursors,
        Action<IMailFolder> selecting,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sentFolder = await SentFolderNameAsync(imap, request.SentFolder, cancellationToken);
        var missing = new List<string>();
        var limits = request.Limits;
        foreach (var name in request.Folders)
        {
            if (await FolderAsync(imap, name, cancellationToken) is not { } folder)
            {
                missing.Add(name); // the other folders are still read
                continue;
            }

            selecting(folder);
            var isSent = string.Equals(name, sentFolder, StringComparison.Ordinal);
            var batches = ImapFolderReader.ReadNewAsync(
                folder, cursors.GetValueOrDefault(name), limits.BatchSize, limits.MaxBatchBytes, limits.MaxMessageBytes, MailConnector.BudgetOf(imap), request.Starts, cancellationToken);
            await foreach (var batch in batches)
            {
                yield return new ImapFolderBatch(name, isSent, batch);
            }
        }

        if (missing.Count > 0)
        {
            yield return new ImapFoldersMissing(missing);
        }
    }

    private static async Task<IImapFolder?> FolderAsync(ImapClient imap, string name, CancellationToken cancellationToken)
    {
        try
        {
            return (IImapFolder)await imap.GetFolderAsync(name, cancellationToken);
        }
        catch (FolderNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The sent folder's full name; a named sent folder that no longer exists only means no folder is the sent one.</summary>
    private static async Task<string?> SentFolderNameAsync(ImapClient imap, string? named, CancellationToken cancellationToken)
    {
        try
        {
            return (await FolderLookup.NamedOrSpecialAsync(imap, named, SpecialFolder.Sent, cancellationToken))?.FullName;
        }
        catch (FolderNotFoundException)
        {
            return null;
        }
    }
}
