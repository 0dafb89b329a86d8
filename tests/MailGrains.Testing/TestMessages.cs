using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace MailGrains.Testing;

/// <summary>
/// Puts messages into a test mailbox directly over IMAP (APPEND), fast and in a known order, on the mailbox's own
/// server. A folder is named in full (<c>INBOX.Sent</c>) or below the user's namespace (<c>Sent</c>, on any server).
/// </summary>
public static class TestMessages
{
    /// <summary>A small, distinct message.</summary>
    public static byte[] Simple(int number, string to = "owner@example.test", DateTimeOffset? date = null)
    {
        var message = new MimeMessage(
            [new MailboxAddress("Sender " + number, $"sender{number}@example.test")],
            [MailboxAddress.Parse(to)],
            $"Test message {number}",
            new TextPart("plain") { Text = $"Hello number {number}.\r\nSecond line." })
        {
            MessageId = $"msg{number}.{Guid.NewGuid():N}@example.test",
            Date = date ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(number),
        };
        var crlf = FormatOptions.Default.Clone();
        crlf.NewLineFormat = NewLineFormat.Dos;
        using var stream = new MemoryStream();
        message.WriteTo(crlf, stream);
        return stream.ToArray();
    }

    public static async Task<ImapClient> ConnectAsync(TestMailbox mailbox)
    {
        var imap = new ImapClient();
        await imap.ConnectAsync(TestServices.Host, mailbox.Server.ImapPort, SecureSocketOptions.None);
        await imap.AuthenticateAsync(mailbox.UserName, mailbox.Password);
        return imap;
    }

    /// <summary>Appends the raw messages to a folder (created when missing) and returns their UIDs.</summary>
    public static async Task<IReadOnlyList<UniqueId>> AppendAsync(TestMailbox mailbox, string folderName, IEnumerable<byte[]> messages, DateTimeOffset? internalDate = null)
    {
        using var imap = await ConnectAsync(mailbox);
        var folder = await GetOrCreateAsync(imap, folderName) ?? throw new InvalidOperationException($"No folder {folderName}.");
        var requests = messages.Select(raw => (IAppendRequest)new AppendRequest(MimeMessage.Load(new MemoryStream(raw))) { InternalDate = internalDate }).ToList();
        var uids = await folder.AppendAsync(requests);
        await imap.DisconnectAsync(quit: true);
        return [.. uids];
    }

    /// <summary>Deletes and creates a folder again, which gives it a new UIDVALIDITY.</summary>
    public static async Task RecreateAsync(TestMailbox mailbox, string folderName)
    {
        using var imap = await ConnectAsync(mailbox);
        var folder = await FindAsync(imap, folderName) ?? throw new InvalidOperationException($"No folder {folderName}.");
        await folder.DeleteAsync();
        await imap.GetFolder(imap.PersonalNamespaces[0]).CreateAsync(folder.Name, isMessageFolder: true);
        await imap.DisconnectAsync(quit: true);
    }

    /// <summary>The folder by its full name or its name below the user's namespace; null when there is none.</summary>
    public static async Task<IMailFolder?> FindAsync(ImapClient imap, string name)
    {
        if (name.Equals("INBOX", StringComparison.OrdinalIgnoreCase))
        {
            return imap.Inbox;
        }

        try
        {
            return await imap.GetFolderAsync(name);
        }
        catch (FolderNotFoundException)
        {
            var root = imap.GetFolder(imap.PersonalNamespaces[0]);
            return (await root.GetSubfoldersAsync()).FirstOrDefault(f => f.Name == name);
        }
    }

    private static async Task<IMailFolder?> GetOrCreateAsync(ImapClient imap, string name)
    {
        var root = imap.GetFolder(imap.PersonalNamespaces[0]);
        var prefix = root.FullName.Length > 0 ? root.FullName + root.DirectorySeparator : "";
        return await FindAsync(imap, name)
            ?? await root.CreateAsync(name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name, isMessageFolder: true);
    }

    public static string Text(byte[] raw) => Encoding.UTF8.GetString(raw);

    /// <summary>The subjects of the messages in a folder of the mailbox, sorted.</summary>
    public static async Task<List<string>> SubjectsAsync(TestMailbox mailbox, string folderName)
    {
        using var imap = await ConnectAsync(mailbox);
        var folder = await FindAsync(imap, folderName) ?? throw new InvalidOperationException($"No folder {folderName}.");
        await folder.OpenAsync(FolderAccess.ReadOnly);
        var uids = await folder.SearchAsync(MailKit.Search.SearchQuery.All);
        var summaries = await folder.FetchAsync(uids, MessageSummaryItems.Envelope);
        await imap.DisconnectAsync(quit: true);
        return [.. summaries.Select(s => s.Envelope?.Subject ?? "").Order(StringComparer.Ordinal)];
    }

    /// <summary>How many messages POP3 sees in the mailbox (a session that ends with QUIT and deletes nothing).</summary>
    public static async Task<int> CountByPop3Async(TestMailbox mailbox)
    {
        using var pop = new MailKit.Net.Pop3.Pop3Client();
        await pop.ConnectAsync(TestServices.Host, mailbox.Server.Pop3Port, SecureSocketOptions.None);
        await pop.AuthenticateAsync(mailbox.UserName, mailbox.Password);
        var count = await pop.GetMessageCountAsync();
        await pop.DisconnectAsync(quit: true);
        return count;
    }
}
