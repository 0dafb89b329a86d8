using System.Net;
using System.Text.Json.Nodes;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests.Tenants;

/// <summary>The API on a silo with small tenant quotas, so that a test can reach them.</summary>
public sealed class SmallQuotaFixture : ApiFixture
{
    protected override IDictionary<string, string?>? SiloSettings => new Dictionary<string, string?>
    {
        ["MailGrains:Quotas:UsersPerTenant"] = "3",
        ["MailGrains:Quotas:AccountsPerTenant"] = "2",
        ["MailGrains:Quotas:AdminKeysPerTenant"] = "2",
    };
}

/// <summary>What grows with a tenant is bounded: a write beyond a quota is a 4xx naming what is full, and saves nothing.</summary>
public sealed class TenantQuotaTests(SmallQuotaFixture api) : IClassFixture<SmallQuotaFixture>
{
    [Fact]
    public async Task AUserBeyondTheTenantsQuotaIsAConflictNamingTheUserIdAndNothingIsSaved()
    {
        using var tenant = await api.NewTenantAsync();
        foreach (var id in (string[])["anna", "bob", "carla"])
        {
            await tenant.PutUserAsync(id);
        }

        var refused = await tenant.Admin.SendAsync(HttpMethod.Put, "/v1/users/dora", """{"displayName":"Dora","email":"dora@example.test"}""");

        var problem = await Requests.AssertFieldErrorsAsync(refused, HttpStatusCode.Conflict, "userId");
        Assert.Contains("MailGrains:Quotas:UsersPerTenant", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Admin.GetAsync("/v1/users/dora")).StatusCode);
        Assert.Equal(3, (await Requests.ReadArrayAsync(await tenant.Admin.GetAsync("/v1/users"))).Count);
        await tenant.PutUserAsync("carla", tag: "CC");
        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Admin.DeleteAsync("/v1/users/carla")).StatusCode);
        await tenant.PutUserAsync("dora");
    }

    [Fact]
    public async Task AnAccountBeyondTheTenantsQuotaIsAConflictNamingTheAccountIdAndNothingIsSaved()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("one", AccountDocuments.CompleteImap("anna"));
        await tenant.CreateAccountAsync("two", AccountDocuments.CompleteImap("anna"));

        var refused = await tenant.PutAccountAsync("three", AccountDocuments.CompleteImap("anna"));

        await Requests.AssertFieldErrorsAsync(refused, HttpStatusCode.Conflict, "accountId");
        await tenant.AssertAccountMissingAsync("three");
        Assert.Equal(2, (await Requests.ReadArrayAsync(await tenant.Admin.GetAsync("/v1/accounts"))).Count);
        Assert.Equal(HttpStatusCode.OK, (await tenant.PutAccountAsync("two", AccountDocuments.CompleteImap("anna"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Admin.DeleteAsync("/v1/accounts/two")).StatusCode);
        await tenant.CreateAccountAsync("three", AccountDocuments.CompleteImap("anna"));
    }

    [Fact]
    public async Task AnAccountRefusedOnCreationDoesNotUseUpTheQuota()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var incomplete = AccountDocuments.CompleteImap("anna", incomingPassword: null);
        incomplete["general"]!["receiveEnabled"] = true;

        for (var i = 0; i < 3; i++)
        {
            await Requests.AssertProblemAsync(await tenant.PutAccountAsync($"try-{i}", incomplete), HttpStatusCode.UnprocessableEntity);
        }

        Assert.Empty(await Requests.ReadArrayAsync(await tenant.Admin.GetAsync("/v1/accounts")));
        await tenant.CreateAccountAsync("one", AccountDocuments.CompleteImap("anna"));
        await tenant.CreateAccountAsync("two", AccountDocuments.CompleteImap("anna"));
    }

    [Fact]
    public async Task AKeyBeyondTheTenantsQuotaIsAConflict()
    {
        using var tenant = await api.NewTenantAsync();
        using var op = api.Operator();
        Assert.Equal(HttpStatusCode.Created, (await op.PostAsync($"/v1/tenants/{tenant.TenantId}/keys", null)).StatusCode);

        var refused = await op.PostAsync($"/v1/tenants/{tenant.TenantId}/keys", null);

        var problem = await Requests.AssertFieldErrorsAsync(refused, HttpStatusCode.Conflict, "keys");
        Assert.Contains("MailGrains:Quotas:AdminKeysPerTenant", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await op.DeleteAsync($"/v1/tenants/{tenant.TenantId}/keys/{tenant.KeyId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await op.PostAsync($"/v1/tenants/{tenant.TenantId}/keys", null)).StatusCode);
    }

    [Fact]
    public async Task TheUserListCanBeReadPageByPageFollowingTheNextLink()
    {
        using var tenant = await api.NewTenantAsync();
        foreach (var id in (string[])["carla", "anna", "bob"])
        {
            await tenant.PutUserAsync(id);
        }

        var first = await tenant.Admin.GetAsync("/v1/users?limit=2");
        var next = first.Headers.GetValues("Link").Single();
        var second = await tenant.Admin.GetAsync(next[1..next.IndexOf('>', StringComparison.Ordinal)]);

        Assert.Equal(["anna", "bob"], (await Requests.ReadArrayAsync(first)).Select(u => u!["id"]!.GetValue<string>()));
        Assert.Equal("</v1/users?limit=2&after=bob>; rel=\"next\"", next);
        Assert.Equal(["carla"], (await Requests.ReadArrayAsync(second)).Select(u => u!["id"]!.GetValue<string>()));
        Assert.False(second.Headers.Contains("Link"));
        await Requests.AssertFieldErrorsAsync(await tenant.Admin.GetAsync("/v1/accounts?limit=0"), HttpStatusCode.BadRequest, "limit");
    }

    [Theory]
    [InlineData("defaults.permissions")]
    [InlineData("defaults.allowedSenders")]
    [InlineData("imap.folders")]
    [InlineData("advanced.lastUids")]
    public async Task AnAccountListLongerThanItsLimitIsRefusedNamingTheList(string field)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var document = AccountDocuments.CompleteImap("anna");
        var many = Enumerable.Range(1, 101).ToList();
        switch (field)
        {
            case "defaults.permissions":
                document["defaults"]!["permissions"] = new JsonArray([.. many.Select(_ => new JsonObject { ["userId"] = "anna", ["access"] = "read" })]);
                break;
            case "defaults.allowedSenders":
                document["defaults"]!["allowedSenders"] = new JsonArray([.. many.Select(_ => JsonValue.Create("anna"))]);
                break;
            case "imap.folders":
                document["imap"]!["folders"] = new JsonArray([.. many.Take(51).Select(i => JsonValue.Create($"Folder{i}"))]);
                break;
            default:
                document["advanced"]!["lastUids"] = new JsonObject(many.Take(51).Select(i => KeyValuePair.Create<string, JsonNode?>($"Folder{i}", 1)));
                break;
        }

        await tenant.AssertPutRefusedAsync(AccountDocuments.CompleteImap("anna"), document.ToJsonString(), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task CursorsFollowTheSyncedFoldersAndLastUidsOfOtherFoldersAreIgnored()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var document = AccountDocuments.CompleteImap("anna");
        document["imap"]!["folders"] = new JsonArray("INBOX", "Archive");
        document["advanced"]!["lastUids"] = new JsonObject { ["INBOX"] = 5, ["Archive"] = 7, ["Elsewhere"] = 9 };

        var created = await tenant.CreateAccountAsync("sales", document);
        document["imap"]!["folders"] = new JsonArray("INBOX");
        document["advanced"]!["lastUids"] = new JsonObject();
        var narrowed = await Requests.ReadAsync(await tenant.PutAccountAsync("sales", document), HttpStatusCode.OK);

        Assert.Equal(["Archive=7", "INBOX=5"], Cursors(created));
        Assert.Equal(["INBOX=5"], Cursors(narrowed));
    }

    private static IEnumerable<string> Cursors(JsonObject account)
        => account["advanced"]!["lastUids"]!.AsObject().Select(c => $"{c.Key}={c.Value}").Order(StringComparer.Ordinal);
}
