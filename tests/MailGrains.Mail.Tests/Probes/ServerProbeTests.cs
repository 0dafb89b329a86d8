using MailGrains.Mail.Connections;
using MailGrains.Mail.Errors;
using MailGrains.Mail.Probes;
using MailGrains.Testing;

namespace MailGrains.Mail.Tests.Probes;

/// <summary>Log-in checks and the folder listing against the real Dovecot and Postfix, with no cluster.</summary>
public sealed class ServerProbeTests
{
    private readonly ServerProbe _probe = new(new MailSessions(TestNetwork.TestServers.Connector()));

    [Fact]
    public async Task TheRightPasswordLogsInOverImapAndPop3AndPostfixTakesTheSmtpSession()
    {
        await using var mailbox = await TestMailbox.CreateAsync("probeok");

        var imap = await Record.ExceptionAsync(() => _probe.CheckImapAsync(Imap(mailbox, mailbox.Password)));
        var pop3 = await Record.ExceptionAsync(() => _probe.CheckPop3Async(new MailEndpoint(TestServices.Host, TestServices.Pop3Port, TransportSecurity.None, mailbox.UserName, mailbox.Password)));
        var smtp = await Record.ExceptionAsync(() => _probe.CheckSmtpAsync(new MailEndpoint(TestServices.Host, TestServices.SmtpPort, TransportSecurity.None, null, null)));

        Assert.Null(imap);
        Assert.Null(pop3);
        Assert.Null(smtp);
    }

    [Fact]
    public async Task AWrongPasswordIsAnAuthErrorThatNamesTheServerButNeverThePassword()
    {
        await using var mailbox = await TestMailbox.CreateAsync("probebad");

        var imap = await Assert.ThrowsAsync<MailException>(() => _probe.CheckImapAsync(Imap(mailbox, "wrong-password")));
        var pop3 = await Assert.ThrowsAsync<MailException>(() => _probe.CheckPop3Async(new MailEndpoint(TestServices.Host, TestServices.Pop3Port, TransportSecurity.None, mailbox.UserName, "wrong-password")));

        Assert.Equal(MailErrorKind.Auth, imap.Error.Kind);
        Assert.Equal($"Login to {TestServices.Host}:{TestServices.ImapPort} failed: the server refused the user name or password.", imap.Error.Sentence);
        Assert.Equal(MailErrorKind.Auth, pop3.Error.Kind);
        Assert.DoesNotContain("wrong-password", imap.Error.Sentence + pop3.Error.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerThatIsNotThereIsAConnectErrorThatSaysWhereItWasLookedFor()
    {
        var port = FreePort.Next();

        var failed = await Assert.ThrowsAsync<MailException>(() => _probe.CheckSmtpAsync(new MailEndpoint(TestServices.Host, port, TransportSecurity.None, null, null)));

        Assert.Equal(MailErrorKind.Connect, failed.Error.Kind);
        Assert.Equal($"Cannot connect to {TestServices.Host}:{port}: ConnectionRefused.", failed.Error.Sentence);
    }

    [Fact]
    public async Task AnAddressTheOperatorDoesNotAllowIsAPolicyErrorAndIsNeverDialled()
    {
        await using var server = ScriptedServer.ImapWithoutStartTls();
        var probe = new ServerProbe(new MailSessions(TestNetwork.ProductionDefault.Connector()));

        var refused = await Assert.ThrowsAsync<MailException>(() => probe.ListFoldersAsync(new MailEndpoint(TestServices.Host, server.Port, TransportSecurity.SslOnConnect, "anna", "secret-pw")));

        Assert.Equal(MailErrorKind.Policy, refused.Error.Kind);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task TheFoldersAreListedInboxFirstWithTheirSpecialUseAndCounts()
    {
        await using var mailbox = await TestMailbox.CreateAsync("probefolders");
        await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(1, 3).Select(i => TestMessages.Simple(i)));
        await TestMessages.AppendAsync(mailbox, "Archive", [TestMessages.Simple(4)]);

        var folders = await _probe.ListFoldersAsync(Imap(mailbox, mailbox.Password));

        var byName = folders.ToDictionary(f => f.Name);
        Assert.Equal("INBOX", folders[0].Name);
        Assert.Equal(3, byName["INBOX"].Messages);
        Assert.Equal(1, byName["Archive"].Messages);
        Assert.Null(byName["Archive"].SpecialUse);
        Assert.Equal("sent", byName["Sent"].SpecialUse);
        Assert.Equal("junk", byName["Junk"].SpecialUse);
        Assert.Equal(folders.Skip(1).Select(f => f.Name).Order(StringComparer.Ordinal), folders.Skip(1).Select(f => f.Name));
    }

    private static MailEndpoint Imap(TestMailbox mailbox, string password)
        => new(TestServices.Host, TestServices.ImapPort, TransportSecurity.None, mailbox.UserName, password);
}
