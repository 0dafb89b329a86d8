using System.Net;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests.Hostile;

/// <summary>
/// Ids, names, addresses, credentials, folders and header values with control characters are refused with a 400
/// naming the field, never stored and never a 500; numeric settings stay within their documented bounds.
/// </summary>
public sealed class InputHygieneTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    public static TheoryData<string, string> AccountFields => new()
    {
        { """{"general":{"name":"Sales\u0000"}}""", "general.name" },
        { """{"general":{"email":"sales@example.test\n"}}""", "general.email" },
        { """{"general":{"replyTo":"replies@example.test\r\n"}}""", "general.replyTo" },
        { """{"general":{"note":"front\u0007desk"}}""", "general.note" },
        { """{"general":{"name":"Sales\u2028Team"}}""", "general.name" },
        { """{"general":{"name":"Sales \u202Eevil"}}""", "general.name" },
        { """{"defaults":{"tags":["ok","sa\tles"]}}""", "defaults.tags[1]" },
        { """{"defaults":{"activityType":"E\n"}}""", "defaults.activityType" },
        { """{"defaults":{"outgoingActivityType":"EA\n"}}""", "defaults.outgoingActivityType" },
        { """{"server":{"incoming":{"host":"127.0.0.1\n"}}}""", "server.incoming.host" },
        { """{"server":{"incoming":{"userName":"u\r\nNOOP"}}}""", "server.incoming.userName" },
        { """{"server":{"incoming":{"password":"p\r\nNOOP"}}}""", "server.incoming.password" },
        { """{"server":{"outgoing":{"userName":"u\r\nNOOP"}}}""", "server.outgoing.userName" },
        { """{"server":{"outgoing":{"password":"p\u0000"}}}""", "server.outgoing.password" },
        { """{"server":{"outgoing":{"host":"mail.example.test\u0085"}}}""", "server.outgoing.host" },
        { """{"imap":{"folders":["INBOX","Arch\nive"]}}""", "imap.folders[1]" },
        { """{"imap":{"spamFolder":"Junk\r\n"}}""", "imap.spamFolder" },
        { """{"imap":{"sentFolder":"Sent\u001b"}}""", "imap.sentFolder" },
        { """{"advanced":{"lastUids":{"IN\nBOX":5}}}""", "advanced.lastUids.IN?BOX" },
        { """{"advanced":{"lastUids":{"INBOX":4294967295}}}""", "advanced.lastUids.INBOX" },
        { """{"advanced":{"lastUids":{"INBOX":-1}}}""", "advanced.lastUids.INBOX" },
    };

    public static TheoryData<string, string> UserFields => new()
    {
        { """{"displayName":"Anna\r\nAdmin","email":"anna@example.test"}""", "displayName" },
        { """{"displayName":"Anna","email":"anna@example.test\n"}""", "email" },
        { """{"displayName":"Anna","email":"anna@example.test","tag":"A\u0000A"}""", "tag" },
        { """{"displayName":"Anna\u2029","email":"anna@example.test"}""", "displayName" },
    };

    public static TheoryData<string, string> SendFields => new()
    {
        { """{"senderUserId":"anna","to":["x@example.test"],"subject":"Hi\r\nBcc: attacker@example.org","text":"hi"}""", "subject" },
        { """{"senderUserId":"anna","to":["x@example.test\r\n"],"text":"hi"}""", "to[0]" },
        { """{"senderUserId":"anna","to":["x@example.test"],"cc":["\ty@example.test"],"text":"hi"}""", "cc[0]" },
        { """{"senderUserId":"anna","to":["x@example.test"],"bcc":["z@example.test\u0000"],"text":"hi"}""", "bcc[0]" },
    };

    [Theory]
    [InlineData("/v1/users/bob%0A", "userId")]
    [InlineData("/v1/users/bob%0D%0A", "userId")]
    [InlineData("/v1/accounts/sales%0A", "accountId")]
    public async Task ARouteIdWithATrailingLineBreakIsRefusedNamingTheId(string url, string field)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var isUser = field == "userId";
        var body = isUser ? """{"displayName":"Bob","email":"bob@example.test"}""" : AccountDocuments.CompleteImap("anna").ToJsonString();

        var response = await tenant.Admin.SendAsync(HttpMethod.Put, url, body);

        await Requests.AssertFieldErrorsAsync(response, HttpStatusCode.BadRequest, field);
        var stored = await Requests.ReadArrayAsync(await tenant.Admin.GetAsync(isUser ? "/v1/users" : "/v1/accounts"));
        Assert.Equal(isUser ? ["anna"] : [], stored.Select(x => (string?)x!["id"]));
    }

    [Fact]
    public async Task ATenantIdWithATrailingLineBreakIsRefusedNamingTheId()
    {
        using var op = api.Operator();

        var response = await op.SendAsync(HttpMethod.Put, "/v1/tenants/acme%0A", """{"name":"Acme"}""");

        await Requests.AssertFieldErrorsAsync(response, HttpStatusCode.BadRequest, "tenantId");
    }

    [Fact]
    public async Task ATenantNameWithAControlCharacterIsRefusedNamingIt()
    {
        using var op = api.Operator();

        var response = await op.SendAsync(HttpMethod.Put, "/v1/tenants/" + FreshTenantId(), """{"name":"Acme\r\nInc"}""");

        await Requests.AssertFieldErrorsAsync(response, HttpStatusCode.BadRequest, "name");
    }

    private static string FreshTenantId() => "tenant-" + Guid.NewGuid().ToString("N")[..10];

    [Theory]
    [MemberData(nameof(AccountFields))]
    public async Task AnAccountFieldWithAControlCharacterIsRefusedNamingIt(string overlay, string field)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");

        await tenant.AssertPutRefusedAsync(AccountDocuments.CompleteImap("anna"), AccountDocuments.CompleteImap("anna").With(overlay).ToJsonString(), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task ANoteKeepsItsLineBreaksAndTheHighestCursorIsTheLastUidBeforeTheMaximum()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var document = AccountDocuments.CompleteImap("anna").With("""{"general":{"note":"front desk\r\n\tsecond line"},"advanced":{"lastUids":{"INBOX":4294967294}}}""");

        var created = await tenant.CreateAccountAsync("sales", document);

        Assert.Equal("front desk\r\n\tsecond line", (string?)created["general"]!["note"]);
        Assert.Equal(4294967294L, (long?)created["advanced"]!["lastUids"]!["INBOX"]);
    }

    [Fact]
    public async Task PatchingTheCursorToTheMaximumUidIsRefusedNamingTheFolder()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));
        var before = await tenant.GetAccountAsync("sales");

        var response = await tenant.PatchAccountAsync("sales", """{"advanced":{"lastUids":{"INBOX":4294967295}}}""");

        await Requests.AssertFieldErrorsAsync(response, HttpStatusCode.BadRequest, "advanced.lastUids.INBOX");
        await tenant.AssertAccountUnchangedAsync("sales", before);
    }

    [Theory]
    [MemberData(nameof(UserFields))]
    public async Task AUserFieldWithAControlCharacterIsRefusedNamingIt(string body, string field)
    {
        using var tenant = await api.NewTenantAsync();

        var response = await tenant.Admin.SendAsync(HttpMethod.Put, "/v1/users/anna", body);

        await Requests.AssertFieldErrorsAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Admin.GetAsync("/v1/users/anna")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(SendFields))]
    public async Task ASendRequestWithAControlCharacterInASubjectOrRecipientIsRefusedNamingIt(string body, string field)
    {
        using var tenant = await api.NewTenantAsync();

        var response = await tenant.Admin.SendAsync(HttpMethod.Post, "/v1/accounts/sales/messages", body);

        await Requests.AssertFieldErrorsAsync(response, HttpStatusCode.BadRequest, field);
    }
}
