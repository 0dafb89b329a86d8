using MailGrains.Mail.Connections;
using MailKit;

namespace MailGrains.Mail.Probes;

/// <summary>
/// <see cref="IServerProbe"/> on <see cref="MailSessions"/>: each check or listing is one session that gives up after
/// <see cref="Deadline"/>.
/// </summary>
public sealed class ServerProbe(MailSessions sessions) : IServerProbe
{
    /// <summary>Below the 30 s in which the gateway's grain call times out, so the admin always gets the probe's own answer.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public Task CheckImapAsync(MailEndpoint endpoint, CancellationToken cancellationToken = default)
        => sessions.WithImapAsync(endpoint, Deadline, (_, _) => Task.FromResult(true), cancellationToken);

    public Task CheckPop3Async(MailEndpoint endpoint, CancellationToken cancellationToken = default)
        => sessions.WithPop3Async(endpoint, Deadline, (_, _) => Task.FromResult(true), cancellationToken);

    public Task CheckSmtpAsync(MailEndpoint endpoint, CancellationToken cancellationToken = default)
        => sessions.WithSmtpAsync(endpoint, Deadline, (_, _) => Task.FromResult(true), cancellationToken);

    public Task<IReadOnlyList<ListedFolder>> ListFoldersAsync(MailEndpoint endpoint, CancellationToken cancellationToken = default)
        => sessions.WithImapAsync<IReadOnlyList<ListedFolder>>(endpoint, Deadline, async (imap, ct) =>
        {
            var folders = new List<ListedFolder>();
            foreach (var ns in imap.PersonalNamespaces)
            {
                var all = await imap.GetFoldersAsync(ns, StatusItems.Count, subscribedOnly: false, ct);
                folders.AddRange(all
                    .Where(f => !f.Attributes.HasFlag(FolderAttributes.NonExistent) && !f.Attributes.HasFlag(FolderAttributes.NoSelect))
                    .Select(f => new ListedFolder(f.FullName, SpecialUse(f.Attributes), f.Count)));
            }

            // Where the personal namespace is "INBOX." (Cyrus, Courier), listing it names only what is below INBOX.
            if (!folders.Any(f => f.Name.Equals("INBOX", StringComparison.OrdinalIgnoreCase)))
            {
                await imap.Inbox.StatusAsync(StatusItems.Count, ct);
                folders.Add(new ListedFolder(imap.Inbox.FullName, SpecialUse(imap.Inbox.Attributes), imap.Inbox.Count));
            }

            return [.. folders.OrderBy(f => f.Name == "INBOX" ? "" : f.Name, StringComparer.Ordinal)];
        }, cancellationToken);

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
