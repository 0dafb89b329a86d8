using System.Net;
using System.Net.Http.Json;
using System.Text;
using MailGrains.EndToEnd.Tests.Api;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests;

/// <summary>Who may call what: no key or a wrong key is 401, the wrong kind of key is 403, another tenant's ids are 404.</summary>
public sealed class AuthenticationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>Every operator route, with a body where it takes one.</summary>
    public static TheoryData<string, string> OperatorRoutes => new()
    {
        { "PUT", "/v1/tenants/some-tenant" },
        { "GET", "/v1/tenants" },
        { "GET", "/v1/cluster" },
        { "GET", "/v1/tenants/some-tenant" },
        { "POST", "/v1/tenants/some-tenant/keys" },
        { "GET", "/v1/tenants/some-tenant/keys" },
        { "DELETE", "/v1/tenants/some-tenant/keys/some-key" },
    };

    /// <summary>Every tenant-admin route; <c>{user}</c> and <c>{account}</c> are filled in with existing ids.</summary>
    public static TheoryData<string, string> TenantRoutes => new()
    {
        { "PUT", "/v1/users/{user}" },
        { "GET", "/v1/users/{user}" },
        { "GET", "/v1/users" },
        { "DELETE", "/v1/users/{user}" },
        { "PUT", "/v1/accounts/{account}" },
        { "PATCH", "/v1/accounts/{account}" },
        { "GET", "/v1/accounts/{account}" },
        { "GET", "/v1/accounts" },
        { "DELETE", "/v1/accounts/{account}" },
        { "POST", "/v1/accounts/{account}/fetch" },
        { "POST", "/v1/accounts/{account}/messages" },
        { "GET", "/v1/accounts/{account}/status" },
        { "POST", "/v1/accounts/{account}/test" },
        { "GET", "/v1/accounts/{account}/server-folders" },
        { "GET", "/v1/users/{user}/activities" },
        { "GET", "/v1/users/{user}/activities/" + SomeActivityId },
        { "GET", "/v1/users/{user}/activities/" + SomeActivityId + "/raw" },
        { "POST", "/v1/users/{user}/activities/" + SomeActivityId + "/spam" },
        { "GET", "/v1/webhooks" },
        { "PUT", "/v1/webhooks/crm" },
        { "GET", "/v1/webhooks/crm" },
        { "DELETE", "/v1/webhooks/crm" },
        { "POST", "/v1/webhooks/crm/rotate-secret" },
        { "GET", "/v1/webhooks/crm/deliveries" },
        { "POST", "/v1/webhooks/crm/replay" },
    };

    private const string SomeActivityId = "0000000000000000000" + "0123456789abcdef0123456789abcdef";

    [Theory]
    [MemberData(nameof(OperatorRoutes))]
    [MemberData(nameof(TenantRoutes))]
    public async Task NoKeyOrAnUnknownKeyIsUnauthorized(string method, string route)
    {
        using var tenant = await api.NewTenantAsync();
        foreach (var key in new string?[] { null, "not-a-key", $"mgk_{tenant.TenantId}_{tenant.KeyId}_{new string('0', 64)}", api.OperatorKey + "x" })
        {
            using var http = api.Client(key);
            var response = await http.SendAsync(Request(method, Fill(route, "anna", "sales")));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [MemberData(nameof(OperatorRoutes))]
    public async Task ATenantKeyOnAnOperatorRouteIsForbidden(string method, string route)
    {
        using var tenant = await api.NewTenantAsync();

        var response = await tenant.Admin.SendAsync(Request(method, route.Replace("some-tenant", tenant.TenantId, StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TenantRoutes))]
    public async Task TheOperatorKeyOnATenantRouteIsForbidden(string method, string route)
    {
        using var op = api.Operator();

        var response = await op.SendAsync(Request(method, Fill(route, "anna", "sales")));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TenantRoutes))]
    public async Task AnotherTenantsUsersAndAccountsDoNotExistForAnAdmin(string method, string route)
    {
        using var owner = await api.NewTenantAsync();
        await owner.PutUserAsync("anna");
        (await owner.Admin.PutAsJsonAsync("/v1/accounts/sales", AccountDocuments.CompleteImap("anna"))).EnsureSuccessStatusCode();
        using var other = await api.NewTenantAsync();

        var response = await other.Admin.SendAsync(Request(method, Fill(route, "anna", "sales")));

        if ((route.Contains('{', StringComparison.Ordinal) || route.Contains("activities", StringComparison.Ordinal)) && method != "PUT")
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Empty(await (await other.Admin.GetAsync("/v1/users")).Content.ReadFromJsonAsync<object[]>() ?? []);
        Assert.Empty(await (await other.Admin.GetAsync("/v1/accounts")).Content.ReadFromJsonAsync<object[]>() ?? []);
        Assert.Equal(HttpStatusCode.OK, (await owner.Admin.GetAsync("/v1/accounts/sales")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.Admin.GetAsync("/v1/users/anna")).StatusCode);
    }

    [Fact]
    public async Task ARevokedKeyIsUnauthorizedWithinSecondsWhileTheTenantsOtherKeysWork()
    {
        using var tenant = await api.NewTenantAsync();
        using var op = api.Operator();
        var second = await (await op.PostAsync($"/v1/tenants/{tenant.TenantId}/keys", null)).Content.ReadFromJsonAsync<IssuedKey>();
        Assert.Equal(HttpStatusCode.OK, (await tenant.Admin.GetAsync("/v1/users")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await op.DeleteAsync($"/v1/tenants/{tenant.TenantId}/keys/{tenant.KeyId}")).StatusCode);

        // A gateway remembers a verified key for MailGrains:Auth:VerifiedKeySeconds (5 s); allow slack for a busy machine.
        await Eventually.MatchesAsync(() => tenant.Admin.GetAsync("/v1/users"), r => r.StatusCode == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(15), "the revoked key to be refused");
        using var secondClient = api.Client(second!.Key);
        Assert.Equal(HttpStatusCode.OK, (await secondClient.GetAsync("/v1/users")).StatusCode);
        var keys = await (await op.GetAsync($"/v1/tenants/{tenant.TenantId}/keys")).Content.ReadFromJsonAsync<IssuedKey[]>();
        Assert.Equal([second.KeyId], keys!.Select(k => k.KeyId));
        Assert.All(keys!, k => Assert.Null(k.Key));
    }

    [Fact]
    public async Task AKeyCannotBeIssuedForATenantThatDoesNotExist()
    {
        using var op = api.Operator();

        var response = await op.PostAsync("/v1/tenants/no-such-tenant/keys", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static string Fill(string route, string user, string account)
        => route.Replace("{user}", user, StringComparison.Ordinal).Replace("{account}", account, StringComparison.Ordinal);

    private static HttpRequestMessage Request(string method, string route) => new(new HttpMethod(method), route)
    {
        Content = method is "PUT" or "PATCH" or "POST"
            ? new StringContent(route.EndsWith("/messages", StringComparison.Ordinal) ? """{"senderUserId":"anna","to":["x@example.test"],"text":"hi"}""" : "{}", Encoding.UTF8, "application/json")
            : null,
    };

    private sealed record IssuedKey(string KeyId, string? Key);
}
