using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests;

/// <summary>The defaults the account screen applies, as a tenant admin sees them through the API.</summary>
public sealed class AccountDefaultsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AMinimalAccountGetsTheOwnersNameAndTagTypeEAndStandardPorts()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna", tag: "AA");

        var response = await tenant.Admin.PutAsJsonAsync("/v1/accounts/sales", new
        {
            general = new { email = "sales@example.test" },
            defaults = new { ownerUserId = "anna" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var account = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("User anna", account.GetProperty("general").GetProperty("name").GetString());
        Assert.False(account.GetProperty("general").GetProperty("receiveEnabled").GetBoolean());
        Assert.Equal("E", account.GetProperty("defaults").GetProperty("activityType").GetString());
        Assert.Equal(["AA"], account.GetProperty("defaults").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("imap", account.GetProperty("server").GetProperty("incoming").GetProperty("protocol").GetString());
        Assert.Equal(["INBOX"], account.GetProperty("imap").GetProperty("folders").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(300, account.GetProperty("advanced").GetProperty("pollIntervalSeconds").GetInt32());
        Assert.Equal(143, account.GetProperty("advanced").GetProperty("resolvedIncomingPort").GetInt32());
        Assert.Equal(587, account.GetProperty("advanced").GetProperty("resolvedOutgoingPort").GetInt32());
        Assert.False(account.GetProperty("server").GetProperty("incoming").GetProperty("hasPassword").GetBoolean());
    }

    [Fact]
    public async Task TheOutgoingActivityTypeIsOptionalAndValidatedLikeTheIncomingOne()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");

        var unset = await (await tenant.Admin.PutAsJsonAsync("/v1/accounts/sales", new { general = new { email = "sales@example.test" }, defaults = new { ownerUserId = "anna" } })).Content.ReadFromJsonAsync<JsonElement>();
        var bad = await tenant.Admin.PutAsJsonAsync("/v1/accounts/sales", new { general = new { email = "sales@example.test" }, defaults = new { ownerUserId = "anna", outgoingActivityType = "not valid!" } });
        var set = await (await tenant.Admin.PutAsJsonAsync("/v1/accounts/sales", new { general = new { email = "sales@example.test" }, defaults = new { ownerUserId = "anna", outgoingActivityType = "EA" } })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(JsonValueKind.Null, unset.GetProperty("defaults").GetProperty("outgoingActivityType").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("defaults.outgoingActivityType", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("EA", set.GetProperty("defaults").GetProperty("outgoingActivityType").GetString());
    }
}
