using MailGrains.Accounts;
using MailKit;
using MailKit.Net.Imap;

namespace MailGrains.Grains.Fetching;

/// <summary>An account's spam and sent folders: the ones it names, else the server's special-use \Junk and \Sent.</summary>
internal static class AccountFolders
{
    public static Task<IMailFolder?> SpamAsync(ImapClient imap, AccountSettings settings, CancellationToken cancellationToken)
        => NamedOrSpecialAsync(imap, settings.Imap.SpamFolder, SpecialFolder.Junk, cancellationToken);

    public static Task<IMailFolder?> SentAsync(ImapClient imap, AccountSettings settings, CancellationToken cancellationToken)
        => NamedOrSpecialAsync(imap, settings.Imap.SentFolder, SpecialFolder.Sent, cancellationToken);

    private static async Task<IMailFolder?> NamedOrSpecialAsync(ImapClient imap, string? name, SpecialFolder special, CancellationToken cancellationToken)
        => name is not null ? await imap.GetFolderAsync(name, cancellationToken)
            : imap.Capabilities.HasFlag(ImapCapabilities.SpecialUse) ? imap.GetFolder(special)
            : null;
}
