using MailGrains.Gateway.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MailGrains.Gateway.Cluster;

/// <summary>Operator route: the silos of the cluster, their status and what they host.</summary>
internal static class ClusterEndpoints
{
    public static IEndpointRouteBuilder MapCluster(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/cluster", GetAsync).WithTags("Operator: cluster").RequireAuthorization(Roles.Operator);
        return endpoints;
    }

    private static async Task<Ok<ClusterDocument>> GetAsync(IClusterClient cluster)
    {
        var management = cluster.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false);
        var statistics = await management.GetSimpleGrainStatistics();
        var bySilo = statistics.GroupBy(s => s.SiloAddress).ToDictionary(g => g.Key, g => g
            .GroupBy(s => ShortName(s.GrainType))
            .ToDictionary(t => t.Key, t => t.Sum(s => s.ActivationCount), StringComparer.Ordinal));
        var silos = hosts
            .OrderBy(h => h.SiloAddress.ToString(), StringComparer.Ordinal)
            .Select(h => new SiloDocument(
                h.SiloAddress.ToString(),
                h.SiloName,
                h.HostName,
                h.Status.ToString().ToLowerInvariant(),
                h.StartTime,
                bySilo.GetValueOrDefault(h.SiloAddress) ?? []))
            .ToArray();
        return TypedResults.Ok(new ClusterDocument(silos));
    }

    /// <summary><c>MailGrains.Grains.Accounts.MailAccountGrain,MailGrains.Grains</c> → <c>MailAccountGrain</c>.</summary>
    private static string ShortName(string grainType)
    {
        var type = grainType.Split(',')[0];
        return type[(type.LastIndexOf('.') + 1)..];
    }
}

public sealed record ClusterDocument(IReadOnlyList<SiloDocument> Silos);

/// <summary>A silo: where it is, whether it is alive, and its activations by grain type.</summary>
public sealed record SiloDocument(string Address, string? Name, string? Host, string Status, DateTime StartedAt, IReadOnlyDictionary<string, int> Activations);
