using System.Net.Http.Json;
using System.Text.Json;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests;

/// <summary>The operator sees the cluster's silos and what runs on them (a tenant's account status does not say where it runs).</summary>
public sealed class ClusterTests(ClusterTests.NamedSiloFixture api) : IClassFixture<ClusterTests.NamedSiloFixture>
{
    [Fact]
    public async Task TheClusterListsItsActiveSiloByNameWithTheAccountsItHosts()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        (await tenant.Admin.PutAsJsonAsync("/v1/accounts/sales", AccountDocuments.CompleteImap("anna"))).EnsureSuccessStatusCode();
        (await tenant.Admin.GetAsync("/v1/accounts/sales/status")).EnsureSuccessStatusCode();
        using var op = api.Operator();

        var cluster = await op.GetFromJsonAsync<JsonElement>("/v1/cluster");

        var silo = Assert.Single(cluster.GetProperty("silos").EnumerateArray(), s => s.GetProperty("status").GetString() == "active");
        Assert.True(silo.GetProperty("activations").GetProperty("MailAccountGrain").GetInt32() >= 1, silo.ToString());
        Assert.True(silo.GetProperty("activations").GetProperty("TenantGrain").GetInt32() >= 1, silo.ToString());
        Assert.Equal(NamedSiloFixture.SiloName, silo.GetProperty("name").GetString());
    }

    /// <summary>The silo named as a Kubernetes pod names it (<c>MailGrains:Cluster:SiloName</c> from the pod's name).</summary>
    public sealed class NamedSiloFixture : ApiFixture
    {
        public const string SiloName = "mailgrains-silo-7d9f8b6c5-x2k4q";

        protected override IDictionary<string, string?> SiloSettings => new Dictionary<string, string?> { ["MailGrains:Cluster:SiloName"] = SiloName };
    }
}
