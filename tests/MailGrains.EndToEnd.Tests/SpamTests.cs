using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailGrains.EndToEnd.Tests.Api;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests;

/// <summary>Marking an activity as spam moves the server message into the spam folder, so the provider's filter learns.</summary>
public sealed class SpamTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task MarkingSpamMovesTheMessageFromInboxToJunkAndTheActivityToTheSpamView()
    {
        await using var mailbox = await TestMailbox.CreateAsync("spam");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address), TestMessages.Simple(2, mailbox.Address)]);
        using var tenant = await api.NewTenantAsync();
        var spam = (await FetchedAsync(tenant, mailbox, "imap")).Single(a => a.GetProperty("subject").GetString() == "Test message 2");
        var id = spam.GetProperty("id").GetString();

        var marked = await tenant.Admin.PostAsync($"/v1/users/anna/activities/{id}/spam", null);
        var again = await tenant.Admin.PostAsync($"/v1/users/anna/activities/{id}/spam", null);

        Assert.Equal(HttpStatusCode.Accepted, marked.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(["Test message 1"], await TestMessages.SubjectsAsync(mailbox, "INBOX"));
        Assert.Equal(["Test message 2"], await TestMessages.SubjectsAsync(mailbox, "Junk"));
        Assert.Equal(["Test message 1"], await SubjectsAsync(tenant, "inbox"));
        Assert.Equal(["Test message 2"], await SubjectsAsync(tenant, "spam"));
        var detail = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/v1/users/anna/activities/{id}");
        Assert.Equal("spam", detail.GetProperty("summary").GetProperty("folder").GetString());
    }

    [Fact]
    public async Task AMessageWhoseFolderWasRecreatedIsFoundByMessageId()
    {
        await using var mailbox = await TestMailbox.CreateAsync("spammove");
        var raw = TestMessages.Simple(7, mailbox.Address);
        await TestMessages.AppendAsync(mailbox, "Archive", [raw]);
        using var tenant = await api.NewTenantAsync();
        var activity = (await FetchedAsync(tenant, mailbox, "imap", "Archive")).Single();
        await TestMessages.RecreateAsync(mailbox, "Archive");
        await TestMessages.AppendAsync(mailbox, "Archive", [TestMessages.Simple(8, mailbox.Address), raw]);

        var marked = await tenant.Admin.PostAsync($"/v1/users/anna/activities/{activity.GetProperty("id").GetString()}/spam", null);

        Assert.Equal(HttpStatusCode.Accepted, marked.StatusCode);
        Assert.Equal(["Test message 8"], await TestMessages.SubjectsAsync(mailbox, "Archive"));
        Assert.Equal(["Test message 7"], await TestMessages.SubjectsAsync(mailbox, "Junk"));
    }

    [Fact]
    public async Task APop3ActivityCannotBeMarkedAsSpam()
    {
        await using var mailbox = await TestMailbox.CreateAsync("spampop");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        using var tenant = await api.NewTenantAsync();
        var activity = (await FetchedAsync(tenant, mailbox, "pop3")).Single();

        var response = await tenant.Admin.PostAsync($"/v1/users/anna/activities/{activity.GetProperty("id").GetString()}/spam", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("needs IMAP", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Admin.PostAsync($"/v1/users/anna/activities/{"0" + activity.GetProperty("id").GetString()![1..]}/spam", null)).StatusCode);
    }

    private static async Task<List<JsonElement>> FetchedAsync(TestTenant tenant, TestMailbox mailbox, string protocol, string folder = "INBOX")
    {
        await tenant.PutUserAsync("anna");
        var document = AccountDocuments.CompleteImap("anna", mailbox.Password);
        document["general"]!["receiveEnabled"] = true;
        document["server"]!["incoming"]!["protocol"] = protocol;
        document["server"]!["incoming"]!["security"] = "none";
        document["server"]!["incoming"]!["userName"] = mailbox.UserName;
        document["imap"]!["folders"] = new System.Text.Json.Nodes.JsonArray(folder);
        document["advanced"]!["incomingPort"] = protocol == "pop3" ? TestServices.Pop3Port : TestServices.ImapPort;
        (await tenant.Admin.PutAsJsonAsync("/v1/accounts/box", document)).EnsureSuccessStatusCode();
        await Eventually.MatchesAsync(
            () => tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts/box/status"),
            s => s.GetProperty("fetched").GetInt64() > 0 && s.GetProperty("state").GetString() == "idle",
            s_patience,
            "the fetch");
        var page = await tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/users/anna/activities?limit=200");
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    private static async Task<List<string?>> SubjectsAsync(TestTenant tenant, string folder)
    {
        var page = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/v1/users/anna/activities?folder={folder}");
        return [.. page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("subject").GetString())];
    }
}
