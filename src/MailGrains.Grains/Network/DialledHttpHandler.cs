using System.Net.Security;
using System.Net.Sockets;
using MailGrains.Grains.Fetching;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Network;

/// <summary>
/// The HTTP handler of the silo's outbound HTTP clients (webhooks, OAuth2 providers): every connection is opened by the
/// <see cref="OutboundDialer"/>, so the operator's network policy is checked at connect time; no proxy, no cookies, no
/// redirects; server certificates as for mail servers (the system's CAs and <c>MailGrains:Mail:TrustedCertificateFiles</c>).
/// Each client adds its own bounds.
/// </summary>
internal static class DialledHttpHandler
{
    public static SocketsHttpHandler Create(IServiceProvider services)
    {
        var dialer = services.GetRequiredService<OutboundDialer>();
        var certificates = CertificatePolicy.FromFiles(services.GetRequiredService<IOptions<MailOptions>>().Value.TrustedCertificateFiles);
        return new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = certificates.Validate },
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = await dialer.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
    }
}
