namespace MailGrains;

/// <summary>Grain keys carry the tenant: <c>{tenantId}/{id}</c>. Ids are <c>[a-z0-9-]{1,64}</c>, so the slash is unambiguous.</summary>
public static class GrainKeys
{
    public static string Scoped(string tenantId, string id) => $"{tenantId}/{id}";

    /// <summary>Splits a scoped key into tenant and id.</summary>
    public static (string TenantId, string Id) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? (key[..slash], key[(slash + 1)..]) : throw new ArgumentException($"'{key}' is not a tenant-scoped key.", nameof(key));
    }
}
