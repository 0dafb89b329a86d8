using MailGrains.Mail.Connections;
using MailGrains.Mail.Probes;
using MailGrains.Testing;

namespace MailGrains.Mail.Tests.Probes;

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
        var probe = new ServerProbe(new MailSessions(TestNetwork.TestServers.Connector()));

        var list = await probe.ListFoldersAsync(new MailEndpoint(TestServices.Host, server.ImapPort, TransportSecurity.None, mailbox.UserName, mailbox.Password));

        Assert.Equal("INBOX", list[0].Name);
        Assert.Equal(2, list[0].Messages);
        Assert.Single(list, f => f.Name == "INBOX");
        var sent = Assert.Single(list, f => f.Name == server.Folder("Sent"));
        var junk = Assert.Single(list, f => f.Name == server.Folder("Junk"));
        Assert.Equal(server.HasSpecialUse ? "sent" : null, sent.SpecialUse);
        Assert.Equal(server.HasSpecialUse ? "junk" : null, junk.SpecialUse);
    }
}
