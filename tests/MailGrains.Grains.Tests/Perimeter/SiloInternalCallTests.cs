using System.Reflection;
using MailGrains.Accounts;
using MailGrains.Grains.Accounts;
using MailGrains.Perimeter;
using MailGrains.Grains.Secrets;
using MailGrains.Tenants;
using MailGrains.Testing;
using MailGrains.Users;

namespace MailGrains.Grains.Tests.Perimeter;

/// <summary>
/// A grain method marked <see cref="SiloInternalAttribute"/> answers grains but refuses a client connection
/// (<c>cluster.Client</c> is one, as the gateway is); every grain method whose result carries encrypted credentials or
/// admin-key hashes and salts is marked.
/// </summary>
[Collection(SharedClusters.Faults)]
public sealed class SiloInternalCallTests(OneSiloCluster cluster)
{
    [Fact]
    public async Task AClientAskingForAnAccountsEncryptedCredentialsIsRefusedWhileAGrainGetsThem()
    {
        var accountKey = await AccountWithPasswordsAsync();

        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(
            () => cluster.Client.GetGrain<IAccountServerAccess>(accountKey).GetServerAccessAsync());
        // The account server grain reads the same method grain to grain, then tries the logins.
        var tested = await cluster.Client.GetGrain<IAccountServerGrain>(accountKey).TestConnectionsAsync();

        Assert.Contains("GetServerAccess", refused.Message, StringComparison.Ordinal);
        Assert.Contains("client connection is refused", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(tested);
    }

    [Fact]
    public void EveryGrainMethodWhoseResultCarriesEncryptedSecretsOrKeyHashesIsSiloInternal()
    {
        var carrying = GrainMethods().Where(m => Carries(m.ReturnType, typeof(EncryptedSecret), []) || Carries(m.ReturnType, typeof(MailGrains.Grains.Tenants.AdminKeyHash), [])).ToList();

        Assert.Contains(carrying, m => m.Name == nameof(IAccountServerAccess.GetServerAccessAsync));
        Assert.All(carrying, m => Assert.True(m.IsDefined(typeof(SiloInternalAttribute)), $"{m.DeclaringType!.Name}.{m.Name} is not [SiloInternal]"));
    }

    private async Task<string> AccountWithPasswordsAsync()
    {
        var tenantId = FreshNames.TenantId();
        var tenant = cluster.Client.GetGrain<ITenantGrain>(tenantId);
        await TestOperator.ActAsync(() => tenant.UpsertAsync("Silo-internal calls"));
        await tenant.PutUserAsync("anna", new UserProfile("Anna", "anna@example.test", "AA", false, Signature.None));
        var input = Sending.SendingAccount.WithSubmissionLogin("anna", "a-password-only-silos-may-read");
        Assert.NotNull((await cluster.Client.GetGrain<IAccountWriterGrain>(tenantId).PutAsync("sales", input)).View);
        return GrainKeys.Scoped(tenantId, "sales");
    }

    private static IEnumerable<MethodInfo> GrainMethods()
        => new[] { typeof(IMailAccountGrain).Assembly, typeof(IAccountServerAccess).Assembly }.SelectMany(a => a.GetTypes())
            .Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t) && t.Namespace?.StartsWith("MailGrains", StringComparison.Ordinal) == true)
            .SelectMany(t => t.GetMethods());

    private static bool Carries(Type type, Type wanted, HashSet<Type> seen)
        => type == wanted
            || (seen.Add(type) && !type.IsPrimitive && type != typeof(string)
                && ((type.IsArray && Carries(type.GetElementType()!, wanted, seen))
                    || (type.IsGenericType && type.GetGenericArguments().Any(a => Carries(a, wanted, seen)))
                    || (type.Namespace?.StartsWith("System", StringComparison.Ordinal) != true
                        && type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).Any(p => Carries(p.PropertyType, wanted, seen)))));
}
