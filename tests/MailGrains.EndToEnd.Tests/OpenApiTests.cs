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
    public async Task TheDocumentDescribesTheOAuth2RoutesTheSignInPerServerAndTheConnectionWithoutTokens()
    {
        using var http = api.Client();

        var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json")).RootElement;

        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/v1/oauth2/providers").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/v1/accounts/{accountId}/oauth2/authorize").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/v1/accounts/{accountId}/oauth2").TryGetProperty("put", out var put));
        Assert.True(paths.GetProperty("/v1/accounts/{accountId}/oauth2").TryGetProperty("delete", out _));
        Assert.All(["400", "404", "422", "502"], status => Assert.True(put.GetProperty("responses").TryGetProperty(status, out _), $"PUT …/oauth2 does not document {status}"));
        var callback = paths.GetProperty("/v1/oauth2/callback").GetProperty("get");
        Assert.Equal(["state", "code", "error"], callback.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.All(["303", "400", "429"], status => Assert.True(callback.GetProperty("responses").TryGetProperty(status, out _), $"the callback does not document {status}"));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("IncomingServerDocument").GetProperty("properties").TryGetProperty("signIn", out _));
        Assert.True(schemas.GetProperty("OutgoingServerDocument").GetProperty("properties").TryGetProperty("signIn", out _));
        Assert.Contains("read-only", schemas.GetProperty("ServerTab").GetProperty("properties").GetProperty("oauth2").GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(
            ["provider", "address", "connectedAt", "needsReconnect", "problem"],
            schemas.GetProperty("OAuth2ConnectionDocument").GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.True(schemas.GetProperty("OAuth2GrantRequest").GetProperty("properties").TryGetProperty("refreshToken", out _));
        Assert.True(schemas.GetProperty("AccountStatusDocument").GetProperty("properties").TryGetProperty("errorCode", out _));
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
