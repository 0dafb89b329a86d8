using System.Net.Sockets;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Network;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace MailGrains.Grains.Fetching;

/// <summary>
/// Turns what went wrong with a mail server into a sentence an admin can act on, and into one of a few fixed kinds
/// for measurements. Both look at the exception's type in the same order. The sentences are shown to the tenant
/// (lastError, the connection test, the outbox's status), so they never carry a password, a server's greeting or
/// free text beyond <see cref="ServerText.Excerpt"/>, nor any other exception's message (a storage error's body).
/// </summary>
internal static class FetchErrors
{
    /// <summary>The values of the <c>error.kind</c> tag.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["policy", "auth", "tls", "connect", "timeout", "protocol", "command", "folder", "connection-lost", "other"];

    /// <summary>One of <see cref="Kinds"/>, matching the sentence <see cref="Describe"/> gives.</summary>
    public static string Kind(Exception error) => error switch
    {
        OutboundPolicyException => "policy",
        ServerSentTooMuchException => "protocol",
        AuthenticationException => "auth",
        SslHandshakeException => "tls",
        SocketException => "connect",
        OperationCanceledException or TimeoutException => "timeout",
        ImapProtocolException or Pop3ProtocolException or SmtpProtocolException => "protocol",
        ImapCommandException or Pop3CommandException or SmtpCommandException => "command",
        FolderNotFoundException => "folder",
        ServiceNotConnectedException or ServiceNotAuthenticatedException or IOException => "connection-lost",
        _ => "other",
    };

    public static string Describe(Exception error, string host, int port) => error switch
    {
        FetchDeadlineException => error.Message,
        OutboundPolicyException => error.Message,
        ServerSentTooMuchException => $"{host}:{port} broke the protocol: {error.Message}",
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
