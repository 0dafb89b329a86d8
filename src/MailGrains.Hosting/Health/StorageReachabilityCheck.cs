using Azure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MailGrains.Hosting.Health;

/// <summary>
/// Healthy when one cheap call to a storage service answers within <see cref="Timeout"/>. The description names
/// the service and what went wrong, never the connection string, its key or a request address.
/// </summary>
internal sealed class StorageReachabilityCheck(string service, Func<CancellationToken, Task> probe) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            await probe(deadline.Token);
            return HealthCheckResult.Healthy($"{service} answered.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{service} did not answer within {Timeout.TotalSeconds:0} s.");
        }
        catch (RequestFailedException ex) when (ex.Status > 0)
        {
            return HealthCheckResult.Unhealthy($"{service} refused the request: {ex.Status} {ex.ErrorCode}.", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{service} is unreachable ({ex.GetType().Name}).", ex);
        }
    }
}
