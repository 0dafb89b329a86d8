using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MailGrains.EndToEnd.Tests.Api;
using MailGrains.Testing;
using Microsoft.Playwright;

namespace MailGrains.EndToEnd.Tests.Admin;

/// <summary>A tenant admin reads a user's inbox, sends and replies, marks spam and manages users, in a real Chromium.</summary>
public sealed class InboxScreenTests(BrowserFixture site) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan s_arrival = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AMailSentFromTheInboxViewerArrivesThroughPostfixAndIsMarkedAsSpam()
    {
        using var tenant = await site.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await using var mailbox = await TestMailbox.CreateAsync("inboxui");
        await tenant.CreateAccountAsync("sales", AccountDocuments.OnTestServers("anna", mailbox));
        var subject = "Viewing on Friday " + Guid.NewGuid().ToString("N")[..8];
        var admin = await site.NewPageAsync();
        await admin.SignInAsync(tenant.Key);

        await admin.GoAsync("#/inbox/anna");
        await admin.ClickAsync("New mail");
        await admin.FillAsync("to", mailbox.Address);
        await admin.FillAsync("subject", subject);
        await admin.FillAsync("text", "See you at the house.");
        await admin.ClickAsync("Send");
        await admin.Page.GetByText("Queued (").WaitForAsync();

        // The mail goes out through the test Postfix into the account's own mailbox and is fetched back.
        var arrived = admin.Page.Locator("ul.list button").Filter(new() { HasText = subject });
        await Eventually.MatchesAsync(
            async () =>
            {
                await tenant.Admin.PostAsync("/v1/accounts/sales/fetch", null);
                await admin.ClickAsync("Inbox");
                await admin.Page.Locator("ul.list").WaitForAsync();
                return await arrived.CountAsync();
            },
            count => count == 1,
            s_arrival,
            "the sent mail to arrive in the inbox",
            TimeSpan.FromSeconds(2));
        await arrived.ClickAsync();
        await admin.Page.Locator("pre.body-text").Filter(new() { HasText = "See you at the house." }).WaitForAsync();
        Assert.Contains("-- anna", await admin.Page.Locator("pre.body-text").InnerTextAsync(), StringComparison.Ordinal);

        await admin.ClickAsync("Mark as spam");
        await admin.Page.GetByText("Moved to the spam folder on the server.").WaitForAsync();
        await admin.ClickAsync("Spam");
        await admin.Page.Locator("ul.list button").Filter(new() { HasText = subject }).WaitForAsync();
        await admin.ScreenshotAsync(nameof(AMailSentFromTheInboxViewerArrivesThroughPostfixAndIsMarkedAsSpam));
        Assert.Single(await TestMessages.SubjectsAsync(mailbox, "Junk"), s => s == subject);
        Assert.Empty(admin.ForeignRequests);
    }

    [Fact]
    public async Task AReplyFromTheViewerQuotesTheSubjectAndGoesOutAsAReply()
    {
        using var tenant = await site.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await using var mailbox = await TestMailbox.CreateAsync("replyui");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(7, mailbox.Address)]);
        await tenant.CreateAccountAsync("sales", AccountDocuments.OnTestServers("anna", mailbox));
        await WaitForFetchedAsync(tenant, 1);
        var admin = await site.NewPageAsync();
        await admin.SignInAsync(tenant.Key);

        await admin.GoAsync("#/inbox/anna");
        await admin.Page.Locator("ul.list button").Filter(new() { HasText = "Test message 7" }).ClickAsync();
        await admin.ClickAsync("Reply");
        Assert.Equal("Re: Test message 7", await admin.Control("subject").InputValueAsync());
        Assert.Equal("sender7@example.test", await admin.Control("to").InputValueAsync());
        await admin.FillAsync("to", mailbox.Address);
        await admin.FillAsync("text", "Thanks, noted.");
        await admin.ClickAsync("Send");
        await admin.Page.GetByText("Queued (").WaitForAsync();

        var sent = await Eventually.MatchesAsync(
            () => tenant.Admin.GetFromJsonAsync<JsonObject>("/v1/users/anna/activities?folder=sent"),
            page => page!["items"]!.AsArray().Any(i => (string?)i!["status"] == "sent"),
            s_arrival,
            "the reply to be sent");
        var reply = sent!["items"]!.AsArray().Single()!;
        Assert.Equal("Re: Test message 7", (string?)reply["subject"]);
        var detail = await tenant.Admin.GetFromJsonAsync<JsonObject>($"/v1/users/anna/activities/{(string)reply["id"]!}");
        Assert.StartsWith("<msg7.", (string?)detail!["inReplyTo"], StringComparison.Ordinal);
        await admin.ScreenshotAsync(nameof(AReplyFromTheViewerQuotesTheSubjectAndGoesOutAsAReply));
    }

    [Fact]
    public async Task AnHtmlMailIsShownSandboxedWithNoScriptAndNoRemoteContent()
    {
        using var tenant = await site.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await using var mailbox = await TestMailbox.CreateAsync("htmlui");
        await TestMessages.AppendAsync(mailbox, "INBOX", [HostileHtmlMail(mailbox.Address)]);
        await tenant.CreateAccountAsync("sales", AccountDocuments.OnTestServers("anna", mailbox));
        await WaitForFetchedAsync(tenant, 1);
        var admin = await site.NewPageAsync();
        await admin.SignInAsync(tenant.Key);

        await admin.GoAsync("#/inbox/anna");
        await admin.Page.Locator("ul.list button").Filter(new() { HasText = "Offer inside" }).ClickAsync();
        var frame = admin.Page.Locator("iframe.body-frame");
        await frame.WaitForAsync();
        await admin.Page.FrameLocator("iframe.body-frame").GetByText("Dear customer").WaitForAsync();
        var srcdoc = await frame.GetAttributeAsync("srcdoc");
        await admin.Page.WaitForTimeoutAsync(500);

        Assert.Equal("", await frame.GetAttributeAsync("sandbox"));
        Assert.DoesNotContain("<script", srcdoc, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", srcdoc, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"\ssrc=""https?:", srcdoc);
        Assert.Null(await admin.Page.EvaluateAsync<string?>("() => window.pwned ?? null"));
        Assert.Empty(admin.ForeignRequests);
        await admin.ScreenshotAsync(nameof(AnHtmlMailIsShownSandboxedWithNoScriptAndNoRemoteContent));
    }

    [Fact]
    public async Task AMailFetchedWhileTheInboxIsOpenAppearsAtTheTopWithoutAReloadAndTheSelectionStays()
    {
        using var tenant = await site.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await using var mailbox = await TestMailbox.CreateAsync("liveui");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        await tenant.CreateAccountAsync("sales", AccountDocuments.OnTestServers("anna", mailbox));
        await WaitForFetchedAsync(tenant, 1);
        var admin = await site.NewPageAsync();
        await admin.SignInAsync(tenant.Key);
        await admin.GoAsync("#/inbox/anna");
        var first = admin.Page.Locator("ul.list button").Filter(new() { HasText = "Test message 1" });
        await first.ClickAsync();
        await admin.Page.Locator("pre.body-text").Filter(new() { HasText = "Hello number 1." }).WaitForAsync();
        // Marks the page and the selected row: a reload or a rebuilt list would lose both.
        await admin.Page.EvaluateAsync("() => { window.sameDocument = true; document.querySelector('ul.list button[aria-current=true]').sameRow = true; }");

        // The mail reaches the account's mailbox and is fetched through the API, not through the page.
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(2, mailbox.Address)]);
        await Eventually.MatchesAsync(
            async () =>
            {
                await tenant.Admin.PostAsync("/v1/accounts/sales/fetch", null);
                return await tenant.Admin.GetFromJsonAsync<JsonObject>("/v1/accounts/sales/status");
            },
            s => (long?)s!["fetched"] == 2,
            s_arrival,
            "the second mail to be fetched",
            TimeSpan.FromSeconds(2));

        await admin.Page.Locator("ul.list li:first-child button").Filter(new() { HasText = "Test message 2" }).WaitForAsync();
        Assert.Equal(2, await admin.Page.Locator("ul.list button").CountAsync());
        Assert.Equal("true", await first.GetAttributeAsync("aria-current"));
        Assert.Null(await admin.Page.Locator("ul.list button").Filter(new() { HasText = "Test message 2" }).GetAttributeAsync("aria-current"));
        Assert.True(await admin.Page.EvaluateAsync<bool>("() => window.sameDocument === true && document.querySelector('ul.list button[aria-current=true]').sameRow === true"));
        Assert.True(await first.EvaluateAsync<bool>("b => document.activeElement === b"));
        Assert.Contains("Hello number 1.", await admin.Page.Locator("pre.body-text").InnerTextAsync(), StringComparison.Ordinal);
        var note = admin.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "1 new" });
        Assert.Equal("polite", await note.GetAttributeAsync("aria-live"));
        await admin.ScreenshotAsync(nameof(AMailFetchedWhileTheInboxIsOpenAppearsAtTheTopWithoutAReloadAndTheSelectionStays));
        Assert.Empty(admin.ForeignRequests);
    }

    [Fact]
    public async Task DeletingAUserWhoStillOwnsAnAccountShowsWhy()
    {
        using var tenant = await site.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));
        var admin = await site.NewPageAsync();
        admin.Page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await admin.SignInAsync(tenant.Key);

        await admin.GoAsync("#/users");
        await admin.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "anna" }).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        await admin.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "The user is still in use" }).WaitForAsync();
        Assert.Contains("sales", await admin.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "still in use" }).InnerTextAsync(), StringComparison.Ordinal);
        await admin.ScreenshotAsync(nameof(DeletingAUserWhoStillOwnsAnAccountShowsWhy));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await tenant.Admin.GetAsync("/v1/users/anna")).StatusCode);
    }

    private static Task<JsonObject?> WaitForFetchedAsync(TestTenant tenant, long count)
        => Eventually.MatchesAsync(() => tenant.Admin.GetFromJsonAsync<JsonObject>("/v1/accounts/sales/status"), s => (long?)s!["fetched"] == count, s_arrival, "the account to fetch");

    /// <summary>An HTML mail that tries to run script and to load a tracking image from the web.</summary>
    private static byte[] HostileHtmlMail(string to) => Encoding.UTF8.GetBytes(string.Join("\r\n",
        "From: Shop <shop@example.test>",
        $"To: {to}",
        "Subject: Offer inside",
        "Message-ID: <hostile." + Guid.NewGuid().ToString("N") + "@example.test>",
        "Date: Fri, 27 Nov 2026 10:00:00 +0000",
        "MIME-Version: 1.0",
        "Content-Type: text/html; charset=utf-8",
        "",
        "<html><body><p>Dear customer</p>",
        "<script>window.parent.pwned = 'script'; window.pwned = 'script';</script>",
        "<img src=\"http://tracker.example/open.gif\" alt=\"tracker\">",
        "<img src=\"x\" onerror=\"window.parent.pwned = 'onerror'\">",
        "<a href=\"https://shop.example/offer\">Offer</a>",
        "</body></html>",
        ""));
}
