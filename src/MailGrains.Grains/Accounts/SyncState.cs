using System.Collections.Immutable;
using MailGrains.Accounts;
using MailGrains.Grains.Fetching;
using MailGrains.Grains.Retry;

namespace MailGrains.Grains.Accounts;

/// <summary>
/// How far an account's mail has been read and how its fetches went: the folder cursors, the POP3 UIDLs stored but
/// not yet confirmed gone from the server, and the last fetch's outcome with its back-off. Changed only by the
/// account grain, applying what a fetch reported (<see cref="Apply"/>) or what an admin set.
/// </summary>
[GenerateSerializer]
[Alias("MailGrains.SyncState")]
public sealed class SyncState
{
    /// <summary>How far each synced folder has been stored, by folder name.</summary>
    [Id(0)]
    public Dictionary<string, FolderPosition> Cursors { get; set; } = [];

    /// <summary>POP3 UIDLs stored as activities whose deletion on the server is not confirmed yet.</summary>
    [Id(1)]
    public HashSet<string> Pop3Stored { get; set; } = new(StringComparer.Ordinal);

    [Id(2)]
    public DateTimeOffset? LastFetchAt { get; set; }

    /// <summary>Why the last fetch failed (or what it could not do), in words an admin can act on; null after a clean fetch.</summary>
    [Id(3)]
    public string? LastError { get; set; }

    [Id(4)]
    public int ConsecutiveFailures { get; set; }

    /// <summary>After failures, polls before this time are skipped (back-off).</summary>
    [Id(5)]
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>When old mail was last deleted on the server (at most once a day).</summary>
    [Id(6)]
    public DateTimeOffset? LastRetentionAt { get; set; }

    /// <summary>
    /// Digests (<see cref="KeptUidls"/>) of the POP3 UIDLs that were on the server when an account importing from "now"
    /// first read it: never imported, never deleted; forgotten once the server no longer lists them.
    /// </summary>
    [Id(7)]
    public HashSet<ulong> Pop3Kept { get; set; } = [];

    /// <summary>Whether the POP3 mailbox was listed once: from then on "importFrom" no longer applies to it.</summary>
    [Id(8)]
    public bool Pop3Listed { get; set; }

    /// <summary>
    /// The day an account importing from "now" first fetched: a folder whose UIDVALIDITY changes is read again from
    /// that day (as if importing from it), so that mail older than the setting is still not imported.
    /// </summary>
    [Id(9)]
    public DateOnly? ImportingSince { get; set; }

    /// <summary>Account events saved with the change they report and not yet handed to the tenant's event log (<c>AccountEventOutbox</c>).</summary>
    [Id(10)]
    public List<MailGrains.Grains.Webhooks.Events.WebhookEvent> PendingEvents { get; set; } = [];

    /// <summary>
    /// Where a fetch starts: copies of the cursors and the POP3 memory. An account importing from "now" notes the day it
    /// began (saved with the first read's cursors).
    /// </summary>
    internal FetchStart StartOfFetch(ImportFrom importFrom, DateTimeOffset now)
    {
        if (importFrom.Kind == ImportFromKind.Now)
        {
            ImportingSince ??= DateOnly.FromDateTime(now.UtcDateTime);
        }

        return new FetchStart(
            Cursors.ToImmutableDictionary(),
            Pop3Stored.ToImmutableHashSet(StringComparer.Ordinal),
            LastRetentionAt,
            new Pop3Kept(Pop3Kept.ToImmutableHashSet(), Pop3Listed),
            ImportingSince);
    }

    /// <summary>Applies what a fetch reported.</summary>
    internal void Apply(FetchProgress progress)
    {
        switch (progress)
        {
            case CursorAdvanced advanced:
                Cursors[advanced.Folder] = advanced.Position;
                break;
            case Pop3Stored stored:
                Pop3Stored.UnionWith(stored.Uidls);
                break;
            case Pop3OnServer onServer:
                Pop3Stored.IntersectWith(onServer.Uidls);
                if (Pop3Kept.Count > 0)
                {
                    Pop3Kept.IntersectWith(onServer.Uidls.Select(KeptUidls.Digest));
                }

                Pop3Listed = true;
                break;
            case Pop3KeptOnServer kept:
                Pop3Stored.IntersectWith(kept.Uidls);
                Pop3Kept = [.. kept.Uidls.Select(KeptUidls.Digest)];
                Pop3Listed = true;
                break;
            case Pop3Removed removed:
                Pop3Stored.ExceptWith(removed.Uidls);
                break;
            case FetchEnded { Error: { } error } failed:
                ConsecutiveFailures++;
                LastError = error;
                NextAttemptAt = failed.At + Backoff.After(ConsecutiveFailures, Random.Shared);
                LastFetchAt = failed.At;
                break;
            case FetchEnded ended:
                ConsecutiveFailures = 0;
                LastError = ended.Note;
                NextAttemptAt = null;
                LastFetchAt = ended.At;
                LastRetentionAt = ended.OldMailDeletedAt ?? LastRetentionAt;
                break;
        }
    }

    /// <summary>
    /// Cursors follow the synced folders: a folder no longer synced loses its cursor (synced
    /// again, it is read from the start, without duplicates), and a position set for a folder that is not synced is
    /// ignored. So the state holds at most <see cref="AccountLimits.MaxFolders"/> cursors.
    /// </summary>
    internal void FollowSyncedFolders(IReadOnlyCollection<string> synced, IReadOnlyDictionary<string, long> positions)
    {
        var folders = synced.ToHashSet(StringComparer.Ordinal);
        foreach (var folder in Cursors.Keys.Where(f => !folders.Contains(f)).ToList())
        {
            Cursors.Remove(folder);
        }

        MoveCursors(positions.Where(c => folders.Contains(c.Key)));
    }

    /// <summary>An admin who sets a folder's last UID to another value moves that folder's cursor there.</summary>
    internal void MoveCursors(IEnumerable<KeyValuePair<string, long>> positions)
    {
        foreach (var (folder, uid) in positions)
        {
            MoveCursor(folder, (uint)uid);
        }
    }

    /// <summary>Moves one folder's cursor, keeping its UIDVALIDITY; the cursor as it now is.</summary>
    internal FolderPosition MoveCursor(string folder, uint lastUid)
    {
        var current = Cursors.GetValueOrDefault(folder);
        if (current?.LastUid != lastUid)
        {
            Cursors[folder] = new FolderPosition(current?.UidValidity ?? 0, lastUid);
        }

        return Cursors[folder];
    }

    internal AccountStatus Status(MailReceiving receiving, bool fetching, long fetched, DateTimeOffset now, string silo, PushState push)
    {
        var state = !receiving.Enabled ? FetchState.Disabled
            : fetching ? FetchState.Fetching
            : LastError is not null ? FetchState.Error
            : FetchState.Idle;
        var next = !receiving.Enabled ? (DateTimeOffset?)null
            : NextAttemptAt ?? (LastFetchAt ?? now) + TimeSpan.FromSeconds(receiving.PollIntervalSeconds);
        return new AccountStatus(state, LastFetchAt, next, LastError, fetched, Cursors.ToImmutableDictionary(), ConsecutiveFailures, silo, push);
    }
}
