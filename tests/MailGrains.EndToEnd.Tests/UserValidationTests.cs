using System.Net;
using System.Text.Json.Nodes;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// <c>PUT /v1/users/{userId}</c> creates or replaces a user; a user breaking a rule is refused with 400
/// problem+json naming the field, as a new user and over an existing one, and nothing is saved.
/// </summary>
public sealed class UserValidationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Long = "LONG";

    [Theory]
    [InlineData("""{"displayName":null}""", "displayName")]
    [InlineData("""{"displayName":"   "}""", "displayName")]
    [InlineData("""{"email":null}""", "email")]
    [InlineData("""{"email":""}""", "email")]
    [InlineData("""{"email":"anna.example.test"}""", "email")]
    [InlineData("""{"email":"Anna <anna@example.test>"}""", "email")]
    [InlineData("""{"email":"anna@example_test"}""", "email")]
    [InlineData("""{"displayName":null,"email":null}""", "displayName", "email")]
    [InlineData("""{"isAdmin":"yes"}""", "isAdmin")]
    [InlineData("""{"signature":"-- Anna"}""", "signature")]
    [InlineData("""{"nickname":"Anna"}""", "nickname")]
    [InlineData("""{"signature":{"text":"-- Anna","font":"serif"}}""", "signature.font")]
    public async Task AUserBreakingARuleIsRefusedNamingTheFieldAndNothingIsSaved(string overlay, params string[] fields)
    {
        using var tenant = await api.NewTenantAsync();

        await AssertRefusedAsync(tenant, Valid("anna").With(overlay).ToJsonString(), fields);
    }

    [Theory]
    [InlineData("""{"displayName":"LONG"}""", 201, "displayName")]
    [InlineData("""{"tag":"LONG"}""", 101, "tag")]
    [InlineData("""{"signature":{"text":"LONG"}}""", 10_001, "signature.text")]
    [InlineData("""{"signature":{"html":"LONG"}}""", 100_001, "signature.html")]
    public async Task AValueLongerThanItsLimitIsRefusedNamingIt(string overlay, int length, string field)
    {
        using var tenant = await api.NewTenantAsync();

        await AssertRefusedAsync(tenant, Valid("anna").With(overlay.Replace(Long, new string('x', length), StringComparison.Ordinal)).ToJsonString(), field);
    }

    [Theory]
    [InlineData("""{"displayName":"LONG"}""", 200)]
    [InlineData("""{"tag":"LONG"}""", 100)]
    [InlineData("""{"signature":{"text":"LONG"}}""", 10_000)]
    [InlineData("""{"signature":{"html":"LONG"}}""", 100_000)]
    public async Task AValueAsLongAsItsLimitIsAccepted(string overlay, int length)
    {
        using var tenant = await api.NewTenantAsync();
        var expected = JsonNode.Parse(overlay.Replace(Long, new string('x', length), StringComparison.Ordinal))!.AsObject();

        var response = await tenant.Admin.SendAsync(HttpMethod.Put, "/v1/users/anna", Valid("anna").With(expected).ToJsonString());

        Requests.AssertContains(expected, await Requests.ReadAsync(response, HttpStatusCode.Created));
        Requests.AssertContains(expected, await GetUserAsync(tenant, "anna"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("anna")]
    [InlineData("[]")]
    public async Task ABodyThatIsNotAJsonObjectIsRefusedNamingTheBody(string body)
    {
        using var tenant = await api.NewTenantAsync();

        await AssertRefusedAsync(tenant, body, "body");
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("anna_b")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcde")]
    public async Task AMalformedUserIdIsRefusedNamingItAndNothingIsSaved(string userId)
    {
        using var tenant = await api.NewTenantAsync();

        var response = await tenant.Admin.SendAsync(HttpMethod.Put, $"/v1/users/{userId}", Valid("anna").ToJsonString());

        await Requests.AssertFieldErrorsAsync(response, HttpStatusCode.BadRequest, "userId");
        await Requests.AssertProblemAsync(await tenant.Admin.GetAsync($"/v1/users/{userId}"), HttpStatusCode.NotFound);
        await Requests.AssertProblemAsync(await tenant.Admin.GetAsync($"/v1/users/{userId.ToLowerInvariant()}"), HttpStatusCode.NotFound);
        Assert.Empty(await ListUserIdsAsync(tenant));
    }

    [Fact]
    public async Task AnUnknownUserIsNotFound()
    {
        using var tenant = await api.NewTenantAsync();
        using var other = await api.NewTenantAsync();
        await other.PutUserAsync("anna");

        await Requests.AssertProblemAsync(await tenant.Admin.GetAsync("/v1/users/anna"), HttpStatusCode.NotFound);
        await Requests.AssertProblemAsync(await tenant.Admin.GetAsync("/v1/users/ghost"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheListHoldsExactlyTheTenantsUsers()
    {
        using var tenant = await api.NewTenantAsync();
        using var other = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.PutUserAsync("bob");
        await tenant.PutUserAsync("anna");
        await other.PutUserAsync("carl");

        Assert.Equal(["anna", "bob"], await ListUserIdsAsync(tenant));
    }

    [Fact]
    public async Task APutCreatesWith201AndReplacesWith200()
    {
        using var tenant = await api.NewTenantAsync();
        var first = Valid("anna");
        var second = Valid("anna").With("""{"displayName":"Anna B.","tag":null,"isAdmin":true,"signature":{"text":null,"html":null}}""");

        var created = await Requests.ReadAsync(await tenant.Admin.SendAsync(HttpMethod.Put, "/v1/users/anna", first.ToJsonString()), HttpStatusCode.Created);
        var replaced = await Requests.ReadAsync(await tenant.Admin.SendAsync(HttpMethod.Put, "/v1/users/anna", second.ToJsonString()), HttpStatusCode.OK);

        Assert.Equal("anna", created["id"]!.GetValue<string>());
        Requests.AssertContains(first, created);
        Requests.AssertContains(second, replaced);
        Assert.Equal(replaced.ToJsonString(), (await GetUserAsync(tenant, "anna")).ToJsonString());
    }

    /// <summary>
    /// PUTs <paramref name="body"/> as new user "anna" and over existing user "bob": both refused with 400
    /// naming exactly <paramref name="fields"/>; anna does not exist afterwards and bob is unchanged.
    /// </summary>
    private static async Task AssertRefusedAsync(TestTenant tenant, string body, params string[] fields)
    {
        await tenant.PutUserAsync("bob");
        var before = await GetUserAsync(tenant, "bob");

        foreach (var userId in (string[])["anna", "bob"])
        {
            await Requests.AssertFieldErrorsAsync(await tenant.Admin.SendAsync(HttpMethod.Put, $"/v1/users/{userId}", body), HttpStatusCode.BadRequest, fields);
        }

        await Requests.AssertProblemAsync(await tenant.Admin.GetAsync("/v1/users/anna"), HttpStatusCode.NotFound);
        Assert.Equal(before.ToJsonString(), (await GetUserAsync(tenant, "bob")).ToJsonString());
        Assert.Equal(["bob"], await ListUserIdsAsync(tenant));
    }

    private static JsonObject Valid(string userId) => new()
    {
        ["displayName"] = "User " + userId,
        ["email"] = userId + "@example.test",
        ["tag"] = userId.ToUpperInvariant(),
        ["isAdmin"] = false,
        ["signature"] = new JsonObject { ["text"] = "-- " + userId, ["html"] = "<p>" + userId + "</p>" },
    };

    private static async Task<JsonObject> GetUserAsync(TestTenant tenant, string userId)
        => await Requests.ReadAsync(await tenant.Admin.GetAsync($"/v1/users/{userId}"), HttpStatusCode.OK);

    private static async Task<string[]> ListUserIdsAsync(TestTenant tenant)
    {
        var users = (await Requests.ReadArrayAsync(await tenant.Admin.GetAsync("/v1/users"))).Select(u => u!["id"]!.GetValue<string>());
        return [.. users.Order(StringComparer.Ordinal)];
    }
}
