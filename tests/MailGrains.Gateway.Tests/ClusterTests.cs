using System.Net.Http.Json;
using System.Text.Json;
using MailGrains.Gateway.Tests.Api;

namespace MailGrains.Gateway.Tests;

/// <summary>The operator sees the cluster's silos and what runs on them; an account says where it runs.</summary>
public sealed class ClusterTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task TheClusterListsItsActiveSiloWithTheAccountsItHostsAndTheAccountNamesThatSilo()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        (await tenant.Admin.PutAsJsonAsync("/v1/accounts/sales", AccountDocuments.CompleteImap("anna"))).EnsureSuccessStatusCode();
        var status = await tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts/sales/status");
        using var op = api.Operator();

        var cluster = await op.GetFromJsonAsync<JsonElement>("/v1/cluster");

        var silo = Assert.Single(cluster.GetProperty("silos").EnumerateArray(), s => s.GetProperty("status").GetString() == "active");
        Assert.Equal(silo.GetProperty("address").GetString(), status.GetProperty("silo").GetString());
        Assert.True(silo.GetProperty("activations").GetProperty("MailAccountGrain").GetInt32() >= 1, silo.ToString());
        Assert.True(silo.GetProperty("activations").GetProperty("TenantGrain").GetInt32() >= 1, silo.ToString());
    }
}
