using System.Security.Claims;

namespace MailGrains.Gateway.Auth;

/// <summary>Who is calling: the operator, or an admin of exactly one tenant.</summary>
internal static class Roles
{
    public const string Operator = "operator";
    public const string TenantAdmin = "tenant-admin";
    public const string TenantClaim = "mailgrains:tenant";
    public const string KeyIdClaim = "mailgrains:key";

    /// <summary>The tenant of a tenant admin; every tenant route is confined to it.</summary>
    public static string TenantId(this ClaimsPrincipal user)
        => user.FindFirstValue(TenantClaim) ?? throw new InvalidOperationException("Not a tenant admin.");
}
