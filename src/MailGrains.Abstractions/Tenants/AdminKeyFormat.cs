namespace MailGrains.Tenants;

/// <summary>
/// A tenant admin key reads <c>mgk_{tenantId}_{keyId}_{secret}</c>: the tenant and key id say where to
/// verify it, the 256-bit secret (hex) is what only the holder knows. Tenant ids have no underscore.
/// </summary>
public static class AdminKeyFormat
{
    public const string Prefix = "mgk";

    public static string Compose(string tenantId, string keyId, string secret) => $"{Prefix}_{tenantId}_{keyId}_{secret}";

    public static bool TryParse(string? key, out string tenantId, out string keyId, out string secret)
    {
        tenantId = keyId = secret = "";
        var parts = key?.Split('_');
        if (parts is not [Prefix, var tenant, var id, var s] || !Ids.IsValid(tenant) || id.Length == 0 || s.Length == 0)
        {
            return false;
        }

        (tenantId, keyId, secret) = (tenant, id, s);
        return true;
    }
}
