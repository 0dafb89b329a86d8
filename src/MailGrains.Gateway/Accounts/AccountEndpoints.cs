using System.Text.Json;
using System.Text.Json.Nodes;
using MailGrains.Accounts;
using MailGrains.Gateway.Api;
using MailGrains.Gateway.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using FromHeader = Microsoft.AspNetCore.Mvc.FromHeaderAttribute;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using static MailGrains.Gateway.Accounts.AccountDocumentMapper;
using Written = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Ok<MailGrains.Gateway.Accounts.AccountDocument>,
    Microsoft.AspNetCore.Http.HttpResults.Created<MailGrains.Gateway.Accounts.AccountDocument>,
    Microsoft.AspNetCore.Http.HttpResults.ValidationProblem,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>;

namespace MailGrains.Gateway.Accounts;

/// <summary>Tenant admin routes for mail-account configuration.</summary>
internal static class AccountEndpoints
{
    /// <summary>How often a merge patch without If-Match is applied again when another write got in between.</summary>
    private const int PatchAttempts = 3;

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder endpoints)
    {
        var accounts = endpoints.MapGroup("/v1/accounts").WithTags("Accounts").RequireAuthorization(Roles.TenantAdmin);
        accounts.MapPut("/{accountId}", PutAsync)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        accounts.MapPatch("/{accountId:mgid}", PatchAsync)
            .Accepts<AccountDocument>("application/merge-patch+json", "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        accounts.MapGet("/", ListAsync);
        accounts.MapGet("/{accountId:mgid}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        accounts.MapDelete("/{accountId:mgid}", DeleteAsync);
        return endpoints;
    }

    private static async Task<Written> PutAsync(
        [MailGrainsId] string accountId, AccountDocument document, [FromHeader(Name = "If-Match")] string? ifMatch,
        [AsParameters] TenantScope scope, OutboundAccountRules outbound, HttpResponse response)
    {
        if (!AccountETag.TryParse(ifMatch, out var tags))
        {
            return Problems.Invalid(HeaderNames.IfMatch, AccountETag.IfMatchRule);
        }

        long? expectedVersion = null;
        if (tags is not null)
        {
            expectedVersion = (await scope.Account(accountId).GetAsync())?.Version;
            if (!AccountETag.Matches(tags, expectedVersion))
            {
                return PreconditionFailed(accountId);
            }
        }

        if (outbound.Check(document) is { Count: > 0 } refused)
        {
            return Problems.Invalid(refused);
        }

        var result = await scope.AccountWriter.PutAsync(accountId, ToInput(document, expectedVersion));
        return result.Outcome switch
        {
            AccountWriteOutcome.Created => TypedResults.Created(
                $"/v1/accounts/{accountId}", Shown(result.View!, response)),
            AccountWriteOutcome.Updated => TypedResults.Ok(Shown(result.View!, response)),
            AccountWriteOutcome.Invalid => Problems.Invalid(result.Errors),
            _ => Refused(accountId, result),
        };
    }

    /// <summary>
    /// Applies a merge patch to the account as it is. With If-Match the account must still be at that version
    /// (else 412); without, a write that got in between is met by applying the patch again to the newer account.
    /// </summary>
    private static async Task<Results<Ok<AccountDocument>, ValidationProblem, ProblemHttpResult>> PatchAsync(
        string accountId, MergePatch patch, [FromHeader(Name = "If-Match")] string? ifMatch,
        [AsParameters] TenantScope scope, OutboundAccountRules outbound, IOptions<JsonOptions> json,
        IServiceProvider services, HttpResponse response)
    {
        if (!AccountETag.TryParse(ifMatch, out var tags))
        {
            return Problems.Invalid(HeaderNames.IfMatch, AccountETag.IfMatchRule);
        }

        for (var attempt = 1; ; attempt++)
        {
            if (await scope.Account(accountId).GetAsync() is not { } current)
            {
                return Problems.NoSuchAccount(accountId);
            }

            if (tags is not null && !AccountETag.Matches(tags, current.Version))
            {
                return PreconditionFailed(accountId);
            }

            AccountDocument document;
            try
            {
                document = Patched(current, patch, json.Value.SerializerOptions);
            }
            catch (JsonException ex)
            {
                return JsonErrors.Problem(ex);
            }

            var errors = await ApiValidation.ValidateAsync(document, services) ?? outbound.Check(document);
            if (errors.Count > 0)
            {
                return Problems.Invalid(errors);
            }

            var result = await scope.AccountWriter.PutAsync(accountId, ToInput(document, current.Version));
            if (result.Outcome == AccountWriteOutcome.VersionConflict && tags is null && attempt < PatchAttempts)
            {
                continue;
            }

            return result.Outcome switch
            {
                AccountWriteOutcome.Updated => TypedResults.Ok(Shown(result.View!, response)),
                AccountWriteOutcome.Invalid => Problems.Invalid(result.Errors),
                AccountWriteOutcome.VersionConflict when tags is null => Problems.Conflict(
                    "The account keeps changing",
                    $"Account '{accountId}' was changed by other requests while this patch was applied; try again."),
                _ => Refused(accountId, result),
            };
        }
    }

    private static async Task<Results<Ok<object[]>, ValidationProblem>> ListAsync(
        [System.ComponentModel.Description("Entries per page, 1 to 1000; the whole list when left out.")] string? limit,
        string? after, HttpContext http, [AsParameters] TenantScope scope)
    {
        var (ids, problem) = ListPage.Select(await scope.Tenant.ListAccountsAsync(), limit, after, http);
        return problem is not null
            ? problem
            : TypedResults.Ok(await ListFanOut.LoadAsync(ids!, id => scope.Account(id).GetAsync(),
                (_, view) => ToDocument(view)));
    }

    private static async Task<Results<Ok<AccountDocument>, ProblemHttpResult>> GetAsync(
        string accountId, [AsParameters] TenantScope scope, HttpResponse response)
        => await scope.Account(accountId).GetAsync() is { } view
            ? TypedResults.Ok(Shown(view, response))
            : Problems.NoSuchAccount(accountId);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string accountId, [AsParameters] TenantScope scope)
        => await scope.AccountWriter.DeleteAsync(accountId)
            ? TypedResults.NoContent()
            : Problems.NoSuchAccount(accountId);

    /// <summary>The account as the API shows it, with its version as the answer's ETag.</summary>
    private static AccountDocument Shown(AccountView view, HttpResponse response)
    {
        response.Headers.ETag = AccountETag.Of(view.Version);
        return ToDocument(view);
    }

    /// <summary>
    /// The account as it is with the patch laid over it. A null password means "remove it": merging drops the
    /// member, so it is carried into the merged document as an explicit null.
    /// </summary>
    private static AccountDocument Patched(AccountView current, MergePatch patch, JsonSerializerOptions options)
    {
        var merged = patch.ApplyTo(JsonSerializer.SerializeToNode(ToDocument(current), options)!.AsObject());
        foreach (var direction in (string[])["incoming", "outgoing"])
        {
            if (patch.Members["server"]?[direction] is JsonObject sent
                && sent.TryGetPropertyValue("password", out var password) && password is null
                && merged["server"]?[direction] is JsonObject target)
            {
                target["password"] = null;
            }
        }

        return merged.Deserialize<AccountDocument>(options) ?? throw new JsonException("The account document is null.");
    }

    private static ProblemHttpResult Refused(string accountId, AccountWriteResult result) => result.Outcome switch
    {
        AccountWriteOutcome.Incomplete => Problems.Status(
            StatusCodes.Status422UnprocessableEntity,
            "Receiving cannot be enabled yet",
            "Set the incoming server, user name and password, then enable receiving.",
            result.Errors),
        AccountWriteOutcome.VersionConflict => PreconditionFailed(accountId),
        AccountWriteOutcome.QuotaReached => Problems.Conflict(
            "The tenant's account quota is reached",
            string.Join(" ", result.Errors.Values.SelectMany(e => e)),
            result.Errors),
        _ => throw new InvalidOperationException($"Unexpected outcome {result.Outcome}."),
    };

    private static ProblemHttpResult PreconditionFailed(string accountId) => Problems.Status(
        StatusCodes.Status412PreconditionFailed,
        "The account has changed",
        $"Account '{accountId}' is not at the version of If-Match (or does not exist); read it again for its ETag.");
}
