using MailGrains.Mail.Connections;
using MailGrains.Testing;
using MimeKit;

namespace MailGrains.Mail.Tests.Pop3;

/// <summary>POP3 as the service speaks it (through <see cref="MailConnector"/>) against the real Dovecot, Cyrus and Courier.</summary>
public sealed class Pop3OnEveryServerTests
{
    [Theory]
    [InlineData(MailServerKind.Dovecot)]
    [InlineData(MailServerKind.Cyrus)]
    [InlineData(MailServerKind.Courier)]
    public async Task Pop3ListsAndRetrievesTheMessagesOfTheInboxWithDistinctUidls(MailServerKind kind)
    {
        await using var mailbox = await TestMailbox.CreateAsync("pop", TestMailServer.Of(kind));
        var sent = Enumerable.Range(1, 4).Select(i => TestMessages.Simple(i)).ToList();
        await TestMessages.AppendAsync(mailbox, "INBOX", sent);

        var connector = TestNetwork.TestServers.Connector();
        using var pop = await connector.ConnectPop3Async(new MailEndpoint(TestServices.Host, mailbox.Server.Pop3Port, TransportSecurity.None, mailbox.UserName, mailbox.Password), CancellationToken.None);
        var count = await pop.GetMessageCountAsync();
        var uidls = await pop.GetMessageUidsAsync();
        var sizes = await pop.GetMessageSizesAsync();
        var retrieved = await pop.GetMessagesAsync(0, count);
        await pop.DisconnectAsync(quit: true);

        Assert.Equal(4, count);
        Assert.Equal(4, uidls.Distinct(StringComparer.Ordinal).Count());
        Assert.All(sizes, size => Assert.True(size > 0));
        Assert.Equal(
            sent.Select(raw => MimeMessage.Load(new MemoryStream(raw)).Subject).Order(StringComparer.Ordinal),
            retrieved.Select(m => m.Subject).Order(StringComparer.Ordinal));
        Assert.Equal(4, await TestMessages.CountByPop3Async(mailbox)); // QUIT without DELE leaves them all
    }
}
