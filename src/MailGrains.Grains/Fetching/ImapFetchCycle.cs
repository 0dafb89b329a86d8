using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using MailGrains.Accounts;
using MailGrains.Activities;
using MailGrains.Grains.Activities;
using MailGrains.Grains.Telemetry;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Imap;
using MailGrains.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Fetching;

/// <summary>
/// One IMAP fetch of an account: each synced folder from its cursor, batch by batch. The ingest invariant lives here:
/// a batch's activities are stored by the owner's grain first, and only then is <see cref="CursorAdvanced"/> reported,
/// which the account grain saves before the next batch is read. A crash in between repeats the batch, which the
/// activity ids make a no-op. A folder without a cursor begins where the account's "importFrom" says
/// (<see cref="ImportStarts"/>); what it skips is passed over by an empty batch's cursor.
/// </summary>
internal sealed class ImapFetchCycle(IGrainFactory grains, MailGrainsMetrics metrics, [FromKeyedServices(ServiceClock.Key)] TimeProvider clock, IOptions<MailOptions> options)
{
    public const int BatchSize = 200;

    /// <summary>Runs on the account's kept <paramref name="session"/>, kept again afterwards when the account polls often enough.</summary>
    /// <param name="importingSince">The day the account began importing from "now" (<see cref="ImportStarts"/>).</param>
    public async IAsyncEnumerable<FetchProgress> RunAsync(
        string accountKey,
        AccountConfiguration configuration,
        MailEndpoint endpoint,
        IReadOnlyDictionary<string, FolderPosition> cursors,
        KeptImapSession session,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        DateOnly? importingSince = null)
    {
        var limits = options.Value;
        var owner = grains.GetGrain<IUserGrain>(GrainKeys.Scoped(GrainKeys.Split(accountKey).TenantId, configuration.Filing.OwnerUserId));
        var request = new ImapReadRequest(
            endpoint,
            configuration.Receiving.SyncedFolders,
            configuration.Sending.SentFolder,
            cursors.ToDictionary(c => c.Key, c => new FolderCursor(c.Value.UidValidity, c.Value.LastUid), StringComparer.Ordinal),
            new ReadLimits(BatchSize, limits.MaxBatchBytes, limits.MaxMessageBytes),
            KeepSession: configuration.Receiving.PollIntervalSeconds <= limits.KeepImapSessionsUpToSeconds,
            ImportStarts.For(configuration.Receiving.EffectiveImportFrom, importingSince));
        await foreach (var read in ImapMailboxReader.ReadNewAsync(session, request, cancellationToken))
        {
            switch (read)
            {
                case ImapSessionOpened opened:
                    metrics.SessionOpened(opened.Reused);
                    break;
                case ImapFolderBatch batch:
                    metrics.BatchRead(MailProtocol.Imap, batch.Batch.Messages.Count);
                    var now = clock.GetUtcNow();
                    var role = batch.IsSentFolder ? FolderRole.Sent : FolderRole.Inbox;
                    var activities = batch.Batch.Messages
                        .Select(m => ActivityFactory.Create(
                            accountKey, configuration.Filing, role, new ServerLocation(batch.Folder, batch.Batch.UidValidity, m.Uid), m.Raw, now, limits.ParseLimitBytes, m.HeaderOnly))
                        .ToImmutableArray();
                    var added = activities.IsEmpty ? 0 : await owner.StoreActivitiesAsync(activities);
                    yield return new CursorAdvanced(batch.Folder, new FolderPosition(batch.Batch.UidValidity, batch.Batch.LastUid), added);
                    break;
                case ImapFoldersMissing missing:
                    yield return new FoldersMissing(missing.Folders);
                    break;
            }
        }
    }
}
