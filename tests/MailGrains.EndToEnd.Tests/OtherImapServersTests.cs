using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MailGrains.EndToEnd.Tests.Api;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// Spam and the Sent folder through the product on the IMAP servers beside Dovecot: Cyrus (MOVE, lower-case
/// special-use flags) and Courier (no MOVE, so COPY and expunge; no special-use flags, so the folders are named).
/// Their folders live below INBOX (<c>INBOX.Junk</c>, <c>INBOX.Sent</c>).
/// </summary>
public sealed class OtherImapServersTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData(MailServerKind.Cyrus)]
    [InlineData(MailServerKind.Courier)]
    public async Task MarkingSpamMovesTheMessageFromInboxToTheServersJunkFolder(MailServerKind kind)
    {
        var server = TestMailServer.Of(kind);
        await using var mailbox = await TestMailbox.CreateAsync("spam", server);
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address), TestMessages.Simple(2, mailbox.Address)]);
        using var tenant = await api.NewTenantAsync();
        await PutAccountAsync(tenant, mailbox, ["INBOX"], spamFolder: server.HasSpecialUse ? null : server.Folder("Junk"));
        await Eventually.MatchesAsync(
            () => tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts/box/status"),
            s => s.GetProperty("fetched").GetInt64() == 2 && s.GetProperty("state").GetString() == "idle",
            s_patience,
            "the fetch");
        var page = await tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/users/anna/activities?limit=200");
        var spam = page.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("subject").GetString() == "Test message 2");

        var marked = await tenant.Admin.PostAsync($"/v1/users/anna/activities/{spam.GetProperty("id").GetString()}/spam", null);

        Assert.Equal(HttpStatusCode.Accepted, marked.StatusCode);
        Assert.Equal(["Test message 1"], await TestMessages.SubjectsAsync(mailbox, "INBOX"));
        Assert.Equal(["Test message 2"], await TestMessages.SubjectsAsync(mailbox, server.Folder("Junk")));
    }

    [Theory]
    [InlineData(MailServerKind.Cyrus)]
    [InlineData(MailServerKind.Courier)]
    public async Task TheSentCopyLandsInTheServersSentFolderAndIsNotFetchedAsASecondActivity(MailServerKind kind)
    {
        var server = TestMailServer.Of(kind);
        await using var own = await TestMailbox.CreateAsync("sentcopy", server);
        await using var recipient = await TestMailbox.CreateAsync("rcpt");
        using var tenant = await api.NewTenantAsync();
        await PutAccountAsync(tenant, own, ["INBOX", server.Folder("Sent")], sentFolder: server.Folder("Sent"));

        var response = await tenant.Admin.PostAsJsonAsync("/v1/accounts/box/messages", new { senderUserId = "anna", to = new[] { recipient.Address }, subject = "Copy me", text = "One copy only." });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var sent = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activityId").GetString();
        await Eventually.MatchesAsync(
            () => tenant.Admin.GetFromJsonAsync<JsonElement>($"/v1/users/anna/activities/{sent}"),
            a => a.GetProperty("summary").GetProperty("status").GetString() == "sent",
            s_patience,
            "the activity to be sent");
        await Eventually.MatchesAsync(() => TestMessages.SubjectsAsync(own, server.Folder("Sent")), s => s.Count == 1, s_patience, "the copy in the server's Sent folder");
        var before = (await tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts/box/status")).GetProperty("lastFetchAt").GetDateTimeOffset();
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.Admin.PostAsync("/v1/accounts/box/fetch", null)).StatusCode);
        await Eventually.MatchesAsync(
            () => tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts/box/status"),
            s => s.GetProperty("lastFetchAt").GetDateTimeOffset() > before && s.GetProperty("folders").TryGetProperty(server.Folder("Sent"), out _),
            s_patience,
            "a fetch of the Sent folder");

        var sentView = await tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/users/anna/activities?folder=sent");
        var only = Assert.Single(sentView.GetProperty("items").EnumerateArray());
        Assert.Equal(sent, only.GetProperty("id").GetString());
    }

    private static async Task PutAccountAsync(TestTenant tenant, TestMailbox mailbox, string[] folders, string? spamFolder = null, string? sentFolder = null)
    {
        await tenant.PutUserAsync("anna");
        var document = AccountDocuments.CompleteImap("anna", mailbox.Password);
        document["general"]!["receiveEnabled"] = true;
        document["server"]!["incoming"]!["security"] = "none";
        document["server"]!["incoming"]!["userName"] = mailbox.UserName;
        document["server"]!["outgoing"] = new JsonObject { ["host"] = "127.0.0.1", ["security"] = "none", ["userName"] = null };
        document["imap"]!["folders"] = new JsonArray([.. folders.Select(f => JsonValue.Create(f))]);
        document["imap"]!["spamFolder"] = spamFolder;
        document["imap"]!["sentFolder"] = sentFolder;
        document["advanced"]!["incomingPort"] = mailbox.Server.ImapPort;
        document["advanced"]!["outgoingPort"] = TestServices.SmtpPort;
        (await tenant.Admin.PutAsJsonAsync("/v1/accounts/box", document)).EnsureSuccessStatusCode();
    }
}
