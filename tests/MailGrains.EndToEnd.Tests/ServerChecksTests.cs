using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailGrains.EndToEnd.Tests.Api;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests;

/// <summary>The admin screen's "Test connection" and "Fetch IMAP folders" buttons, against the real test servers.</summary>
public sealed class ServerChecksTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task TestingAWorkingAccountLogsInToBothServers()
    {
        await using var mailbox = await TestMailbox.CreateAsync("conn");
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await PutAccountAsync(tenant, mailbox, mailbox.Password, outgoingPort: TestServices.SmtpPort);

        var test = await (await tenant.Admin.PostAsync("/v1/accounts/sales/test", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(test.GetProperty("incoming").GetProperty("ok").GetBoolean(), test.ToString());
        Assert.True(test.GetProperty("outgoing").GetProperty("ok").GetBoolean(), test.ToString());
    }

    [Fact]
    public async Task TestingABrokenAccountSaysWhatIsWrongWithEachServer()
    {
        await using var mailbox = await TestMailbox.CreateAsync("connbad");
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await PutAccountAsync(tenant, mailbox, "wrong-password", outgoingPort: FreePort.Next());

        var test = await (await tenant.Admin.PostAsync("/v1/accounts/sales/test", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.False(test.GetProperty("incoming").GetProperty("ok").GetBoolean());
        Assert.Contains("refused the user name or password", test.GetProperty("incoming").GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(test.GetProperty("outgoing").GetProperty("ok").GetBoolean());
        Assert.Contains("Cannot connect", test.GetProperty("outgoing").GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", test.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MailServerKind.Dovecot)]
    [InlineData(MailServerKind.Cyrus)]
    [InlineData(MailServerKind.Courier)]
    public async Task TheServersFoldersAreListedWithTheirSpecialUseAndCounts(MailServerKind kind)
    {
        var server = TestMailServer.Of(kind);
        await using var mailbox = await TestMailbox.CreateAsync("folders", server);
        await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(1, 3).Select(i => TestMessages.Simple(i)));
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await PutAccountAsync(tenant, mailbox, mailbox.Password, outgoingPort: TestServices.SmtpPort);

        var folders = await tenant.Admin.GetFromJsonAsync<JsonElement[]>("/v1/accounts/sales/server-folders");

        var byName = folders!.ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal(3, byName["INBOX"].GetProperty("messages").GetInt32());
        Assert.Equal("INBOX", folders![0].GetProperty("name").GetString());
        Assert.Contains(server.Folder("Sent"), byName.Keys);
        Assert.Contains(server.Folder("Junk"), byName.Keys);
        if (server.HasSpecialUse)
        {
            Assert.Equal("sent", byName[server.Folder("Sent")].GetProperty("specialUse").GetString());
            Assert.Equal("junk", byName[server.Folder("Junk")].GetProperty("specialUse").GetString());
        }
    }

    [Fact]
    public async Task APop3AccountHasNoServerFolders()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var document = AccountDocuments.CompleteImap("anna");
        document["server"]!["incoming"]!["protocol"] = "pop3";
        (await tenant.Admin.PutAsJsonAsync("/v1/accounts/pop", document)).EnsureSuccessStatusCode();

        var response = await tenant.Admin.GetAsync("/v1/accounts/pop/server-folders");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task PutAccountAsync(TestTenant tenant, TestMailbox mailbox, string password, int outgoingPort)
    {
        var document = AccountDocuments.CompleteImap("anna", password);
        document["server"]!["incoming"]!["security"] = "none";
        document["server"]!["incoming"]!["userName"] = mailbox.UserName;
        document["server"]!["outgoing"]!["security"] = "none";
        document["advanced"]!["incomingPort"] = mailbox.Server.ImapPort;
        document["advanced"]!["outgoingPort"] = outgoingPort;
        (await tenant.Admin.PutAsJsonAsync("/v1/accounts/sales", document)).EnsureSuccessStatusCode();
    }
}
