using System.Net.Http.Json;
using System.Text.Json;
using MailGrains.EndToEnd.Tests.Api;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests;

/// <summary><c>deleteFromServerAfterDays</c>: old mail leaves the server's folders, but only mail stored as an activity.</summary>
public sealed class RetentionTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task MailOlderThanTheLimitIsDeletedOnTheServerOnlyWhenItIsStored()
    {
        await using var mailbox = await TestMailbox.CreateAsync("retention");
        var longAgo = DateTimeOffset.UtcNow.AddDays(-60);
        await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(1, 3).Select(i => TestMessages.Simple(i, mailbox.Address)), longAgo);
        await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(4, 2).Select(i => TestMessages.Simple(i, mailbox.Address)));
        await TestMessages.AppendAsync(mailbox, "Junk", [TestMessages.Simple(9, mailbox.Address)], longAgo);
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var document = AccountDocuments.CompleteImap("anna", mailbox.Password);
        document["general"]!["receiveEnabled"] = true;
        document["server"]!["incoming"]!["security"] = "none";
        document["server"]!["incoming"]!["userName"] = mailbox.UserName;
        document["server"]!["deleteFromServerAfterDays"] = 30;
        document["advanced"]!["incomingPort"] = TestServices.ImapPort;

        (await tenant.Admin.PutAsJsonAsync("/v1/accounts/sales", document)).EnsureSuccessStatusCode();
        await Eventually.MatchesAsync(
            () => TestMessages.SubjectsAsync(mailbox, "INBOX"),
            subjects => subjects.Count == 2,
            TimeSpan.FromSeconds(90),
            "the old inbox mail to be deleted");

        Assert.Equal(["Test message 4", "Test message 5"], await TestMessages.SubjectsAsync(mailbox, "INBOX"));
        Assert.Equal(["Test message 9"], await TestMessages.SubjectsAsync(mailbox, "Junk"));
        var activities = await tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/users/anna/activities?limit=50");
        Assert.Equal(5, activities.GetProperty("items").GetArrayLength());
        var status = await tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts/sales/status");
        Assert.Equal("idle", status.GetProperty("state").GetString());
    }
}
