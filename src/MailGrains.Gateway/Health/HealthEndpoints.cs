using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace MailGrains.Gateway.Health;

/// <summary><c>/health/live</c>: the process runs. <c>/health/ready</c>: the cluster answers.</summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return endpoints;
    }
}
