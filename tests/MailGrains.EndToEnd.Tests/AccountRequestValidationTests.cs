using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// Account requests that are not a well-formed account document (wrong JSON types, unknown members and enum
/// values, no JSON, too large, a malformed route id) are refused naming what is wrong, and save nothing.
/// </summary>
public sealed class AccountRequestValidationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("""{"general":{"receiveEnabled":"yes"}}""", "general.receiveEnabled")]
    [InlineData("""{"general":{"email":42}}""", "general.email")]
    [InlineData("""{"general":"Sales"}""", "general")]
    [InlineData("""{"defaults":{"tags":"sales"}}""", "defaults.tags")]
    [InlineData("""{"defaults":{"permissions":[{"userId":"anna","access":true}]}}""", "defaults.permissions[0].access")]
    [InlineData("""{"server":{"deleteFromServerAfterDays":1.5}}""", "server.deleteFromServerAfterDays")]
    [InlineData("""{"server":{"incoming":{"protocol":1}}}""", "server.incoming.protocol")]
    [InlineData("""{"server":{"outgoing":{"host":["smtp.example.test"]}}}""", "server.outgoing.host")]
    [InlineData("""{"imap":{"folders":"INBOX"}}""", "imap.folders")]
    [InlineData("""{"advanced":{"incomingPort":true}}""", "advanced.incomingPort")]
    [InlineData("""{"advanced":{"pollIntervalSeconds":"often"}}""", "advanced.pollIntervalSeconds")]
    [InlineData("""{"advanced":{"pollIntervalSeconds":"600"}}""", "advanced.pollIntervalSeconds")]
    [InlineData("""{"advanced":{"lastUids":{"INBOX":"many"}}}""", "advanced.lastUids.INBOX")]
    public async Task AFieldOfTheWrongJsonTypeIsRefusedNamingIt(string overlay, string field)
        => await AssertRefusedAsync(overlay, field);

    [Theory]
    [InlineData("""{"server":{"incoming":{"protocol":"smtp"}}}""", "server.incoming.protocol")]
    [InlineData("""{"server":{"incoming":{"security":"tls13"}}}""", "server.incoming.security")]
    [InlineData("""{"server":{"outgoing":{"security":"tls13"}}}""", "server.outgoing.security")]
    [InlineData("""{"defaults":{"permissions":[{"userId":"anna","access":"admin"}]}}""", "defaults.permissions[0].access")]
    public async Task AnUnknownEnumValueIsRefusedNamingItsField(string overlay, string field)
        => await AssertRefusedAsync(overlay, field);

    [Theory]
    [InlineData("""{"nickname":"sales"}""", "nickname")]
    [InlineData("""{"general":{"nickname":"sales"}}""", "general.nickname")]
    [InlineData("""{"server":{"incoming":{"port":993}}}""", "server.incoming.port")]
    [InlineData("""{"defaults":{"permissions":[{"userId":"anna","access":"read","role":"owner"}]}}""", "defaults.permissions[0].role")]
    public async Task AnUnknownPropertyIsRefusedNamingIt(string overlay, string field)
        => await AssertRefusedAsync(overlay, field);

    [Fact]
    public async Task APasswordSpelledInAnotherCaseIsRefusedNotSilentlyDropped()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var valid = AccountDocuments.CompleteImap("anna", incomingPassword: null);
        var otherCase = valid.With("""{"server":{"incoming":{"Password":"incoming-Secret-7fd1"}}}""");
        otherCase["server"]!["incoming"]!.AsObject().Remove("password");

        await tenant.AssertPutRefusedAsync(valid, otherCase.ToJsonString(), HttpStatusCode.BadRequest, "server.incoming.Password");
    }

    [Fact]
    public async Task APropertySentTwiceIsRefusedNamingIt()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var valid = AccountDocuments.CompleteImap("anna");
        var json = valid.ToJsonString();
        var twice = json.Insert(json.Length - 1, ""","general":""" + valid["general"]!.ToJsonString());

        await tenant.AssertPutRefusedAsync(valid, twice, HttpStatusCode.BadRequest, "general");
    }

    [Theory]
    [InlineData("")]
    [InlineData("sales")]
    [InlineData("""{"general":{"email":"sales@example.test"}""")]
    [InlineData("""[{"general":{"email":"sales@example.test"}}]""")]
    [InlineData("null")]
    [InlineData("42")]
    public async Task ABodyThatIsNotAJsonObjectIsRefusedNamingTheBody(string body)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");

        await tenant.AssertPutRefusedAsync(AccountDocuments.CompleteImap("anna"), body, HttpStatusCode.BadRequest, "body");
    }

    [Theory]
    [InlineData("Bad_Id")]
    [InlineData("SALES")]
    [InlineData("sales.eu")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcde")]
    public async Task AMalformedAccountIdIsRefusedNamingItAndNothingIsSaved(string accountId)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");

        var response = await tenant.PutAccountAsync(accountId, AccountDocuments.CompleteImap("anna"));

        await Requests.AssertFieldErrorsAsync(response, HttpStatusCode.BadRequest, "accountId");
        await tenant.AssertAccountMissingAsync(accountId);
        await tenant.AssertAccountMissingAsync(accountId.ToLowerInvariant());
        Assert.Empty(await Requests.ReadArrayAsync(await tenant.Admin.GetAsync("/v1/accounts")));
    }

    [Fact]
    public async Task ABodyOfExactly256KiBIsAccepted()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        using var body = Padded(AccountDocuments.CompleteImap("anna"), 256 * 1024, withLength: true);

        var response = await tenant.Admin.PutAsync("/v1/accounts/sales", body);

        await Requests.ReadAsync(response, HttpStatusCode.Created);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ABodyOverThe256KiBLimitIsRefusedWith413AndNothingIsSaved(bool withLength)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var valid = AccountDocuments.CompleteImap("anna");

        await tenant.AssertPutRefusedAsync(valid, () => Padded(valid, (256 * 1024) + 1, withLength), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task AnAccountOfAnotherTenantIsNotFound()
    {
        using var tenant = await api.NewTenantAsync();
        using var other = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await other.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));

        await other.AssertAccountMissingAsync("sales");
        await Requests.AssertProblemAsync(await other.PatchAccountAsync("sales", """{"general":{"note":"x"}}"""), HttpStatusCode.NotFound);
        Assert.Empty(await Requests.ReadArrayAsync(await other.Admin.GetAsync("/v1/accounts")));
    }

    private async Task AssertRefusedAsync(string overlay, string field)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var valid = AccountDocuments.CompleteImap("anna");

        await tenant.AssertPutRefusedAsync(valid, valid.With(overlay).ToJsonString(), HttpStatusCode.BadRequest, field);
    }

    /// <summary>A valid document padded with JSON whitespace to exactly <paramref name="bytes"/> bytes, sent with or without a Content-Length.</summary>
    private static StringContent Padded(JsonObject document, int bytes, bool withLength)
    {
        var json = document.ToJsonString();
        var content = new StringContent(json + new string(' ', bytes - Encoding.UTF8.GetByteCount(json)), Encoding.UTF8, Requests.Json);
        Assert.Equal(bytes, content.Headers.ContentLength);
        if (!withLength)
        {
            content.Headers.ContentLength = null;
        }

        return content;
    }
}
