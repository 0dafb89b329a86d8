using MailGrains.Hosting.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace MailGrains.Gateway.Health;

/// <summary>
/// <c>/health/live</c>: the process runs. <c>/health/ready</c>: the cluster answers and the storage account is
/// reachable (without either the gateway can do nothing useful, so it answers 503). Both list their checks as JSON.
/// </summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = HealthResponse.WriteAsync });
        return endpoints;
    }
}
