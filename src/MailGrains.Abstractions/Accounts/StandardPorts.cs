namespace MailGrains.Accounts;

/// <summary>Port 0 means the protocol's standard port for the chosen security.</summary>
public static class StandardPorts
{
    public static int Incoming(MailProtocol protocol, Security security, int port) => port != 0 ? port : (protocol, security) switch
    {
        (MailProtocol.Imap, Security.Ssl) => 993,
        (MailProtocol.Imap, _) => 143,
        (MailProtocol.Pop3, Security.Ssl) => 995,
        (MailProtocol.Pop3, _) => 110,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
    };

    public static int Outgoing(Security security, int port) => port != 0 ? port : security switch
    {
        Security.Ssl => 465,
        Security.None => 25,
        _ => 587,
    };
}
