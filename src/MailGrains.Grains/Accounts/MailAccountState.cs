using System.Collections.Immutable;
using MailGrains.Accounts;
using MailGrains.Grains.Secrets;

namespace MailGrains.Grains.Accounts;

/// <summary>
/// An account as its grain stores it, in three parts that change for different reasons: the configuration an admin
/// sets (<see cref="Configuration"/>, <see cref="Version"/>, <see cref="UpdatedAt"/>), the <see cref="Credentials"/>
/// (encrypted), and the <see cref="Sync"/> state fetches advance (and an admin may move: the cursors).
/// </summary>
[GenerateSerializer]
[Alias("MailGrains.MailAccountState")]
public sealed class MailAccountState
{
    /// <summary>Null until the account is configured.</summary>
    [Id(15)]
    public AccountConfiguration? Configuration { get; set; }

    /// <summary>Goes up on every configuration change; lets a write detect a concurrent one.</summary>
    [Id(3)]
    public long Version { get; set; }

    [Id(4)]
    public DateTimeOffset UpdatedAt { get; set; }

    [Id(13)]
    public AccountCredentials Credentials { get; set; } = AccountCredentials.None;

    [Id(14)]
    public SyncState Sync { get; set; } = new();

    // Ids 1, 2, 5-9, 11 and 12 held the passwords and the sync fields before they had their own types, and id 0 the
    // configuration shaped like the account screen's tabs: state saved then is read through them once and moved
    // (Upgrade). Id 10 was a count of fetched messages, which a crash between storing and saving could leave short (the
    // count now comes from the activity store). Do not reuse 0-12.
    [Id(0)]
    public EarlierAccountSettings? EarlierSettings { get; set; }

    [Id(1)]
    public EncryptedSecret? EarlierIncomingPassword { get; set; }

    [Id(2)]
    public EncryptedSecret? EarlierOutgoingPassword { get; set; }

    [Id(5)]
    public Dictionary<string, FolderPosition>? EarlierCursors { get; set; }

    [Id(6)]
    public DateTimeOffset? EarlierLastFetchAt { get; set; }

    [Id(7)]
    public string? EarlierLastError { get; set; }

    [Id(8)]
    public int EarlierConsecutiveFailures { get; set; }

    [Id(9)]
    public DateTimeOffset? EarlierNextAttemptAt { get; set; }

    [Id(11)]
    public HashSet<string>? EarlierPop3Stored { get; set; }

    [Id(12)]
    public DateTimeOffset? EarlierLastRetentionAt { get; set; }

    /// <summary>Moves state saved in an earlier layout into its parts; true when there was any.</summary>
    internal bool Upgrade() => UpgradeCredentialsAndSync() | UpgradeSettings();

    private bool UpgradeCredentialsAndSync()
    {
        if (EarlierIncomingPassword is null && EarlierOutgoingPassword is null && EarlierCursors is null && EarlierPop3Stored is null
            && EarlierLastFetchAt is null && EarlierLastError is null && EarlierNextAttemptAt is null && EarlierLastRetentionAt is null
            && EarlierConsecutiveFailures == 0)
        {
            return false;
        }

        Credentials = new AccountCredentials(EarlierIncomingPassword ?? Credentials.Incoming, EarlierOutgoingPassword ?? Credentials.Outgoing);
        Sync = new SyncState
        {
            Cursors = EarlierCursors ?? Sync.Cursors,
            Pop3Stored = EarlierPop3Stored is null ? Sync.Pop3Stored : new HashSet<string>(EarlierPop3Stored, StringComparer.Ordinal),
            LastFetchAt = EarlierLastFetchAt ?? Sync.LastFetchAt,
            LastError = EarlierLastError ?? Sync.LastError,
            ConsecutiveFailures = Math.Max(EarlierConsecutiveFailures, Sync.ConsecutiveFailures),
            NextAttemptAt = EarlierNextAttemptAt ?? Sync.NextAttemptAt,
            LastRetentionAt = EarlierLastRetentionAt ?? Sync.LastRetentionAt,
        };
        (EarlierIncomingPassword, EarlierOutgoingPassword, EarlierCursors, EarlierPop3Stored) = (null, null, null, null);
        (EarlierLastFetchAt, EarlierLastError, EarlierNextAttemptAt, EarlierLastRetentionAt, EarlierConsecutiveFailures) = (null, null, null, null, 0);
        return true;
    }

    /// <summary>
    /// The tab-shaped settings become the configuration; a cursor they still carried (<c>advanced.lastUids</c>, from
    /// before the cursors moved to the sync state) is kept for a synced folder the sync state has no cursor for.
    /// </summary>
    private bool UpgradeSettings()
    {
        if (EarlierSettings is not { } earlier)
        {
            return false;
        }

        Configuration = earlier.ToConfiguration();
        var synced = Configuration.Receiving.SyncedFolders.ToHashSet(StringComparer.Ordinal);
        foreach (var (folder, uid) in earlier.Advanced.LastUids ?? [])
        {
            if (synced.Contains(folder) && !Sync.Cursors.ContainsKey(folder)
                && uid is >= 0 and <= uint.MaxValue)
            {
                Sync.Cursors[folder] = new FolderPosition(0, (uint)uid);
            }
        }

        EarlierSettings = null;
        return true;
    }

    /// <summary>The account as the API shows it: its configuration and cursors, never a secret.</summary>
    internal AccountView? View(string accountId) => Configuration is null ? null : new AccountView(
        accountId,
        Configuration,
        Credentials.Incoming is not null,
        Credentials.Outgoing is not null,
        Version,
        UpdatedAt,
        Sync.Cursors.ToImmutableDictionary(StringComparer.Ordinal));
}
