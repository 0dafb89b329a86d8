using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MailGrains.EndToEnd.Tests.Api;
using MailGrains.Testing;
using Microsoft.Playwright;

namespace MailGrains.EndToEnd.Tests.Admin;

/// <summary>A tenant admin configures users and a mail account on the six tabs, in a real Chromium.</summary>
public sealed class AccountScreenTests(BrowserFixture site) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AnAdminCreatesAUserAndAnImapAccountOnAllSixTabsAndReadsEveryFieldBack()
    {
        using var tenant = await site.NewTenantAsync();
        await tenant.PutUserAsync("ben");
        await using var mailbox = await TestMailbox.CreateAsync("adminui");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        var admin = await site.NewPageAsync();
        await admin.SignInAsync(tenant.Key);

        // A user, through the Users page.
        await admin.GoAsync("#/users");
        await admin.ClickAsync("New user");
        await admin.FillAsync("userId", "anna");
        await admin.FillAsync("displayName", "Anna Agent");
        await admin.FillAsync("email", "anna@acme.example");
        await admin.FillAsync("tag", "AA");
        await admin.Check("isAdmin").CheckAsync();
        await admin.FillAsync("signature.text", "-- Anna");
        await admin.FillAsync("signature.html", "<p>Anna</p>");
        await admin.ClickAsync("Save user");
        await admin.Page.GetByRole(AriaRole.Cell, new() { Name = "Anna Agent" }).WaitForAsync();
        var anna = await tenant.Admin.GetFromJsonAsync<JsonObject>("/v1/users/anna");
        Assert.Equal(("Anna Agent", "anna@acme.example", "AA", true, "-- Anna", "<p>Anna</p>"), ((string)anna!["displayName"]!, (string)anna["email"]!, (string)anna["tag"]!, (bool)anna["isAdmin"]!, (string)anna["signature"]!["text"]!, (string)anna["signature"]!["html"]!));

        // An account, tab by tab, left to right.
        await admin.GoAsync("#/accounts/new");
        await admin.FillAsync("accountId", "sales");
        await admin.FillAsync("general.name", "Sales Team");
        await admin.FillAsync("general.email", mailbox.Address);
        await admin.FillAsync("general.replyTo", "office@acme.example");
        await admin.FillAsync("general.note", "front desk");
        await admin.TabAsync("Defaults");
        await admin.SelectAsync("defaults.ownerUserId", "anna");
        await admin.FillAsync("defaults.activityType", "M");
        await admin.FillAsync("defaults.outgoingActivityType", "MO");
        await admin.FillAsync("defaults.tags", "VIP, AA");
        await admin.ClickAsync("Add permission");
        await admin.Field("defaults.permissions").GetByLabel("User", new() { Exact = true }).SelectOptionAsync("ben");
        await admin.Field("defaults.permissions").GetByLabel("Access", new() { Exact = true }).SelectOptionAsync("write");
        await admin.Field("defaults.allowedSenders").GetByLabel("User ben").CheckAsync();
        await admin.TabAsync("Server");
        await admin.SelectAsync("server.incoming.protocol", "imap");
        await admin.FillAsync("server.incoming.host", "127.0.0.1");
        await admin.SelectAsync("server.incoming.security", "none");
        await admin.FillAsync("server.incoming.userName", mailbox.UserName);
        await admin.FillAsync("server.incoming.password", mailbox.Password);
        await admin.FillAsync("server.outgoing.host", "127.0.0.1");
        await admin.SelectAsync("server.outgoing.security", "none");
        await admin.FillAsync("server.deleteFromServerAfterDays", "30");
        await admin.TabAsync("IMAP");
        Assert.True(await admin.Field("imap.folders").GetByLabel("INBOX").IsCheckedAsync());
        await admin.TabAsync("Signature");
        await admin.FillAsync("signature.text", "Sales Team, Main St 1");
        await admin.FillAsync("signature.html", "<b>Sales Team</b>");
        await admin.TabAsync("Advanced");
        Assert.Contains("0 = standard (143)", await admin.Field("advanced.incomingPort").InnerTextAsync(), StringComparison.Ordinal);
        await admin.FillAsync("advanced.incomingPort", TestServices.ImapPort.ToString(CultureInfo.InvariantCulture));
        await admin.FillAsync("advanced.outgoingPort", TestServices.SmtpPort.ToString(CultureInfo.InvariantCulture));
        await admin.FillAsync("advanced.pollIntervalSeconds", "120");
        await admin.ClickAsync("Save account");
        await admin.Page.GetByText("Saved (version 1).").WaitForAsync();

        var stored = await tenant.GetAccountAsync("sales");
        Assert.Equal(
            """{"name":"Sales Team","replyTo":"office@acme.example","note":"front desk","receiveEnabled":false}""",
            new JsonObject { ["name"] = stored["general"]!["name"]!.DeepClone(), ["replyTo"] = stored["general"]!["replyTo"]!.DeepClone(), ["note"] = stored["general"]!["note"]!.DeepClone(), ["receiveEnabled"] = stored["general"]!["receiveEnabled"]!.DeepClone() }.ToJsonString());
        Assert.Equal(mailbox.Address, (string)stored["general"]!["email"]!);
        Assert.Equal(
            """{"ownerUserId":"anna","activityType":"M","outgoingActivityType":"MO","tags":["VIP","AA"],"permissions":[{"userId":"ben","access":"write"}],"allowedSenders":["ben"]}""",
            stored["defaults"]!.ToJsonString());
        Assert.Equal(
            $$"""{"incoming":{"protocol":"imap","host":"127.0.0.1","security":"none","userName":"{{mailbox.UserName}}","hasPassword":true,"signIn":"password"},"outgoing":{"host":"127.0.0.1","security":"none","userName":null,"hasPassword":false,"signIn":"password"},"deleteFromServerAfterDays":30,"oauth2":null}""",
            stored["server"]!.ToJsonString());
        Assert.Equal("""{"text":"Sales Team, Main St 1","html":"\u003Cb\u003ESales Team\u003C/b\u003E"}""", stored["signature"]!.ToJsonString());
        Assert.Equal((TestServices.ImapPort, TestServices.SmtpPort, 120), ((int)stored["advanced"]!["incomingPort"]!, (int)stored["advanced"]!["outgoingPort"]!, (int)stored["advanced"]!["pollIntervalSeconds"]!));

        // Read back in the page after a reload: every tab shows what was saved; the password is only "set".
        await admin.Page.ReloadAsync();
        Assert.Equal("Sales Team", await admin.Control("general.name").InputValueAsync());
        Assert.Equal("front desk", await admin.Control("general.note").InputValueAsync());
        await admin.TabAsync("Defaults");
        Assert.Equal("anna", await admin.Control("defaults.ownerUserId").InputValueAsync());
        Assert.Equal("VIP, AA", await admin.Control("defaults.tags").InputValueAsync());
        Assert.Equal("write", await admin.Field("defaults.permissions").GetByLabel("Access", new() { Exact = true }).InputValueAsync());
        Assert.True(await admin.Field("defaults.allowedSenders").GetByLabel("User ben").IsCheckedAsync());
        await admin.TabAsync("Server");
        Assert.Equal("", await admin.Control("server.incoming.password").InputValueAsync());
        Assert.Contains("A password is set", await admin.Field("server.incoming.password").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("30", await admin.Control("server.deleteFromServerAfterDays").InputValueAsync());
        await admin.TabAsync("Signature");
        Assert.Equal("<b>Sales Team</b>", await admin.Control("signature.html").InputValueAsync());

        // A mistake is shown next to its field, on its tab, and the form keeps what was typed.
        await admin.TabAsync("Advanced");
        await admin.FillAsync("advanced.pollIntervalSeconds", "5");
        await admin.TabAsync("General");
        await admin.FillAsync("general.note", "typed, not saved");
        await admin.ClickAsync("Save account");
        await admin.ErrorOf("advanced.pollIntervalSeconds").Filter(new() { HasText = "60 to 86400" }).WaitForAsync();
        Assert.True(await admin.Page.GetByRole(AriaRole.Tab, new() { Name = "Advanced" }).GetAttributeAsync("aria-selected") == "true", "the tab with the error is not shown");
        Assert.Equal("5", await admin.Control("advanced.pollIntervalSeconds").InputValueAsync());
        await admin.TabAsync("General");
        Assert.Equal("typed, not saved", await admin.Control("general.note").InputValueAsync());
        Assert.Equal(1, (int)(await tenant.GetAccountAsync("sales"))["version"]!);

        // Folders from the server, the sent and spam folders picked from them, then receiving on.
        await admin.TabAsync("Advanced");
        await admin.FillAsync("advanced.pollIntervalSeconds", "120");
        await admin.TabAsync("IMAP");
        await admin.ClickAsync("Fetch IMAP folders");
        await admin.Page.GetByText("folders on the server").WaitForAsync();
        await admin.SelectAsync("imap.sentFolder", "Sent");
        await admin.SelectAsync("imap.spamFolder", "Junk");
        await admin.TabAsync("General");
        await admin.Check("general.receiveEnabled").CheckAsync();
        await admin.ClickAsync("Save account");
        await admin.Page.GetByText("Saved (version 2).").WaitForAsync();
        var enabled = await tenant.GetAccountAsync("sales");
        Assert.Equal("""{"folders":["INBOX"],"spamFolder":"Junk","sentFolder":"Sent","importFrom":"all","push":"auto"}""", enabled["imap"]!.ToJsonString());
        Assert.True((bool)enabled["general"]!["receiveEnabled"]!);

        // The Advanced tab shows the cursor the first fetch left, and resetting it is saved.
        await Eventually.MatchesAsync(() => tenant.Admin.GetFromJsonAsync<JsonObject>("/v1/accounts/sales/status"), s => (long?)s!["fetched"] == 1 && (string?)s["state"] == "idle", TimeSpan.FromSeconds(60), "the first fetch");
        await admin.Page.ReloadAsync();
        await admin.TabAsync("Advanced");
        var lastUid = admin.Page.GetByRole(AriaRole.Spinbutton, new() { Name = "Last UID of INBOX" });
        Assert.Equal("1", await lastUid.InputValueAsync());
        await admin.ClickAsync("Reset INBOX");
        Assert.Equal("0", await lastUid.InputValueAsync());
        await admin.ClickAsync("Save account");
        await admin.Page.GetByText("Saved (version 3).").WaitForAsync();
        Assert.Equal(0, (long)(await tenant.GetAccountAsync("sales"))["advanced"]!["lastUids"]!["INBOX"]!);
        await admin.ScreenshotAsync(nameof(AnAdminCreatesAUserAndAnImapAccountOnAllSixTabsAndReadsEveryFieldBack));
        Assert.Empty(admin.ForeignRequests);
        Assert.DoesNotContain(admin.Console, line => line.StartsWith("pageerror", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EnablingReceivingWithoutAPasswordIsRefusedWithWhatIsMissingNextToItsField()
    {
        using var tenant = await site.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var admin = await site.NewPageAsync();
        await admin.SignInAsync(tenant.Key);
        await admin.GoAsync("#/accounts/new");
        await admin.FillAsync("accountId", "incomplete");
        await admin.FillAsync("general.email", "incomplete@example.test");
        await admin.Check("general.receiveEnabled").CheckAsync();
        await admin.TabAsync("Defaults");
        await admin.SelectAsync("defaults.ownerUserId", "anna");
        await admin.TabAsync("Server");
        await admin.FillAsync("server.incoming.host", "127.0.0.1");
        await admin.FillAsync("server.incoming.userName", "nobody");
        await admin.TabAsync("General");
        await admin.ClickAsync("Save account");

        await admin.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Receiving cannot be enabled yet" }).WaitForAsync();
        Assert.Contains("password must be set", await admin.ErrorOf("server.incoming.password").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await admin.Page.GetByRole(AriaRole.Tab, new() { Name = "Server" }).GetAttributeAsync("aria-selected"));
        await admin.ScreenshotAsync(nameof(EnablingReceivingWithoutAPasswordIsRefusedWithWhatIsMissingNextToItsField));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await tenant.Admin.GetAsync("/v1/accounts/incomplete")).StatusCode);
    }

    [Fact]
    public async Task ImportFromIsShownKeptOnSaveAndAWrongValueIsNamedNextToIt()
    {
        using var tenant = await site.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var document = AccountDocuments.CompleteImap("anna");
        document["imap"]!["importFrom"] = "now";
        await tenant.CreateAccountAsync("sales", document);
        var admin = await site.NewPageAsync();
        await admin.SignInAsync(tenant.Key);
        await admin.GoAsync("#/accounts/sales");
        await admin.TabAsync("Server");

        await admin.ClickAsync("Save account");
        await admin.Page.GetByText("Saved (version 2).").WaitForAsync();
        Assert.Equal("now", (string?)(await tenant.GetAccountAsync("sales"))["imap"]!["importFrom"]);

        await admin.TabAsync("Server");
        await admin.FillAsync("imap.importFrom", "yesterday");
        await admin.ClickAsync("Save account");
        await admin.ErrorOf("imap.importFrom").WaitForAsync();
        Assert.Contains("YYYY-MM-DD", await admin.ErrorOf("imap.importFrom").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("now", (string?)(await tenant.GetAccountAsync("sales"))["imap"]!["importFrom"]);
    }

    [Fact]
    public async Task PushIsShownOnTheImapTabAndKeptOnSave()
    {
        using var tenant = await site.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var document = AccountDocuments.CompleteImap("anna");
        document["imap"]!["push"] = "off";
        await tenant.CreateAccountAsync("sales", document);
        var admin = await site.NewPageAsync();
        await admin.SignInAsync(tenant.Key);
        await admin.GoAsync("#/accounts/sales");

        await admin.ClickAsync("Save account");
        await admin.Page.GetByText("Saved (version 2).").WaitForAsync();
        Assert.Equal("off", (string?)(await tenant.GetAccountAsync("sales"))["imap"]!["push"]);

        await admin.TabAsync("IMAP");
        await admin.SelectAsync("imap.push", "auto");
        await admin.ClickAsync("Save account");
        await admin.Page.GetByText("Saved (version 3).").WaitForAsync();
        Assert.Equal("auto", (string?)(await tenant.GetAccountAsync("sales"))["imap"]!["push"]);
    }

    [Fact]
    public async Task ChoosingPop3HidesTheImapOnlyFieldsAndShowsItsStandardPort()
    {
        using var tenant = await site.NewTenantAsync();
        var admin = await site.NewPageAsync();
        await admin.SignInAsync(tenant.Key);
        await admin.GoAsync("#/accounts/new");
        await admin.TabAsync("Server");
        await admin.SelectAsync("server.incoming.protocol", "pop3");
        await admin.SelectAsync("server.incoming.security", "ssl");

        Assert.False(await admin.Page.GetByRole(AriaRole.Tab, new() { Name = "IMAP" }).IsVisibleAsync());
        Assert.False(await admin.Field("server.deleteFromServerAfterDays").IsVisibleAsync());
        await admin.TabAsync("Advanced");
        Assert.Contains("0 = standard (995)", await admin.Field("advanced.incomingPort").InnerTextAsync(), StringComparison.Ordinal);
        Assert.False(await admin.Field("advanced.lastUids").IsVisibleAsync());
        await admin.ScreenshotAsync(nameof(ChoosingPop3HidesTheImapOnlyFieldsAndShowsItsStandardPort));
    }

    [Fact]
    public async Task EveryControlHasALabelAndTheTabsWorkFromTheKeyboard()
    {
        using var tenant = await site.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var admin = await site.NewPageAsync();
        await admin.SignInAsync(tenant.Key);
        await admin.GoAsync("#/accounts/new");
        await admin.Page.GetByRole(AriaRole.Tab, new() { Name = "General" }).WaitForAsync();

        var unlabelled = await admin.Page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('input, select, textarea')].filter(c => !(c.labels?.length || c.getAttribute('aria-label') || c.getAttribute('aria-labelledby'))).map(c => c.outerHTML)");
        Assert.Empty(unlabelled);

        await admin.Page.GetByRole(AriaRole.Tab, new() { Name = "General" }).FocusAsync();
        await admin.Page.Keyboard.PressAsync("ArrowRight");
        Assert.Equal("true", await admin.Page.GetByRole(AriaRole.Tab, new() { Name = "Defaults" }).GetAttributeAsync("aria-selected"));
        Assert.True(await admin.Control("defaults.ownerUserId").IsVisibleAsync());
        await admin.Page.Keyboard.PressAsync("End");
        Assert.Equal("true", await admin.Page.GetByRole(AriaRole.Tab, new() { Name = "Advanced" }).GetAttributeAsync("aria-selected"));

        await admin.ClickAsync("Sign out");
        await admin.Page.GetByLabel("Admin key").WaitForAsync();
        Assert.Null(await admin.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('mailgrains.adminKey')"));
        await admin.Page.ReloadAsync();
        await admin.Page.GetByLabel("Admin key").WaitForAsync();
        await admin.ScreenshotAsync(nameof(EveryControlHasALabelAndTheTabsWorkFromTheKeyboard));
    }
}
