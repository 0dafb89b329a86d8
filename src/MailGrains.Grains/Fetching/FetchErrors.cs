using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Security;

namespace MailGrains.Grains.Fetching;

/// <summary>
/// Turns what went wrong during a fetch into a sentence an admin can act on (never with a password), and into
/// one of a few fixed kinds for measurements. Both look at the exception's type in the same order.
/// </summary>
internal static class FetchErrors
{
    /// <summary>The values of the <c>error.kind</c> tag.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["auth", "tls", "connect", "timeout", "protocol", "command", "folder", "connection-lost", "other"];

    /// <summary>One of <see cref="Kinds"/>, matching the sentence <see cref="Describe"/> gives.</summary>
    public static string Kind(Exception error) => error switch
    {
        AuthenticationException => "auth",
        SslHandshakeException => "tls",
        SocketException => "connect",
        OperationCanceledException or TimeoutException => "timeout",
        ImapProtocolException or Pop3ProtocolException => "protocol",
        ImapCommandException or Pop3CommandException => "command",
        FolderNotFoundException => "folder",
        ServiceNotConnectedException or ServiceNotAuthenticatedException or IOException => "connection-lost",
        _ => "other",
    };

    public static string Describe(Exception error, string host, int port) => error switch
    {
        FetchDeadlineException => error.Message,
        AuthenticationException => $"Login to {host}:{port} failed: the server refused the user name or password.",
        SslHandshakeException => $"TLS with {host}:{port} failed: the server's certificate is not trusted or TLS is not offered there ({error.Message.Split('\n')[0]}).",
        SocketException socket => $"Cannot connect to {host}:{port}: {socket.SocketErrorCode}.",
        OperationCanceledException or TimeoutException => $"{host}:{port} did not answer in time.",
        ImapProtocolException or Pop3ProtocolException => $"{host}:{port} broke the protocol: {error.Message}",
        ImapCommandException command => $"{host}:{port} refused a command: {command.ResponseText}",
        Pop3CommandException command => $"{host}:{port} refused a command: {command.StatusText}",
        FolderNotFoundException folder => $"The folder '{folder.FolderName}' does not exist on {host}.",
        ServiceNotConnectedException or ServiceNotAuthenticatedException or IOException => $"The connection to {host}:{port} was lost: {error.Message}",
        _ => $"Fetching from {host}:{port} failed: {error.GetType().Name}: {error.Message}",
    };
}
