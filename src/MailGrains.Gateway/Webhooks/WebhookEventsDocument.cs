using System.Text.Json.Nodes;
using MailGrains.Webhooks;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MailGrains.Gateway.Webhooks;

/// <summary>
/// Describes what the service posts to a subscription's URL, as the OpenAPI document's <c>webhooks</c>: one entry per
/// event type with its body's schema, an example, the Standard Webhooks headers and what each answer means.
/// </summary>
internal sealed class WebhookEventsDocument : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Webhooks ??= new Dictionary<string, IOpenApiPathItem>();
        foreach (var (type, summary, data, example) in Events())
        {
            document.Webhooks[type] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Post] = new()
                    {
                        Summary = summary,
                        Description = "Posted to every enabled subscription whose `events` name it, at least once, in order per account, "
                            + "with the same `webhook-id` on every attempt. Verify the signature with any Standard Webhooks library and the "
                            + "subscription's secret; drop a `webhook-id` you have handled already.",
                        Tags = new HashSet<OpenApiTagReference> { new("Webhook events") },
                        Parameters = [Header("webhook-id", "The event's id (`msg_…`): the same on every retry."),
                            Header("webhook-timestamp", "When this attempt was made, in Unix seconds."),
                            Header("webhook-signature", "`v1,<base64 HMAC-SHA256>` per valid secret, space-separated, the current secret first.")],
                        RequestBody = new OpenApiRequestBody
                        {
                            Required = true,
                            Content = new Dictionary<string, OpenApiMediaType>
                            {
                                ["application/json"] = new() { Schema = Envelope(type, data), Example = Example(type, example) },
                            },
                        },
                        Responses = new OpenApiResponses
                        {
                            ["2XX"] = new OpenApiResponse { Description = "Received: the event is done." },
                            ["410"] = new OpenApiResponse { Description = "Gone: the subscription is disabled and gets no more events." },
                            ["default"] = new OpenApiResponse { Description = "429, 5xx, a timeout or any other answer: sent again later with back-off (honouring `Retry-After`) for up to 3 days, then the subscription is disabled." },
                        },
                    },
                },
            };
        }

        return Task.CompletedTask;
    }

    private static OpenApiParameter Header(string name, string description)
        => new() { Name = name, In = ParameterLocation.Header, Required = true, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };

    private static OpenApiSchema Envelope(string type, OpenApiSchema data) => Object(
        ("type", new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(type)] }),
        ("timestamp", new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", Description = "When the change happened." }),
        ("data", data));

    private static JsonObject Example(string type, JsonObject data)
        => new() { ["type"] = type, ["timestamp"] = "2026-12-05T17:03:00Z", ["data"] = data };

    private static OpenApiSchema Object(params (string Name, OpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Properties = properties.ToDictionary(p => p.Name, p => (IOpenApiSchema)p.Schema),
        Required = properties.Select(p => p.Name).ToHashSet(),
    };

    private static OpenApiSchema Text(string description, bool nullable = false)
        => new() { Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String, Description = description };

    private static IEnumerable<(string Type, string Summary, OpenApiSchema Data, JsonObject Example)> Events()
    {
        var activity = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "The activity as an item of `GET /v1/users/{userId}/activities`.",
        };
        var activityData = Object(("userId", Text("The owner whose inbox holds the activity.")), ("activity", activity));
        var created = Object(("userId", Text("The owner whose inbox holds the activity.")), ("activity", activity));
        created.Properties!["text"] = Text("The mail's text body, cut to the subscription's `includeBodyBytes` (only when that is above 0).");
        created.Properties!["textTruncated"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "Whether `text` was cut." };
        var activityExample = new JsonObject
        {
            ["id"] = "7fffff2a1c3e4d10-9a0c",
            ["accountId"] = "sales",
            ["direction"] = "incoming",
            ["folder"] = "inbox",
            ["type"] = "E",
            ["tags"] = new JsonArray("AA"),
            ["from"] = new JsonObject { ["name"] = "Ann Buyer", ["address"] = "ann@customer.example" },
            ["to"] = new JsonArray(new JsonObject { ["name"] = "", ["address"] = "sales@tenant.example" }),
            ["cc"] = new JsonArray(),
            ["subject"] = "Quote for 40 units",
            ["date"] = "2026-12-05T17:02:58Z",
            ["messageId"] = "<q40@customer.example>",
            ["snippet"] = "Hello, could you send a quote for 40 units…",
            ["flags"] = new JsonArray(),
            ["status"] = null,
            ["statusDetail"] = null,
        };
        yield return (WebhookEventTypes.ActivityCreated, "A new activity: a fetched mail, or a mail sent through the API", created,
            new JsonObject { ["userId"] = "anna", ["activity"] = activityExample.DeepClone() });
        var moved = (JsonObject)activityExample.DeepClone();
        moved["folder"] = "spam";
        yield return (WebhookEventTypes.ActivityUpdated, "An activity changed: moved to spam, or an outgoing mail's delivery status set", activityData,
            new JsonObject { ["userId"] = "anna", ["activity"] = moved });
        yield return (WebhookEventTypes.AccountError, "An account began failing (once per episode, not per retry)",
            Object(("accountId", Text("The account.")), ("error", Text("What failed, in words an admin can act on.")),
                ("consecutiveFailures", new OpenApiSchema { Type = JsonSchemaType.Integer }),
                ("code", Text("What an admin must do, when the error says so: `reauthorize` (connect the OAuth2 sign-in again); else null."))),
            new JsonObject { ["accountId"] = "sales", ["error"] = "The server refused the user name or password.", ["consecutiveFailures"] = 1, ["code"] = null });
        yield return (WebhookEventTypes.AccountRecovered, "An account that was failing fetched successfully again",
            Object(("accountId", Text("The account."))), new JsonObject { ["accountId"] = "sales" });
        yield return (WebhookEventTypes.AccountMailboxReset, "A folder's UIDVALIDITY changed: the server renumbered it and it is read again",
            Object(("accountId", Text("The account.")), ("folder", Text("The folder.")),
                ("oldUidValidity", new OpenApiSchema { Type = JsonSchemaType.Integer }), ("newUidValidity", new OpenApiSchema { Type = JsonSchemaType.Integer })),
            new JsonObject { ["accountId"] = "sales", ["folder"] = "INBOX", ["oldUidValidity"] = 1733000000, ["newUidValidity"] = 1733400000 });
    }
}
