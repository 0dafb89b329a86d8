using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MailGrains.EndToEnd.Tests.Api;
using MailGrains.Testing;
using MailKit;
using MailKit.Search;
using MimeKit;

namespace MailGrains.EndToEnd.Tests;

/// <summary>Sending through an account: the right From, Reply-To and signature, threading, and a durable outbox, via the real Postfix.</summary>
public sealed class SendingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(120);
    private static readonly string[] s_someone = ["x@example.test"];
    private static readonly string[] s_notAnAddress = ["not an address"];
    private static readonly string[] s_inboxAndSent = ["INBOX", "Sent"];

    [Fact]
    public async Task AMailArrivesWithTheAccountsNameReplyToAndSignatureInTextAndHtml()
    {
        await using var recipient = await TestMailbox.CreateAsync("rcpt");
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await PutSendingAccountAsync(tenant, TestServices.SmtpPort, signature: new JsonObject { ["text"] = "Sales Team, Main St 1", ["html"] = "<b>Sales Team</b>" });

        var sent = await SendAsync(tenant, new { senderUserId = "anna", to = new[] { recipient.Address }, subject = "Your viewing", text = "See you on Friday.", html = "<p>See you on Friday.</p>" });
        var message = await ArrivedAsync(recipient, "Your viewing");

        Assert.Equal("Sales", message.From.Mailboxes.Single().Name);
        Assert.Equal("sales@example.test", message.From.Mailboxes.Single().Address);
        Assert.Equal("replies@example.test", message.ReplyTo.Mailboxes.Single().Address);
        Assert.Contains("See you on Friday.", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Sales Team, Main St 1", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("<b>Sales Team</b>", message.HtmlBody, StringComparison.Ordinal);
        var activity = await StatusAsync(tenant, "anna", sent, "sent");
        Assert.Equal("outgoing", activity.GetProperty("direction").GetString());
        Assert.Equal("sent", activity.GetProperty("folder").GetString());
        var status = await tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts/sales/status");
        Assert.Equal(0, status.GetProperty("fetched").GetInt64());
    }

    [Fact]
    public async Task TheSentCopyLandsInTheSyncedSentFolderAndIsNotFetchedAsASecondActivity()
    {
        await using var own = await TestMailbox.CreateAsync("sentcopy");
        await using var recipient = await TestMailbox.CreateAsync("rcpt3");
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await PutSendingAccountAsync(tenant, TestServices.SmtpPort, incoming: own);
        var patched = await tenant.Admin.PatchAsync("/v1/accounts/sales", JsonContent.Create(new
        {
            defaults = new { outgoingActivityType = "EA" },
            imap = new { folders = s_inboxAndSent, sentFolder = "Sent" },
        }));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        var sent = await SendAsync(tenant, new { senderUserId = "anna", to = new[] { recipient.Address }, subject = "Copy me", text = "One copy only." });
        await StatusAsync(tenant, "anna", sent, "sent");
        await Eventually.MatchesAsync(() => CountAsync(own, "Sent"), n => n == 1, s_patience, "the copy in the server's Sent folder");
        var before = (await tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts/sales/status")).GetProperty("lastFetchAt").GetDateTimeOffset();
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.Admin.PostAsync("/v1/accounts/sales/fetch", null)).StatusCode);
        await Eventually.MatchesAsync(
            () => tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts/sales/status"),
            s => s.GetProperty("lastFetchAt").GetDateTimeOffset() > before && s.GetProperty("folders").TryGetProperty("Sent", out _),
            s_patience,
            "a fetch of the Sent folder");

        var sentView = await tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/users/anna/activities?folder=sent");
        var only = Assert.Single(sentView.GetProperty("items").EnumerateArray());
        Assert.Equal(sent, only.GetProperty("id").GetString());
        Assert.Equal("EA", only.GetProperty("type").GetString());
    }

    [Fact]
    public async Task WithoutAnAccountSignatureTheSendersOwnIsUsedAndATextOnlyMailGetsTheTextSignature()
    {
        await using var recipient = await TestMailbox.CreateAsync("rcpt2");
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.PutUserAsync("bob");
        await PutSendingAccountAsync(tenant, TestServices.SmtpPort, allowedSenders: ["bob"]);

        await SendAsync(tenant, new { senderUserId = "bob", to = new[] { recipient.Address }, subject = "From Bob", text = "Hello." });
        var message = await ArrivedAsync(recipient, "From Bob");

        Assert.Contains("-- bob", message.TextBody, StringComparison.Ordinal);
        Assert.Null(message.HtmlBody);
    }

    [Fact]
    public async Task OnlyTheOwnerAndAllowedSendersMaySend()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.PutUserAsync("mallory");
        await PutSendingAccountAsync(tenant, TestServices.SmtpPort);

        var response = await tenant.Admin.PostAsJsonAsync("/v1/accounts/sales/messages", new { senderUserId = "mallory", to = s_someone, text = "hi" });
        var invalid = await tenant.Admin.PostAsJsonAsync("/v1/accounts/sales/messages", new { senderUserId = "anna", to = s_notAnAddress });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("to[0]", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var sentView = await tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/users/mallory/activities?folder=sent");
        Assert.Equal(0, sentView.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AReplyCarriesInReplyToReferencesAndAReSubject()
    {
        await using var inbox = await TestMailbox.CreateAsync("replyin");
        await using var customer = await TestMailbox.CreateAsync("customer");
        await TestMessages.AppendAsync(inbox, "INBOX", [TestMessages.Simple(1, inbox.Address)]);
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await PutSendingAccountAsync(tenant, TestServices.SmtpPort, incoming: inbox);
        var original = await Eventually.MatchesAsync(
            () => tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/users/anna/activities"),
            page => page.GetProperty("items").GetArrayLength() == 1,
            s_patience,
            "the mail to reply to");
        var item = original.GetProperty("items")[0];

        await SendAsync(tenant, new { senderUserId = "anna", to = new[] { customer.Address }, text = "Thanks!", inReplyToActivityId = item.GetProperty("id").GetString() });
        var reply = await ArrivedAsync(customer, "Re: Test message 1");

        Assert.Equal(item.GetProperty("messageId").GetString(), $"<{reply.InReplyTo}>");
        Assert.Contains(reply.InReplyTo, reply.References);
    }

    [Fact]
    public async Task ARecipientTheServerRefusesFailsTheActivityWithTheReason()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await PutSendingAccountAsync(tenant, TestServices.SmtpPort);

        var sent = await SendAsync(tenant, new { senderUserId = "anna", to = new[] { FreshNames.MailUser("ghost") + "@" + TestServices.MailDomain }, text = "Anyone?" });
        var activity = await StatusAsync(tenant, "anna", sent, "failed");

        Assert.Contains("550", activity.GetProperty("statusDetail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhileTheSmtpServerIsUnreachableTheMailStaysQueuedAndGoesOutOnceItIsBack()
    {
        await using var recipient = await TestMailbox.CreateAsync("later");
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await PutSendingAccountAsync(tenant, FreePort.Next());

        var sent = await SendAsync(tenant, new { senderUserId = "anna", to = new[] { recipient.Address }, subject = "Eventually", text = "Queued first." });
        var queued = await Eventually.MatchesAsync(
            () => ActivityAsync(tenant, "anna", sent),
            a => a.GetProperty("statusDetail").ValueKind == JsonValueKind.String,
            s_patience,
            "a failed first attempt");
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        Assert.Contains("Cannot connect", queued.GetProperty("statusDetail").GetString(), StringComparison.Ordinal);

        var back = await tenant.Admin.PatchAsync("/v1/accounts/sales", JsonContent.Create(new { advanced = new { outgoingPort = TestServices.SmtpPort } }));
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);

        await StatusAsync(tenant, "anna", sent, "sent");
        Assert.StartsWith("Queued first.", (await ArrivedAsync(recipient, "Eventually")).TextBody, StringComparison.Ordinal);
    }

    private static async Task PutSendingAccountAsync(TestTenant tenant, int smtpPort, JsonObject? signature = null, string[]? allowedSenders = null, TestMailbox? incoming = null)
    {
        var document = AccountDocuments.CompleteImap("anna", incoming?.Password);
        document["server"]!["outgoing"] = new JsonObject { ["host"] = "127.0.0.1", ["security"] = "none", ["userName"] = null };
        document["advanced"]!["outgoingPort"] = smtpPort;
        if (incoming is not null)
        {
            document["general"]!["receiveEnabled"] = true;
            document["server"]!["incoming"]!["security"] = "none";
            document["server"]!["incoming"]!["userName"] = incoming.UserName;
            document["advanced"]!["incomingPort"] = TestServices.ImapPort;
        }

        if (signature is not null)
        {
            document["signature"] = signature;
        }

        if (allowedSenders is not null)
        {
            document["defaults"]!["allowedSenders"] = new JsonArray([.. allowedSenders.Select(s => JsonValue.Create(s))]);
        }

        (await tenant.Admin.PutAsJsonAsync("/v1/accounts/sales", document)).EnsureSuccessStatusCode();
    }

    private static async Task<int> CountAsync(TestMailbox mailbox, string folderName)
    {
        using var imap = await TestMessages.ConnectAsync(mailbox);
        var folder = await imap.GetFolderAsync(folderName);
        await folder.OpenAsync(FolderAccess.ReadOnly);
        var count = folder.Count;
        await imap.DisconnectAsync(quit: true);
        return count;
    }

    private static async Task<string> SendAsync(TestTenant tenant, object request)
    {
        var response = await tenant.Admin.PostAsJsonAsync("/v1/accounts/sales/messages", request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activityId").GetString()!;
    }

    private static async Task<JsonElement> ActivityAsync(TestTenant tenant, string userId, string activityId)
        => (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/v1/users/{userId}/activities/{activityId}")).GetProperty("summary");

    private static Task<JsonElement> StatusAsync(TestTenant tenant, string userId, string activityId, string status)
        => Eventually.MatchesAsync(() => ActivityAsync(tenant, userId, activityId), a => a.GetProperty("status").GetString() == status, s_patience, $"the activity to be {status}");

    private static Task<MimeMessage> ArrivedAsync(TestMailbox mailbox, string subject)
        => Eventually.MatchesAsync(
            async () =>
            {
                using var imap = await TestMessages.ConnectAsync(mailbox);
                await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
                var found = await imap.Inbox.SearchAsync(SearchQuery.SubjectContains(subject));
                var message = found.Count == 0 ? null : await imap.Inbox.GetMessageAsync(found[0]);
                await imap.DisconnectAsync(quit: true);
                return message;
            },
            m => m is not null,
            s_patience,
            $"'{subject}' in {mailbox.UserName}'s inbox").ContinueWith(t => t.Result!, TaskScheduler.Default);
}
