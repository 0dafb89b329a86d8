using System.Net.Sockets;
using MailGrains.Mail.Errors;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Security;

namespace MailGrains.Mail.Tests.Errors;

/// <summary>Every failure falls into one of a few fixed error kinds, so the error counter's tag has few values.</summary>
public sealed class ErrorKindTests
{
    public static TheoryData<Exception, string> Failures => new()
    {
        { new AuthenticationException(), "auth" },
        { new SslHandshakeException("no trust"), "tls" },
        { new SocketException((int)SocketError.ConnectionRefused), "connect" },
        { new OperationCanceledException(), "timeout" },
        { new TimeoutException(), "timeout" },
        { new ImapProtocolException("garbage"), "protocol" },
        { new Pop3ProtocolException("garbage"), "protocol" },
        { new ImapCommandException(ImapCommandResponse.No, "refused"), "command" },
        { new Pop3CommandException("refused"), "command" },
        { new FolderNotFoundException("Archive"), "folder" },
        { new ServiceNotConnectedException(), "connection-lost" },
        { new IOException("reset"), "connection-lost" },
        { new NotSupportedException("no UIDL"), "other" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void EachFailureHasItsKind(Exception failure, string kind)
    {
        Assert.Equal(kind, MailErrors.From(failure, "mail.example.com", 993).Tag);
        Assert.Contains(kind, MailError.Tags);
    }
}
