using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests;

/// <summary>Users and accounts refer to each other; the tenant keeps those references whole.</summary>
public sealed class DirectoryTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("owner")]
    [InlineData("sender")]
    [InlineData("permission")]
    public async Task AUserAnAccountNamesCannotBeDeletedAndTheConflictNamesTheAccount(string role)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.PutUserAsync("bob");
        var document = AccountDocuments.CompleteImap("anna");
        var named = role == "owner" ? "anna" : "bob";
        if (role == "sender")
        {
            document["defaults"]!["allowedSenders"] = new System.Text.Json.Nodes.JsonArray("bob");
        }
        else if (role == "permission")
        {
            document["defaults"]!["permissions"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["userId"] = "bob", ["access"] = "write" });
        }

        (await tenant.Admin.PutAsJsonAsync("/v1/accounts/sales", document)).EnsureSuccessStatusCode();

        var refused = await tenant.Admin.DeleteAsync($"/v1/users/{named}");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["sales"], problem.GetProperty("accounts").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await tenant.Admin.GetAsync($"/v1/users/{named}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Admin.DeleteAsync("/v1/accounts/sales")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Admin.DeleteAsync($"/v1/users/{named}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Admin.GetAsync($"/v1/users/{named}")).StatusCode);
    }

    [Fact]
    public async Task ADeletedAccountIsGoneAndItsIdCanBeUsedAgain()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        (await tenant.Admin.PutAsJsonAsync("/v1/accounts/sales", AccountDocuments.CompleteImap("anna"))).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Admin.DeleteAsync("/v1/accounts/sales")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Admin.GetAsync("/v1/accounts/sales")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Admin.DeleteAsync("/v1/accounts/sales")).StatusCode);
        Assert.Empty(await tenant.Admin.GetFromJsonAsync<JsonElement[]>("/v1/accounts") ?? []);
        var again = await tenant.Admin.PutAsJsonAsync("/v1/accounts/sales", AccountDocuments.CompleteImap("anna", incomingPassword: null));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var account = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(account.GetProperty("server").GetProperty("incoming").GetProperty("hasPassword").GetBoolean());
        Assert.Equal(1, account.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task TheOwnersTagIsAddedOnceAndKeptWhenTheAdminAlreadyListedIt()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna", tag: "AA");
        var document = AccountDocuments.CompleteImap("anna");
        document["defaults"]!["tags"] = new System.Text.Json.Nodes.JsonArray("AA", "vip");

        var account = await (await tenant.Admin.PutAsJsonAsync("/v1/accounts/sales", document)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(["AA", "vip"], account.GetProperty("defaults").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Sales", account.GetProperty("general").GetProperty("name").GetString());
    }
}
