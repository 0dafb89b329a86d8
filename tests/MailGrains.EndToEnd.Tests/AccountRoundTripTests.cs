using System.Net;
using System.Text.Json.Nodes;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// What a GET shows can be sent back: read-only fields (<c>id</c>, <c>version</c>, <c>updatedAt</c>,
/// <c>hasPassword</c>, resolved ports) are accepted and ignored, and the passwords are kept.
/// </summary>
public sealed class AccountRoundTripTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task PuttingAGetsBodyBackChangesNothingButTheVersionAndKeepsThePasswords()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna").With("""{"server":{"outgoing":{"userName":"alice","password":"out-1"}}}"""));
        var before = await tenant.GetAccountAsync("sales");

        var answer = await Requests.ReadAsync(await tenant.PutAccountAsync("sales", before), HttpStatusCode.OK);

        Assert.Equal(Requests.Written(before).ToJsonString(), Requests.Unstamped(answer).ToJsonString());
        Assert.True(answer["server"]!["incoming"]!["hasPassword"]!.GetValue<bool>());
        Assert.True(answer["server"]!["outgoing"]!["hasPassword"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("""{"id":"other","version":99,"updatedAt":"2000-01-01T00:00:00+00:00"}""")]
    [InlineData("""{"server":{"incoming":{"hasPassword":false},"outgoing":{"hasPassword":true}}}""")]
    [InlineData("""{"advanced":{"resolvedIncomingPort":1,"resolvedOutgoingPort":2}}""")]
    public async Task ReadOnlyFieldsWithOtherValuesAreIgnoredByPut(string overlay)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));
        var before = await tenant.GetAccountAsync("sales");

        var answer = await Requests.ReadAsync(await tenant.PutAccountAsync("sales", before.With(overlay)), HttpStatusCode.OK);

        Assert.Equal(Requests.Written(before).ToJsonString(), Requests.Unstamped(answer).ToJsonString());
        await tenant.AssertAccountMissingAsync("other");
    }

    [Theory]
    [InlineData("""{"id":"other","version":99,"updatedAt":"2000-01-01T00:00:00+00:00"}""")]
    [InlineData("""{"server":{"incoming":{"hasPassword":false},"outgoing":{"hasPassword":true}}}""")]
    [InlineData("""{"advanced":{"resolvedIncomingPort":1,"resolvedOutgoingPort":2}}""")]
    public async Task ReadOnlyFieldsWithOtherValuesAreIgnoredByPatch(string patch)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));
        var before = await tenant.GetAccountAsync("sales");

        var answer = await Requests.ReadAsync(await tenant.PatchAccountAsync("sales", patch), HttpStatusCode.OK);

        Assert.Equal(Requests.Written(before).ToJsonString(), Requests.Unstamped(answer).ToJsonString());
    }

    [Fact]
    public async Task APutWithoutReadOnlyFieldsIsAReplaceThatKeepsOnlyThePasswords()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna").With("""{"general":{"note":"front desk"},"imap":{"spamFolder":"Junk"}}"""));

        var answer = await Requests.ReadAsync(
            await tenant.PutAccountAsync("sales", JsonNode.Parse("""{"general":{"email":"sales@example.test"},"defaults":{"ownerUserId":"anna"}}""")!),
            HttpStatusCode.OK);

        Assert.Equal("", answer["general"]!["note"]!.GetValue<string>());
        Assert.Null(answer["imap"]!["spamFolder"]);
        Assert.Null(answer["server"]!["incoming"]!["host"]);
        Assert.True(answer["server"]!["incoming"]!["hasPassword"]!.GetValue<bool>());
    }

    [Fact]
    public async Task TheOwnersTagCountsTowardsTheTagLimitSoAFullAccountCanStillBePutBackAndPatched()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        JsonObject WithTags(int count) => AccountDocuments.CompleteImap("anna").With(new JsonObject
        {
            ["defaults"] = new JsonObject { ["tags"] = new JsonArray([.. Enumerable.Range(1, count).Select(i => JsonValue.Create($"tag-{i}"))]) },
        }.ToJsonString());

        var tooMany = await tenant.PutAccountAsync("sales", WithTags(100));
        await Requests.AssertFieldErrorsAsync(tooMany, HttpStatusCode.BadRequest, "defaults.tags");
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Admin.GetAsync("/v1/accounts/sales")).StatusCode);

        var created = await tenant.CreateAccountAsync("sales", WithTags(99));
        Assert.Equal(100, created["defaults"]!["tags"]!.AsArray().Count);
        var put = await tenant.PutAccountAsync("sales", await tenant.GetAccountAsync("sales"));
        var patch = await tenant.PatchAccountAsync("sales", """{"general":{"note":"back office"}}""");

        await Requests.ReadAsync(put, HttpStatusCode.OK);
        await Requests.ReadAsync(patch, HttpStatusCode.OK);
    }
}
