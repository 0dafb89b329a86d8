using System.Net;
using System.Text.Json.Nodes;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// Receiving stays off until the incoming server, user name and password are set: enabling it earlier is
/// refused with 422 listing exactly what is missing, and saves nothing.
/// </summary>
public sealed class AccountReceiveEnabledTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Host = "server.incoming.host";
    private const string UserName = "server.incoming.userName";
    private const string Password = "server.incoming.password";

    [Fact]
    public async Task EnablingReceivingOnAnEmptyAccountIsRefusedListingHostUserNameAndPassword()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");

        await tenant.AssertPutRefusedAsync(Empty(), Enabled(Empty()).ToJsonString(), HttpStatusCode.UnprocessableEntity, Host, UserName, Password);
    }

    [Fact]
    public async Task WithHostAndUserNameButNoPasswordOnlyThePasswordIsListed()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var withoutPassword = AccountDocuments.CompleteImap("anna", incomingPassword: null);

        await tenant.AssertPutRefusedAsync(withoutPassword, Enabled(withoutPassword).ToJsonString(), HttpStatusCode.UnprocessableEntity, Password);
    }

    [Theory]
    [InlineData("""{"server":{"incoming":{"host":null}}}""", Host)]
    [InlineData("""{"server":{"incoming":{"host":"  "}}}""", Host)]
    [InlineData("""{"server":{"incoming":{"userName":null}}}""", UserName)]
    [InlineData("""{"server":{"incoming":{"userName":" "}}}""", UserName)]
    [InlineData("""{"server":{"incoming":{"host":null,"userName":null}}}""", Host, UserName)]
    public async Task EnablingReceivingWithOnePartMissingListsExactlyThatPart(string overlay, params string[] missing)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var incomplete = AccountDocuments.CompleteImap("anna").With(overlay);

        await tenant.AssertPutRefusedAsync(incomplete, Enabled(incomplete).ToJsonString(), HttpStatusCode.UnprocessableEntity, missing);
    }

    [Fact]
    public async Task TheOutgoingServerIsNotNeededToReceive()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var incomingOnly = AccountDocuments.CompleteImap("anna").With("""{"server":{"outgoing":{"host":null,"userName":null}}}""");

        var created = await tenant.CreateAccountAsync("sales", Enabled(incomingOnly));

        Assert.True(created["general"]!["receiveEnabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ACompleteAccountIsCreatedReceiving()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");

        var created = await tenant.CreateAccountAsync("sales", Enabled(AccountDocuments.CompleteImap("anna")));

        Assert.True(created["general"]!["receiveEnabled"]!.GetValue<bool>());
        Assert.True(created["server"]!["incoming"]!["hasPassword"]!.GetValue<bool>());
        Assert.True((await tenant.GetAccountAsync("sales"))["general"]!["receiveEnabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task OnceTheMissingPasswordIsSetEnablingWorks()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna", incomingPassword: null));
        var before = await tenant.GetAccountAsync("sales");

        var refused = await tenant.PatchAccountAsync("sales", """{"general":{"receiveEnabled":true}}""");
        await Requests.AssertFieldErrorsAsync(refused, HttpStatusCode.UnprocessableEntity, Password);
        await tenant.AssertAccountUnchangedAsync("sales", before);

        var enabled = await Requests.ReadAsync(
            await tenant.PatchAccountAsync("sales", """{"general":{"receiveEnabled":true},"server":{"incoming":{"password":"pw-1"}}}"""),
            HttpStatusCode.OK);
        Assert.True(enabled["general"]!["receiveEnabled"]!.GetValue<bool>());
        Assert.True(enabled["server"]!["incoming"]!["hasPassword"]!.GetValue<bool>());
    }

    [Fact]
    public async Task APasswordSetEarlierCountsWhenAPatchEnablesReceiving()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));

        var response = await tenant.PatchAccountAsync("sales", """{"general":{"receiveEnabled":true}}""");

        var account = await Requests.ReadAsync(response, HttpStatusCode.OK);
        Assert.True(account["general"]!["receiveEnabled"]!.GetValue<bool>());
        Assert.True(account["server"]!["incoming"]!["hasPassword"]!.GetValue<bool>());
    }

    [Fact]
    public async Task APasswordSetEarlierCountsWhenAPutWithoutItEnablesReceiving()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));
        var withoutPassword = Enabled(AccountDocuments.CompleteImap("anna"));
        withoutPassword["server"]!["incoming"]!.AsObject().Remove("password");

        var account = await Requests.ReadAsync(await tenant.PutAccountAsync("sales", withoutPassword), HttpStatusCode.OK);

        Assert.True(account["general"]!["receiveEnabled"]!.GetValue<bool>());
        Assert.True(account["server"]!["incoming"]!["hasPassword"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("""{"server":{"incoming":{"password":null}}}""", Password)]
    [InlineData("""{"server":{"incoming":{"host":null}}}""", Host)]
    [InlineData("""{"server":{"incoming":{"userName":null}}}""", UserName)]
    public async Task RemovingAPartOfAReceivingAccountIsRefusedListingIt(string patch, string missing)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", Enabled(AccountDocuments.CompleteImap("anna")));
        var before = await tenant.GetAccountAsync("sales");

        await Requests.AssertFieldErrorsAsync(await tenant.PatchAccountAsync("sales", patch), HttpStatusCode.UnprocessableEntity, missing);

        await tenant.AssertAccountUnchangedAsync("sales", before);
    }

    [Fact]
    public async Task AnIncompleteAccountCanBeSavedWhileReceivingIsOff()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");

        var created = await tenant.CreateAccountAsync("sales", Empty());

        Assert.False(created["general"]!["receiveEnabled"]!.GetValue<bool>());
        Assert.False(created["server"]!["incoming"]!["hasPassword"]!.GetValue<bool>());
    }

    /// <summary>Only what any account needs: an address and an owner.</summary>
    private static JsonObject Empty() => new()
    {
        ["general"] = new JsonObject { ["email"] = "sales@example.test" },
        ["defaults"] = new JsonObject { ["ownerUserId"] = "anna" },
    };

    private static JsonObject Enabled(JsonObject document) => document.With("""{"general":{"receiveEnabled":true}}""");
}
