using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace MailGrains.Hosting.ClusterTls;

/// <summary>
/// One line per refused cluster certificate: whose it is, who issued it and why it was refused, at most once a minute
/// (the line says how many were refused since the last), so that a peer retrying with a wrong certificate, or anyone
/// knocking on the ports, cannot flood the log. Orleans' own handshake warnings, a stack trace each, are turned down to
/// errors in the silo's <c>appsettings.json</c>.
/// </summary>
internal sealed partial class ClusterConnectionRefusals(ILogger<ClusterConnectionRefusals> logger, TimeProvider time)
{
    private static readonly long s_quietTicks = TimeSpan.FromMinutes(1).Ticks;
    private long _nextLineAt;
    private int _withoutLine;

    public void Report(X509Certificate2 certificate, string reason)
    {
        var now = time.GetUtcNow().UtcTicks;
        var next = Interlocked.Read(ref _nextLineAt);
        if (now < next || Interlocked.CompareExchange(ref _nextLineAt, now + s_quietTicks, next) != next)
        {
            Interlocked.Increment(ref _withoutLine);
            return;
        }

        LogRefused(logger, certificate.Subject, certificate.Issuer, reason, Interlocked.Exchange(ref _withoutLine, 0));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a cluster connection: the certificate {Subject} issued by {Issuer} {Reason} ({Earlier} more refused since the last such line)")]
    private static partial void LogRefused(ILogger logger, string subject, string issuer, string reason, int earlier);
}
