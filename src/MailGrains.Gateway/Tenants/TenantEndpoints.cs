using MailGrains.Gateway.Api;
using MailGrains.Gateway.Auth;
using MailGrains.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MailGrains.Gateway.Tenants;

/// <summary>Operator routes: tenants and their admin keys.</summary>
internal static class TenantEndpoints
{
    private const int MaxNameLength = 200;

    public static IEndpointRouteBuilder MapTenants(this IEndpointRouteBuilder endpoints)
    {
        var tenants = endpoints.MapGroup("/v1/tenants").WithTags("Operator: tenants").RequireAuthorization(Roles.Operator);
        tenants.MapPut("/{tenantId}", PutAsync).Accepts<TenantDocument>("application/json");
        tenants.MapGet("/", ListAsync);
        tenants.MapGet("/{tenantId}", GetAsync);
        tenants.MapDelete("/{tenantId}", DeleteAsync).Produces<TenantResponse>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound);
        tenants.MapPost("/{tenantId}/keys", IssueKeyAsync);
        tenants.MapGet("/{tenantId}/keys", ListKeysAsync);
        tenants.MapDelete("/{tenantId}/keys/{keyId}", RevokeKeyAsync);
        return endpoints;
    }

    private static async Task<IResult> PutAsync(string tenantId, HttpRequest request, IClusterClient cluster)
    {
        var errors = new ValidationErrors().RequireId("tenantId", tenantId);
        var body = await JsonBody.ReadAsync<TenantDocument>(request);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var name = body.Value!.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            errors.Add("name", $"Required, at most {MaxNameLength} characters.");
        }

        errors.RequireSingleLine("name", name);

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var tenant = cluster.GetGrain<ITenantGrain>(tenantId);
        var outcome = await tenant.UpsertAsync(name!);
        var response = ToResponse((await tenant.GetAsync())!);
        return outcome switch
        {
            TenantUpsertOutcome.Created => TypedResults.Created($"/v1/tenants/{tenantId}", response),
            TenantUpsertOutcome.Updated => TypedResults.Ok(response),
            _ => BeingDeleted(tenantId),
        };
    }

    private static async Task<Ok<object[]>> ListAsync(IClusterClient cluster)
    {
        var ids = await cluster.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.Key).ListAsync();
        return TypedResults.Ok(await ListFanOut.LoadAsync(ids, id => cluster.GetGrain<ITenantGrain>(id).GetAsync(), (_, tenant) => ToResponse(tenant)));
    }

    /// <summary>
    /// Starts deleting the tenant and answers at once (202): its keys stop working now; its accounts, users, activities,
    /// raw mail and keys are erased in bounded steps that resume after a crash. <c>GET</c> shows <c>deleting</c>, then 404.
    /// </summary>
    private static async Task<IResult> DeleteAsync(string tenantId, IClusterClient cluster, VerifiedKeys verifiedKeys)
    {
        if (!Ids.IsValid(tenantId) || !await cluster.GetGrain<ITenantGrain>(tenantId).DeleteAsync())
        {
            return TenantNotFound(tenantId);
        }

        verifiedKeys.Forget(tenantId);
        var tenant = cluster.GetGrain<ITenantGrain>(tenantId);

        return await tenant.GetAsync() is { } info
            ? TypedResults.Accepted($"/v1/tenants/{tenantId}", ToResponse(info))
            : TypedResults.Accepted($"/v1/tenants/{tenantId}");
    }

    private static async Task<IResult> GetAsync(string tenantId, IClusterClient cluster)
        => Ids.IsValid(tenantId) && await cluster.GetGrain<ITenantGrain>(tenantId).GetAsync() is { } tenant
            ? TypedResults.Ok(ToResponse(tenant))
            : TenantNotFound(tenantId);

    private static async Task<IResult> IssueKeyAsync(string tenantId, IClusterClient cluster)
    {
        var issued = Ids.IsValid(tenantId) ? await cluster.GetGrain<ITenantGrain>(tenantId).IssueKeyAsync() : null;
        if (issued is { QuotaReached: true })
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The tenant's key quota is reached",
                detail: $"Tenant '{tenantId}' has {issued.Quota} admin keys, as many as its quota allows (MailGrains:Quotas:AdminKeysPerTenant). Revoke a key first.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["keys"] = [$"At most {issued.Quota} keys per tenant."] } });
        }

        if (issued?.Key is not { } key)
        {
            return TenantNotFound(tenantId);
        }

        return TypedResults.Created($"/v1/tenants/{tenantId}/keys/{key.KeyId}", new IssuedKeyResponse(key.KeyId, key.Key, key.CreatedAt));
    }

    private static async Task<IResult> ListKeysAsync(string tenantId, IClusterClient cluster)
    {
        if (!Ids.IsValid(tenantId) || await cluster.GetGrain<ITenantGrain>(tenantId).GetAsync() is null)
        {
            return TenantNotFound(tenantId);
        }

        var tenant = cluster.GetGrain<ITenantGrain>(tenantId);

        var keys = await tenant.ListKeysAsync();
        return TypedResults.Ok(keys.Select(k => new AdminKeyResponse(k.KeyId, k.CreatedAt)).ToArray());
    }

    private static async Task<IResult> RevokeKeyAsync(string tenantId, string keyId, IClusterClient cluster, VerifiedKeys verifiedKeys)
    {
        if (!Ids.IsValid(tenantId) || !await cluster.GetGrain<ITenantGrain>(tenantId).RevokeKeyAsync(keyId))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such key", detail: $"Tenant '{tenantId}' has no key '{keyId}'.");
        }

        verifiedKeys.Forget(tenantId);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult TenantNotFound(string tenantId)
        => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such tenant", detail: $"There is no tenant '{tenantId}'.");

    private static ProblemHttpResult BeingDeleted(string tenantId)
        => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The tenant is being deleted", detail: $"Tenant '{tenantId}' is being deleted; create it again once GET /v1/tenants/{tenantId} answers 404.");

    private static TenantResponse ToResponse(TenantInfo tenant) => new(tenant.TenantId, tenant.Name, tenant.CreatedAt, tenant.Deleting ? "deleting" : "active");
}
