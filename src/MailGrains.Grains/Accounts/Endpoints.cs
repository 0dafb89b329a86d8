using MailGrains.Accounts;
using MailGrains.Mail.Connections;

namespace MailGrains.Grains.Accounts;

/// <summary>
/// An account's servers, from its configuration, as the Mail project dials them: standard ports for port 0, security
/// mapped to the transport's options.
/// </summary>
internal static class Endpoints
{
    public static MailEndpoint Incoming(MailReceiving receiving, string? password)
        => Of(receiving.Server, receiving.ResolvedPort, password);

    public static MailEndpoint Outgoing(MailSending sending, string? password)
        => Of(sending.Server, sending.ResolvedPort, password);

    private static MailEndpoint Of(MailServer server, int port, string? password)
        => new(server.Host ?? "", port, Map(server.Security, port), server.UserName, password);

    /// <summary>
    /// <c>auto</c> is never opportunistic: TLS on connect on the implicit-TLS ports, required STARTTLS elsewhere, so
    /// a server (or a man in the middle) that offers no STARTTLS gets no login in clear.
    /// </summary>
    public static TransportSecurity Map(Security security, int port) => security switch
    {
        Security.None => TransportSecurity.None,
        Security.Ssl => TransportSecurity.SslOnConnect,
        Security.StartTls => TransportSecurity.StartTls,
        _ => MailEndpoint.AutomaticOn(port),
    };
}
