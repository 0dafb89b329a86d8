using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailGrains.EndToEnd.Tests.Api;
using MailGrains.Testing;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// <c>imap.push</c> in the account document: "auto" (default) or "off"; GET shows it, PATCH changes it like any field,
/// anything else is a 400 naming the field. The status shows <c>push</c>, and a mail delivered through Postfix to a
/// pushing account becomes an activity without a fetch request (the account polls every two hours).
/// </summary>
public sealed class AccountPushTests(AccountPushTests.PushingSiloFixture api) : IClassFixture<AccountPushTests.PushingSiloFixture>
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("auto")]
    [InlineData("off")]
    public async Task EachValueIsStoredAndShown(string value)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var document = AccountDocuments.CompleteImap("anna");
        document["imap"]!["push"] = value;

        var created = await tenant.CreateAccountAsync("sales", document);

        Assert.Equal(value, created["imap"]!["push"]!.GetValue<string>());
        Assert.Equal(value, (await tenant.GetAccountAsync("sales"))["imap"]!["push"]!.GetValue<string>());
    }

    [Fact]
    public async Task LeftOutItIsAutoAndAPatchChangesIt()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var created = await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));
        Assert.Equal("auto", created["imap"]!["push"]!.GetValue<string>());

        var patched = await Requests.ReadAsync(await tenant.PatchAccountAsync("sales", """{"imap":{"push":"off"}}"""), HttpStatusCode.OK);
        Assert.Equal("off", patched["imap"]!["push"]!.GetValue<string>());

        patched = await Requests.ReadAsync(await tenant.PatchAccountAsync("sales", """{"general":{"note":"x"}}"""), HttpStatusCode.OK);
        Assert.Equal("off", patched["imap"]!["push"]!.GetValue<string>());

        await Requests.ReadAsync(await tenant.PatchAccountAsync("sales", """{"imap":{"push":"auto"}}"""), HttpStatusCode.OK);
        Assert.Equal("auto", (await tenant.GetAccountAsync("sales"))["imap"]!["push"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"idle\"")]
    [InlineData("\"\"")]
    [InlineData("true")]
    [InlineData("1")]
    public async Task AnythingElseIsRefusedNamingTheField(string json)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var valid = AccountDocuments.CompleteImap("anna");
        var refused = valid.ToJsonString().Replace("\"imap\":{", $"\"imap\":{{\"push\":{json},", StringComparison.Ordinal);

        await tenant.AssertPutRefusedAsync(valid, refused, HttpStatusCode.BadRequest, "imap.push");

        await tenant.CreateAccountAsync("patched", valid);
        await Requests.AssertFieldErrorsAsync(await tenant.PatchAccountAsync("patched", "{\"imap\":{\"push\":" + json + "}}"), HttpStatusCode.BadRequest, "imap.push");
    }

    [Fact]
    public async Task AMailDeliveredThroughPostfixIsAnActivityWithoutAFetchRequestAndTheStatusSaysPushActive()
    {
        await using var mailbox = await TestMailbox.CreateAsync("gwpush");
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var document = AccountDocuments.OnTestServers("anna", mailbox);
        document["advanced"]!["pollIntervalSeconds"] = 7200;
        await tenant.CreateAccountAsync("sales", document);
        await Eventually.MatchesAsync(
            () => tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts/sales/status"),
            s => s.GetProperty("push").GetString() == "active" && s.GetProperty("state").GetString() == "idle",
            s_patience,
            "push to be active");

        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync(TestServices.Host, TestServices.SmtpPort, SecureSocketOptions.None);
            await smtp.SendAsync(new MimeMessage(
                [MailboxAddress.Parse("carla@example.test")], [MailboxAddress.Parse(mailbox.Address)], "Pushed", new TextPart("plain") { Text = "Hello." }));
            await smtp.DisconnectAsync(quit: true);
        }

        var status = await Eventually.MatchesAsync(
            () => tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts/sales/status"),
            s => s.GetProperty("fetched").GetInt64() == 1 && s.GetProperty("state").GetString() == "idle",
            s_patience,
            "the mail to become an activity");
        Assert.Equal("active", status.GetProperty("push").GetString());

        var off = await Requests.ReadAsync(await tenant.PatchAccountAsync("sales", """{"imap":{"push":"off"}}"""), HttpStatusCode.OK);
        Assert.Equal("off", off["imap"]!["push"]!.GetValue<string>());
        Assert.Equal("off", (await tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts/sales/status")).GetProperty("push").GetString());
    }

    /// <summary>A silo that may hold IMAP IDLE sessions (the tests' default holds none).</summary>
    public sealed class PushingSiloFixture : ApiFixture
    {
        protected override IDictionary<string, string?> SiloSettings => new Dictionary<string, string?> { ["MailGrains:Mail:MaxIdleSessions"] = "10" };
    }
}
