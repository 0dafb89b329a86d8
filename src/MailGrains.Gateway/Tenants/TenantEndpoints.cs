using MailGrains.Gateway.Api;
using MailGrains.Gateway.Auth;
using MailGrains.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MailGrains.Gateway.Tenants;

/// <summary>Operator routes: tenants and their admin keys.</summary>
internal static class TenantEndpoints
{
    public static IEndpointRouteBuilder MapTenants(this IEndpointRouteBuilder endpoints)
    {
        var tenants = endpoints.MapGroup("/v1/tenants").WithTags("Operator: tenants")
            .RequireAuthorization(Roles.Operator)
            .AddEndpointFilter<CarryOperatorKey>();
        tenants.MapPut("/{tenantId}", PutAsync);
        tenants.MapGet("/", ListAsync);
        tenants.MapGet("/{tenantId:mgid}", GetAsync);
        tenants.MapDelete("/{tenantId:mgid}", DeleteAsync).ProducesProblem(StatusCodes.Status404NotFound);
        tenants.MapPost("/{tenantId:mgid}/keys", IssueKeyAsync);
        tenants.MapGet("/{tenantId:mgid}/keys", ListKeysAsync);
        tenants.MapDelete("/{tenantId:mgid}/keys/{keyId}", RevokeKeyAsync);
        return endpoints;
    }

    private static async Task<Results<Ok<TenantResponse>, Created<TenantResponse>, ValidationProblem, ProblemHttpResult>>
        PutAsync(
        [MailGrainsId] string tenantId, TenantDocument document, IClusterClient cluster)
    {
        var tenant = Tenant(cluster, tenantId);
        var outcome = await tenant.UpsertAsync(document.Name!.Trim());
        var response = ToResponse((await tenant.GetAsync())!);
        return outcome switch
        {
            TenantUpsertOutcome.Created => TypedResults.Created($"/v1/tenants/{tenantId}", response),
            TenantUpsertOutcome.Updated => TypedResults.Ok(response),
            _ => Problems.Conflict(
                "The tenant is being deleted",
                $"Tenant '{tenantId}' is being deleted; create it again once GET /v1/tenants/{tenantId} answers 404."),
        };
    }

    private static async Task<Ok<object[]>> ListAsync(IClusterClient cluster)
    {
        var ids = await cluster.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.Key).ListAsync();
        return TypedResults.Ok(
            await ListFanOut.LoadAsync(ids, id => Tenant(cluster, id).GetAsync(), (_, t) => ToResponse(t)));
    }

    /// <summary>
    /// Starts deleting the tenant and answers at once (202): its keys stop working now; its accounts, users, activities,
    /// raw mail and keys are erased in bounded steps that resume after a crash. <c>GET</c> shows <c>deleting</c>, then 404.
    /// </summary>
    private static async Task<Results<Accepted, Accepted<TenantResponse>, ProblemHttpResult>> DeleteAsync(
        string tenantId, IClusterClient cluster, VerifiedKeys verifiedKeys)
    {
        var tenant = Tenant(cluster, tenantId);
        if (!await tenant.DeleteAsync())
        {
            return Problems.NoSuchTenant(tenantId);
        }

        verifiedKeys.Forget(tenantId);
        return await tenant.GetAsync() is { } info
            ? TypedResults.Accepted($"/v1/tenants/{tenantId}", ToResponse(info))
            : TypedResults.Accepted($"/v1/tenants/{tenantId}");
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> GetAsync(
        string tenantId, IClusterClient cluster)
        => await Tenant(cluster, tenantId).GetAsync() is { } tenant
            ? TypedResults.Ok(ToResponse(tenant))
            : Problems.NoSuchTenant(tenantId);

    private static async Task<Results<Created<IssuedKeyResponse>, ProblemHttpResult>> IssueKeyAsync(
        string tenantId, IClusterClient cluster)
    {
        var issued = await Tenant(cluster, tenantId).IssueKeyAsync();
        if (issued is { QuotaReached: true })
        {
            return Problems.ConflictOn(
                "keys",
                "The tenant's key quota is reached",
                $"Tenant '{tenantId}' has {issued.Quota} admin keys, as many as its quota allows "
                + "(MailGrains:Quotas:AdminKeysPerTenant). Revoke a key first.",
                $"At most {issued.Quota} keys per tenant.");
        }

        return issued?.Key is { } key
            ? TypedResults.Created(
                $"/v1/tenants/{tenantId}/keys/{key.KeyId}", new IssuedKeyResponse(key.KeyId, key.Key, key.CreatedAt))
            : Problems.NoSuchTenant(tenantId);
    }

    private static async Task<Results<Ok<AdminKeyResponse[]>, ProblemHttpResult>> ListKeysAsync(
        string tenantId, IClusterClient cluster)
    {
        var tenant = Tenant(cluster, tenantId);
        if (await tenant.GetAsync() is null)
        {
            return Problems.NoSuchTenant(tenantId);
        }

        var keys = await tenant.ListKeysAsync();
        return TypedResults.Ok(keys.Select(k => new AdminKeyResponse(k.KeyId, k.CreatedAt)).ToArray());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(
        string tenantId, string keyId, IClusterClient cluster, VerifiedKeys verifiedKeys)
    {
        if (!await Tenant(cluster, tenantId).RevokeKeyAsync(keyId))
        {
            return Problems.NotFound("No such key", $"Tenant '{tenantId}' has no key '{keyId}'.");
        }

        verifiedKeys.Forget(tenantId);
        return TypedResults.NoContent();
    }

    private static ITenantGrain Tenant(IClusterClient cluster, string tenantId) => cluster.GetGrain<ITenantGrain>(tenantId);

    private static TenantResponse ToResponse(TenantInfo tenant)
        => new(tenant.TenantId, tenant.Name, tenant.CreatedAt, tenant.Deleting ? "deleting" : "active");
}
