using MailGrains.Accounts;
using MailGrains.Activities;
using MailGrains.Grains.Telemetry;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Imap;
using MailGrains.Users;
using System.Collections.Immutable;
using MailKit;
using MailKit.Net.Imap;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Fetching;

/// <summary>
/// One IMAP fetch of an account: each synced folder from its cursor, batch by batch. The ingest invariant
/// lives here: a batch's activities are stored by the owner's grain first, and only then is the folder's
/// cursor advanced and persisted. A crash in between repeats the batch, which the activity ids make a no-op.
/// </summary>
internal sealed class ImapFetchCycle(IGrainFactory grains, MailGrainsMetrics metrics, TimeProvider clock, IOptions<MailOptions> options)
{
    public const int BatchSize = 200;

    /// <summary>
    /// Runs the fetch on the account's <paramref name="session"/> slot: a kept session is reused, and kept again
    /// afterwards when the account polls often enough. <paramref name="persist"/> saves the cursors after each
    /// stored batch. Returns the number of new activities.
    /// </summary>
    public async Task<int> RunAsync(
        string accountKey,
        AccountSettings settings,
        MailEndpoint endpoint,
        Dictionary<string, FolderPosition> cursors,
        Func<Task> persist,
        ImapSessionSlot session,
        CancellationToken cancellationToken)
    {
        var (imap, reused) = await session.OpenAsync(endpoint, cancellationToken);
        IMailFolder? selected = null;
        int added;
        while (true)
        {
            metrics.SessionOpened(reused);
            try
            {
                added = await ReadFoldersAsync(imap, accountKey, settings, cursors, persist, folder => selected = folder, cancellationToken);
                break;
            }
            catch (Exception ex) when (reused && ex is not OperationCanceledException)
            {
                // Most likely the server logged the kept session out while it sat idle: once more on a new session.
                // Whatever the first try stored stays stored, and storing it again would be a no-op.
                session.Discard(imap);
                imap = await session.OpenNewAsync(endpoint, cancellationToken);
                reused = false;
            }
            catch
            {
                session.Discard(imap);
                throw;
            }
        }

        var keep = settings.Advanced.PollIntervalSeconds <= options.Value.KeepImapSessionsUpToSeconds;
        await session.ReleaseAsync(imap, endpoint, selected, keep, cancellationToken);
        return added;
    }

    private async Task<int> ReadFoldersAsync(
        ImapClient imap,
        string accountKey,
        AccountSettings settings,
        Dictionary<string, FolderPosition> cursors,
        Func<Task> persist,
        Action<IMailFolder> selecting,
        CancellationToken cancellationToken)
    {
        var (tenantId, _) = GrainKeys.Split(accountKey);
        var owner = grains.GetGrain<IUserGrain>(GrainKeys.Scoped(tenantId, settings.Defaults.OwnerUserId));
        var added = 0;
        var sentFolder = await SentFolderNameAsync(imap, settings, cancellationToken);
        var missing = new List<string>();
        foreach (var name in settings.Imap.Folders)
        {
            IImapFolder folder;
            try
            {
                folder = (IImapFolder)await imap.GetFolderAsync(name, cancellationToken);
            }
            catch (FolderNotFoundException)
            {
                missing.Add(name); // the other folders are still read
                continue;
            }

            selecting(folder);
            var role = string.Equals(name, sentFolder, StringComparison.Ordinal) ? FolderRole.Sent : FolderRole.Inbox;
            var cursor = cursors.TryGetValue(name, out var position) ? new FolderCursor(position.UidValidity, position.LastUid) : null;
            var limits = options.Value;
            await foreach (var batch in ImapFolderReader.ReadNewAsync(folder, cursor, BatchSize, limits.MaxBatchBytes, limits.MaxMessageBytes, MailConnector.BudgetOf(imap), cancellationToken))
            {
                metrics.BatchRead(MailProtocol.Imap, batch.Messages.Count);
                var now = clock.GetUtcNow();
                var activities = batch.Messages
                    .Select(m => ActivityFactory.Create(accountKey, settings, role, new ServerLocation(name, batch.UidValidity, m.Uid), m.Raw, now, limits.ParseLimitBytes, m.HeaderOnly))
                    .ToImmutableArray();
                var stored = activities.IsEmpty ? 0 : await owner.StoreActivitiesAsync(activities);
                cursors[name] = new FolderPosition(batch.UidValidity, batch.LastUid);
                added += stored;
                await persist();
            }
        }

        if (missing.Count > 0)
        {
            throw new MissingFoldersException(missing);
        }

        return added;
    }

    /// <summary>The sent folder's full name; a named sent folder that no longer exists only means no folder is the sent one.</summary>
    private static async Task<string?> SentFolderNameAsync(ImapClient imap, AccountSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            return (await AccountFolders.SentAsync(imap, settings, cancellationToken))?.FullName;
        }
        catch (FolderNotFoundException)
        {
            return null;
        }
    }
}
