using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MailGrains.Gateway.Health;

/// <summary>Healthy when the cluster answers a call through this gateway's client; otherwise says why in one line.</summary>
internal sealed class ClusterHealthCheck(IClusterClient client) : IHealthCheck
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await client.GetGrain<IManagementGrain>(0)
                .GetHosts(onlyActive: true, cancellationToken)
                .WaitAsync(s_timeout, cancellationToken);
            return hosts.Count > 0
                ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s)")
                : HealthCheckResult.Unhealthy("no active silo");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The reason without the exception: probes ask every few seconds, and a stack trace each time (as while the
            // gateway is still connecting) buries the log.
            return HealthCheckResult.Unhealthy($"cluster does not answer: {ex.GetType().Name}: {ex.Message}");
        }
    }
}
