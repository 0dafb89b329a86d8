using MailGrains.Accounts;
using MailGrains.Mail.Connections;

namespace MailGrains.Grains.Fetching;

/// <summary>An account's servers as MailKit endpoints: standard ports for port 0, security mapped to MailKit's options.</summary>
internal static class Endpoints
{
    public static MailEndpoint Incoming(AccountSettings settings, string? password)
    {
        var port = StandardPorts.Incoming(settings.Server.Incoming.Protocol, settings.Server.Incoming.Security, settings.Advanced.IncomingPort);
        return new(settings.Server.Incoming.Host ?? "", port, Map(settings.Server.Incoming.Security, port), settings.Server.Incoming.UserName, password);
    }

    public static MailEndpoint Outgoing(AccountSettings settings, string? password)
    {
        var port = StandardPorts.Outgoing(settings.Server.Outgoing.Security, settings.Advanced.OutgoingPort);
        return new(settings.Server.Outgoing.Host ?? "", port, Map(settings.Server.Outgoing.Security, port), settings.Server.Outgoing.UserName, password);
    }

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
