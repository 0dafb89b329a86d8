using MailGrains.Mail.Connections;
using MailGrains.Mail.Network;
using MailGrains.Testing;
using MailKit.Security;

namespace MailGrains.Mail.Tests.Network;

/// <summary>
/// The connector refuses what the operator does not allow before it opens any connection, and never sends a login
/// over a connection that did not get TLS; a scripted loopback server shows what reached it.
/// </summary>
public sealed class MailConnectorPolicyTests
{
    private static readonly NetworkPolicyOptions s_loopbackAllowed = new() { Allow = ["127.0.0.0/8", "::1/128"] };

    [Fact]
    public async Task APlaintextConnectionIsRefusedWhenTheOperatorDoesNotAllowPlaintextAndNothingIsDialled()
    {
        await using var server = ScriptedServer.ImapWithoutStartTls();
        var connector = Connector(s_loopbackAllowed, new MailTransportOptions { AllowPlaintext = false });

        var refused = await Assert.ThrowsAsync<OutboundPolicyException>(
            () => connector.ConnectImapAsync(new MailEndpoint("127.0.0.1", server.Port, TransportSecurity.None, "anna", "secret-pw"), CancellationToken.None));

        Assert.Contains("without TLS", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task StartTlsThatTheServerDoesNotOfferFailsBeforeAnyLogin()
    {
        await using var server = ScriptedServer.ImapWithoutStartTls();
        var connector = Connector(s_loopbackAllowed, new MailTransportOptions { AllowPlaintext = true });

        await Assert.ThrowsAsync<SslHandshakeException>(
            () => connector.ConnectImapAsync(new MailEndpoint("127.0.0.1", server.Port, TransportSecurity.StartTls, "anna", "secret-pw"), CancellationToken.None));

        Assert.DoesNotContain(server.Lines, l => l.Contains("LOGIN", StringComparison.OrdinalIgnoreCase) || l.Contains("AUTHENTICATE", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(server.Lines, l => l.Contains("secret-pw", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendingWithoutALoginIsRefusedUnlessTheOperatorAllowsUnauthenticatedRelay()
    {
        await using var server = ScriptedServer.Start("220 scripted ESMTP", line => "250 ok");
        var connector = Connector(s_loopbackAllowed, new MailTransportOptions { AllowPlaintext = true, AllowUnauthenticatedSmtp = false });

        var refused = await Assert.ThrowsAsync<OutboundPolicyException>(
            () => connector.ConnectSmtpAsync(new MailEndpoint("127.0.0.1", server.Port, TransportSecurity.None, null, null), CancellationToken.None));

        Assert.Contains("without logging in", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task ANameThatResolvesToARefusedAddressIsRefusedWithoutAConnection()
    {
        await using var server = ScriptedServer.ImapWithoutStartTls();
        var connector = Connector(new NetworkPolicyOptions(), new MailTransportOptions());

        var refused = await Assert.ThrowsAsync<OutboundPolicyException>(
            () => connector.ConnectImapAsync(new MailEndpoint("localhost", server.Port, TransportSecurity.SslOnConnect, "anna", "secret-pw"), CancellationToken.None));

        Assert.StartsWith("localhost resolves to ", refused.Message, StringComparison.Ordinal);
        Assert.Contains("network policy does not allow", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task ADeniedPortIsRefusedOnAnAllowedAddress()
    {
        await using var server = ScriptedServer.ImapWithoutStartTls();
        var connector = Connector(new NetworkPolicyOptions { Allow = ["127.0.0.0/8"], DeniedPorts = [server.Port] }, new MailTransportOptions());

        await Assert.ThrowsAsync<OutboundPolicyException>(
            () => connector.ConnectImapAsync(new MailEndpoint("127.0.0.1", server.Port, TransportSecurity.SslOnConnect, "anna", "secret-pw"), CancellationToken.None));

        Assert.Equal(0, server.Connections);
    }

    private static MailConnector Connector(NetworkPolicyOptions network, MailTransportOptions transport)
        => new(CertificatePolicy.SystemOnly, new OutboundDialer(new NetworkPolicy(network)), transport);
}
