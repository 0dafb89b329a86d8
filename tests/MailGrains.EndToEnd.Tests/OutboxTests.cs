using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MailGrains.EndToEnd.Tests.Api;
using MailGrains.Testing;
using MailKit;
using MailKit.Search;

namespace MailGrains.EndToEnd.Tests;

/// <summary>The outbox under load and repeats: large mail queued while the SMTP server is away, and the Idempotency-Key header, via the real Postfix.</summary>
public sealed class OutboxTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string KeyHeader = "Idempotency-Key";
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(180);
    private static readonly string[] s_someone = ["x@example.test"];

    [Fact]
    public async Task SixLargeMailsQueuedWhileTheServerIsAwayAreAllAcceptedKeepTheOutboxSmallAndEachArrivesOnce()
    {
        await using var recipient = await TestMailbox.CreateAsync("bigqueue");
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await PutSendingAccountAsync(tenant, FreePort.Next());
        var run = Guid.NewGuid().ToString("N")[..8];
        var html = LargeHtml(245_000);

        var sent = new List<(string Subject, string ActivityId)>();
        for (var i = 0; i < 6; i++)
        {
            var subject = $"Big {i} {run}";
            var response = await tenant.Admin.PostAsJsonAsync("/v1/accounts/sales/messages", new { senderUserId = "anna", to = new[] { recipient.Address }, subject, html });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            sent.Add((subject, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activityId").GetString()!));
        }

        foreach (var (_, id) in sent)
        {
            var queued = await Eventually.MatchesAsync(() => ActivityAsync(tenant, id), a => a.GetProperty("statusDetail").ValueKind == JsonValueKind.String, s_patience, "a failed first attempt");
            Assert.Equal("queued", queued.GetProperty("status").GetString());
        }

        var outbox = Assert.Single(await StorageScan.GrainStateRowsAsync(api.Storage, "outbox", tenant.TenantId));
        Assert.InRange(outbox.Bytes, 1, 16 * 1024);

        var back = await tenant.Admin.PatchAsync("/v1/accounts/sales", JsonContent.Create(new { advanced = new { outgoingPort = TestServices.SmtpPort } }));
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        foreach (var (_, id) in sent)
        {
            await Eventually.MatchesAsync(() => ActivityAsync(tenant, id), a => a.GetProperty("status").GetString() == "sent", s_patience, "the mail to be sent");
        }

        foreach (var (subject, _) in sent)
        {
            Assert.Equal(1, await Eventually.MatchesAsync(() => CountArrivedAsync(recipient, subject), n => n > 0, s_patience, $"'{subject}' to arrive"));
        }
    }

    [Fact]
    public async Task TheSameRequestTwiceWithOneIdempotencyKeyAnswersTheSameActivityAndSendsOneMail()
    {
        await using var recipient = await TestMailbox.CreateAsync("idem");
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await PutSendingAccountAsync(tenant, TestServices.SmtpPort);
        var subject = "Once " + Guid.NewGuid().ToString("N")[..8];
        var request = new { senderUserId = "anna", to = new[] { recipient.Address }, subject, text = "Only one of me." };
        var key = "order-4711/" + Guid.NewGuid();

        var first = await PostAsync(tenant, request, key);
        var second = await PostAsync(tenant, request, key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var id = await ActivityIdAsync(first);
        Assert.Equal(id, await ActivityIdAsync(second));
        await Eventually.MatchesAsync(() => ActivityAsync(tenant, id), a => a.GetProperty("status").GetString() == "sent", s_patience, "the mail to be sent");
        var third = await PostAsync(tenant, request, key);
        Assert.Equal(id, await ActivityIdAsync(third));
        var sentView = await tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/users/anna/activities?folder=sent");
        Assert.Equal(1, sentView.GetProperty("items").GetArrayLength());
        Assert.Equal(1, await Eventually.MatchesAsync(() => CountArrivedAsync(recipient, subject), n => n > 0, s_patience, $"'{subject}' to arrive"));
    }

    [Fact]
    public async Task AnIdempotencyKeyReusedForAnotherMailIs422AndAMalformedKeyIs400NamingTheHeader()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await PutSendingAccountAsync(tenant, FreePort.Next());
        var key = Guid.NewGuid().ToString();

        var first = await PostAsync(tenant, new { senderUserId = "anna", to = s_someone, text = "One." }, key);
        var other = await PostAsync(tenant, new { senderUserId = "anna", to = s_someone, text = "Another." }, key);
        var tooLong = await PostAsync(tenant, new { senderUserId = "anna", to = s_someone, text = "One." }, new string('k', 256));
        var sentView = await tenant.Admin.GetFromJsonAsync<JsonElement>("/v1/users/anna/activities?folder=sent");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal((HttpStatusCode)422, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.True((await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(KeyHeader, out _));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(KeyHeader, out _));
        Assert.Equal(1, sentView.GetProperty("items").GetArrayLength());
    }

    /// <summary>
    /// HTML of about <paramref name="bytes"/> bytes that no encoder can shrink much (a distinct number on every
    /// line), with few characters JSON escapes, so the request stays within the gateway's body limit.
    /// </summary>
    private static string LargeHtml(int bytes)
    {
        var html = new StringBuilder("<html><body><pre>");
        for (var i = 0; html.Length < bytes - 40; i++)
        {
            html.Append("Line ").Append(i).Append(" of the price list: ").Append(i * 7919 % 100_003).Append(" EUR\n");
        }

        return html.Append("</pre></body></html>").ToString();
    }

    private static async Task<HttpResponseMessage> PostAsync(TestTenant tenant, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/accounts/sales/messages") { Content = JsonContent.Create(body) };
        request.Headers.Add(KeyHeader, key);
        return await tenant.Admin.SendAsync(request);
    }

    private static async Task<string> ActivityIdAsync(HttpResponseMessage response)
        => (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activityId").GetString()!;

    private static async Task PutSendingAccountAsync(TestTenant tenant, int smtpPort)
    {
        var document = AccountDocuments.CompleteImap("anna", null);
        document["server"]!["outgoing"] = new JsonObject { ["host"] = "127.0.0.1", ["security"] = "none", ["userName"] = null };
        document["advanced"]!["outgoingPort"] = smtpPort;
        (await tenant.Admin.PutAsJsonAsync("/v1/accounts/sales", document)).EnsureSuccessStatusCode();
    }

    private static async Task<JsonElement> ActivityAsync(TestTenant tenant, string activityId)
        => (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/v1/users/anna/activities/{activityId}")).GetProperty("summary");

    private static async Task<int> CountArrivedAsync(TestMailbox mailbox, string subject)
    {
        using var imap = await TestMessages.ConnectAsync(mailbox);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var found = await imap.Inbox.SearchAsync(SearchQuery.SubjectContains(subject));
        await imap.DisconnectAsync(quit: true);
        return found.Count;
    }
}
