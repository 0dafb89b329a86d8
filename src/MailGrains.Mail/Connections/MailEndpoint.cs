namespace MailGrains.Mail.Connections;

/// <summary>
/// Where and how to log in: host, resolved port, transport security and credentials (no user name: no login). With an
/// <see cref="AccessToken"/> the login is OAuth2 (SASL OAUTHBEARER or XOAUTH2) instead of the password.
/// </summary>
public sealed record MailEndpoint(string Host, int Port, TransportSecurity Security, string? UserName, string? Password, string? AccessToken = null)
{
    /// <summary>The ports where TLS starts with the connection (IMAPS, POP3S, SMTPS).</summary>
    private static readonly int[] s_implicitTlsPorts = [993, 995, 465];

    /// <summary>What "automatic" security means on <paramref name="port"/>: TLS on connect on the implicit-TLS ports, required STARTTLS elsewhere.</summary>
    public static TransportSecurity AutomaticOn(int port) => s_implicitTlsPorts.Contains(port) ? TransportSecurity.SslOnConnect : TransportSecurity.StartTls;

    /// <summary>Never the password or the token, so that a logged endpoint leaks nothing.</summary>
    public override string ToString() => $"{UserName}@{Host}:{Port} ({Security}{(AccessToken is null ? "" : ", OAuth2")})";
}
