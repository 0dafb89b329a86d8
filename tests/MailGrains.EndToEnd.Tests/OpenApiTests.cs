using System.Net;
using System.Text.Json;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests;

/// <summary>The API describes itself: an OpenAPI document with every route and schema, and a page to try it.</summary>
public sealed class OpenApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task TheDocumentListsEveryRouteAndTheAccountSchema()
    {
        using var http = api.Client();

        var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json")).RootElement;

        var paths = document.GetProperty("paths");
        string[] expected =
        [
            "/v1/tenants", "/v1/tenants/{tenantId}", "/v1/tenants/{tenantId}/keys", "/v1/tenants/{tenantId}/keys/{keyId}",
            "/v1/users", "/v1/users/{userId}", "/v1/accounts", "/v1/accounts/{accountId}",
            "/v1/accounts/{accountId}/cursors", "/v1/accounts/{accountId}/cursors/{folder}",
        ];
        Assert.All(expected, path => Assert.True(paths.TryGetProperty(path, out _), $"missing {path}"));
        Assert.True(paths.GetProperty("/v1/accounts/{accountId}").TryGetProperty("patch", out _));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.TryGetProperty("AccountDocument", out var account));
        Assert.True(account.GetProperty("properties").TryGetProperty("advanced", out _));
        var importFrom = schemas.GetProperty("ImapTab").GetProperty("properties").GetProperty("importFrom");
        Assert.Contains("YYYY-MM-DD", importFrom.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("IDLE", schemas.GetProperty("ImapTab").GetProperty("properties").GetProperty("push").GetRawText(), StringComparison.Ordinal);
        Assert.True(schemas.GetProperty("AccountStatusDocument").GetProperty("properties").TryGetProperty("push", out _));
    }

    [Fact]
    public async Task TheDocumentDescribesWhatEachWebhookEventPostsWithAnExample()
    {
        using var http = api.Client();

        var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json")).RootElement;

        var webhooks = document.GetProperty("webhooks");
        foreach (var type in MailGrains.Webhooks.WebhookEventTypes.All)
        {
            var post = webhooks.GetProperty(type).GetProperty("post");
            var body = post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
            Assert.Equal(type, body.GetProperty("example").GetProperty("type").GetString());
            Assert.True(body.GetProperty("schema").GetProperty("properties").TryGetProperty("data", out _), $"{type} has no data schema");
            Assert.Equal(["webhook-id", "webhook-timestamp", "webhook-signature"], post.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
            Assert.True(post.GetProperty("responses").TryGetProperty("410", out _));
        }

        var created = webhooks.GetProperty("activity.created").GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
        Assert.Equal("inbox", created.GetProperty("example").GetProperty("data").GetProperty("activity").GetProperty("folder").GetString());
    }

    [Fact]
    public async Task TheDocumentDescribesTheWebhookRoutesAndShowsTheSecretOnlyWhenCreated()
    {
        using var http = api.Client();

        var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json")).RootElement;

        var paths = document.GetProperty("paths");
        Assert.All(
            ["/v1/webhooks", "/v1/webhooks/{webhookId}", "/v1/webhooks/{webhookId}/rotate-secret", "/v1/webhooks/{webhookId}/deliveries", "/v1/webhooks/{webhookId}/replay"],
            path => Assert.True(paths.TryGetProperty(path, out _), $"missing {path}"));
        var put = paths.GetProperty("/v1/webhooks/{webhookId}").GetProperty("put").GetProperty("responses");
        Assert.Equal("#/components/schemas/CreatedWebhookDocument", put.GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.True(put.TryGetProperty("412", out _));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var webhook = schemas.GetProperty("WebhookDocument").GetProperty("properties");
        Assert.Contains("account.mailboxReset", webhook.GetProperty("events").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.False(webhook.TryGetProperty("secret", out _));
        Assert.True(schemas.GetProperty("CreatedWebhookDocument").GetProperty("properties").TryGetProperty("secret", out _));
        Assert.True(schemas.GetProperty("WebhookSecretResponse").GetProperty("properties").TryGetProperty("previousSecretValidUntil", out _));
        Assert.True(schemas.GetProperty("WebhookDeliveriesResponse").GetProperty("properties").TryGetProperty("attempts", out _));
        Assert.True(schemas.GetProperty("WebhookReplayRequest").GetProperty("properties").TryGetProperty("since", out _));
    }

    [Fact]
    public async Task TheInteractivePageIsServedByTheGatewayItself()
    {
        using var http = api.Client();

        var page = await http.GetAsync("/docs/");
        var script = await http.GetAsync("/docs/scalar.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("openapi/v1.json", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }
}
