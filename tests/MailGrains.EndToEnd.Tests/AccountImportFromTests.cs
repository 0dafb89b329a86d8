using System.Net;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// <c>imap.importFrom</c> in the account document: "all" (default), "now" or a day; GET shows what was set, PATCH changes
/// it like any field, anything else (and a day on a POP3 account) is a 400 naming the field.
/// </summary>
public sealed class AccountImportFromTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Pop3 = """{"server":{"incoming":{"protocol":"pop3"}}}""";

    [Theory]
    [InlineData("all", "all", "")]
    [InlineData("now", "now", "")]
    [InlineData("NOW", "now", "")]
    [InlineData("2026-01-15", "2026-01-15", "")]
    [InlineData("all", "all", Pop3)]
    [InlineData("now", "now", Pop3)]
    public async Task EachValueIsStoredAndShown(string value, string shown, string protocol)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var document = WithProtocol(AccountDocuments.CompleteImap("anna"), protocol);
        document["imap"]!["importFrom"] = value;

        var created = await tenant.CreateAccountAsync("sales", document);

        Assert.Equal(shown, created["imap"]!["importFrom"]!.GetValue<string>());
        Assert.Equal(shown, (await tenant.GetAccountAsync("sales"))["imap"]!["importFrom"]!.GetValue<string>());
    }

    [Fact]
    public async Task LeftOutItIsAll()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");

        var created = await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));

        Assert.Equal("all", created["imap"]!["importFrom"]!.GetValue<string>());
    }

    [Fact]
    public async Task APatchChangesIt()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));

        var patched = await Requests.ReadAsync(await tenant.PatchAccountAsync("sales", """{"imap":{"importFrom":"2025-12-24"}}"""), HttpStatusCode.OK);
        Assert.Equal("2025-12-24", patched["imap"]!["importFrom"]!.GetValue<string>());

        patched = await Requests.ReadAsync(await tenant.PatchAccountAsync("sales", """{"general":{"note":"x"}}"""), HttpStatusCode.OK);
        Assert.Equal("2025-12-24", patched["imap"]!["importFrom"]!.GetValue<string>());

        patched = await Requests.ReadAsync(await tenant.PatchAccountAsync("sales", """{"imap":{"importFrom":"now"}}"""), HttpStatusCode.OK);
        Assert.Equal("now", (await tenant.GetAccountAsync("sales"))["imap"]!["importFrom"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("yesterday", "")]
    [InlineData("2026-13-01", "")]
    [InlineData("2026-02-30", "")]
    [InlineData("2026-1-5", "")]
    [InlineData("2026-01-05T00:00:00Z", "")]
    [InlineData("", "")]
    [InlineData(" now", "")]
    [InlineData("LONG", "")]
    [InlineData("2026-01-15", Pop3)]
    [InlineData("later", Pop3)]
    public async Task AnythingElseIsRefusedNamingTheField(string value, string protocol)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var valid = WithProtocol(AccountDocuments.CompleteImap("anna"), protocol);
        var refused = valid.DeepClone().AsObject();
        refused["imap"]!["importFrom"] = value == "LONG" ? new string('7', 5_000) : value;

        await tenant.AssertPutRefusedAsync(valid, refused.ToJsonString(), HttpStatusCode.BadRequest, "imap.importFrom");

        var answer = await tenant.Admin.PutAsync("/v1/accounts/fresh", new StringContent(refused.ToJsonString(), System.Text.Encoding.UTF8, Requests.Json));
        var problem = await Requests.AssertFieldErrorsAsync(answer, HttpStatusCode.BadRequest, "imap.importFrom");
        Assert.Contains(protocol == Pop3 && value != "later" ? "POP3" : "YYYY-MM-DD", problem["errors"]!["imap.importFrom"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static System.Text.Json.Nodes.JsonObject WithProtocol(System.Text.Json.Nodes.JsonObject document, string protocol)
        => protocol.Length == 0 ? document : document.With(protocol);
}
