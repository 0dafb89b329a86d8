using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MailGrains.EndToEnd.Tests.Api;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests.Hostile;

/// <summary>
/// Mails fetched from the test Dovecot: <c>safeHtml</c> loads nothing remote (CSS, srcset, backgrounds, style
/// sheets, SVG); the HTML as received is only given on request; a huge or absurdly nested HTML body is answered
/// without a safe HTML and the gateway stays up.
/// </summary>
public sealed partial class MailHtmlTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const int MailHtmlLimit = 1024 * 1024;

    private static readonly TimeSpan s_arrival = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task SafeHtmlKeepsNoRemoteAddressOutsideBlockedAttributesAndTheRawHtmlOnlyOnRequest()
    {
        var (tenant, ids) = await FetchAsync(HtmlMail("Tracking inside", TrackingHtml));
        using var _ = tenant;

        var detail = await Requests.ReadAsync(await tenant.Admin.GetAsync($"/v1/users/anna/activities/{ids["Tracking inside"]}"), HttpStatusCode.OK);

        var safe = (string)detail["safeHtml"]!;
        Assert.Contains("Dear customer", safe, StringComparison.Ordinal);
        Assert.Contains("href=\"https://shop.example/offer\"", safe, StringComparison.Ordinal);
        Assert.Contains("data-blocked-", safe, StringComparison.Ordinal);
        Assert.DoesNotContain("canary.example", BlockedAttribute().Replace(safe, ""), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", safe, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", safe, StringComparison.OrdinalIgnoreCase);
        Assert.Null((string?)detail["html"]);
        Assert.Null((string?)detail["safeHtmlOmitted"]);

        var withHtml = await Requests.ReadAsync(await tenant.Admin.GetAsync($"/v1/users/anna/activities/{ids["Tracking inside"]}?include=html"), HttpStatusCode.OK);
        Assert.Contains("https://canary.example/p.gif", (string)withHtml["html"]!, StringComparison.Ordinal);
        await Requests.AssertFieldErrorsAsync(await tenant.Admin.GetAsync($"/v1/users/anna/activities/{ids["Tracking inside"]}?include=everything"), HttpStatusCode.BadRequest, "include");
    }

    [Fact]
    public async Task AHugeOrAbsurdlyNestedHtmlBodyIsAnsweredWithoutSafeHtmlAndTheGatewayStaysUp()
    {
        // 200,000 nested elements in about 1 MB (under the size cap, so only the depth stops it), 100 to a line.
        var deep = "<p>Deep</p>\r\n" + string.Concat(Enumerable.Repeat(string.Concat(Enumerable.Repeat("<div>", 100)) + "\r\n", 2_000)) + "deep";
        var huge = new StringBuilder().Insert(0, "<p>A long paragraph of a very large newsletter, repeated.</p>\r\n", 85_000).ToString();
        var nested = new StringBuilder().Insert(0, "<div>", 400).Append("fine").Insert(400 * 5 + 4, "</div>", 400).ToString();
        var (tenant, ids) = await FetchAsync(HtmlMail("Deep", deep), HtmlMail("Huge", huge), HtmlMail("Nested", nested));
        using var _ = tenant;
        Assert.True(huge.Length > 5_000_000 && deep.Length < MailHtmlLimit, $"{huge.Length} {deep.Length}");

        var answers = await Task.WhenAll(ids.Select(async kv => (kv.Key, Detail: await Requests.ReadAsync(await tenant.Admin.GetAsync($"/v1/users/anna/activities/{kv.Value}"), HttpStatusCode.OK))));
        var byName = answers.ToDictionary(a => a.Key, a => a.Detail);

        Assert.Null((string?)byName["Deep"]["safeHtml"]);
        Assert.Equal("too-deep", (string?)byName["Deep"]["safeHtmlOmitted"]);
        Assert.Null((string?)byName["Huge"]["safeHtml"]);
        Assert.Equal("too-large", (string?)byName["Huge"]["safeHtmlOmitted"]);
        Assert.Contains("fine", (string?)byName["Nested"]["safeHtml"], StringComparison.Ordinal);
        Assert.Null((string?)byName["Nested"]["safeHtmlOmitted"]);
        using var anonymous = api.Client();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
    }

    private static string TrackingHtml => string.Join("\r\n",
        "<html><head><style>@import url(https://canary.example/x.css); body { background: url(https://canary.example/b.gif) }</style>",
        "<link rel=\"stylesheet\" href=\"https://canary.example/l.css\"><base href=\"https://canary.example/\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://canary.example/r\"></head><body>",
        "<p>Dear customer</p>",
        "<div style=\"background:url(https://canary.example/p.gif)\">x</div>",
        "<div style=\"background-image: url( 'https://canary.example/q.gif' ); color: red\">y</div>",
        "<span style=\"b\\61 ckground:u\\72l(https://canary.example/e.png)\">e</span>",
        "<p style=\"background-image: image-set('https://canary.example/i.png' 1x)\">i</p>",
        "<img srcset=\"https://canary.example/a.png 1x, https://canary.example/b.png 2x\" src=\"cid:part1\" alt=\"logo\">",
        "<img src=\"//canary.example/relative.gif\">",
        "<table background=\"https://canary.example/t.gif\"><tr><td>t</td></tr></table>",
        "<video poster=\"https://canary.example/v.png\" src=\"https://canary.example/v.mp4\"></video>",
        "<svg><image xlink:href=\"https://canary.example/s.png\"/><use href=\"https://canary.example/u.svg#x\"/></svg>",
        "<object data=\"https://canary.example/o.swf\"></object><iframe src=\"https://canary.example/f\"></iframe>",
        "<script>new Image().src='https://canary.example/js.gif'</script>",
        "<a href=\"https://shop.example/offer\">Offer</a>",
        "</body></html>");

    /// <summary>Appends <paramref name="mails"/> to a fresh mailbox, fetches them for anna and returns their activity ids by subject.</summary>
    private async Task<(TestTenant Tenant, Dictionary<string, string> Ids)> FetchAsync(params byte[][] mails)
    {
        var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await using var mailbox = await TestMailbox.CreateAsync("html");
        await TestMessages.AppendAsync(mailbox, "INBOX", mails);
        await tenant.CreateAccountAsync("sales", AccountDocuments.OnTestServers("anna", mailbox));
        await Eventually.MatchesAsync(() => tenant.Admin.GetFromJsonAsync<JsonObject>("/v1/accounts/sales/status"), s => (long?)s!["fetched"] == mails.Length, s_arrival, "the mails to be fetched");
        var page = await Requests.ReadAsync(await tenant.Admin.GetAsync("/v1/users/anna/activities"), HttpStatusCode.OK);
        return (tenant, page["items"]!.AsArray().ToDictionary(a => (string)a!["subject"]!, a => (string)a!["id"]!));
    }

    private static byte[] HtmlMail(string subject, string html) => Encoding.UTF8.GetBytes(string.Join("\r\n",
        "From: Shop <shop@example.test>",
        "To: anna@example.test",
        $"Subject: {subject}",
        "Message-ID: <html." + Guid.NewGuid().ToString("N") + "@example.test>",
        "Date: Fri, 27 Nov 2026 10:00:00 +0000",
        "MIME-Version: 1.0",
        "Content-Type: text/html; charset=utf-8",
        "",
        html,
        ""));

    [GeneratedRegex("\\sdata-blocked-[a-z-]+=\"[^\"]*\"")]
    private static partial Regex BlockedAttribute();
}
