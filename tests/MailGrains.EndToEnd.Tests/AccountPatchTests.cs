using System.Net;
using System.Text.Json.Nodes;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// PATCH is a JSON merge patch (RFC 7396) of the stored account: it changes only what it names, keeps an
/// omitted password, and is applied whole or not at all.
/// </summary>
public sealed class AccountPatchTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData(Requests.MergePatch)]
    [InlineData(Requests.Json)]
    public async Task APatchChangesOnlyTheNamedFields(string mediaType)
    {
        using var tenant = await CreateSalesAsync();
        var before = await tenant.GetAccountAsync("sales");
        const string patch = """{"general":{"note":"back office"},"server":{"outgoing":{"security":"ssl"}},"advanced":{"pollIntervalSeconds":600}}""";

        var answer = await Requests.ReadAsync(await tenant.PatchAccountAsync("sales", patch, mediaType), HttpStatusCode.OK);

        var expected = Requests.Written(before.With(patch).With("""{"advanced":{"resolvedOutgoingPort":465}}"""));
        Assert.Equal(expected.ToJsonString(), Requests.Unstamped(answer).ToJsonString());
        Assert.Equal(answer.ToJsonString(), (await tenant.GetAccountAsync("sales")).ToJsonString());
    }

    [Fact]
    public async Task OmittingThePasswordsKeepsThem()
    {
        using var tenant = await CreateSalesAsync();

        var answer = await Requests.ReadAsync(await tenant.PatchAccountAsync("sales", """{"server":{"incoming":{"userName":"bob"}}}"""), HttpStatusCode.OK);

        Assert.Equal("bob", answer["server"]!["incoming"]!["userName"]!.GetValue<string>());
        AssertPasswords(answer, incoming: true, outgoing: true);
    }

    [Theory]
    [InlineData("incoming", false, true)]
    [InlineData("outgoing", true, false)]
    public async Task ANullPasswordRemovesThatPasswordOnly(string direction, bool incomingLeft, bool outgoingLeft)
    {
        using var tenant = await CreateSalesAsync();

        var answer = await Requests.ReadAsync(
            await tenant.PatchAccountAsync("sales", """{"server":{"DIRECTION":{"password":null}}}""".Replace("DIRECTION", direction, StringComparison.Ordinal)), HttpStatusCode.OK);

        AssertPasswords(answer, incomingLeft, outgoingLeft);
        AssertPasswords(await tenant.GetAccountAsync("sales"), incomingLeft, outgoingLeft);
    }

    [Fact]
    public async Task ANewPasswordSetsIt()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna", incomingPassword: null));

        var answer = await Requests.ReadAsync(
            await tenant.PatchAccountAsync("sales", """{"server":{"incoming":{"password":"new-1"},"outgoing":{"password":"new-2"}}}"""), HttpStatusCode.OK);

        AssertPasswords(answer, incoming: true, outgoing: true);
    }

    [Theory]
    [InlineData("""{"server":{"incoming":{"protocol":"pop3"}},"imap":{"spamFolder":"Junk"}}""", "imap.spamFolder")]
    [InlineData("""{"general":{"note":"back office"},"advanced":{"pollIntervalSeconds":59}}""", "advanced.pollIntervalSeconds")]
    [InlineData("""{"general":{"email":null}}""", "general.email")]
    [InlineData("""{"imap":{"folders":[]}}""", "imap.folders")]
    [InlineData("""{"server":{"incoming":{"password":""}}}""", "server.incoming.password")]
    [InlineData("""{"defaults":{"ownerUserId":"ghost"}}""", "defaults.ownerUserId")]
    [InlineData("""{"general":{"note":"back office","nickname":"x"}}""", "general.nickname")]
    [InlineData("""{"server":{"incoming":{"protocol":"smtp"}}}""", "server.incoming.protocol")]
    [InlineData("""{"general":""", "body")]
    [InlineData("""{"general":{"note":"a"},"general":{"note":"b"}}""", "general")]
    [InlineData("""{"server":{"incoming":{"host":"a.example","host":"b.example"}}}""", "server.incoming.host")]
    [InlineData("""{"defaults":{"permissions":[{"userId":"anna","userId":"bob"}]}}""", "defaults.permissions[0].userId")]
    [InlineData("""{"general":{"note":"a","note":"b"},"general":{}}""", "general.note")]
    public async Task APatchThatMakesTheAccountInvalidIsRefusedAsAWhole(string patch, string field)
    {
        using var tenant = await CreateSalesAsync();
        var before = await tenant.GetAccountAsync("sales");

        await Requests.AssertFieldErrorsAsync(await tenant.PatchAccountAsync("sales", patch), HttpStatusCode.BadRequest, field);

        await tenant.AssertAccountUnchangedAsync("sales", before);
    }

    [Fact]
    public async Task SwitchingToPop3WorksWhenThePatchAlsoRemovesTheSpamAndSentFoldersAndKeepsTheFolderListForLater()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna").With("""{"imap":{"spamFolder":"Junk","sentFolder":"Sent"}}"""));

        var answer = await Requests.ReadAsync(
            await tenant.PatchAccountAsync("sales", """{"server":{"incoming":{"protocol":"pop3"}},"imap":{"spamFolder":null,"sentFolder":null}}"""),
            HttpStatusCode.OK);

        Assert.Equal("""{"folders":["INBOX"],"spamFolder":null,"sentFolder":null,"importFrom":"all","push":"auto"}""", answer["imap"]!.ToJsonString());
        Assert.Equal(995, answer["advanced"]!["resolvedIncomingPort"]!.GetValue<int>());

        var back = await Requests.ReadAsync(await tenant.PatchAccountAsync("sales", """{"server":{"incoming":{"protocol":"imap"}}}"""), HttpStatusCode.OK);
        Assert.Equal("""["INBOX"]""", back["imap"]!["folders"]!.ToJsonString());
    }

    [Fact]
    public async Task ArraysAreReplacedWholeAndObjectsMergedMemberByMemberAndCursorsFollowTheSyncedFolders()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna").With("""{"imap":{"folders":["INBOX","Archive"]},"advanced":{"lastUids":{"INBOX":5,"Archive":7}}}"""));

        var answer = await Requests.ReadAsync(
            await tenant.PatchAccountAsync("sales", """{"imap":{"folders":["Archive","Sent"]},"advanced":{"lastUids":{"INBOX":null,"Sent":1,"Elsewhere":3}}}"""),
            HttpStatusCode.OK);

        Assert.Equal("""["Archive","Sent"]""", answer["imap"]!["folders"]!.ToJsonString());
        // lastUids shows the fetch cursors of the synced folders: a listed value moves one (0 fetches the folder
        // again), an omitted or null one leaves it where it is, so a PUT without lastUids never restarts a fetch; a
        // folder no longer synced loses its cursor, and a value for a folder that is not synced is ignored.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"Archive":7,"Sent":1}"""), answer["advanced"]!["lastUids"]), answer["advanced"]!["lastUids"]!.ToJsonString());
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("Bad_Id")]
    public async Task PatchingAMissingAccountIsNotFoundAndCreatesNothing(string accountId)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");

        var response = await tenant.PatchAccountAsync(accountId, AccountDocuments.CompleteImap("anna").ToJsonString());

        await Requests.AssertProblemAsync(response, HttpStatusCode.NotFound);
        await tenant.AssertAccountMissingAsync(accountId);
    }

    [Fact]
    public async Task TheVersionGoesUpByOnePerSuccessfulWriteOnly()
    {
        using var tenant = await CreateSalesAsync();
        Assert.Equal(1, await VersionAsync(tenant));

        await Requests.ReadAsync(await tenant.PatchAccountAsync("sales", """{"general":{"note":"a"}}"""), HttpStatusCode.OK);
        Assert.Equal(2, await VersionAsync(tenant));

        await Requests.ReadAsync(await tenant.PutAccountAsync("sales", AccountDocuments.CompleteImap("anna")), HttpStatusCode.OK);
        Assert.Equal(3, await VersionAsync(tenant));

        await Requests.AssertProblemAsync(await tenant.PatchAccountAsync("sales", """{"advanced":{"pollIntervalSeconds":1}}"""), HttpStatusCode.BadRequest);
        await Requests.AssertProblemAsync(await tenant.PutAccountAsync("sales", AccountDocuments.CompleteImap("ghost")), HttpStatusCode.BadRequest);
        await Requests.AssertProblemAsync(
            await tenant.PatchAccountAsync("sales", """{"general":{"receiveEnabled":true},"server":{"incoming":{"host":null}}}"""), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(3, await VersionAsync(tenant));

        await Requests.ReadAsync(await tenant.PatchAccountAsync("sales", """{"general":{"note":"a"}}"""), HttpStatusCode.OK);
        Assert.Equal(4, await VersionAsync(tenant));
    }

    /// <summary>anna and an account "sales" with both passwords.</summary>
    private async Task<TestTenant> CreateSalesAsync()
    {
        var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna").With("""{"server":{"outgoing":{"userName":"alice","password":"outgoing-Secret-22aa"}}}"""));
        return tenant;
    }

    private static async Task<long> VersionAsync(TestTenant tenant) => (await tenant.GetAccountAsync("sales"))["version"]!.GetValue<long>();

    private static void AssertPasswords(JsonObject account, bool incoming, bool outgoing)
    {
        Assert.Equal(incoming, account["server"]!["incoming"]!["hasPassword"]!.GetValue<bool>());
        Assert.Equal(outgoing, account["server"]!["outgoing"]!["hasPassword"]!.GetValue<bool>());
    }
}
