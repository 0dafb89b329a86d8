using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;

namespace MailGrains.Mail.Connections;

/// <summary>Opens logged-in MailKit clients. The caller owns (and disposes) the client.</summary>
public sealed class MailConnector(CertificatePolicy certificates)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    /// <summary>Connects to an IMAP server; logs in when the endpoint has a user name.</summary>
    public Task<ImapClient> ConnectImapAsync(MailEndpoint endpoint, CancellationToken cancellationToken)
        => ConnectAsync(new ImapClient(), endpoint, loginRequired: false, cancellationToken);

    /// <summary>Connects to a POP3 server and logs in (POP3 has no anonymous access).</summary>
    public Task<Pop3Client> ConnectPop3Async(MailEndpoint endpoint, CancellationToken cancellationToken)
        => ConnectAsync(new Pop3Client(), endpoint, loginRequired: true, cancellationToken);

    /// <summary>Connects to an SMTP server; authenticates only when the endpoint has a user name (many relays trust the host).</summary>
    public Task<SmtpClient> ConnectSmtpAsync(MailEndpoint endpoint, CancellationToken cancellationToken)
        => ConnectAsync(new SmtpClient(), endpoint, loginRequired: false, cancellationToken);

    private async Task<T> ConnectAsync<T>(T client, MailEndpoint endpoint, bool loginRequired, CancellationToken cancellationToken)
        where T : MailService
    {
        client.ServerCertificateValidationCallback = certificates.Validate;
        client.Timeout = (int)s_timeout.TotalMilliseconds;
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, endpoint.Security, cancellationToken);
            if (loginRequired || !string.IsNullOrEmpty(endpoint.UserName))
            {
                await client.AuthenticateAsync(endpoint.UserName ?? "", endpoint.Password ?? "", cancellationToken);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
