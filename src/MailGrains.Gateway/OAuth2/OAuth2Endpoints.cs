using System.Buffers.Text;
using System.Security.Cryptography;
using MailGrains.Accounts;
using MailGrains.Gateway.Api;
using MailGrains.Gateway.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MailGrains.Gateway.OAuth2;

/// <summary>
/// Tenant admin routes of OAuth2 sign-in to mail servers: the operator's providers, the consent flow's start, a
/// refresh token set directly by a backend, and disconnecting. Tokens are write-only: no answer ever holds one.
/// </summary>
internal static class OAuth2Endpoints
{
    public static IEndpointRouteBuilder MapOAuth2(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/v1/oauth2").WithTags("OAuth2").RequireAuthorization(Roles.TenantAdmin)
            .MapGet("/providers", ProvidersAsync);
        var account = endpoints.MapGroup("/v1/accounts/{accountId:mgid}/oauth2").WithTags("OAuth2").RequireAuthorization(Roles.TenantAdmin);
        account.MapPost("/authorize", AuthorizeAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        account.MapPut("/", PutAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        account.MapDelete("/", DeleteAsync).ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<Ok<OAuth2ProviderDocument[]>> ProvidersAsync(IClusterClient cluster)
        => TypedResults.Ok((await cluster.GetGrain<IOAuth2ProvidersGrain>(0).ListAsync()).Select(OAuth2ProviderDocument.From).ToArray());

    /// <summary>
    /// Starts a consent: the answer's <c>url</c> is the provider's consent page, where the admin's browser goes; the
    /// provider sends it back to <c>/v1/oauth2/callback</c>, which connects the account.
    /// </summary>
    private static async Task<Results<Ok<OAuth2AuthorizeResponse>, ValidationProblem, ProblemHttpResult>> AuthorizeAsync(
        string accountId, OAuth2AuthorizeRequest request, [AsParameters] TenantScope scope)
    {
        var consentId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(OAuth2Callback.ConsentIdBytes));
        var start = await scope.Cluster.GetGrain<IOAuth2ConsentGrain>(consentId).StartAsync(scope.TenantId, accountId, request.Provider!);
        return start.Outcome switch
        {
            OAuth2ConsentStartOutcome.Started => TypedResults.Ok(new OAuth2AuthorizeResponse(start.AuthorizationUrl!)),
            OAuth2ConsentStartOutcome.NotFound => Problems.NoSuchAccount(accountId),
            OAuth2ConsentStartOutcome.UnknownProvider => UnknownProvider(request.Provider!),
            _ => ProviderUnavailable(start.Error),
        };
    }

    private static async Task<Results<Ok<OAuth2ConnectionDocument>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string accountId, OAuth2GrantRequest request, [AsParameters] TenantScope scope)
    {
        var result = await scope.Account(accountId).ConnectOAuth2Async(
            new OAuth2GrantInput(request.Provider!, request.RefreshToken!, null, null, null));
        return result.Outcome switch
        {
            OAuth2ConnectOutcome.Connected => TypedResults.Ok(OAuth2ConnectionDocument.From(result.Connection)!),
            OAuth2ConnectOutcome.NotFound => Problems.NoSuchAccount(accountId),
            OAuth2ConnectOutcome.UnknownProvider => UnknownProvider(request.Provider!),
            OAuth2ConnectOutcome.Refused => Problems.Status(
                StatusCodes.Status422UnprocessableEntity,
                "The provider refused the refresh token",
                result.Error ?? "The provider answered invalid_grant: the token is revoked, expired or not its own. The account is unchanged.",
                new Dictionary<string, string[]> { ["refreshToken"] = ["Refused by the provider."] }),
            _ => ProviderUnavailable(result.Error),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string accountId, [AsParameters] TenantScope scope)
    {
        var account = scope.Account(accountId);
        if (await account.GetAsync() is null)
        {
            return Problems.NoSuchAccount(accountId);
        }

        return await account.DisconnectOAuth2Async()
            ? TypedResults.NoContent()
            : Problems.NotFound("Not connected", $"Account '{accountId}' has no OAuth2 connection.");
    }

    private static ValidationProblem UnknownProvider(string provider)
        => Problems.Invalid("provider", $"There is no provider '{TextRules.Printable(provider)}'; GET /v1/oauth2/providers lists the configured ones.");

    private static ProblemHttpResult ProviderUnavailable(string? error)
        => Problems.Status(StatusCodes.Status502BadGateway, "The OAuth2 provider could not be asked", error ?? "Try again later.");
}
