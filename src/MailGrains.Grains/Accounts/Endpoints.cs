using MailGrains.Accounts;
using MailGrains.Mail.Connections;

namespace MailGrains.Grains.Accounts;

/// <summary>
/// An account's servers, from its configuration, as the Mail project dials them: standard ports for port 0, security
/// mapped to the transport's options.
/// </summary>
internal static class Endpoints
{
    /// <param name="accessToken">With OAuth2 sign-in: the access token (the password is then not used).</param>
    /// <param name="oauth2Address">With OAuth2 sign-in: the connection's address, the user name when none is configured.</param>
    public static MailEndpoint Incoming(MailReceiving receiving, string? password, string? accessToken = null, string? oauth2Address = null)
        => Of(receiving.Server, receiving.ResolvedPort, password, accessToken, oauth2Address);

    public static MailEndpoint Outgoing(MailSending sending, string? password, string? accessToken = null, string? oauth2Address = null)
        => Of(sending.Server, sending.ResolvedPort, password, accessToken, oauth2Address);

    private static MailEndpoint Of(MailServer server, int port, string? password, string? accessToken, string? oauth2Address)
        => accessToken is null
            ? new(server.Host ?? "", port, Map(server.Security, port), server.UserName, password)
            : new(server.Host ?? "", port, Map(server.Security, port), string.IsNullOrWhiteSpace(server.UserName) ? oauth2Address : server.UserName, null, accessToken);

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
