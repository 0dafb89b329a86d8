using MailGrains.Activities;

namespace MailGrains.Accounts;

/// <summary>
/// Work on an account's mail servers that an admin or a user asks for, keyed <c>{tenantId}/{accountId}</c> like
/// <see cref="IMailAccountGrain"/>: test the logins, list the IMAP folders, move a message to spam. A stateless worker
/// beside the account grain: each call opens its own connection and never waits for the account's fetch.
/// </summary>
[Alias("MailGrains.IAccountServerGrain")]
public interface IAccountServerGrain : IGrainWithStringKey
{
    /// <summary>Logs in to the incoming and outgoing servers with the stored settings; changes nothing. Null when the account does not exist.</summary>
    [Alias("TestConnections")]
    Task<ConnectionTest?> TestConnectionsAsync();

    /// <summary>The IMAP server's folders with their special use (\Sent, \Junk, …); null when the account does not exist.</summary>
    [Alias("ListServerFolders")]
    Task<ServerFolderList?> ListServerFoldersAsync();

    /// <summary>
    /// Moves a message into the spam folder (<c>imap.spamFolder</c>, else the server's \Junk), found at its recorded
    /// location or, when that is stale, by Message-ID.
    /// </summary>
    [Alias("MoveToSpam")]
    Task<SpamResult> MoveToSpamAsync(ServerLocation location, string? messageId);
}
