using MailGrains.Mail.Connections;
using MailGrains.Mail.Errors;
using MailGrains.Testing;
using MailKit;

namespace MailGrains.Mail.Tests.Network;

/// <summary>
/// The service's own OAuth2 sign-in (<see cref="MailConnector"/> with <see cref="MailEndpoint.AccessToken"/>) against the
/// test Dovecot and Postfix, which check the token at the test OpenID provider: a good token signs in over IMAP, POP3
/// and submission; a revoked one is refused on each, as an authentication error whose sentence names OAuth2, also
/// over POP3, where MailKit reports the server's refusal as a protocol error.
/// </summary>
public sealed class MailConnectorOAuth2Tests
{
    public enum Service
    {
        Imap,
        Pop3,
        Submission,
    }

    [Theory]
    [InlineData(Service.Imap)]
    [InlineData(Service.Pop3)]
    [InlineData(Service.Submission)]
    public async Task AnAccessTokenSignsIn(Service service)
    {
        await using var mailbox = await TestMailbox.CreateAsync("oauthconn");
        var tokens = await TestOidcProvider.MintAsync(mailbox.UserName);

        using var client = await ConnectAsync(service, Endpoint(service, mailbox.UserName, tokens.AccessToken));

        Assert.True(client.IsAuthenticated);
        await client.DisconnectAsync(quit: true);
    }

    [Theory]
    [InlineData(Service.Imap)]
    [InlineData(Service.Pop3)]
    [InlineData(Service.Submission)]
    public async Task ARevokedTokenIsAnAuthenticationErrorThatNamesOAuth2(Service service)
    {
        await using var mailbox = await TestMailbox.CreateAsync("oauthrevoked");
        var tokens = await TestOidcProvider.MintAsync(mailbox.UserName);
        await TestOidcProvider.RevokeAsync(mailbox.UserName);
        var endpoint = Endpoint(service, mailbox.UserName, tokens.AccessToken);

        var refused = await Assert.ThrowsAsync<OAuth2SignInRefusedException>(() => ConnectAsync(service, endpoint));
        var error = MailErrors.From(refused, endpoint.Host, endpoint.Port);

        Assert.Equal(MailErrorKind.Auth, error.Kind);
        Assert.Contains("OAuth2", error.Sentence, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens.AccessToken, error.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEndpointWithATokenNeverShowsIt()
    {
        var endpoint = new MailEndpoint("mail.example.test", 993, TransportSecurity.SslOnConnect, "alice", null, "secret-token-value");

        Assert.DoesNotContain("secret-token-value", endpoint.ToString(), StringComparison.Ordinal);
        Assert.Contains("OAuth2", endpoint.ToString(), StringComparison.Ordinal);
    }

    private static MailEndpoint Endpoint(Service service, string user, string token) => service switch
    {
        Service.Imap => new(TestServices.Host, TestServices.ImapPort, TransportSecurity.None, user, null, token),
        Service.Pop3 => new(TestServices.Host, TestServices.Pop3Port, TransportSecurity.None, user, null, token),
        _ => new(TestServices.Host, TestServices.SubmissionPort, TransportSecurity.StartTls, user, null, token),
    };

    private static async Task<IMailService> ConnectAsync(Service service, MailEndpoint endpoint)
    {
        var connector = TestNetwork.TestServers.Connector(CertificatePolicy.FromFiles([TestServices.MailCertificateFile]));
        return service switch
        {
            Service.Imap => await connector.ConnectImapAsync(endpoint, CancellationToken.None),
            Service.Pop3 => await connector.ConnectPop3Async(endpoint, CancellationToken.None),
            _ => await connector.ConnectSmtpAsync(endpoint, CancellationToken.None),
        };
    }
}
