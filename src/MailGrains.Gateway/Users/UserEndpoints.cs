using MailGrains.Gateway.Api;
using MailGrains.Gateway.Auth;
using MailGrains.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MailGrains.Gateway.Users;

/// <summary>Tenant admin routes for the tenant's users.</summary>
internal static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder endpoints)
    {
        var users = endpoints.MapGroup("/v1/users").WithTags("Users").RequireAuthorization(Roles.TenantAdmin);
        users.MapPut("/{userId}", PutAsync);
        users.MapGet("/", ListAsync);
        users.MapGet("/{userId:mgid}", GetAsync);
        users.MapDelete("/{userId:mgid}", DeleteAsync);
        return endpoints;
    }

    private static async Task<Results<Ok<UserDocument>, Created<UserDocument>, ValidationProblem, ProblemHttpResult>>
        PutAsync(
        [MailGrainsId] string userId, UserDocument user, [AsParameters] TenantScope scope)
    {
        var profile = user.ToProfile();
        var document = UserDocument.From(userId, profile);
        return await scope.Tenant.PutUserAsync(userId, profile) switch
        {
            UserWriteOutcome.Created => TypedResults.Created($"/v1/users/{userId}", document),
            UserWriteOutcome.Updated => TypedResults.Ok(document),
            UserWriteOutcome.StillErasing => Problems.Conflict(
                "The user's old mail is still being erased",
                $"A deleted user '{userId}' still has mail being erased; a new user of that id starts empty. "
                + "Try again in a moment."),
            _ => Problems.ConflictOn(
                "userId",
                "The tenant's user quota is reached",
                "This tenant has as many users as its quota allows (MailGrains:Quotas:UsersPerTenant). "
                + "Delete a user first.",
                "The tenant's user quota is reached; delete a user first."),
        };
    }

    private static async Task<Results<Ok<object[]>, ValidationProblem>> ListAsync(
        [System.ComponentModel.Description("Entries per page, 1 to 1000; the whole list when left out.")] string? limit,
        string? after, HttpContext http, [AsParameters] TenantScope scope)
    {
        var (ids, problem) = ListPage.Select(await scope.Tenant.ListUsersAsync(), limit, after, http);
        return problem is not null
            ? problem
            : TypedResults.Ok(await ListFanOut.LoadAsync(ids!, id => scope.User(id).GetProfileAsync(),
                UserDocument.From));
    }

    private static async Task<Results<Ok<UserDocument>, ProblemHttpResult>> GetAsync(
        string userId, [AsParameters] TenantScope scope)
        => await scope.User(userId).GetProfileAsync() is { } profile
            ? TypedResults.Ok(UserDocument.From(userId, profile))
            : Problems.NoSuchUser(userId);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string userId, [AsParameters] TenantScope scope)
    {
        var result = await scope.Tenant.DeleteUserAsync(userId);
        if (!result.Found)
        {
            return Problems.NoSuchUser(userId);
        }

        return result.Deleted
            ? TypedResults.NoContent()
            : Problems.Status(
                StatusCodes.Status409Conflict,
                "The user is still in use",
                $"User '{userId}' is owner, allowed sender or in the permissions of: "
                + $"{string.Join(", ", result.BlockingAccounts)}. Change those accounts first.",
                extensions: new Dictionary<string, object?> { ["accounts"] = result.BlockingAccounts });
    }
}
