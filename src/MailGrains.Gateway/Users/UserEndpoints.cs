using System.Security.Claims;
using MailGrains.Gateway.Api;
using MailGrains.Gateway.Auth;
using MailGrains.Tenants;
using MailGrains.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MailGrains.Gateway.Users;

/// <summary>Tenant admin routes for the tenant's users.</summary>
internal static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder endpoints)
    {
        var users = endpoints.MapGroup("/v1/users").WithTags("Users").RequireAuthorization(Roles.TenantAdmin);
        users.MapPut("/{userId}", PutAsync).Accepts<UserDocument>("application/json").Produces<UserDocument>(StatusCodes.Status200OK).Produces<UserDocument>(StatusCodes.Status201Created);
        users.MapGet("/", ListAsync);
        users.MapGet("/{userId}", GetAsync);
        users.MapDelete("/{userId}", DeleteAsync);
        return endpoints;
    }

    private static async Task<IResult> PutAsync(string userId, HttpRequest request, ClaimsPrincipal caller, IClusterClient cluster)
    {
        var errors = new ValidationErrors().RequireId("userId", userId);
        var body = await JsonBody.ReadAsync<UserDocument>(request);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (UserValidator.Validate(body.Value!, errors).Any)
        {
            return errors.ToProblem();
        }

        var profile = body.Value!.ToProfile();
        var outcome = await cluster.GetGrain<ITenantGrain>(caller.TenantId()).PutUserAsync(userId, profile);
        var document = UserDocument.From(userId, profile);
        return outcome switch
        {
            UserWriteOutcome.Created => TypedResults.Created($"/v1/users/{userId}", document),
            UserWriteOutcome.Updated => TypedResults.Ok(document),
            UserWriteOutcome.StillErasing => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The user's old mail is still being erased",
                detail: $"A deleted user '{userId}' still has mail being erased; a new user of that id starts empty. Try again in a moment."),
            _ => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The tenant's user quota is reached",
                detail: "This tenant has as many users as its quota allows (MailGrains:Quotas:UsersPerTenant). Delete a user first.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["userId"] = ["The tenant's user quota is reached; delete a user first."] } }),
        };
    }

    private static async Task<IResult> ListAsync([System.ComponentModel.Description("Entries per page, 1 to 1000; the whole list when left out.")] string? limit, string? after, HttpContext http, ClaimsPrincipal caller, IClusterClient cluster)
    {
        var tenantId = caller.TenantId();
        var (ids, problem) = ListPage.Select(await cluster.GetGrain<ITenantGrain>(tenantId).ListUsersAsync(), limit, after, http);
        return problem ?? TypedResults.Ok(await ListFanOut.LoadAsync(ids!, id => User(cluster, tenantId, id).GetProfileAsync(), UserDocument.From));
    }

    private static async Task<IResult> GetAsync(string userId, ClaimsPrincipal caller, IClusterClient cluster)
        => Ids.IsValid(userId) && await User(cluster, caller.TenantId(), userId).GetProfileAsync() is { } profile
            ? TypedResults.Ok(UserDocument.From(userId, profile))
            : UserNotFound(userId);

    private static async Task<IResult> DeleteAsync(string userId, ClaimsPrincipal caller, IClusterClient cluster)
    {
        if (!Ids.IsValid(userId))
        {
            return UserNotFound(userId);
        }

        var result = await cluster.GetGrain<ITenantGrain>(caller.TenantId()).DeleteUserAsync(userId);
        if (!result.Found)
        {
            return UserNotFound(userId);
        }

        if (!result.Deleted)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The user is still in use",
                detail: $"User '{userId}' is owner, allowed sender or in the permissions of: {string.Join(", ", result.BlockingAccounts)}. Change those accounts first.",
                extensions: new Dictionary<string, object?> { ["accounts"] = result.BlockingAccounts });
        }

        return TypedResults.NoContent();
    }

    private static IUserGrain User(IClusterClient cluster, string tenantId, string userId)
        => cluster.GetGrain<IUserGrain>(GrainKeys.Scoped(tenantId, userId));

    private static ProblemHttpResult UserNotFound(string userId)
        => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such user", detail: $"There is no user '{userId}'.");
}
