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
/// verified against the salted hash its tenant grain keeps. Runs only for routes that need a key. A key for a
/// tenant that does not exist is refused from <see cref="KnownTenants"/>, without a grain call; a key verified
/// a moment ago is taken from <see cref="VerifiedKeys"/>. Keys never reach a log; refusals are logged with the
/// tenant and key id.
/// </summary>
internal sealed partial class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<GatewayOptions> gateway,
    KnownTenants knownTenants,
    VerifiedKeys verifiedKeys,
    IClusterClient cluster) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerKey(Request) is not { } key)
        {
            return AuthenticateResult.NoResult();
        }

        if (IsOperatorKey(key, gateway.Value.OperatorKey))
        {
            return Success(new Claim(ClaimTypes.Role, Roles.Operator));
        }

        if (!AdminKeyFormat.TryParse(key, out var tenantId, out var keyId, out var secret))
        {
            LogMalformedKey(Logger, Request.Path);
            return AuthenticateResult.Fail("Unknown or revoked key.");
        }

        if (verifiedKeys.Contains(key))
        {
            return TenantAdmin(tenantId, keyId);
        }

        if (!await knownTenants.ContainsAsync(tenantId, Context.RequestAborted))
        {
            LogRefusedKey(Logger, tenantId, Printable(keyId), "no such tenant");
            return AuthenticateResult.Fail("Unknown or revoked key.");
        }

        if (await cluster.GetGrain<ITenantGrain>(tenantId).VerifyKeyAsync(keyId, secret))
        {
            verifiedKeys.Add(key, tenantId);
            return TenantAdmin(tenantId, keyId);
        }

        LogRefusedKey(Logger, tenantId, Printable(keyId), "unknown key or wrong secret");
        return AuthenticateResult.Fail("Unknown or revoked key.");
    }

    /// <summary>The bearer token of <paramref name="request"/>, or null.</summary>
    internal static string? BearerKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    internal static bool IsOperatorKey(string key, string operatorKey)
        => CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(key)),
            SHA256.HashData(Encoding.UTF8.GetBytes(operatorKey)));

    /// <summary>The key id as it may be logged: ids are short hex, anything else is somebody's guess.</summary>
    private static string Printable(string keyId) => Ids.IsValid(keyId) ? keyId : "(malformed)";

    private static AuthenticateResult TenantAdmin(string tenantId, string keyId)
        => Success(new Claim(ClaimTypes.Role, Roles.TenantAdmin), new Claim(Roles.TenantClaim, tenantId), new Claim(Roles.KeyIdClaim, keyId));

    private static AuthenticateResult Success(params Claim[] claims)
        => AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a key for tenant {TenantId}, key id {KeyId}: {Reason}")]
    private static partial void LogRefusedKey(ILogger logger, string tenantId, string keyId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a malformed key on {Path}")]
    private static partial void LogMalformedKey(ILogger logger, PathString path);
}
