using MailKit;
using MailKit.Net.Pop3;
using MailKit.Security;

namespace MailGrains.Mail.Connections;

/// <summary>
/// Signing in with an OAuth2 access token: SASL OAUTHBEARER (RFC 7628) where the server offers it, else XOAUTH2, which
/// Gmail and Microsoft 365 offer and some servers accept without announcing it. A refusal always surfaces as
/// <see cref="OAuth2SignInRefusedException"/>: IMAP and SMTP report it as an authentication failure, but a POP3 server
/// answers the mechanism's error challenge with -ERR, which MailKit reports as a protocol error.
/// </summary>
internal static class OAuth2SignIn
{
    public static async Task AuthenticateAsync(IMailService client, string userName, string accessToken, CancellationToken cancellationToken)
    {
        SaslMechanism mechanism = client.AuthenticationMechanisms.Contains("OAUTHBEARER")
            ? new SaslMechanismOAuthBearer(userName, accessToken)
            : new SaslMechanismOAuth2(userName, accessToken);
        try
        {
            await client.AuthenticateAsync(mechanism, cancellationToken);
        }
        catch (Exception ex) when (ex is AuthenticationException || (client is Pop3Client && ex is Pop3ProtocolException))
        {
            throw new OAuth2SignInRefusedException(ex);
        }
    }
}

/// <summary>The server refused an OAuth2 access token (expired, revoked, or without the mail scope).</summary>
public sealed class OAuth2SignInRefusedException(Exception inner)
    : AuthenticationException("The server refused the OAuth2 access token.", inner);
