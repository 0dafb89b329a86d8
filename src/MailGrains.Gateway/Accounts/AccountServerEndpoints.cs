using System.Collections.Immutable;
using MailGrains.Accounts;
using MailGrains.Gateway.Api;
using MailGrains.Gateway.Auth;
using MailGrains.Gateway.RateLimits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MailGrains.Gateway.Accounts;

/// <summary>Tenant admin routes that talk to an account's servers: fetch now, status, logins, folders.</summary>
internal static class AccountServerEndpoints
{
    public static IEndpointRouteBuilder MapAccountServers(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/v1/accounts/{accountId:mgid}")
            .WithTags("Accounts")
            .RequireAuthorization(Roles.TenantAdmin);
        account.MapPost("/fetch", FetchAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        account.MapGet("/status", StatusAsync).ProducesProblem(StatusCodes.Status404NotFound);
        account.MapPost("/test", TestAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .AddEndpointFilter<ServerCheckLimit>().ProducesProblem(StatusCodes.Status429TooManyRequests);
        account.MapGet("/server-folders", FoldersAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .AddEndpointFilter<ServerCheckLimit>().ProducesProblem(StatusCodes.Status429TooManyRequests);
        return endpoints;
    }

    private static async Task<Results<Ok<ConnectionTest>, ProblemHttpResult>> TestAsync(
        string accountId, [AsParameters] TenantScope scope)
        => await scope.AccountServers(accountId).TestConnectionsAsync() is { } test
            ? TypedResults.Ok(test)
            : Problems.NoSuchAccount(accountId);

    private static async Task<Results<Ok<ImmutableArray<ServerFolder>>, ProblemHttpResult>> FoldersAsync(
        string accountId, [AsParameters] TenantScope scope)
    {
        var account = scope.Account(accountId);
        if (await account.GetAsync() is not { } view)
        {
            return Problems.NoSuchAccount(accountId);
        }

        if (view.Configuration.Receiving.Protocol != MailProtocol.Imap)
        {
            return Problems.Conflict("Folders need IMAP", $"Account '{accountId}' uses POP3, which has no folders.");
        }

        var list = await scope.AccountServers(accountId).ListServerFoldersAsync();
        return list!.Error is { } error
            ? Problems.Status(StatusCodes.Status502BadGateway, "The mail server could not be asked", error)
            : TypedResults.Ok(list.Folders);
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> FetchAsync(
        string accountId, [AsParameters] TenantScope scope)
    {
        var account = scope.Account(accountId);
        if (await account.GetAsync() is null)
        {
            return Problems.NoSuchAccount(accountId);
        }

        return await account.RequestFetchAsync()
            ? TypedResults.Accepted($"/v1/accounts/{accountId}/status")
            : Problems.Conflict(
                "Receiving is off",
                $"Account '{accountId}' does not receive; set general.receiveEnabled to true first.");
    }

    private static async Task<Results<Ok<AccountStatusDocument>, ProblemHttpResult>> StatusAsync(
        string accountId, [AsParameters] TenantScope scope)
        => await scope.Account(accountId).GetStatusAsync() is { } status
            ? TypedResults.Ok(AccountStatusDocument.Of(status))
            : Problems.NoSuchAccount(accountId);
}

/// <summary>
/// An account's fetch status. Which silo runs the account is for the operator (<c>/v1/cluster</c>), not shown here.
/// <c>push</c>: "active" (an IMAP IDLE session watches the first synced folder), "polling" (push is wanted, but the
/// silo's IDLE budget is used up, the session reconnects, or it ended after errors), "unsupported" (the server has no
/// IDLE) or "off" (<c>imap.push</c> off, POP3, or receiving off). <c>errorCode</c> names an error an admin must act
/// on, when there is one: "reauthorize" (the OAuth2 grant was revoked or expired; connect the account again).
/// </summary>
public sealed record AccountStatusDocument(
    FetchState State,
    DateTimeOffset? LastFetchAt,
    DateTimeOffset? NextFetchAt,
    string? LastError,
    long Fetched,
    int ConsecutiveFailures,
    IReadOnlyDictionary<string, FolderPositionDocument> Folders,
    PushState Push,
    string? ErrorCode)
{
    internal static AccountStatusDocument Of(AccountStatus s) => new(
        s.State, s.LastFetchAt, s.NextFetchAt, s.LastError, s.Fetched, s.ConsecutiveFailures,
        s.Folders.ToDictionary(f => f.Key, f => new FolderPositionDocument(f.Value.UidValidity, f.Value.LastUid), StringComparer.Ordinal),
        s.Push, s.ErrorCode);
}

public sealed record FolderPositionDocument(uint UidValidity, uint LastUid);
