using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MailGrains.Hosting.ClusterTls;

/// <summary>Says at start, every time, that a process runs with cluster TLS switched off.</summary>
internal sealed partial class ClusterTlsOffWarning(ClusterCertificates certificates, ILogger<ClusterTlsOffWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!certificates.Enabled)
        {
            LogTlsOff(logger, ClusterTlsOptions.SectionName);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Section}:Enabled is false: the cluster is unauthenticated and unencrypted; any process that reaches the silo or gateway ports can join it or call its grains. For local development only.")]
    private static partial void LogTlsOff(ILogger logger, string section);
}
