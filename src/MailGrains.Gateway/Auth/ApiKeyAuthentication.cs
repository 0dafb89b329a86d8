using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using MailGrains.Tenants;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace MailGrains.Gateway.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c>: the operator key from configuration, or a tenant admin key
/// verified against the salted hash its tenant grain keeps. Keys never reach a log.
/// </summary>
internal sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<GatewayOptions> gateway,
    IClusterClient cluster) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var key = header["Bearer ".Length..].Trim();
        if (IsOperatorKey(key))
        {
            return Success(new Claim(ClaimTypes.Role, Roles.Operator));
        }

        if (AdminKeyFormat.TryParse(key, out var tenantId, out var keyId, out var secret)
            && await cluster.GetGrain<ITenantGrain>(tenantId).VerifyKeyAsync(keyId, secret))
        {
            return Success(new Claim(ClaimTypes.Role, Roles.TenantAdmin), new Claim(Roles.TenantClaim, tenantId), new Claim(Roles.KeyIdClaim, keyId));
        }

        return AuthenticateResult.Fail("Unknown or revoked key.");
    }

    private bool IsOperatorKey(string key)
        => CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(key)),
            SHA256.HashData(Encoding.UTF8.GetBytes(gateway.Value.OperatorKey)));

    private static AuthenticateResult Success(params Claim[] claims)
        => AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
}
