using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailGrains.Gateway.Tests.Api;
using MailGrains.Testing;

namespace MailGrains.Gateway.Tests;

/// <summary>Every mail in a synced IMAP folder becomes exactly one activity in the owner's inbox.</summary>
public sealed class FetchingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task EveryInboxMessageBecomesExactlyOneActivityAndARefetchAddsNone()
    {
        await using var mailbox = await TestMailbox.CreateAsync("fetch");
        var sent = Enumerable.Range(1, 150).Select(i => TestMessages.Simple(i, mailbox.Address)).ToList();
        var uids = await TestMessages.AppendAsync(mailbox, "INBOX", sent);
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna", tag: "AA");

        await EnableImapAccountAsync(tenant, "sales", mailbox);
        var status = await WaitForFetchedAsync(tenant, "sales", 150);

        Assert.Equal("idle", status.GetProperty("state").GetString());
        Assert.Equal(uids[^1].Id, status.GetProperty("folders").GetProperty("INBOX").GetProperty("lastUid").GetUInt32());
        var activities = await AllActivitiesAsync(tenant, "anna");
        Assert.Equal(150, activities.Count);
        Assert.Equal(150, activities.Select(a => a.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 150).Reverse().Select(i => $"Test message {i}"), activities.Select(a => a.GetProperty("subject").GetString()));
        var newest = activities[0];
        Assert.Equal("incoming", newest.GetProperty("direction").GetString());
        Assert.Equal("inbox", newest.GetProperty("folder").GetString());
        Assert.Equal("E", newest.GetProperty("type").GetString());
        Assert.Contains("AA", newest.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("sender150@example.test", newest.GetProperty("from").GetProperty("address").GetString());
        var raw = await tenant.Admin.GetByteArrayAsync($"/v1/users/anna/activities/{newest.GetProperty("id").GetString()}/raw");
        Assert.Equal(sent[^1], raw);
        var detail = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/v1/users/anna/activities/{newest.GetProperty("id").GetString()}");
        Assert.StartsWith("Hello number 150.", detail.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(uids[^1].Id, detail.GetProperty("location").GetProperty("uid").GetUInt32());

        var reset = await tenant.Admin.PatchAsync("/v1/accounts/sales", JsonContent.Create(new { advanced = new { lastUids = new { INBOX = 0 } } }));
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var before = status.GetProperty("lastFetchAt").GetDateTimeOffset();
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.Admin.PostAsync("/v1/accounts/sales/fetch", null)).StatusCode);
        var again = await Eventually.MatchesAsync(
            () => tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts/sales/status"),
            s => s.GetProperty("lastFetchAt").ValueKind != JsonValueKind.Null && s.GetProperty("lastFetchAt").GetDateTimeOffset() > before && s.GetProperty("state").GetString() == "idle",
            s_patience,
            "the re-fetch to finish");

        Assert.Equal(150, again.GetProperty("fetched").GetInt64());
        Assert.Equal(150, (await AllActivitiesAsync(tenant, "anna")).Count);
    }

    [Fact]
    public async Task APop3AccountTakesEveryMessageOffTheServerAsExactlyOneActivity()
    {
        await using var mailbox = await TestMailbox.CreateAsync("pop3");
        await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(1, 40).Select(i => TestMessages.Simple(i, mailbox.Address)));
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var document = AccountDocuments.CompleteImap("anna", mailbox.Password);
        document["general"]!["receiveEnabled"] = true;
        document["server"]!["incoming"]!["protocol"] = "pop3";
        document["server"]!["incoming"]!["security"] = "none";
        document["server"]!["incoming"]!["userName"] = mailbox.UserName;
        document["advanced"]!["incomingPort"] = TestServices.Pop3Port;
        Assert.Equal(HttpStatusCode.Created, (await tenant.Admin.PutAsJsonAsync("/v1/accounts/pop", document)).StatusCode);

        await WaitForFetchedAsync(tenant, "pop", 40);

        var activities = await AllActivitiesAsync(tenant, "anna");
        Assert.Equal(40, activities.Select(a => a.GetProperty("id").GetString()).Distinct().Count());
        using var imap = await TestMessages.ConnectAsync(mailbox);
        await imap.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly);
        Assert.Equal(0, imap.Inbox.Count);
    }

    [Fact]
    public async Task AWrongPasswordShowsAnErrorBacksOffAndRecoversOnceFixed()
    {
        await using var mailbox = await TestMailbox.CreateAsync("wrongpw");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");

        await EnableImapAccountAsync(tenant, "sales", mailbox with { Password = "wrong-" + mailbox.Password });
        var failed = await Eventually.MatchesAsync(
            () => tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts/sales/status"),
            s => s.GetProperty("state").GetString() == "error",
            s_patience,
            "the error state");

        Assert.Contains("refused the user name or password", failed.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, failed.GetProperty("consecutiveFailures").GetInt32());
        Assert.True(failed.GetProperty("nextFetchAt").GetDateTimeOffset() > failed.GetProperty("lastFetchAt").GetDateTimeOffset().AddSeconds(20));
        Assert.DoesNotContain(mailbox.Password, failed.ToString(), StringComparison.Ordinal);

        var fixedPassword = await tenant.Admin.PatchAsync("/v1/accounts/sales", JsonContent.Create(new { server = new { incoming = new { password = mailbox.Password } } }));
        Assert.Equal(HttpStatusCode.OK, fixedPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.Admin.PostAsync("/v1/accounts/sales/fetch", null)).StatusCode);
        var recovered = await WaitForFetchedAsync(tenant, "sales", 1);

        Assert.Equal("idle", recovered.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, recovered.GetProperty("lastError").ValueKind);
        Assert.Equal(0, recovered.GetProperty("consecutiveFailures").GetInt32());
    }

    [Fact]
    public async Task AnAccountThatDoesNotReceiveCannotBeFetchedAndSaysDisabled()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        (await tenant.Admin.PutAsJsonAsync("/v1/accounts/sales", AccountDocuments.CompleteImap("anna"))).EnsureSuccessStatusCode();

        var fetch = await tenant.Admin.PostAsync("/v1/accounts/sales/fetch", null);
        var status = await tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts/sales/status");

        Assert.Equal(HttpStatusCode.Conflict, fetch.StatusCode);
        Assert.Equal("disabled", status.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Admin.PostAsync("/v1/accounts/nope/fetch", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Admin.GetAsync("/v1/accounts/nope/status")).StatusCode);
    }

    private static async Task EnableImapAccountAsync(TestTenant tenant, string accountId, TestMailbox mailbox)
    {
        var document = AccountDocuments.CompleteImap("anna", mailbox.Password);
        document["general"]!["receiveEnabled"] = true;
        document["server"]!["incoming"]!["security"] = "none";
        document["server"]!["incoming"]!["userName"] = mailbox.UserName;
        document["advanced"]!["incomingPort"] = TestServices.ImapPort;
        var response = await tenant.Admin.PutAsJsonAsync($"/v1/accounts/{accountId}", document);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static Task<JsonElement> WaitForFetchedAsync(TestTenant tenant, string accountId, long count)
        => Eventually.MatchesAsync(
            () => tenant.Admin.GetFromJsonAsync<JsonElement>($"/v1/accounts/{accountId}/status"),
            s => s.GetProperty("fetched").GetInt64() >= count && s.GetProperty("state").GetString() is "idle" or "error",
            s_patience,
            $"{count} fetched activities");

    private static async Task<List<JsonElement>> AllActivitiesAsync(TestTenant tenant, string userId)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var url = $"/v1/users/{userId}/activities?limit=40" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await tenant.Admin.GetFromJsonAsync<JsonElement>(url);
            all.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return all;
    }
}
