using MailGrains.Mail.Network;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace MailGrains.Mail.Connections;

/// <summary>
/// Opens logged-in MailKit clients; the caller owns (and disposes) the client. Every mail connection of the
/// service goes through here: the operator's transport rules are checked first, then the <see cref="OutboundDialer"/>
/// opens the socket to a checked address and MailKit speaks the protocol over it (the host name still drives TLS
/// server-name and certificate checks).
/// </summary>
/// <remarks>
/// The connection's stream counts what the server sends (<see cref="ReadBudget"/>): one response may take at most
/// <c>perResponseBytes</c>, or what a fetch allowed for its batch, so a server that announces small messages and
/// sends endless literals is cut off instead of filling the silo's memory.
/// </remarks>
public sealed class MailConnector(CertificatePolicy certificates, OutboundDialer dialer, MailTransportOptions transport, long perResponseBytes = MailConnector.DefaultPerResponseBytes)
{
    /// <summary>What one server response may take unless a fetch allows more: a greeting, a search result, a listing.</summary>
    public const long DefaultPerResponseBytes = 16L * 1024 * 1024;

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IMailService, ReadBudget> s_budgets = new();

    /// <summary>The read budget of a client this connector opened (null for any other client).</summary>
    public static ReadBudget? BudgetOf(IMailService client) => s_budgets.TryGetValue(client, out var budget) ? budget : null;

    /// <summary>Connects to an IMAP server; logs in when the endpoint has a user name.</summary>
    public Task<ImapClient> ConnectImapAsync(MailEndpoint endpoint, CancellationToken cancellationToken)
        => ConnectAsync(new ImapClient(), endpoint, loginRequired: false, cancellationToken);

    /// <summary>Connects to a POP3 server and logs in (POP3 has no anonymous access).</summary>
    public Task<Pop3Client> ConnectPop3Async(MailEndpoint endpoint, CancellationToken cancellationToken)
        => ConnectAsync(new Pop3Client(), endpoint, loginRequired: true, cancellationToken);

    /// <summary>Connects to an SMTP server; authenticates when the endpoint has a user name (without one only if the operator allows unauthenticated relay).</summary>
    public Task<SmtpClient> ConnectSmtpAsync(MailEndpoint endpoint, CancellationToken cancellationToken)
        => ConnectAsync(new SmtpClient(), endpoint, loginRequired: false, cancellationToken);

    private async Task<T> ConnectAsync<T>(T client, MailEndpoint endpoint, bool loginRequired, CancellationToken cancellationToken)
        where T : MailService
    {
        try
        {
            if (transport.Refusal(endpoint, smtp: client is SmtpClient) is { } refusal)
            {
                throw new OutboundPolicyException(refusal);
            }

            client.ServerCertificateValidationCallback = certificates.Validate;
            client.Timeout = (int)s_timeout.TotalMilliseconds;
            using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connecting.CancelAfter(s_timeout);
                var socket = await dialer.ConnectAsync(endpoint.Host, endpoint.Port, connecting.Token);
                try
                {
                    var budget = new ReadBudget(perResponseBytes);
                    var stream = new BudgetedStream(new System.Net.Sockets.NetworkStream(socket, ownsSocket: true), budget);
                    await client.ConnectAsync(stream, endpoint.Host, endpoint.Port, SocketOptions(endpoint.Security), cancellationToken);
                    s_budgets.AddOrUpdate(client, budget);
                }
                catch (NotSupportedException ex) when (endpoint.Security == TransportSecurity.StartTls)
                {
                    // MailKit's way of saying the server offers no STARTTLS: nothing was sent, and no login follows.
                    socket.Dispose();
                    throw new SslHandshakeException("The server does not offer STARTTLS.", ex);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }

            if (endpoint.AccessToken is { } token)
            {
                await OAuth2SignIn.AuthenticateAsync(client, endpoint.UserName ?? "", token, cancellationToken);
            }
            else if (loginRequired || !string.IsNullOrEmpty(endpoint.UserName))
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

    private static SecureSocketOptions SocketOptions(TransportSecurity security) => security switch
    {
        TransportSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        TransportSecurity.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.None,
    };
}
