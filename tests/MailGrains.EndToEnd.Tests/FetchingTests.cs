using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailGrains.EndToEnd.Tests.Api;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests;

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
    public async Task AnUntrustedServerCertificateIsATlsErrorNotASilentlyAcceptedConnection()
    {
        await using var mailbox = await TestMailbox.CreateAsync("tls");
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var document = AccountDocuments.CompleteImap("anna", mailbox.Password);
        document["general"]!["receiveEnabled"] = true;
        document["server"]!["incoming"]!["security"] = "ssl";
        document["server"]!["incoming"]!["userName"] = mailbox.UserName;
        document["advanced"]!["incomingPort"] = TestServices.ImapsPort;
        (await tenant.Admin.PutAsJsonAsync("/v1/accounts/sales", document)).EnsureSuccessStatusCode();

        var failed = await Eventually.MatchesAsync(
            () => tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts/sales/status"),
            s => s.GetProperty("state").GetString() == "error",
            s_patience,
            "the TLS error");

        Assert.StartsWith($"TLS with 127.0.0.1:{TestServices.ImapsPort} failed", failed.GetProperty("lastError").GetString(), StringComparison.Ordinal);
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

    [Fact]
    public async Task MailInTheServersSentFolderBecomesOutgoingActivitiesInTheSentView()
    {
        await using var mailbox = await TestMailbox.CreateAsync("sentbox");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        await TestMessages.AppendAsync(mailbox, "Sent", [TestMessages.Simple(2, "customer@example.test"), TestMessages.Simple(3, "customer@example.test")]);
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");

        await EnableImapAccountAsync(tenant, "sales", mailbox, folders: ["INBOX", "Sent"]);
        await WaitForFetchedAsync(tenant, "sales", 3);

        var sent = await AllActivitiesAsync(tenant, "anna", "sent");
        Assert.Equal(["Test message 3", "Test message 2"], sent.Select(a => a.GetProperty("subject").GetString()));
        Assert.All(sent, a => Assert.Equal("outgoing", a.GetProperty("direction").GetString()));
        var inbox = await AllActivitiesAsync(tenant, "anna");
        Assert.Equal(["Test message 1"], inbox.Select(a => a.GetProperty("subject").GetString()));
    }

    [Fact]
    public async Task MailDeliveredThroughPostfixArrivesWithItsFields()
    {
        await using var mailbox = await TestMailbox.CreateAsync("smtpin");
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna", tag: "AA");
        await EnableImapAccountAsync(tenant, "sales", mailbox);
        await WaitForFetchedAsync(tenant, "sales", 0);
        var message = new MimeKit.MimeMessage(
            [new MimeKit.MailboxAddress("Carla Customer", "carla@example.test")],
            [MimeKit.MailboxAddress.Parse(mailbox.Address)],
            "Viewing on Friday?",
            new MimeKit.TextPart("plain") { Text = "Hello,\r\ncould we see the flat on Friday?\r\nCarla" });
        message.Cc.Add(new MimeKit.MailboxAddress("Partner", "partner@example.test"));
        using (var smtp = new MailKit.Net.Smtp.SmtpClient())
        {
            await smtp.ConnectAsync(TestServices.Host, TestServices.SmtpPort, MailKit.Security.SecureSocketOptions.None);
            await smtp.SendAsync(message, MimeKit.MailboxAddress.Parse("carla@example.test"), [MimeKit.MailboxAddress.Parse(mailbox.Address)]);
            await smtp.DisconnectAsync(quit: true);
        }

        var activity = await Eventually.MatchesAsync(
            async () =>
            {
                await tenant.Admin.PostAsync("/v1/accounts/sales/fetch", null);
                return await AllActivitiesAsync(tenant, "anna");
            },
            list => list.Count == 1,
            s_patience,
            "the delivered mail as an activity");

        var item = activity[0];
        Assert.Equal("Viewing on Friday?", item.GetProperty("subject").GetString());
        Assert.Equal("Carla Customer", item.GetProperty("from").GetProperty("name").GetString());
        Assert.Equal("carla@example.test", item.GetProperty("from").GetProperty("address").GetString());
        Assert.Equal(mailbox.Address, item.GetProperty("to")[0].GetProperty("address").GetString());
        Assert.Equal("partner@example.test", item.GetProperty("cc")[0].GetProperty("address").GetString());
        Assert.Equal("Hello, could we see the flat on Friday? Carla", item.GetProperty("snippet").GetString());
        Assert.Equal($"<{message.MessageId}>", item.GetProperty("messageId").GetString());
        Assert.Equal(["AA", "sales"], item.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Order());
        Assert.Empty(item.GetProperty("flags").EnumerateArray());
    }

    [Fact]
    public async Task NewMailIsFetchedByTheReminderWithoutBeingAsked()
    {
        await using var mailbox = await TestMailbox.CreateAsync("reminder");
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var enabledAt = DateTimeOffset.UtcNow;
        await EnableImapAccountAsync(tenant, "sales", mailbox, pollIntervalSeconds: 60);
        var first = await Eventually.MatchesAsync(
            () => tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts/sales/status"),
            s => s.GetProperty("lastFetchAt").ValueKind != JsonValueKind.Null,
            s_patience,
            "the fetch that enabling starts");
        var firstFetchAt = first.GetProperty("lastFetchAt").GetDateTimeOffset();

        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        // The mail is counted as soon as its batch is stored; the fetch's time is recorded when the fetch ends.
        var later = await Eventually.MatchesAsync(
            () => tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts/sales/status"),
            s => s.GetProperty("fetched").GetInt64() == 1 && s.GetProperty("lastFetchAt").GetDateTimeOffset() > firstFetchAt,
            TimeSpan.FromSeconds(180),
            "the reminder's fetch");

        // Nothing asked for a fetch after enabling: the mail came with the reminder's tick, one period (60 s) later.
        Assert.True(later.GetProperty("lastFetchAt").GetDateTimeOffset() >= enabledAt.AddSeconds(55), $"fetched at {later.GetProperty("lastFetchAt")}, enabled at {enabledAt:o}");
    }

    [Fact]
    public async Task TheStatusAnswersWhileALargeFetchRuns()
    {
        await using var mailbox = await TestMailbox.CreateAsync("bigfetch");
        for (var chunk = 0; chunk < 6; chunk++)
        {
            await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range((chunk * 500) + 1, 500).Select(i => TestMessages.Simple(i, mailbox.Address)));
        }

        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await EnableImapAccountAsync(tenant, "sales", mailbox);

        var during = await Eventually.MatchesAsync(
            () => tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts/sales/status"),
            s => s.GetProperty("state").GetString() == "fetching" && s.GetProperty("fetched").GetInt64() is > 0 and < 3000,
            s_patience,
            "a status read in the middle of the fetch");
        var done = await WaitForFetchedAsync(tenant, "sales", 3000);

        Assert.Equal("fetching", during.GetProperty("state").GetString());
        Assert.Equal(3000, done.GetProperty("fetched").GetInt64());
    }

    private static async Task EnableImapAccountAsync(TestTenant tenant, string accountId, TestMailbox mailbox, string[]? folders = null, int pollIntervalSeconds = 300)
    {
        var document = AccountDocuments.CompleteImap("anna", mailbox.Password);
        document["advanced"]!["pollIntervalSeconds"] = pollIntervalSeconds;
        if (folders is not null)
        {
            document["imap"]!["folders"] = new System.Text.Json.Nodes.JsonArray([.. folders.Select(f => System.Text.Json.Nodes.JsonValue.Create(f))]);
        }

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

    private static async Task<List<JsonElement>> AllActivitiesAsync(TestTenant tenant, string userId, string folder = "inbox")
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var url = $"/v1/users/{userId}/activities?folder={folder}&limit=40" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await tenant.Admin.GetFromJsonAsync<JsonElement>(url);
            all.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return all;
    }
}
