using MailGrains.Gateway.Accounts;
using MailGrains.Gateway.Api;
using MailGrains.Gateway.Auth;
using MailGrains.Grains.Webhooks;
using MailGrains.Grains.Webhooks.Subscriptions;
using MailGrains.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using FromHeader = Microsoft.AspNetCore.Mvc.FromHeaderAttribute;

namespace MailGrains.Gateway.Webhooks;

/// <summary>
/// Tenant admin routes for webhook subscriptions: create or replace (the signing secret shown once, on creation),
/// read, list, delete, rotate the secret, and the delivery attempts and replay. ETag and If-Match as for accounts.
/// </summary>
internal static class WebhookEndpoints
{
    private const string IfMatchRule = "The ETag of the webhook as read (\"7\"), several separated by commas, or *.";

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder endpoints)
    {
        var webhooks = endpoints.MapGroup("/v1/webhooks").WithTags("Webhooks").RequireAuthorization(Roles.TenantAdmin);
        webhooks.MapGet("/", ListAsync);
        webhooks.MapPut("/{webhookId}", PutAsync).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        webhooks.MapGet("/{webhookId:mgid}", GetAsync);
        webhooks.MapDelete("/{webhookId:mgid}", DeleteAsync);
        webhooks.MapPost("/{webhookId:mgid}/rotate-secret", RotateSecretAsync);
        webhooks.MapGet("/{webhookId:mgid}/deliveries", DeliveriesAsync);
        webhooks.MapPost("/{webhookId:mgid}/replay", ReplayAsync);
        return endpoints;
    }

    private static async Task<Results<Created<CreatedWebhookDocument>, Ok<WebhookDocument>, ValidationProblem, ProblemHttpResult>> PutAsync(
        [MailGrainsId] string webhookId, WebhookDocument document, [FromHeader(Name = "If-Match")] string? ifMatch,
        [AsParameters] TenantScope scope, WebhookUrlRules urls, HttpResponse response)
    {
        if (!AccountETag.TryParse(ifMatch, out var tags))
        {
            return Problems.Invalid(HeaderNames.IfMatch, IfMatchRule);
        }

        if (WebhookSubscriptionRules.Check(document.Url, document.Events, document.IncludeBodyBytes ?? 0, urls) is { Count: > 0 } refused)
        {
            return Problems.Invalid(refused);
        }

        long? expectedVersion = null;
        if (tags is not null)
        {
            expectedVersion = (await scope.Webhooks.GetAsync(webhookId))?.Version;
            if (!AccountETag.Matches(tags, expectedVersion))
            {
                return PreconditionFailed(webhookId);
            }
        }

        var result = await scope.Webhooks.PutAsync(webhookId, document.ToInput(expectedVersion));
        switch (result.Outcome)
        {
            case WebhookPutOutcome.Created:
                var created = Shown<CreatedWebhookDocument>(result.View!, response);
                created.Secret = result.Secret;
                return TypedResults.Created($"/v1/webhooks/{webhookId}", created);
            case WebhookPutOutcome.Updated:
                return TypedResults.Ok(Shown<WebhookDocument>(result.View!, response));
            case WebhookPutOutcome.Invalid:
                return Problems.Invalid(result.Errors);
            case WebhookPutOutcome.QuotaReached:
                return Problems.Conflict(
                    "The tenant's webhook quota is reached",
                    "This tenant has as many webhooks as its quota allows (MailGrains:Quotas:WebhooksPerTenant). Delete a webhook first.",
                    result.Errors);
            default:
                return PreconditionFailed(webhookId);
        }
    }

    private static async Task<Results<Ok<WebhookDocument[]>, ValidationProblem>> ListAsync(
        [System.ComponentModel.Description("Entries per page, 1 to 1000; the whole list when left out.")] string? limit,
        string? after, HttpContext http, [AsParameters] TenantScope scope)
    {
        var views = (await scope.Webhooks.ListAsync()).ToDictionary(v => v.Id, StringComparer.Ordinal);
        var (ids, problem) = ListPage.Select([.. views.Keys.Order(StringComparer.Ordinal)], limit, after, http);
        return problem is not null
            ? problem
            : TypedResults.Ok(ids!.Select(id => WebhookDocument.From<WebhookDocument>(views[id])).ToArray());
    }

    private static async Task<Results<Ok<WebhookDocument>, ProblemHttpResult>> GetAsync(
        string webhookId, [AsParameters] TenantScope scope, HttpResponse response)
        => await scope.Webhooks.GetAsync(webhookId) is { } view
            ? TypedResults.Ok(Shown<WebhookDocument>(view, response))
            : NoSuchWebhook(webhookId);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string webhookId, [AsParameters] TenantScope scope)
        => await scope.Webhooks.DeleteAsync(webhookId) ? TypedResults.NoContent() : NoSuchWebhook(webhookId);

    private static async Task<Results<Ok<WebhookSecretResponse>, ProblemHttpResult>> RotateSecretAsync(
        string webhookId, [AsParameters] TenantScope scope, HttpResponse response)
    {
        if (await scope.Webhooks.RotateSecretAsync(webhookId) is not { } rotation)
        {
            return NoSuchWebhook(webhookId);
        }

        response.Headers.ETag = AccountETag.Of(rotation.Version);
        return TypedResults.Ok(new WebhookSecretResponse(rotation.Secret, rotation.PreviousValidUntil, rotation.Version));
    }

    private static async Task<Results<Ok<WebhookDeliveriesResponse>, ProblemHttpResult>> DeliveriesAsync(
        string webhookId, [AsParameters] TenantScope scope)
    {
        if (await scope.Webhooks.GetAsync(webhookId) is null)
        {
            return NoSuchWebhook(webhookId);
        }

        var delivery = scope.WebhookDelivery(webhookId);
        var attempts = delivery.GetAttemptsAsync();
        var progress = delivery.GetProgressAsync();
        return TypedResults.Ok(WebhookDeliveriesResponse.From(await progress, await attempts));
    }

    private static async Task<Results<Accepted<WebhookReplayResponse>, ValidationProblem, ProblemHttpResult>> ReplayAsync(
        string webhookId, WebhookReplayRequest request, [AsParameters] TenantScope scope, TimeProvider clock)
    {
        var since = request.Since!.Value;
        if (since < clock.GetUtcNow() - WebhookDeliveryLimits.EventRetention)
        {
            return Problems.Invalid("since", $"At most {WebhookDeliveryLimits.EventRetention.TotalDays:0} days ago: events are kept that long.");
        }

        if (await scope.Webhooks.GetAsync(webhookId) is null)
        {
            return NoSuchWebhook(webhookId);
        }

        var replayed = await scope.WebhookDelivery(webhookId).ReplayAsync(since);
        return TypedResults.Accepted($"/v1/webhooks/{webhookId}/deliveries", new WebhookReplayResponse(replayed));
    }

    /// <summary>The webhook as the API shows it, with its version as the answer's ETag.</summary>
    private static T Shown<T>(WebhookSubscriptionView view, HttpResponse response)
        where T : WebhookDocument, new()
    {
        response.Headers.ETag = AccountETag.Of(view.Version);
        return WebhookDocument.From<T>(view);
    }

    private static ProblemHttpResult NoSuchWebhook(string webhookId)
        => Problems.NotFound("No such webhook", $"There is no webhook '{webhookId}'.");

    private static ProblemHttpResult PreconditionFailed(string webhookId) => Problems.Status(
        StatusCodes.Status412PreconditionFailed,
        "The webhook has changed",
        $"Webhook '{webhookId}' is not at the version of If-Match (or does not exist); read it again for its ETag.");
}
