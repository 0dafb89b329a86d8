using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests;

/// <summary>The operator manages tenants and their admin keys.</summary>
public sealed class TenantTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task PutCreatesThenRenamesAndTheListShowsTheTenant()
    {
        using var op = api.Operator();
        var id = "acme-" + Guid.NewGuid().ToString("N")[..8];

        var created = await op.PutAsJsonAsync($"/v1/tenants/{id}", new { name = "Acme" });
        var renamed = await op.PutAsJsonAsync($"/v1/tenants/{id}", new { name = "Acme Realty" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var tenants = await op.GetFromJsonAsync<JsonElement[]>("/v1/tenants");
        var tenant = Assert.Single(tenants!, t => t.GetProperty("id").GetString() == id);
        Assert.Equal("Acme Realty", tenant.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("Upper-Case", "{\"name\":\"x\"}", "tenantId")]
    [InlineData("under_score", "{\"name\":\"x\"}", "tenantId")]
    [InlineData("fine", "{\"name\":\"\"}", "name")]
    [InlineData("fine", "{}", "name")]
    public async Task ABadTenantIsRefusedNamingTheField(string id, string body, string field)
    {
        using var op = api.Operator();

        var response = await op.PutAsync($"/v1/tenants/{id}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {problem}");
    }

    [Fact]
    public async Task AnIssuedKeyIsShownOnceAndWorksForItsTenant()
    {
        using var tenant = await api.NewTenantAsync();

        Assert.StartsWith($"mgk_{tenant.TenantId}_{tenant.KeyId}_", tenant.Key, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await tenant.Admin.GetAsync("/v1/accounts")).StatusCode);
        using var op = api.Operator();
        var listed = await op.GetStringAsync($"/v1/tenants/{tenant.TenantId}/keys");
        Assert.Contains(tenant.KeyId, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(tenant.Key, listed, StringComparison.Ordinal);
    }
}
