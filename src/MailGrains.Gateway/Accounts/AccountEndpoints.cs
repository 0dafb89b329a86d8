using System.Security.Claims;
using System.Text.Json;
using MailGrains.Accounts;
using MailGrains.Gateway.Api;
using MailGrains.Gateway.Auth;
using MailGrains.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace MailGrains.Gateway.Accounts;

/// <summary>Tenant admin routes for mail-account configuration.</summary>
internal static class AccountEndpoints
{
    /// <summary>How often a merge patch is re-applied when another write got in between.</summary>
    private const int PatchAttempts = 3;

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder endpoints)
    {
        var accounts = endpoints.MapGroup("/v1/accounts").WithTags("Accounts").RequireAuthorization(Roles.TenantAdmin);
        accounts.MapPut("/{accountId}", PutAsync)
            .Accepts<AccountDocument>("application/json")
            .Produces<AccountDocument>(StatusCodes.Status200OK)
            .Produces<AccountDocument>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        accounts.MapPatch("/{accountId}", PatchAsync)
            .Accepts<AccountDocument>("application/merge-patch+json", "application/json")
            .Produces<AccountDocument>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        accounts.MapGet("/", ListAsync);
        accounts.MapGet("/{accountId}", GetAsync).Produces<AccountDocument>().ProducesProblem(StatusCodes.Status404NotFound);
        accounts.MapDelete("/{accountId}", DeleteAsync);
        return endpoints;
    }

    private static async Task<IResult> PutAsync(string accountId, HttpRequest request, ClaimsPrincipal caller, IClusterClient cluster, OutboundAccountRules outbound)
    {
        var errors = new ValidationErrors().RequireId("accountId", accountId);
        var body = await JsonBody.ReadAsync<AccountDocument>(request);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        return await WriteAsync(accountId, body.Value!, body.Sent!, expectedVersion: null, errors, caller, cluster, outbound);
    }

    private static async Task<IResult> PatchAsync(string accountId, HttpRequest request, ClaimsPrincipal caller, IClusterClient cluster, IOptions<JsonOptions> json, OutboundAccountRules outbound)
    {
        if (!Ids.IsValid(accountId) || await Account(cluster, caller, accountId).GetAsync() is not { } current)
        {
            return AccountNotFound(accountId);
        }

        var body = await JsonBody.ReadAsync<AccountDocument>(request, CurrentDocument(current, json.Value));
        for (var attempt = 1; ; attempt++)
        {
            if (body.Problem is { } problem)
            {
                return problem;
            }

            var result = await WriteAsync(accountId, body.Value!, body.Sent!, current.Version, new ValidationErrors(), caller, cluster, outbound);
            if (result is not Conflict || attempt == PatchAttempts)
            {
                return result is Conflict ? ConcurrentChange(accountId) : result;
            }

            // Another write got in between: apply the same patch to the newer account.
            if (await Account(cluster, caller, accountId).GetAsync() is not { } newer)
            {
                return AccountNotFound(accountId);
            }

            current = newer;
            body = JsonBody.Reapply<AccountDocument>(body, CurrentDocument(current, json.Value), json.Value.SerializerOptions);
        }
    }

    private static async Task<IResult> WriteAsync(
        string accountId, AccountDocument document, System.Text.Json.Nodes.JsonObject sent, long? expectedVersion,
        ValidationErrors errors, ClaimsPrincipal caller, IClusterClient cluster, OutboundAccountRules outbound)
    {
        if (outbound.Check(document, AccountValidator.Validate(document, errors)).Any)
        {
            return errors.ToProblem();
        }

        var input = new AccountInput(
            AccountDocumentMapper.ToSettings(document),
            AccountDocumentMapper.PasswordChange(sent, "incoming"),
            AccountDocumentMapper.PasswordChange(sent, "outgoing"),
            expectedVersion);
        var result = await cluster.GetGrain<IAccountWriterGrain>(caller.TenantId()).PutAsync(accountId, input);
        return result.Outcome switch
        {
            AccountWriteOutcome.Created => TypedResults.Created($"/v1/accounts/{accountId}", AccountDocumentMapper.ToDocument(result.View!)),
            AccountWriteOutcome.Updated => TypedResults.Ok(AccountDocumentMapper.ToDocument(result.View!)),
            AccountWriteOutcome.Invalid => new ValidationErrors().AddAll(result.Errors).ToProblem(),
            AccountWriteOutcome.Incomplete => TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Receiving cannot be enabled yet",
                detail: "Set the incoming server, user name and password, then enable receiving.",
                extensions: new Dictionary<string, object?> { ["errors"] = result.Errors }),
            AccountWriteOutcome.VersionConflict => new Conflict(),
            AccountWriteOutcome.QuotaReached => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The tenant's account quota is reached",
                detail: string.Join(" ", result.Errors.Values.SelectMany(e => e)),
                extensions: new Dictionary<string, object?> { ["errors"] = result.Errors }),
            _ => throw new InvalidOperationException($"Unexpected outcome {result.Outcome}."),
        };
    }

    private static async Task<IResult> ListAsync([System.ComponentModel.Description("Entries per page, 1 to 1000; the whole list when left out.")] string? limit, string? after, HttpContext http, ClaimsPrincipal caller, IClusterClient cluster)
    {
        var (ids, problem) = ListPage.Select(await cluster.GetGrain<ITenantGrain>(caller.TenantId()).ListAccountsAsync(), limit, after, http);
        return problem ?? TypedResults.Ok(await ListFanOut.LoadAsync(ids!, id => Account(cluster, caller, id).GetAsync(), (_, view) => AccountDocumentMapper.ToDocument(view)));
    }

    private static async Task<IResult> GetAsync(string accountId, ClaimsPrincipal caller, IClusterClient cluster)
        => Ids.IsValid(accountId) && await Account(cluster, caller, accountId).GetAsync() is { } view
            ? TypedResults.Ok(AccountDocumentMapper.ToDocument(view))
            : AccountNotFound(accountId);

    private static async Task<IResult> DeleteAsync(string accountId, ClaimsPrincipal caller, IClusterClient cluster)
        => Ids.IsValid(accountId) && await cluster.GetGrain<IAccountWriterGrain>(caller.TenantId()).DeleteAsync(accountId)
            ? TypedResults.NoContent()
            : AccountNotFound(accountId);

    private static System.Text.Json.Nodes.JsonNode CurrentDocument(AccountView view, JsonOptions json)
        => JsonSerializer.SerializeToNode(AccountDocumentMapper.ToDocument(view), json.SerializerOptions)!;

    private static IMailAccountGrain Account(IClusterClient cluster, ClaimsPrincipal caller, string accountId)
        => cluster.GetGrain<IMailAccountGrain>(GrainKeys.Scoped(caller.TenantId(), accountId));

    private static ProblemHttpResult AccountNotFound(string accountId)
        => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such account", detail: $"There is no account '{accountId}'.");

    private static ProblemHttpResult ConcurrentChange(string accountId)
        => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The account keeps changing", detail: $"Account '{accountId}' was changed by other requests while this patch was applied; try again.");

    /// <summary>Marks a lost optimistic-concurrency race inside this class; never sent to a client.</summary>
    private sealed class Conflict : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => throw new InvalidOperationException("A version conflict is retried, not answered.");
    }
}
