using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MailGrains.Testing;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace MailGrains.Mail.Tests;

/// <summary>
/// Proves that the test Dovecot (IMAP, POP3) and Postfix (submission, through Dovecot's SASL) check OAuth2 access
/// tokens of the test OpenID provider themselves, with SASL XOAUTH2 and OAUTHBEARER as Gmail and Outlook take them:
/// a token of the mailbox's own account signs in, a garbage token, another account's token, a token without the
/// <c>mail</c> scope and a revoked token do not, and passwords still work beside tokens.
/// </summary>
public sealed class OAuthServerSignInTests
{
    public enum Protocol
    {
        Imap,
        Pop3,
        Submission,
    }

    public enum Mechanism
    {
        XOAuth2,
        OAuthBearer,
    }

    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    public static TheoryData<Protocol, Mechanism> EveryProtocolAndMechanism { get; } = new()
    {
        { Protocol.Imap, Mechanism.XOAuth2 },
        { Protocol.Imap, Mechanism.OAuthBearer },
        { Protocol.Pop3, Mechanism.XOAuth2 },
        { Protocol.Pop3, Mechanism.OAuthBearer },
        { Protocol.Submission, Mechanism.XOAuth2 },
        { Protocol.Submission, Mechanism.OAuthBearer },
    };

    [Theory]
    [MemberData(nameof(EveryProtocolAndMechanism))]
    public async Task ServerAcceptsTheMailboxOwnersAccessToken(Protocol protocol, Mechanism mechanism)
    {
        await using var mailbox = await TestMailbox.CreateAsync("oauth");
        var tokens = await TestOidcProvider.MintAsync(mailbox.UserName);
        using var client = await ConnectAsync(protocol);

        Assert.Contains(SaslName(mechanism), client.AuthenticationMechanisms);
        await client.AuthenticateAsync(Sasl(mechanism, mailbox.UserName, tokens.AccessToken));

        Assert.True(client.IsAuthenticated);
        await UseSessionAsync(client, mailbox);
        await client.DisconnectAsync(quit: true);
    }

    [Theory]
    [MemberData(nameof(EveryProtocolAndMechanism))]
    public async Task ServerRefusesAGarbageToken(Protocol protocol, Mechanism mechanism)
    {
        await using var mailbox = await TestMailbox.CreateAsync("oauthjunk");

        await AssertRefusedAsync(protocol, Sasl(mechanism, mailbox.UserName, "garbage-" + Guid.NewGuid().ToString("N")));
    }

    [Theory]
    [MemberData(nameof(EveryProtocolAndMechanism))]
    public async Task ServerRefusesATokenOfAnotherAccount(Protocol protocol, Mechanism mechanism)
    {
        var mailboxes = await TestMailbox.CreateManyAsync("oauthother", 2);
        try
        {
            var othersTokens = await TestOidcProvider.MintAsync(mailboxes[1].UserName);

            await AssertRefusedAsync(protocol, Sasl(mechanism, mailboxes[0].UserName, othersTokens.AccessToken));
        }
        finally
        {
            await TestMailbox.DisposeManyAsync(mailboxes);
        }
    }

    [Theory]
    [MemberData(nameof(EveryProtocolAndMechanism))]
    public async Task ServerRefusesATokenOnceTheAccountsGrantsAreRevoked(Protocol protocol, Mechanism mechanism)
    {
        await using var mailbox = await TestMailbox.CreateAsync("oauthrevoked");
        var tokens = await TestOidcProvider.MintAsync(mailbox.UserName);
        using (var before = await ConnectAsync(protocol))
        {
            await before.AuthenticateAsync(Sasl(mechanism, mailbox.UserName, tokens.AccessToken));
            await before.DisconnectAsync(quit: true);
        }

        await TestOidcProvider.RevokeAsync(mailbox.UserName);

        await AssertRefusedAsync(protocol, Sasl(mechanism, mailbox.UserName, tokens.AccessToken));
    }

    [Theory]
    [InlineData(Protocol.Imap)]
    [InlineData(Protocol.Pop3)]
    [InlineData(Protocol.Submission)]
    public async Task ServerRefusesATokenWithoutTheMailScope(Protocol protocol)
    {
        await using var mailbox = await TestMailbox.CreateAsync("oauthscope");
        var tokens = await TestOidcProvider.MintAsync(mailbox.UserName, scope: "openid email profile offline_access");

        await AssertRefusedAsync(protocol, Sasl(Mechanism.XOAuth2, mailbox.UserName, tokens.AccessToken));
    }

    [Theory]
    [InlineData(Protocol.Imap)]
    [InlineData(Protocol.Pop3)]
    [InlineData(Protocol.Submission)]
    public async Task PasswordSignInStillWorksBesideTokens(Protocol protocol)
    {
        await using var mailbox = await TestMailbox.CreateAsync("oauthpw");
        using var client = await ConnectAsync(protocol);

        await client.AuthenticateAsync(mailbox.UserName, mailbox.Password);

        Assert.True(client.IsAuthenticated);
        await UseSessionAsync(client, mailbox);
        await client.DisconnectAsync(quit: true);
    }

    [Fact]
    public async Task AnAccessTokenRefreshedByADynamicallyRegisteredClientSignsIn()
    {
        await using var mailbox = await TestMailbox.CreateAsync("oauthreg");
        var (clientId, clientSecret) = await TestOidcProvider.RegisterClientAsync(new Uri($"http://127.0.0.1:{FreePort.Next()}/v1/oauth2/callback"));
        var minted = await TestOidcProvider.MintAsync(mailbox.UserName, clientId: clientId);

        var refreshed = await RefreshAsync(clientId, clientSecret, minted.RefreshToken!);
        using var imap = (ImapClient)await ConnectAsync(Protocol.Imap);
        await imap.AuthenticateAsync(new SaslMechanismOAuth2(mailbox.UserName, refreshed.GetProperty("access_token").GetString()!));

        Assert.True(imap.IsAuthenticated);
        Assert.NotEqual(minted.RefreshToken, refreshed.GetProperty("refresh_token").GetString());
        await imap.DisconnectAsync(quit: true);
    }

    [Fact]
    public async Task AnAccessTokenIsNoPassword()
    {
        await using var mailbox = await TestMailbox.CreateAsync("oauthplain");
        var tokens = await TestOidcProvider.MintAsync(mailbox.UserName);
        using var imap = (ImapClient)await ConnectAsync(Protocol.Imap);

        await Assert.ThrowsAsync<AuthenticationException>(
            () => imap.AuthenticateAsync(new SaslMechanismPlain(mailbox.UserName, tokens.AccessToken)));
    }

    /// <summary>
    /// Signs in with a token the server must refuse, and checks that it did. Dovecot answers a refused token with
    /// an error challenge, as Gmail does: base64 of <c>{"status":"401","schemes":"bearer","scope":"mail"}</c> for
    /// XOAUTH2, of <c>{"status":"invalid_token"}</c> for OAUTHBEARER.
    /// MailKit's IMAP and SMTP clients answer it and throw <see cref="AuthenticationException"/>; its POP3 client
    /// stops there and throws <see cref="Pop3ProtocolException"/> (and disconnects), so for POP3 the transcript
    /// shows the server's refusal: its last continuation.
    /// </summary>
    private static async Task AssertRefusedAsync(Protocol protocol, SaslMechanism sasl)
    {
        using var transcript = new MemoryStream();
        using var client = await ConnectAsync(protocol, new ProtocolLogger(transcript, leaveOpen: true));

        if (protocol == Protocol.Pop3)
        {
            await Assert.ThrowsAsync<Pop3ProtocolException>(() => client.AuthenticateAsync(sasl));
            var challenge = Encoding.ASCII.GetString(transcript.ToArray())
                .Split('\n')
                .Last(line => line.StartsWith("S: + ", StringComparison.Ordinal))["S: + ".Length..]
                .TrimEnd('\r');
            using var error = JsonDocument.Parse(Convert.FromBase64String(challenge));
            Assert.Equal(sasl.MechanismName == "XOAUTH2" ? "401" : "invalid_token", error.RootElement.GetProperty("status").GetString());
        }
        else
        {
            await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(sasl));
        }

        Assert.False(client.IsAuthenticated);
    }

    private static async Task<IMailService> ConnectAsync(Protocol protocol, IProtocolLogger? logger = null)
    {
        logger ??= new NullProtocolLogger();
        IMailService client = protocol switch
        {
            Protocol.Imap => new ImapClient(logger),
            Protocol.Pop3 => new Pop3Client(logger),
            _ => new SmtpClient(logger),
        };
        client.ServerCertificateValidationCallback = TestCertificates.IsTestServer;
        var port = protocol switch
        {
            Protocol.Imap => TestServices.ImapPort,
            Protocol.Pop3 => TestServices.Pop3Port,
            _ => TestServices.SubmissionPort,
        };
        await client.ConnectAsync(TestServices.Host, port, SecureSocketOptions.StartTls);
        return client;
    }

    /// <summary>A refresh at the provider's token endpoint, as the product does it (client_secret_basic).</summary>
    private static async Task<JsonElement> RefreshAsync(string clientId, string clientSecret, string refreshToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(TestOidcProvider.Issuer, "token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(clientSecret))));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    private static SaslMechanism Sasl(Mechanism mechanism, string userName, string accessToken) => mechanism switch
    {
        Mechanism.XOAuth2 => new SaslMechanismOAuth2(userName, accessToken),
        _ => new SaslMechanismOAuthBearer(userName, accessToken),
    };

    private static string SaslName(Mechanism mechanism) => mechanism == Mechanism.XOAuth2 ? "XOAUTH2" : "OAUTHBEARER";

    /// <summary>Does what a signed-in user does: opens the INBOX, counts the POP3 drop, or submits a mail that arrives.</summary>
    private static async Task UseSessionAsync(IMailService client, TestMailbox mailbox)
    {
        switch (client)
        {
            case ImapClient imap:
                await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
                Assert.Equal(0, imap.Inbox.Count);
                break;
            case Pop3Client pop:
                Assert.Equal(0, await pop.GetMessageCountAsync());
                break;
            case SmtpClient smtp:
                var subject = "oauth submission " + Guid.NewGuid().ToString("N");
                await smtp.SendAsync(new MimeMessage(
                    [MailboxAddress.Parse(mailbox.Address)],
                    [MailboxAddress.Parse(mailbox.Address)],
                    subject,
                    new TextPart("plain") { Text = "Sent after signing in." }));
                var arrived = await Eventually.MatchesAsync(() => SubjectsInInboxAsync(mailbox), s => s.Count > 0, s_patience, "the submitted mail in the INBOX");
                Assert.Equal([subject], arrived);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(client), client.GetType().Name, null);
        }
    }

    private static async Task<IReadOnlyList<string>> SubjectsInInboxAsync(TestMailbox mailbox)
    {
        using var imap = new ImapClient();
        await imap.ConnectAsync(TestServices.Host, TestServices.ImapPort, SecureSocketOptions.None);
        await imap.AuthenticateAsync(mailbox.UserName, mailbox.Password);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var uids = await imap.Inbox.SearchAsync(SearchQuery.All);
        var summaries = await imap.Inbox.FetchAsync(uids, MessageSummaryItems.Envelope);
        await imap.DisconnectAsync(quit: true);
        return [.. summaries.Select(s => s.Envelope?.Subject ?? "")];
    }
}
