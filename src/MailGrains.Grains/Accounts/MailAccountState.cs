using MailGrains.Accounts;
using MailGrains.Grains.Secrets;

namespace MailGrains.Grains.Accounts;

[GenerateSerializer]
[Alias("MailGrains.MailAccountState")]
public sealed class MailAccountState
{
    /// <summary>Null until the account is configured.</summary>
    [Id(0)]
    public AccountSettings? Settings { get; set; }

    [Id(1)]
    public EncryptedSecret? IncomingPassword { get; set; }

    [Id(2)]
    public EncryptedSecret? OutgoingPassword { get; set; }

    /// <summary>Goes up on every configuration change; lets a merge patch detect a concurrent write.</summary>
    [Id(3)]
    public long Version { get; set; }

    [Id(4)]
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>How far each synced folder has been stored, by folder name.</summary>
    [Id(5)]
    public Dictionary<string, FolderPosition> Cursors { get; set; } = [];

    [Id(6)]
    public DateTimeOffset? LastFetchAt { get; set; }

    /// <summary>Why the last fetch failed, in words an admin can act on; null after a good fetch.</summary>
    [Id(7)]
    public string? LastError { get; set; }

    [Id(8)]
    public int ConsecutiveFailures { get; set; }

    /// <summary>After failures, reminder ticks before this time are skipped (back-off).</summary>
    [Id(9)]
    public DateTimeOffset? NextAttemptAt { get; set; }

    // Id 10 was a count of fetched messages, which a crash between storing and saving could leave short;
    // the count now comes from the activity store (written in the same transactions). Do not reuse 10.

    /// <summary>POP3 UIDLs stored as activities whose deletion on the server is not confirmed yet.</summary>
    [Id(11)]
    public HashSet<string> Pop3Stored { get; set; } = new(StringComparer.Ordinal);

    /// <summary>When old mail was last deleted on the server (at most once a day).</summary>
    [Id(12)]
    public DateTimeOffset? LastRetentionAt { get; set; }
}
