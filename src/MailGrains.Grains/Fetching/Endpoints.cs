using MailGrains.Accounts;
using MailGrains.Mail.Connections;
using MailKit.Security;

namespace MailGrains.Grains.Fetching;

/// <summary>An account's servers as MailKit endpoints: standard ports for port 0, security mapped to MailKit's options.</summary>
internal static class Endpoints
{
    public static MailEndpoint Incoming(AccountSettings settings, string? password) => new(
        settings.Server.Incoming.Host ?? "",
        StandardPorts.Incoming(settings.Server.Incoming.Protocol, settings.Server.Incoming.Security, settings.Advanced.IncomingPort),
        Map(settings.Server.Incoming.Security),
        settings.Server.Incoming.UserName,
        password);

    public static MailEndpoint Outgoing(AccountSettings settings, string? password) => new(
        settings.Server.Outgoing.Host ?? "",
        StandardPorts.Outgoing(settings.Server.Outgoing.Security, settings.Advanced.OutgoingPort),
        Map(settings.Server.Outgoing.Security),
        settings.Server.Outgoing.UserName,
        password);

    public static SecureSocketOptions Map(Security security) => security switch
    {
        Security.None => SecureSocketOptions.None,
        Security.Ssl => SecureSocketOptions.SslOnConnect,
        Security.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.Auto,
    };
}
