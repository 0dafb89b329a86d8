using MailGrains.Accounts;
using MailGrains.Mail.Connections;

namespace MailGrains.Grains.Accounts.Push;

/// <summary>
/// What an account's push watches: its incoming IMAP server as it logs in (password included, so that a changed one
/// restarts the watch) and its first synced folder. Two equal targets need no restart.
/// </summary>
internal sealed record PushTarget(MailEndpoint Endpoint, string Folder)
{
    /// <summary>
    /// Whether the account wants push: receiving on, IMAP, <c>imap.push</c> auto, a synced folder and a password to log
    /// in with. Whether it gets it also depends on the server, its health and the silo's budget.
    /// </summary>
    public static bool IsWanted(AccountConfiguration? configuration, bool hasIncomingPassword)
        => hasIncomingPassword
            && configuration?.Receiving is { Enabled: true, Protocol: MailProtocol.Imap, Push: PushMode.Auto, SyncedFolders.Length: > 0 };

    /// <summary>The target of an account that wants push.</summary>
    public static PushTarget Of(MailReceiving receiving, string? password)
        => new(Endpoints.Incoming(receiving, password), receiving.SyncedFolders[0]);
}
