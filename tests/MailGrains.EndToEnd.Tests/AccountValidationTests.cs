using System.Net;
using System.Text.Json.Nodes;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// Every field rule of the account document: a PUT breaking one rule is refused with 400 problem+json
/// naming exactly that field, as a new account and over an existing one, and saves nothing.
/// </summary>
public sealed class AccountValidationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Long = "LONG";

    [Theory]
    [InlineData("""{"general":{"email":null}}""", "general.email")]
    [InlineData("""{"general":{"email":"  "}}""", "general.email")]
    [InlineData("""{"general":{"email":"sales.example.test"}}""", "general.email")]
    [InlineData("""{"general":{"email":"Sales <sales@example.test>"}}""", "general.email")]
    [InlineData("""{"general":{"email":"sales@exa mple.test"}}""", "general.email")]
    [InlineData("""{"general":{"replyTo":"replies at example.test"}}""", "general.replyTo")]
    [InlineData("""{"defaults":{"ownerUserId":null}}""", "defaults.ownerUserId")]
    [InlineData("""{"defaults":{"ownerUserId":"Anna"}}""", "defaults.ownerUserId")]
    [InlineData("""{"defaults":{"activityType":"E mail"}}""", "defaults.activityType")]
    [InlineData("""{"defaults":{"tags":[" "]}}""", "defaults.tags[0]")]
    [InlineData("""{"defaults":{"tags":["sales",""]}}""", "defaults.tags[1]")]
    [InlineData("""{"defaults":{"permissions":[{"userId":"Bad_Id","access":"read"}]}}""", "defaults.permissions[0].userId")]
    [InlineData("""{"defaults":{"permissions":[{"access":"read"}]}}""", "defaults.permissions[0].userId")]
    [InlineData("""{"defaults":{"permissions":[{"userId":"anna"}]}}""", "defaults.permissions[0].access")]
    [InlineData("""{"defaults":{"allowedSenders":["Bad_Id"]}}""", "defaults.allowedSenders[0]")]
    [InlineData("""{"server":{"incoming":{"host":"mail_server.example.test"}}}""", "server.incoming.host")]
    [InlineData("""{"server":{"incoming":{"host":"imap.example.test."}}}""", "server.incoming.host")]
    [InlineData("""{"server":{"outgoing":{"host":"-smtp.example.test"}}}""", "server.outgoing.host")]
    [InlineData("""{"server":{"incoming":{"password":""}}}""", "server.incoming.password")]
    [InlineData("""{"server":{"outgoing":{"password":""}}}""", "server.outgoing.password")]
    [InlineData("""{"server":{"deleteFromServerAfterDays":-1}}""", "server.deleteFromServerAfterDays")]
    [InlineData("""{"server":{"deleteFromServerAfterDays":3651}}""", "server.deleteFromServerAfterDays")]
    [InlineData("""{"imap":{"folders":[]}}""", "imap.folders")]
    [InlineData("""{"imap":{"folders":["INBOX","Archive","INBOX"]}}""", "imap.folders")]
    [InlineData("""{"imap":{"folders":[" "]}}""", "imap.folders[0]")]
    [InlineData("""{"imap":{"folders":["INBOX",null]}}""", "imap.folders[1]")]
    [InlineData("""{"imap":{"spamFolder":" "}}""", "imap.spamFolder")]
    [InlineData("""{"imap":{"sentFolder":""}}""", "imap.sentFolder")]
    [InlineData("""{"server":{"incoming":{"protocol":"pop3"}},"imap":{"spamFolder":"Junk"}}""", "imap.spamFolder")]
    [InlineData("""{"server":{"incoming":{"protocol":"pop3"}},"imap":{"sentFolder":"Sent"}}""", "imap.sentFolder")]
    [InlineData("""{"advanced":{"incomingPort":-1}}""", "advanced.incomingPort")]
    [InlineData("""{"advanced":{"incomingPort":65536}}""", "advanced.incomingPort")]
    [InlineData("""{"advanced":{"outgoingPort":-1}}""", "advanced.outgoingPort")]
    [InlineData("""{"advanced":{"outgoingPort":65536}}""", "advanced.outgoingPort")]
    [InlineData("""{"advanced":{"pollIntervalSeconds":59}}""", "advanced.pollIntervalSeconds")]
    [InlineData("""{"advanced":{"pollIntervalSeconds":86401}}""", "advanced.pollIntervalSeconds")]
    [InlineData("""{"advanced":{"lastUids":{"INBOX":-1}}}""", "advanced.lastUids.INBOX")]
    [InlineData("""{"advanced":{"lastUids":{"Archive":4294967295}}}""", "advanced.lastUids.Archive")]
    public async Task AFieldBreakingItsRuleIsRefusedNamingItAndNothingIsSaved(string overlay, string field)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var valid = AccountDocuments.CompleteImap("anna");

        await tenant.AssertPutRefusedAsync(valid, valid.With(overlay).ToJsonString(), HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("""{"general":{"note":"LONG"}}""", 4_001, "general.note")]
    [InlineData("""{"general":{"name":"LONG"}}""", 201, "general.name")]
    [InlineData("""{"defaults":{"activityType":"LONG"}}""", 33, "defaults.activityType")]
    [InlineData("""{"defaults":{"tags":["sales","LONG"]}}""", 101, "defaults.tags[1]")]
    [InlineData("""{"imap":{"folders":["LONG"]}}""", 256, "imap.folders[0]")]
    [InlineData("""{"imap":{"spamFolder":"LONG"}}""", 256, "imap.spamFolder")]
    [InlineData("""{"advanced":{"lastUids":{"LONG":1}}}""", 256, "advanced.lastUids.LONG")]
    [InlineData("""{"server":{"incoming":{"userName":"LONG"}}}""", 1_025, "server.incoming.userName")]
    [InlineData("""{"server":{"outgoing":{"userName":"LONG"}}}""", 1_025, "server.outgoing.userName")]
    [InlineData("""{"server":{"incoming":{"password":"LONG"}}}""", 1_025, "server.incoming.password")]
    [InlineData("""{"server":{"outgoing":{"password":"LONG"}}}""", 1_025, "server.outgoing.password")]
    [InlineData("""{"signature":{"text":"LONG"}}""", 10_001, "signature.text")]
    [InlineData("""{"signature":{"html":"LONG"}}""", 100_001, "signature.html")]
    public async Task AValueLongerThanItsLimitIsRefusedNamingIt(string overlay, int length, string field)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var valid = AccountDocuments.CompleteImap("anna");
        var value = new string('x', length);

        await tenant.AssertPutRefusedAsync(valid, valid.With(overlay.Replace(Long, value, StringComparison.Ordinal)).ToJsonString(), HttpStatusCode.BadRequest, field.Replace(Long, value, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"general":{"note":"LONG"}}""", 4_000)]
    [InlineData("""{"general":{"name":"LONG"}}""", 200)]
    [InlineData("""{"defaults":{"activityType":"LONG"}}""", 32)]
    [InlineData("""{"defaults":{"tags":["sales","LONG","ANNA"]}}""", 100)]
    [InlineData("""{"imap":{"folders":["LONG"]}}""", 255)]
    [InlineData("""{"imap":{"spamFolder":"LONG"}}""", 255)]
    [InlineData("""{"imap":{"folders":["LONG"]},"advanced":{"lastUids":{"LONG":1}}}""", 255)]
    [InlineData("""{"server":{"incoming":{"userName":"LONG"}}}""", 1_024)]
    [InlineData("""{"server":{"incoming":{"password":"LONG"}}}""", 1_024)]
    [InlineData("""{"signature":{"text":"LONG"}}""", 10_000)]
    [InlineData("""{"signature":{"html":"LONG"}}""", 100_000)]
    public async Task AValueAsLongAsItsLimitIsAccepted(string overlay, int length)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var expected = JsonNode.Parse(overlay.Replace(Long, new string('x', length), StringComparison.Ordinal))!;

        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna").With(expected.ToJsonString()));

        var stored = await tenant.GetAccountAsync("sales");
        Requests.AssertContains(expected, stored);
        Assert.True(stored["server"]!["incoming"]!["hasPassword"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("""{"server":{"deleteFromServerAfterDays":0}}""")]
    [InlineData("""{"server":{"deleteFromServerAfterDays":3650}}""")]
    [InlineData("""{"advanced":{"incomingPort":0,"outgoingPort":0}}""")]
    [InlineData("""{"advanced":{"incomingPort":65535,"outgoingPort":65535}}""")]
    [InlineData("""{"advanced":{"pollIntervalSeconds":60}}""")]
    [InlineData("""{"advanced":{"pollIntervalSeconds":86400}}""")]
    [InlineData("""{"imap":{"folders":["INBOX","Archive"]},"advanced":{"lastUids":{"INBOX":0,"Archive":4294967294}}}""")]
    [InlineData("""{"general":{"replyTo":null}}""")]
    [InlineData("""{"imap":{"folders":["INBOX","Archive"],"spamFolder":"Junk","sentFolder":"Sent"}}""")]
    [InlineData("""{"server":{"incoming":{"protocol":"pop3"}},"imap":{"spamFolder":null,"sentFolder":null}}""")]
    [InlineData("""{"defaults":{"permissions":[{"userId":"anna","access":"write"}],"allowedSenders":["anna"]}}""")]
    public async Task AValueAtTheEdgeOfItsRangeIsAccepted(string overlay)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");

        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna").With(overlay));

        Requests.AssertContains(JsonNode.Parse(overlay), await tenant.GetAccountAsync("sales"));
    }

    [Fact]
    public async Task MoreThanAHundredTagsAreRefusedNamingTheList()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var valid = AccountDocuments.CompleteImap("anna");
        var tags = new JsonArray([.. Enumerable.Range(1, 101).Select(i => JsonValue.Create($"tag-{i}"))]);
        var invalid = valid.With(new JsonObject { ["defaults"] = new JsonObject { ["tags"] = tags } }.ToJsonString());

        await tenant.AssertPutRefusedAsync(valid, invalid.ToJsonString(), HttpStatusCode.BadRequest, "defaults.tags");
    }

    [Theory]
    [InlineData("""{"defaults":{"ownerUserId":"ghost"}}""", "defaults.ownerUserId")]
    [InlineData("""{"defaults":{"allowedSenders":["anna","ghost"]}}""", "defaults.allowedSenders")]
    [InlineData("""{"defaults":{"permissions":[{"userId":"ghost","access":"read"}]}}""", "defaults.permissions[0].userId")]
    [InlineData("""{"defaults":{"permissions":[{"userId":"anna","access":"write"},{"userId":"ghost","access":"read"}]}}""", "defaults.permissions[1].userId")]
    public async Task AUserTheTenantDoesNotHaveIsRefusedNamingTheField(string overlay, string field)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var valid = AccountDocuments.CompleteImap("anna");

        await tenant.AssertPutRefusedAsync(valid, valid.With(overlay).ToJsonString(), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task AUserOfAnotherTenantIsNotAUserOfThisOne()
    {
        using var tenant = await api.NewTenantAsync();
        using var other = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await other.PutUserAsync("bob");
        var valid = AccountDocuments.CompleteImap("anna");

        await tenant.AssertPutRefusedAsync(valid, valid.With("""{"defaults":{"allowedSenders":["bob"]}}""").ToJsonString(), HttpStatusCode.BadRequest, "defaults.allowedSenders");
    }

    [Fact]
    public async Task EveryBrokenRuleOfOneDocumentIsNamed()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var valid = AccountDocuments.CompleteImap("anna");
        var invalid = valid.With("""{"general":{"email":"nope"},"server":{"incoming":{"host":"bad host"}},"advanced":{"pollIntervalSeconds":1}}""");

        await tenant.AssertPutRefusedAsync(valid, invalid.ToJsonString(), HttpStatusCode.BadRequest, "general.email", "server.incoming.host", "advanced.pollIntervalSeconds");
    }
}
