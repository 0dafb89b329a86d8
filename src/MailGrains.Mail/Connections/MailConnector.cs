using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;

namespace MailGrains.Mail.Connections;

/// <summary>Opens logged-in MailKit clients. The caller owns (and disposes) the client.</summary>
public sealed class MailConnector(CertificatePolicy certificates)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    public async Task<ImapClient> ConnectImapAsync(MailEndpoint endpoint, CancellationToken cancellationToken)
    {
        var client = new ImapClient { ServerCertificateValidationCallback = certificates.Validate, Timeout = (int)s_timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, endpoint.Security, cancellationToken);
            if (!string.IsNullOrEmpty(endpoint.UserName))
            {
                await client.AuthenticateAsync(endpoint.UserName, endpoint.Password ?? "", cancellationToken);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public async Task<Pop3Client> ConnectPop3Async(MailEndpoint endpoint, CancellationToken cancellationToken)
    {
        var client = new Pop3Client { ServerCertificateValidationCallback = certificates.Validate, Timeout = (int)s_timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, endpoint.Security, cancellationToken);
            await client.AuthenticateAsync(endpoint.UserName ?? "", endpoint.Password ?? "", cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Connects to an SMTP server; authenticates only when the endpoint has a user name (many relays trust the host).</summary>
    public async Task<SmtpClient> ConnectSmtpAsync(MailEndpoint endpoint, CancellationToken cancellationToken)
    {
        var client = new SmtpClient { ServerCertificateValidationCallback = certificates.Validate, Timeout = (int)s_timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, endpoint.Security, cancellationToken);
            if (!string.IsNullOrEmpty(endpoint.UserName))
            {
                await client.AuthenticateAsync(endpoint.UserName, endpoint.Password ?? "", cancellationToken);
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
