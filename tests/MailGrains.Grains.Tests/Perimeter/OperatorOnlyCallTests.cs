using System.Collections.Concurrent;
using System.Reflection;
using MailGrains.Perimeter;
using MailGrains.Tenants;
using MailGrains.Testing;

namespace MailGrains.Grains.Tests.Perimeter;

/// <summary>
/// A client (<c>cluster.Client</c>, as the gateway is one) creates or deletes a tenant and mints, lists or revokes its
/// keys only with the operator key whose hash the silos hold; a holder of the cluster certificate alone cannot. Grains
/// call the same methods freely, and the key goes no further than the silo it was sent to.
/// </summary>
[Collection(SharedClusters.Faults)]
public sealed class OperatorOnlyCallTests(OneSiloCluster cluster)
{
    [Fact]
    public async Task AClientWithoutTheOperatorKeyCanNeitherCreateATenantNorMintOrRevokeItsKeys()
    {
        var tenantId = FreshNames.TenantId();
        var tenant = cluster.Client.GetGrain<ITenantGrain>(tenantId);

        var refusals = new List<UnauthorizedAccessException>
        {
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => tenant.UpsertAsync("Not by the operator")),
        };
        Assert.Null(await tenant.GetAsync());

        await TestOperator.ActAsync(() => tenant.UpsertAsync("By the operator"));
        var issued = (await TestOperator.ActAsync(tenant.IssueKeyAsync)).Key!;
        refusals.Add(await Assert.ThrowsAsync<UnauthorizedAccessException>(tenant.IssueKeyAsync));
        refusals.Add(await Assert.ThrowsAsync<UnauthorizedAccessException>(tenant.ListKeysAsync));
        refusals.Add(await Assert.ThrowsAsync<UnauthorizedAccessException>(() => tenant.RevokeKeyAsync(issued.KeyId)));
        refusals.Add(await Assert.ThrowsAsync<UnauthorizedAccessException>(tenant.DeleteAsync));

        Assert.All(refusals, r => Assert.Contains("acts for the operator and it carried no operator key", r.Message, StringComparison.Ordinal));
        var keys = await TestOperator.ActAsync(tenant.ListKeysAsync);
        Assert.Equal([issued.KeyId], keys.Select(k => k.KeyId));
        Assert.False((await tenant.GetAsync())!.Deleting);
        Assert.True(await tenant.VerifyKeyAsync(issued.KeyId, AdminKeyFormat.TryParse(issued.Key, out _, out _, out var secret) ? secret : ""));
    }

    [Fact]
    public async Task AnotherKeyIsRefusedAndTheRightOneWorks()
    {
        var tenant = cluster.Client.GetGrain<ITenantGrain>(FreshNames.TenantId());
        await TestOperator.ActAsync(() => tenant.UpsertAsync("Keys"));

        foreach (var wrong in new[] { "", TestOperator.Key + "x", TestOperator.Key.ToUpperInvariant(), OperatorProof.Sha256Hex(TestOperator.Key) })
        {
            OperatorProof.Attach(wrong);
            var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(tenant.IssueKeyAsync);
            OperatorProof.Detach();
            Assert.Contains("it carried another key", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(TestOperator.Key, refused.Message, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Empty(await TestOperator.ActAsync(tenant.ListKeysAsync));
        var issued = await TestOperator.ActAsync(tenant.IssueKeyAsync);
        Assert.NotNull(issued.Key);
        Assert.True(await TestOperator.ActAsync(() => tenant.RevokeKeyAsync(issued.Key.KeyId)));
        Assert.True(await TestOperator.ActAsync(tenant.DeleteAsync));
    }

    [Fact]
    public void EveryTenantMethodOfAnOperatorRouteIsOperatorOnly()
    {
        var marked = typeof(ITenantGrain).GetMethods().Where(m => m.IsDefined(typeof(OperatorOnlyAttribute))).Select(m => m.Name).Order();

        Assert.Equal(
            [nameof(ITenantGrain.DeleteAsync), nameof(ITenantGrain.IssueKeyAsync), nameof(ITenantGrain.ListKeysAsync), nameof(ITenantGrain.RevokeKeyAsync), nameof(ITenantGrain.UpsertAsync)],
            marked);
        Assert.True(typeof(ITenantRegistryGrain).GetMethod(nameof(ITenantRegistryGrain.RegisterAsync))!.IsDefined(typeof(SiloInternalAttribute)));
        Assert.True(typeof(ITenantRegistryGrain).GetMethod(nameof(ITenantRegistryGrain.UnregisterAsync))!.IsDefined(typeof(SiloInternalAttribute)));
    }
}

/// <summary>The operator key stops at the silo: the calls the tenant grain makes in turn (to the registry) do not carry it.</summary>
public sealed class OperatorKeyStopsAtTheSiloTests
{
    [Fact]
    public async Task TheGrainsCallsOnwardDoNotCarryTheOperatorKey()
    {
        var onward = new ConcurrentBag<(string Method, bool CarriedKey)>();
        await using var storage = new TestStorage();
        await using var cluster = TestClusterFactory.Create(storage, configureSilo: silo => silo.AddOutgoingGrainCallFilter(call =>
        {
            onward.Add((call.MethodName, RequestContext.Get(OperatorProof.ContextKey) is not null));
            return call.Invoke();
        }));
        await cluster.DeployAsync();
        var tenant = cluster.Client.GetGrain<ITenantGrain>(FreshNames.TenantId());

        await TestOperator.ActAsync(() => tenant.UpsertAsync("Onward calls"));
        await TestOperator.ActAsync(tenant.DeleteAsync);

        Assert.Contains(onward, c => c.Method.Contains("Register", StringComparison.Ordinal));
        Assert.DoesNotContain(onward, c => c.CarriedKey);
    }
}
