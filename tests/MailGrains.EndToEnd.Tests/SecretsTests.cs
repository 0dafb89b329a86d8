using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MailGrains.EndToEnd.Tests.Api;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests;

/// <summary>Mail passwords and API keys are write-only: never in a response, in storage or in a log.</summary>
public sealed class SecretsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task PasswordsAndKeysAppearInNoResponseNoStoredRowAndNoLogLine()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var incoming = "in-" + Guid.NewGuid().ToString("N");
        var outgoing = "out-" + Guid.NewGuid().ToString("N");
        var document = AccountDocuments.CompleteImap("anna", incoming);
        document["server"]!["outgoing"]!["userName"] = "relay-user";
        document["server"]!["outgoing"]!["password"] = outgoing;

        var responses = new List<string>
        {
            await Send(tenant.Admin.PutAsJsonAsync("/v1/accounts/sales", document)),
            await Send(tenant.Admin.PatchAsync("/v1/accounts/sales", JsonContent.Create(new { general = new { receiveEnabled = true } }))),
            await Send(tenant.Admin.GetAsync("/v1/accounts/sales")),
            await Send(tenant.Admin.GetAsync("/v1/accounts")),
            await Send(tenant.Admin.PutAsJsonAsync("/v1/accounts/broken", new JsonObject { ["general"] = new JsonObject { ["email"] = "x" }, ["server"] = new JsonObject { ["incoming"] = new JsonObject { ["password"] = incoming } } })),
        };

        var shown = JsonNode.Parse(responses[2])!;
        Assert.True(shown["server"]!["incoming"]!["hasPassword"]!.GetValue<bool>());
        Assert.True(shown["server"]!["outgoing"]!["hasPassword"]!.GetValue<bool>());
        Assert.True(shown["general"]!["receiveEnabled"]!.GetValue<bool>());
        Assert.Null(shown["server"]!["incoming"]!["password"]);

        var secrets = new[] { incoming, outgoing, tenant.Key, tenant.Key.Split('_')[^1], api.OperatorKey };
        Assert.True(await StorageScan.CountRowsAsync(api.Storage) > 0, "the scan must read the stored rows");
        foreach (var secret in secrets)
        {
            Assert.All(responses, body => Assert.DoesNotContain(secret, body, StringComparison.Ordinal));
            Assert.Empty(await StorageScan.FindAsync(api.Storage, secret));
            Assert.DoesNotContain(api.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        }

        Assert.NotEmpty(api.Logs.Lines);
    }

    [Fact]
    public async Task AnAccountWithoutOutgoingCredentialsSendsNoAuthAndShowsNoPassword()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");

        var account = await (await tenant.Admin.PutAsJsonAsync("/v1/accounts/relay", AccountDocuments.CompleteImap("anna"))).Content.ReadFromJsonAsync<JsonElement>();

        var outgoingServer = account.GetProperty("server").GetProperty("outgoing");
        Assert.Equal(JsonValueKind.Null, outgoingServer.GetProperty("userName").ValueKind);
        Assert.False(outgoingServer.GetProperty("hasPassword").GetBoolean());
    }

    private static async Task<string> Send(Task<HttpResponseMessage> request)
    {
        var response = await request;
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
