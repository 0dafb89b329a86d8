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
        var created = await tenant.UpsertAsync(name!);
        var response = ToResponse((await tenant.GetAsync())!);
        return created ? TypedResults.Created($"/v1/tenants/{tenantId}", response) : TypedResults.Ok(response);
    }

    private static async Task<Ok<TenantResponse[]>> ListAsync(IClusterClient cluster)
    {
        var ids = await cluster.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.Key).ListAsync();
        var tenants = await Task.WhenAll(ids.Select(id => cluster.GetGrain<ITenantGrain>(id).GetAsync()));
        return TypedResults.Ok(tenants.OfType<TenantInfo>().Select(ToResponse).ToArray());
    }

    private static async Task<IResult> GetAsync(string tenantId, IClusterClient cluster)
        => Ids.IsValid(tenantId) && await cluster.GetGrain<ITenantGrain>(tenantId).GetAsync() is { } tenant
            ? TypedResults.Ok(ToResponse(tenant))
            : TenantNotFound(tenantId);

    private static async Task<IResult> IssueKeyAsync(string tenantId, IClusterClient cluster)
    {
        if (!Ids.IsValid(tenantId) || await cluster.GetGrain<ITenantGrain>(tenantId).IssueKeyAsync() is not { } key)
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

    private static async Task<IResult> RevokeKeyAsync(string tenantId, string keyId, IClusterClient cluster)
        => Ids.IsValid(tenantId) && await cluster.GetGrain<ITenantGrain>(tenantId).RevokeKeyAsync(keyId)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such key", detail: $"Tenant '{tenantId}' has no key '{keyId}'.");

    private static ProblemHttpResult TenantNotFound(string tenantId)
        => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such tenant", detail: $"There is no tenant '{tenantId}'.");

    private static TenantResponse ToResponse(TenantInfo tenant) => new(tenant.TenantId, tenant.Name, tenant.CreatedAt);
}
