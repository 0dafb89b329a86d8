using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MailGrains.EndToEnd.Tests.Api;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// An account's folder cursors as a resource of their own: each synced folder with how far it has been read, and a
/// cursor moved by PUT, after which the next fetch reads only the mail after it.
/// </summary>
public sealed class CursorTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task AMovedCursorIsShownAndTheNextFetchReadsOnlyTheMailAfterIt()
    {
        await using var mailbox = await TestMailbox.CreateAsync("cursor");
        var read = await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address), TestMessages.Simple(2, mailbox.Address)]);
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.OnTestServers("anna", mailbox));
        var firstFetchAt = await WaitForFetchAfterAsync(tenant, null);

        var before = await Requests.ReadArrayAsync(await tenant.Admin.GetAsync("/v1/accounts/sales/cursors"));
        var later = await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(3, 3).Select(i => TestMessages.Simple(i, mailbox.Address)));
        var moved = await Requests.ReadAsync(await MoveAsync(tenant, "sales", "INBOX", $$"""{"lastUid":{{later[1].Id}}}"""), HttpStatusCode.OK);
        var after = await Requests.ReadArrayAsync(await tenant.Admin.GetAsync("/v1/accounts/sales/cursors"));
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.Admin.PostAsync("/v1/accounts/sales/fetch", null)).StatusCode);
        await WaitForFetchAfterAsync(tenant, firstFetchAt);

        Assert.Equal(Cursor("INBOX", read[0].Validity, read[1].Id).ToJsonString(), Assert.Single(before)!.ToJsonString());
        Assert.Equal(Cursor("INBOX", read[0].Validity, later[1].Id).ToJsonString(), moved.ToJsonString());
        Assert.Equal(moved.ToJsonString(), Assert.Single(after)!.ToJsonString());
        var inbox = await tenant.Admin.GetFromJsonAsync<JsonObject>("/v1/users/anna/activities?folder=inbox");
        Assert.Equal(["Test message 5", "Test message 2", "Test message 1"], inbox!["items"]!.AsArray().Select(a => (string?)a!["subject"]));
        var now = await Requests.ReadArrayAsync(await tenant.Admin.GetAsync("/v1/accounts/sales/cursors"));
        Assert.Equal(later[2].Id, (uint)Assert.Single(now)!["lastUid"]!);
    }

    [Theory]
    [InlineData("Clients%2FAcme", "Clients/Acme")]
    [InlineData("Clients/Acme", "Clients/Acme")]
    [InlineData("Entw%C3%BCrfe", "Entwürfe")]
    [InlineData("Sent%20Items", "Sent Items")]
    public async Task AFolderIsNamedInThePathPercentEncoded(string inPath, string folder)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var folders = new JsonArray("INBOX", "Clients/Acme", "Entwürfe", "Sent Items");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna").With(new JsonObject { ["imap"] = new JsonObject { ["folders"] = folders } }));

        var moved = await Requests.ReadAsync(await MoveAsync(tenant, "sales", inPath, """{"lastUid":4294967294}"""), HttpStatusCode.OK);
        var cursors = await Requests.ReadArrayAsync(await tenant.Admin.GetAsync("/v1/accounts/sales/cursors"));

        Assert.Equal(Cursor(folder, 0, 4294967294).ToJsonString(), moved.ToJsonString());
        JsonNode[] expected = [.. folders.Select(f => Cursor((string)f!, 0, (string)f! == folder ? 4294967294 : 0))];
        Assert.Equal(expected.Select(c => c.ToJsonString()), cursors.Select(c => c!.ToJsonString()));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"lastUid":null}""")]
    [InlineData("""{"lastUid":-1}""")]
    [InlineData("""{"lastUid":4294967295}""")]
    [InlineData("""{"lastUid":"7"}""")]
    [InlineData("""{"lastUid":1.5}""")]
    public async Task ALastUidThatIsMissingOrNoUidIsRefusedNamingIt(string body)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(tenant, "sales", "INBOX", """{"lastUid":42}""")).StatusCode);

        await Requests.AssertFieldErrorsAsync(await MoveAsync(tenant, "sales", "INBOX", body), HttpStatusCode.BadRequest, "lastUid");

        var cursors = await Requests.ReadArrayAsync(await tenant.Admin.GetAsync("/v1/accounts/sales/cursors"));
        Assert.Equal(42u, (uint)Assert.Single(cursors)!["lastUid"]!);
    }

    [Fact]
    public async Task AnUnknownAccountOrAFolderTheAccountDoesNotSyncIsNotFound()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));

        await Requests.AssertProblemAsync(await tenant.Admin.GetAsync("/v1/accounts/nope/cursors"), HttpStatusCode.NotFound);
        await Requests.AssertProblemAsync(await MoveAsync(tenant, "nope", "INBOX", """{"lastUid":1}"""), HttpStatusCode.NotFound);
        var archive = await Requests.AssertProblemAsync(await MoveAsync(tenant, "sales", "Archive", """{"lastUid":1}"""), HttpStatusCode.NotFound);
        var hostile = await Requests.AssertProblemAsync(await MoveAsync(tenant, "sales", "IN%0ABOX", """{"lastUid":1}"""), HttpStatusCode.NotFound);

        Assert.Contains("'Archive'", (string?)archive["detail"], StringComparison.Ordinal);
        Assert.Contains("'IN?BOX'", (string?)hostile["detail"], StringComparison.Ordinal);
        Assert.Equal(0u, (uint)Assert.Single(await Requests.ReadArrayAsync(await tenant.Admin.GetAsync("/v1/accounts/sales/cursors")))!["lastUid"]!);
    }

    [Fact]
    public async Task AnotherTenantsKeyReachesNoCursorAndOnlyATenantAdminKeyReachesAny()
    {
        using var owner = await api.NewTenantAsync();
        using var other = await api.NewTenantAsync();
        await owner.PutUserAsync("anna");
        await other.PutUserAsync("anna");
        await owner.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));
        using var op = api.Operator();
        using var anonymous = api.Client();

        await Requests.AssertProblemAsync(await other.Admin.GetAsync("/v1/accounts/sales/cursors"), HttpStatusCode.NotFound);
        await Requests.AssertProblemAsync(await MoveAsync(other, "sales", "INBOX", """{"lastUid":9}"""), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Forbidden, (await op.GetAsync("/v1/accounts/sales/cursors")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await op.SendAsync(HttpMethod.Put, "/v1/accounts/sales/cursors/INBOX", """{"lastUid":9}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/accounts/sales/cursors")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(HttpMethod.Put, "/v1/accounts/sales/cursors/INBOX", """{"lastUid":9}""")).StatusCode);

        var cursors = await Requests.ReadArrayAsync(await owner.Admin.GetAsync("/v1/accounts/sales/cursors"));
        Assert.Equal(Cursor("INBOX", 0, 0).ToJsonString(), Assert.Single(cursors)!.ToJsonString());
    }

    [Fact]
    public async Task TheAccountDocumentShowsAMovedCursorAtTheSameVersionAndItsLastUidsStillMoveOne()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var created = await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna").With("""{"imap":{"folders":["INBOX","Archive"]}}"""));

        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(tenant, "sales", "Archive", """{"lastUid":17}""")).StatusCode);
        var document = await tenant.GetAccountAsync("sales");
        var patched = await tenant.PatchAccountAsync("sales", """{"advanced":{"lastUids":{"INBOX":23}}}""");
        var cursors = await Requests.ReadArrayAsync(await tenant.Admin.GetAsync("/v1/accounts/sales/cursors"));

        Assert.Equal((long)created["version"]!, (long)document["version"]!);
        Assert.Equal(17, (long)document["advanced"]!["lastUids"]!["Archive"]!);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(
            [Cursor("INBOX", 0, 23).ToJsonString(), Cursor("Archive", 0, 17).ToJsonString()],
            cursors.Select(c => c!.ToJsonString()));
    }

    private static JsonObject Cursor(string folder, uint uidValidity, uint lastUid)
        => new() { ["folder"] = folder, ["uidValidity"] = uidValidity, ["lastUid"] = lastUid };

    private static Task<HttpResponseMessage> MoveAsync(TestTenant tenant, string accountId, string folderInPath, string body)
        => tenant.Admin.SendAsync(HttpMethod.Put, $"/v1/accounts/{accountId}/cursors/{folderInPath}", body);

    /// <summary>Waits until a fetch that ended after <paramref name="after"/> (any, when null) left the account idle; when it ended.</summary>
    private static async Task<DateTimeOffset> WaitForFetchAfterAsync(TestTenant tenant, DateTimeOffset? after)
    {
        var status = await Eventually.MatchesAsync(
            () => tenant.Admin.GetFromJsonAsync<JsonObject>("/v1/accounts/sales/status"),
            s => s!["lastFetchAt"] is { } at && (after is null || at.GetValue<DateTimeOffset>() > after) && (string?)s["state"] == "idle",
            s_patience,
            "a fetch to end");
        return status!["lastFetchAt"]!.GetValue<DateTimeOffset>();
    }
}
