using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailGrains.EndToEnd.Tests.Api;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests;

/// <summary>Everything an admin configured is still there, unchanged, after the cluster restarts.</summary>
public sealed class RestartTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TenantsKeysUsersAndAccountsSurviveASiloRestart()
    {
        await using var storage = new TestStorage();
        var clusterId = FreshNames.ClusterId();
        var silo = await RealSilo.StartAsync(storage, clusterId);
        await using var gateway = new GatewayFactory(storage, clusterId);
        using var op = gateway.CreateClient();
        op.DefaultRequestHeaders.Authorization = new("Bearer", gateway.OperatorKey);
        (await op.PutAsJsonAsync("/v1/tenants/acme", new { name = "Acme" })).EnsureSuccessStatusCode();
        var key = (await (await op.PostAsync("/v1/tenants/acme/keys", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString();
        using var admin = gateway.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", key);
        (await admin.PutAsJsonAsync("/v1/users/anna", new { displayName = "Anna", email = "anna@example.test", tag = "AA" })).EnsureSuccessStatusCode();
        var document = AccountDocuments.CompleteImap("anna");
        document["advanced"]!["lastUids"] = new System.Text.Json.Nodes.JsonObject { ["INBOX"] = 42 };
        document["defaults"]!["permissions"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["userId"] = "anna", ["access"] = "write" });
        (await admin.PutAsJsonAsync("/v1/accounts/sales", document)).EnsureSuccessStatusCode();
        var before = await admin.GetStringAsync("/v1/accounts/sales");

        await silo.DisposeAsync();
        await using var restarted = await RealSilo.StartAsync(storage, clusterId);
        await Eventually.MatchesAsync(() => admin.GetAsync("/v1/accounts/sales"), r => r.StatusCode == HttpStatusCode.OK, s_patience, "the account after the restart");

        Assert.Equal(before, await admin.GetStringAsync("/v1/accounts/sales"));
        Assert.Contains("acme", await op.GetStringAsync("/v1/tenants"), StringComparison.Ordinal);
        Assert.Contains("\"anna\"", await admin.GetStringAsync("/v1/users"), StringComparison.Ordinal);
        Assert.Contains("\"sales\"", await admin.GetStringAsync("/v1/accounts"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync("/v1/users/anna")).StatusCode);
        var enabled = await admin.PatchAsync("/v1/accounts/sales", JsonContent.Create(new { general = new { receiveEnabled = true } }));
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
    }
}
