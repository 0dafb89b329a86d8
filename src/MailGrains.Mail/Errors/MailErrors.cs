using System.Net.Sockets;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Network;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace MailGrains.Mail.Errors;

/// <summary>
/// Turns what went wrong with a mail server into a <see cref="MailError"/>: a kind, and a sentence an admin can act on.
/// Both look at the exception's type in the same order. The sentences never carry a password, a server's greeting or
/// free text beyond <see cref="ServerText.Excerpt"/>, nor any other exception's message.
/// </summary>
public static class MailErrors
{
    /// <summary>The error an operation failed with: a <see cref="MailException"/>'s own, else the exception classified.</summary>
    public static MailError From(Exception error, string host, int port)
        => error is MailException mail ? mail.Error : new MailError(Kind(error), Describe(error, host, port));

    /// <summary>Runs <paramref name="operation"/>; mail-server trouble comes out as a <see cref="MailException"/> (a cancellation by the caller stays one).</summary>
    internal static async Task<T> GuardAsync<T>(MailEndpoint endpoint, Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not (MailException or OutOfMemoryException))
        {
            throw new MailException(From(ex, endpoint.Host, endpoint.Port), ex);
        }
    }

    private static MailErrorKind Kind(Exception error) => error switch
    {
        OutboundPolicyException => MailErrorKind.Policy,
        ServerSentTooMuchException => MailErrorKind.Protocol,
        AuthenticationException => MailErrorKind.Auth,
        SslHandshakeException => MailErrorKind.Tls,
        SocketException => MailErrorKind.Connect,
        OperationCanceledException or TimeoutException => MailErrorKind.Timeout,
        ImapProtocolException or Pop3ProtocolException or SmtpProtocolException => MailErrorKind.Protocol,
        ImapCommandException or Pop3CommandException or SmtpCommandException => MailErrorKind.Command,
        FolderNotFoundException => MailErrorKind.Folder,
        ServiceNotConnectedException or ServiceNotAuthenticatedException or IOException => MailErrorKind.ConnectionLost,
        _ => MailErrorKind.Other,
    };

    private static string Describe(Exception error, string host, int port) => error switch
    {
        OutboundPolicyException => error.Message,
        ServerSentTooMuchException => $"{host}:{port} broke the protocol: {error.Message}",
        OAuth2SignInRefusedException => $"Login to {host}:{port} failed: the server refused the OAuth2 sign-in (its access token).",
        AuthenticationException => $"Login to {host}:{port} failed: the server refused the user name or password.",
        SslHandshakeException => $"TLS with {host}:{port} failed: the server's certificate is not trusted or TLS is not offered there ({ServerText.Excerpt(error.Message.Split('\n')[0])}).",
        SocketException socket => $"Cannot connect to {host}:{port}: {socket.SocketErrorCode}.",
        OperationCanceledException or TimeoutException => $"{host}:{port} did not answer in time.",
        ImapProtocolException => $"{host}:{port} broke the protocol: it did not answer as an IMAP server does.",
        Pop3ProtocolException => $"{host}:{port} broke the protocol: it did not answer as a POP3 server does.",
        SmtpProtocolException => $"{host}:{port} broke the protocol: it did not answer as an SMTP server does.",
        ImapCommandException command => $"{host}:{port} refused a command: {ServerText.Excerpt(command.ResponseText)}",
        Pop3CommandException command => $"{host}:{port} refused a command: {ServerText.Excerpt(command.StatusText)}",
        SmtpCommandException command => $"{host}:{port} refused a command: {(int)command.StatusCode} {ServerText.Excerpt(command.Message)}",
        FolderNotFoundException folder => $"The folder '{folder.FolderName}' does not exist on {host}.",
        ServiceNotConnectedException or ServiceNotAuthenticatedException or IOException => error.InnerException is SocketException lost
            ? $"The connection to {host}:{port} was lost: {lost.SocketErrorCode}."
            : $"The connection to {host}:{port} was lost.",
        _ => $"Talking to {host}:{port} failed because of an internal error ({error.GetType().Name}).",
    };
}
