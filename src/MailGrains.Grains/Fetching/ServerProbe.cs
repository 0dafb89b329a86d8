using MailGrains.Accounts;
using MailGrains.Mail.Connections;
using MailKit;

namespace MailGrains.Grains.Fetching;

/// <summary>Log-in checks and folder listing for the admin screen: each opens its own client and changes nothing.</summary>
internal sealed class ServerProbe(MailConnector connector)
{
    /// <summary>Below the 30 s in which the gateway's grain call times out, so the admin always gets the probe's own answer.</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    public async Task<ConnectionCheck> CheckIncomingAsync(AccountSettings settings, MailEndpoint endpoint)
    {
        if (string.IsNullOrEmpty(endpoint.Host))
        {
            return new ConnectionCheck(false, "No incoming server is set.");
        }

        using var timeout = new CancellationTokenSource(s_timeout);
        try
        {
            if (settings.Server.Incoming.Protocol == MailProtocol.Pop3)
            {
                using var pop = await connector.ConnectPop3Async(endpoint, timeout.Token);
                await pop.DisconnectAsync(quit: true, timeout.Token);
            }
            else
            {
                using var imap = await connector.ConnectImapAsync(endpoint, timeout.Token);
                await imap.DisconnectAsync(quit: true, timeout.Token);
            }

            return new ConnectionCheck(true, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new ConnectionCheck(false, FetchErrors.Describe(ex, endpoint.Host, endpoint.Port));
        }
    }

    public async Task<ConnectionCheck> CheckOutgoingAsync(MailEndpoint endpoint)
    {
        if (string.IsNullOrEmpty(endpoint.Host))
        {
            return new ConnectionCheck(false, "No outgoing server is set.");
        }

        using var timeout = new CancellationTokenSource(s_timeout);
        try
        {
            using var smtp = await connector.ConnectSmtpAsync(endpoint, timeout.Token);
            await smtp.DisconnectAsync(quit: true, timeout.Token);
            return new ConnectionCheck(true, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new ConnectionCheck(false, FetchErrors.Describe(ex, endpoint.Host, endpoint.Port));
        }
    }

    public async Task<ServerFolderList> ListFoldersAsync(MailEndpoint endpoint)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        try
        {
            using var imap = await connector.ConnectImapAsync(endpoint, timeout.Token);
            var folders = new List<ServerFolder>();
            foreach (var ns in imap.PersonalNamespaces)
            {
                var all = await imap.GetFoldersAsync(ns, StatusItems.Count, subscribedOnly: false, timeout.Token);
                folders.AddRange(all
                    .Where(f => !f.Attributes.HasFlag(FolderAttributes.NonExistent) && !f.Attributes.HasFlag(FolderAttributes.NoSelect))
                    .Select(f => new ServerFolder(f.FullName, SpecialUse(f.Attributes), f.Count)));
            }

            // Where the personal namespace is "INBOX." (Cyrus, Courier), listing it names only what is below INBOX.
            if (!folders.Any(f => f.Name.Equals("INBOX", StringComparison.OrdinalIgnoreCase)))
            {
                await imap.Inbox.StatusAsync(StatusItems.Count, timeout.Token);
                folders.Add(new ServerFolder(imap.Inbox.FullName, SpecialUse(imap.Inbox.Attributes), imap.Inbox.Count));
            }

            await imap.DisconnectAsync(quit: true, timeout.Token);
            return new ServerFolderList([.. folders.OrderBy(f => f.Name == "INBOX" ? "" : f.Name, StringComparer.Ordinal)], null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new ServerFolderList([], FetchErrors.Describe(ex, endpoint.Host, endpoint.Port));
        }
    }

    private static string? SpecialUse(FolderAttributes attributes) => attributes switch
    {
        _ when attributes.HasFlag(FolderAttributes.Sent) => "sent",
        _ when attributes.HasFlag(FolderAttributes.Junk) => "junk",
        _ when attributes.HasFlag(FolderAttributes.Drafts) => "drafts",
        _ when attributes.HasFlag(FolderAttributes.Trash) => "trash",
        _ when attributes.HasFlag(FolderAttributes.Archive) => "archive",
        _ when attributes.HasFlag(FolderAttributes.All) => "all",
        _ when attributes.HasFlag(FolderAttributes.Flagged) => "flagged",
        _ when attributes.HasFlag(FolderAttributes.Inbox) => "inbox",
        _ => null,
    };
}
