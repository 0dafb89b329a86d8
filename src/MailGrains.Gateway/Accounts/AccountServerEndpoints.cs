using System.Security.Claims;
using MailGrains.Accounts;
using MailGrains.Gateway.Auth;
using MailGrains.Gateway.RateLimits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MailGrains.Gateway.Accounts;

/// <summary>Tenant admin routes that talk to an account's servers: fetch now, status, test the logins, list the IMAP folders.</summary>
internal static class AccountServerEndpoints
{
    public static IEndpointRouteBuilder MapAccountServers(this IEndpointRouteBuilder endpoints)
    {
        var accounts = endpoints.MapGroup("/v1/accounts/{accountId}").WithTags("Accounts").RequireAuthorization(Roles.TenantAdmin);
        accounts.MapPost("/fetch", FetchAsync).Produces(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        accounts.MapGet("/status", StatusAsync).Produces<AccountStatusDocument>().ProducesProblem(StatusCodes.Status404NotFound);
        accounts.MapPost("/test", TestAsync).Produces<ConnectionTest>().ProducesProblem(StatusCodes.Status404NotFound)
            .AddEndpointFilter<ServerCheckLimit>().ProducesProblem(StatusCodes.Status429TooManyRequests);
        accounts.MapGet("/server-folders", FoldersAsync).Produces<ServerFolder[]>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status502BadGateway)
            .AddEndpointFilter<ServerCheckLimit>().ProducesProblem(StatusCodes.Status429TooManyRequests);
        return endpoints;
    }

    private static async Task<IResult> TestAsync(string accountId, ClaimsPrincipal caller, IClusterClient cluster)
        => Ids.IsValid(accountId) && await Servers(cluster, caller, accountId).TestConnectionsAsync() is { } test
            ? TypedResults.Ok(test)
            : AccountNotFound(accountId);

    private static async Task<IResult> FoldersAsync(string accountId, ClaimsPrincipal caller, IClusterClient cluster)
    {
        var account = Account(cluster, caller, accountId);
        if (!Ids.IsValid(accountId) || await account.GetAsync() is not { } view)
        {
            return AccountNotFound(accountId);
        }

        if (view.Settings.Server.Incoming.Protocol != MailProtocol.Imap)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Folders need IMAP", detail: $"Account '{accountId}' uses POP3, which has no folders.");
        }

        var list = await Servers(cluster, caller, accountId).ListServerFoldersAsync();
        return list!.Error is { } error
            ? TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "The mail server could not be asked", detail: error)
            : TypedResults.Ok(list.Folders);
    }

    private static async Task<IResult> FetchAsync(string accountId, ClaimsPrincipal caller, IClusterClient cluster)
    {
        var account = Account(cluster, caller, accountId);
        if (!Ids.IsValid(accountId) || await account.GetAsync() is null)
        {
            return AccountNotFound(accountId);
        }

        return await account.RequestFetchAsync()
            ? TypedResults.Accepted($"/v1/accounts/{accountId}/status")
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Receiving is off", detail: $"Account '{accountId}' does not receive; set general.receiveEnabled to true first.");
    }

    private static async Task<IResult> StatusAsync(string accountId, ClaimsPrincipal caller, IClusterClient cluster)
        => Ids.IsValid(accountId) && await Account(cluster, caller, accountId).GetStatusAsync() is { } status
            ? TypedResults.Ok(AccountStatusDocument.Of(status))
            : AccountNotFound(accountId);

    private static IMailAccountGrain Account(IClusterClient cluster, ClaimsPrincipal caller, string accountId)
        => cluster.GetGrain<IMailAccountGrain>(GrainKeys.Scoped(caller.TenantId(), accountId));

    private static IAccountServerGrain Servers(IClusterClient cluster, ClaimsPrincipal caller, string accountId)
        => cluster.GetGrain<IAccountServerGrain>(GrainKeys.Scoped(caller.TenantId(), accountId));

    private static ProblemHttpResult AccountNotFound(string accountId)
        => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such account", detail: $"There is no account '{accountId}'.");
}

/// <summary>An account's fetch status. Which silo runs the account is for the operator (<c>/v1/cluster</c>), not shown here.</summary>
public sealed record AccountStatusDocument(
    FetchState State,
    DateTimeOffset? LastFetchAt,
    DateTimeOffset? NextFetchAt,
    string? LastError,
    long Fetched,
    int ConsecutiveFailures,
    IReadOnlyDictionary<string, FolderPositionDocument> Folders)
{
    internal static AccountStatusDocument Of(AccountStatus s) => new(
        s.State, s.LastFetchAt, s.NextFetchAt, s.LastError, s.Fetched, s.ConsecutiveFailures,
        s.Folders.ToDictionary(f => f.Key, f => new FolderPositionDocument(f.Value.UidValidity, f.Value.LastUid), StringComparer.Ordinal));
}

public sealed record FolderPositionDocument(uint UidValidity, uint LastUid);
