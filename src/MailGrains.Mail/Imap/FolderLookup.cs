using MailKit;
using MailKit.Net.Imap;

namespace MailGrains.Mail.Imap;

/// <summary>
/// An account's special folders on a server: the one it names, else the server's special-use folder (\Junk, \Sent)
/// when the server has SPECIAL-USE, else none.
/// </summary>
internal static class FolderLookup
{
    public static async Task<IMailFolder?> NamedOrSpecialAsync(ImapClient imap, string? name, SpecialFolder special, CancellationToken cancellationToken)
        => name is not null ? await imap.GetFolderAsync(name, cancellationToken)
            : imap.Capabilities.HasFlag(ImapCapabilities.SpecialUse) ? imap.GetFolder(special)
            : null;
}
