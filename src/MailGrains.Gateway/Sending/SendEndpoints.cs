using System.Collections.Immutable;
using MailGrains.Gateway.Api;
using MailGrains.Gateway.Auth;
using MailGrains.Sending;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using static Microsoft.AspNetCore.Http.StatusCodes;

namespace MailGrains.Gateway.Sending;

/// <summary>Tenant admin route that sends a mail through an account on behalf of one of the tenant's users.</summary>
internal static class SendEndpoints
{
    public static IEndpointRouteBuilder MapSending(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/accounts/{accountId}/messages", SendAsync)
            .WithTags("Sending")
            .RequireAuthorization(Roles.TenantAdmin)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return endpoints;
    }

    private static async Task<Results<Accepted<SendResponse>, ValidationProblem, ProblemHttpResult>> SendAsync(
        [MailGrainsId] string accountId, SendRequest send, [AsParameters] TenantScope scope,
        [FromHeader(Name = IdempotencyKeyHeader.Name)] string[]? idempotencyKey)
    {
        if (!IdempotencyKeyHeader.TryRead(idempotencyKey, out var key))
        {
            return Problems.Invalid(IdempotencyKeyHeader.Name, IdempotencyKeyHeader.Rule);
        }

        var mail = new OutgoingMail(
            send.SenderUserId!, Trimmed(send.To), Trimmed(send.Cc), Trimmed(send.Bcc),
            send.Subject, send.Text, send.Html, send.InReplyToActivityId, key);
        var result = await scope.Outbox(accountId).SendAsync(mail);
        return result.Outcome switch
        {
            SendOutcome.Queued => TypedResults.Accepted(
                $"/v1/users/{send.SenderUserId}/activities/{result.ActivityId}", new SendResponse(result.ActivityId!)),
            SendOutcome.Forbidden => Problems.Status(Status403Forbidden, "Not an allowed sender", result.Error),
            SendOutcome.NotFound => Problems.NotFound("Not found", result.Error ?? "Not found."),
            SendOutcome.IdempotencyKeyReused => Problems.Status(
                StatusCodes.Status422UnprocessableEntity,
                "Idempotency key reused",
                result.Error,
                new Dictionary<string, string[]> { [IdempotencyKeyHeader.Name] = [IdempotencyKeyHeader.Reused] }),
            SendOutcome.OutboxFull => Problems.Status(Status429TooManyRequests, "Outbox full", result.Error),
            _ => Problems.Conflict("No outgoing server", result.Error),
        };
    }

    /// <summary>The addresses as validated: trimmed once here, so what was checked is what is sent.</summary>
    private static ImmutableArray<string> Trimmed(List<string>? addresses)
        => [.. (addresses ?? []).Select(a => a.Trim())];
}
