using MailGrains.Grains.Fetching;
using MailGrains.Mail.Connections;
using MailGrains.Testing;
using MailKit.Security;

namespace MailGrains.Grains.Tests.Fetching;

/// <summary>
/// The admin screen's folder list straight from the probe (no cluster) on Dovecot, Cyrus and Courier: INBOX first
/// even where the personal namespace is "INBOX." and listing it names only what is below INBOX.
/// </summary>
public sealed class ServerProbeFolderListTests
{
    [Theory]
    [InlineData(MailServerKind.Dovecot)]
    [InlineData(MailServerKind.Cyrus)]
    [InlineData(MailServerKind.Courier)]
    public async Task TheListStartsWithInboxAndHoldsTheSentAndJunkFolders(MailServerKind kind)
    {
        var server = TestMailServer.Of(kind);
        await using var mailbox = await TestMailbox.CreateAsync("probe", server);
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1), TestMessages.Simple(2)]);
        var probe = new ServerProbe(TestNetwork.TestServers.Connector());

        var list = await probe.ListFoldersAsync(new MailEndpoint(TestServices.Host, server.ImapPort, SecureSocketOptions.None, mailbox.UserName, mailbox.Password));

        Assert.Null(list.Error);
        Assert.Equal("INBOX", list.Folders[0].Name);
        Assert.Equal(2, list.Folders[0].Messages);
        Assert.Single(list.Folders, f => f.Name == "INBOX");
        var sent = Assert.Single(list.Folders, f => f.Name == server.Folder("Sent"));
        var junk = Assert.Single(list.Folders, f => f.Name == server.Folder("Junk"));
        Assert.Equal(server.HasSpecialUse ? "sent" : null, sent.SpecialUse);
        Assert.Equal(server.HasSpecialUse ? "junk" : null, junk.SpecialUse);
    }
}
