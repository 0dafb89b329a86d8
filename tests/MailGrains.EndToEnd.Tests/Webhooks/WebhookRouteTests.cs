using System.Net;
using System.Text.Json.Nodes;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests.Webhooks;

/// <summary>
/// <c>/v1/webhooks</c> over HTTP against a real silo: the signing secret appears in the answer that creates it (or
/// rotates it) and in no other, fields are checked with 400s naming them, lists page, If-Match guards writes, and a
/// tenant sees only its own webhooks (an operator key is refused: <c>AuthenticationTests</c> lists these routes).
/// </summary>
public sealed class WebhookRouteTests(WebhookFixture api) : IClassFixture<WebhookFixture>
{
    [Fact]
    public async Task CreatingAWebhookShowsItsSecretOnceAndNoOtherAnswerHasIt()
    {
        using var tenant = await api.NewTenantAsync();

        var response = await tenant.PutWebhookAsync("crm", WebhookRequests.Document(events: ["activity.created", "account.error"]));
        var created = await Requests.ReadAsync(response, HttpStatusCode.Created);
        var secret = created["secret"]!.GetValue<string>();
        var read = await tenant.Admin.GetAsync("/v1/webhooks/crm");
        var readText = await read.Content.ReadAsStringAsync();
        var listText = await tenant.Admin.GetStringAsync("/v1/webhooks");
        var replaced = await tenant.PutWebhookAsync("crm", WebhookRequests.Document(events: "account.error").With("""{"includeBodyBytes": 4096}"""));
        var replacedText = await replaced.Content.ReadAsStringAsync();

        Assert.Equal("/v1/webhooks/crm", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", secret);
        Requests.AssertContains(JsonNode.Parse("""
            {"id":"crm","url":"https://crm.example.com/hooks/mail","events":["activity.created","account.error"],"enabled":true,"includeBodyBytes":0,"disabledReason":null,"version":1}
            """), created);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        Assert.False(JsonNode.Parse(readText)!.AsObject().ContainsKey("secret"));
        Assert.DoesNotContain(secret, readText, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("\"2\"", replaced.Headers.ETag?.Tag);
        Assert.DoesNotContain("secret", replacedText, StringComparison.Ordinal);
        Requests.AssertContains(JsonNode.Parse("""{"events":["account.error"],"includeBodyBytes":4096,"version":2}"""), JsonNode.Parse(replacedText));
        Assert.Equal(created["createdAt"]!.ToJsonString(), JsonNode.Parse(replacedText)!["createdAt"]!.ToJsonString());
    }

    [Fact]
    public async Task RotatingTheSecretShowsTheNewOneOnceAndWhenTheOldOneStopsSigning()
    {
        using var tenant = await api.NewTenantAsync();
        var created = await Requests.ReadAsync(await tenant.PutWebhookAsync("crm", WebhookRequests.Document()), HttpStatusCode.Created);
        var before = DateTimeOffset.UtcNow;

        var response = await tenant.Admin.PostAsync("/v1/webhooks/crm/rotate-secret", null);
        var rotation = await Requests.ReadAsync(response, HttpStatusCode.OK);
        var readText = await tenant.Admin.GetStringAsync("/v1/webhooks/crm");

        var secret = rotation["secret"]!.GetValue<string>();
        var validUntil = rotation["previousSecretValidUntil"]!.GetValue<DateTimeOffset>();
        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", secret);
        Assert.NotEqual(created["secret"]!.GetValue<string>(), secret);
        Assert.InRange(validUntil, before.AddHours(24).AddSeconds(-1), DateTimeOffset.UtcNow.AddHours(24).AddSeconds(1));
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.DoesNotContain(secret, readText, StringComparison.Ordinal);
        Assert.Equal(2, JsonNode.Parse(readText)!["version"]!.GetValue<long>());
        await Requests.AssertProblemAsync(await tenant.Admin.PostAsync("/v1/webhooks/nobody/rotate-secret", null), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"url":null}""", "url")]
    [InlineData("""{"url":"ftp://crm.example.com/hooks"}""", "url")]
    [InlineData("""{"url":"https://user:password@crm.example.com/hooks"}""", "url")]
    [InlineData("""{"url":"https://crm.example.com/hooks#frag"}""", "url")]
    [InlineData("""{"url":"https://10.0.0.1/hooks"}""", "url")]
    [InlineData("""{"events":[]}""", "events")]
    [InlineData("""{"events":null}""", "events")]
    [InlineData("""{"events":["activity.deleted"]}""", "events")]
    [InlineData("""{"events":["account.error","account.error"]}""", "events")]
    [InlineData("""{"events":[null]}""", "events")]
    [InlineData("""{"includeBodyBytes":65537}""", "includeBodyBytes")]
    [InlineData("""{"includeBodyBytes":-1}""", "includeBodyBytes")]
    [InlineData("""{"includeBodyBytes":"10"}""", "includeBodyBytes")]
    [InlineData("""{"secret":"whsec_AAAA"}""", "secret")]
    public async Task AnInvalidFieldIsA400NamingItAndNothingIsSaved(string overlay, string field)
    {
        using var tenant = await api.NewTenantAsync();
        await Requests.ReadAsync(await tenant.PutWebhookAsync("existing", WebhookRequests.Document()), HttpStatusCode.Created);
        var before = await tenant.Admin.GetStringAsync("/v1/webhooks/existing");

        foreach (var id in (string[])["fresh", "existing"])
        {
            await Requests.AssertFieldErrorsAsync(await tenant.PutWebhookAsync(id, WebhookRequests.Document().With(overlay)), HttpStatusCode.BadRequest, field);
        }

        await Requests.AssertProblemAsync(await tenant.Admin.GetAsync("/v1/webhooks/fresh"), HttpStatusCode.NotFound);
        Assert.Equal(before, await tenant.Admin.GetStringAsync("/v1/webhooks/existing"));
    }

    [Fact]
    public async Task AMalformedIdIsA400NamingIt()
    {
        using var tenant = await api.NewTenantAsync();

        await Requests.AssertFieldErrorsAsync(await tenant.PutWebhookAsync("CRM", WebhookRequests.Document()), HttpStatusCode.BadRequest, "webhookId");
    }

    [Fact]
    public async Task TheListComesInPagesWithALinkToTheNext()
    {
        using var tenant = await api.NewTenantAsync();
        foreach (var id in (string[])["c", "a", "b"])
        {
            await Requests.ReadAsync(await tenant.PutWebhookAsync(id, WebhookRequests.Document($"https://crm.example.com/{id}")), HttpStatusCode.Created);
        }

        var first = await tenant.Admin.GetAsync("/v1/webhooks?limit=2");
        var next = first.Headers.GetValues("Link").Single();
        var second = await tenant.Admin.GetAsync(next[1..next.IndexOf('>', StringComparison.Ordinal)]);
        var whole = await Requests.ReadArrayAsync(await tenant.Admin.GetAsync("/v1/webhooks"));

        Assert.Equal(["a", "b"], (await Requests.ReadArrayAsync(first)).Select(w => w!["id"]!.GetValue<string>()));
        Assert.Equal("</v1/webhooks?limit=2&after=b>; rel=\"next\"", next);
        Assert.Equal(["c"], (await Requests.ReadArrayAsync(second)).Select(w => w!["id"]!.GetValue<string>()));
        Assert.False(second.Headers.Contains("Link"));
        Assert.Equal(["a", "b", "c"], whole.Select(w => w!["id"]!.GetValue<string>()));
        Assert.Equal("https://crm.example.com/c", whole[2]!["url"]!.GetValue<string>());
        await Requests.AssertFieldErrorsAsync(await tenant.Admin.GetAsync("/v1/webhooks?limit=0"), HttpStatusCode.BadRequest, "limit");
        await Requests.AssertFieldErrorsAsync(await tenant.Admin.GetAsync("/v1/webhooks?after=B"), HttpStatusCode.BadRequest, "after");
    }

    [Fact]
    public async Task AWebhookBeyondTheQuotaIsA409NamingTheIdWhileAReplaceIsNot()
    {
        using var tenant = await api.NewTenantAsync();
        for (var i = 0; i < WebhookFixture.Quota; i++)
        {
            await Requests.ReadAsync(await tenant.PutWebhookAsync($"w{i}", WebhookRequests.Document()), HttpStatusCode.Created);
        }

        var refused = await tenant.PutWebhookAsync("one-more", WebhookRequests.Document());
        var replaced = await tenant.PutWebhookAsync("w0", WebhookRequests.Document("https://crm.example.com/v2"));

        var problem = await Requests.AssertFieldErrorsAsync(refused, HttpStatusCode.Conflict, "webhookId");
        Assert.Contains("MailGrains:Quotas:WebhooksPerTenant", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        await Requests.AssertProblemAsync(await tenant.Admin.GetAsync("/v1/webhooks/one-more"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AWriteWithAnIfMatchThatIsNoLongerTheVersionIs412AndChangesNothing()
    {
        using var tenant = await api.NewTenantAsync();
        await Requests.ReadAsync(await tenant.PutWebhookAsync("crm", WebhookRequests.Document()), HttpStatusCode.Created);

        var matching = await tenant.PutWebhookAsync("crm", WebhookRequests.Document("https://crm.example.com/v2"), "\"1\"");
        var stale = await tenant.PutWebhookAsync("crm", WebhookRequests.Document("https://crm.example.com/v3"), "\"1\"");
        var starOnNone = await tenant.PutWebhookAsync("fresh", WebhookRequests.Document(), "*");
        var malformed = await tenant.PutWebhookAsync("crm", WebhookRequests.Document(), "1");

        Assert.Equal(HttpStatusCode.OK, matching.StatusCode);
        Assert.Equal("\"2\"", matching.Headers.ETag?.Tag);
        await Requests.AssertProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        await Requests.AssertProblemAsync(starOnNone, HttpStatusCode.PreconditionFailed);
        await Requests.AssertFieldErrorsAsync(malformed, HttpStatusCode.BadRequest, "If-Match");
        Assert.Equal("https://crm.example.com/v2", (await Requests.ReadAsync(await tenant.Admin.GetAsync("/v1/webhooks/crm"), HttpStatusCode.OK))["url"]!.GetValue<string>());
        await Requests.AssertProblemAsync(await tenant.Admin.GetAsync("/v1/webhooks/fresh"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeletingAWebhookIs204ThenItIsGone()
    {
        using var tenant = await api.NewTenantAsync();
        await Requests.ReadAsync(await tenant.PutWebhookAsync("crm", WebhookRequests.Document()), HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Admin.DeleteAsync("/v1/webhooks/crm")).StatusCode);

        await Requests.AssertProblemAsync(await tenant.Admin.DeleteAsync("/v1/webhooks/crm"), HttpStatusCode.NotFound);
        await Requests.AssertProblemAsync(await tenant.Admin.GetAsync("/v1/webhooks/crm"), HttpStatusCode.NotFound);
        Assert.Empty(await Requests.ReadArrayAsync(await tenant.Admin.GetAsync("/v1/webhooks")));
    }

    [Fact]
    public async Task AnotherTenantsWebhookDoesNotExist()
    {
        using var owner = await api.NewTenantAsync();
        await Requests.ReadAsync(await owner.PutWebhookAsync("crm", WebhookRequests.Document("https://owner.example.com/hooks")), HttpStatusCode.Created);
        using var other = await api.NewTenantAsync();

        await Requests.AssertProblemAsync(await other.Admin.GetAsync("/v1/webhooks/crm"), HttpStatusCode.NotFound);
        await Requests.AssertProblemAsync(await other.Admin.DeleteAsync("/v1/webhooks/crm"), HttpStatusCode.NotFound);
        await Requests.AssertProblemAsync(await other.Admin.PostAsync("/v1/webhooks/crm/rotate-secret", null), HttpStatusCode.NotFound);
        await Requests.AssertProblemAsync(await other.Admin.GetAsync("/v1/webhooks/crm/deliveries"), HttpStatusCode.NotFound);
        Assert.Empty(await Requests.ReadArrayAsync(await other.Admin.GetAsync("/v1/webhooks")));
        await Requests.ReadAsync(await other.PutWebhookAsync("crm", WebhookRequests.Document("https://other.example.com/hooks")), HttpStatusCode.Created);

        var owners = await Requests.ReadAsync(await owner.Admin.GetAsync("/v1/webhooks/crm"), HttpStatusCode.OK);
        Assert.Equal(("https://owner.example.com/hooks", 1L), (owners["url"]!.GetValue<string>(), owners["version"]!.GetValue<long>()));
    }

    [Fact]
    public async Task DeliveriesAndReplayOfAnUnknownWebhookAre404WithoutAskingDelivery()
    {
        using var tenant = await api.NewTenantAsync();
        var since = new JsonObject { ["since"] = DateTimeOffset.UtcNow.AddHours(-1) }.ToJsonString();

        var deliveries = await tenant.Admin.GetAsync("/v1/webhooks/nobody/deliveries");
        var replay = await tenant.Admin.SendAsync(HttpMethod.Post, "/v1/webhooks/nobody/replay", since);

        await Requests.AssertProblemAsync(deliveries, HttpStatusCode.NotFound);
        await Requests.AssertProblemAsync(replay, HttpStatusCode.NotFound);
        Assert.Equal(0, api.Deliveries.Count);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"since":null}""")]
    [InlineData("""{"since":"yesterday"}""")]
    [InlineData("""{"since":"2026-13-01T00:00:00Z"}""")]
    [InlineData("OLD")]
    public async Task AReplayWithoutASinceWithinTheEventRetentionIsA400NamingSince(string body)
    {
        using var tenant = await api.NewTenantAsync();
        await Requests.ReadAsync(await tenant.PutWebhookAsync("crm", WebhookRequests.Document()), HttpStatusCode.Created);
        var sent = body == "OLD" ? new JsonObject { ["since"] = DateTimeOffset.UtcNow.AddDays(-7).AddMinutes(-1) }.ToJsonString() : body;

        var response = await tenant.Admin.SendAsync(HttpMethod.Post, "/v1/webhooks/crm/replay", sent);

        await Requests.AssertFieldErrorsAsync(response, HttpStatusCode.BadRequest, "since");
        Assert.Equal(0, api.Deliveries.Count);
    }
}
