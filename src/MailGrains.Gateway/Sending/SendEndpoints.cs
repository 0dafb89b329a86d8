using System.Collections.Immutable;
using System.Security.Claims;
using MailGrains.Activities;
using MailGrains.Gateway.Api;
using MailGrains.Gateway.Auth;
using MailGrains.Sending;

namespace MailGrains.Gateway.Sending;

/// <summary>Tenant admin route that sends a mail through an account on behalf of one of the tenant's users.</summary>
internal static class SendEndpoints
{
    private const int MaxRecipients = 100;
    private const int MaxSubjectLength = 998;

    public static IEndpointRouteBuilder MapSending(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/accounts/{accountId}/messages", SendAsync)
            .WithTags("Sending")
            .RequireAuthorization(Roles.TenantAdmin)
            .Accepts<SendRequest>("application/json")
            .Produces<SendResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return endpoints;
    }

    private static async Task<IResult> SendAsync(string accountId, HttpRequest request, ClaimsPrincipal caller, IClusterClient cluster)
    {
        var errors = new ValidationErrors().RequireId("accountId", accountId);
        var idempotencyKey = IdempotencyKeyHeader.Read(request, errors);
        var body = await JsonBody.ReadAsync<SendRequest>(request);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var send = body.Value!;
        if (Validate(send, errors).Any)
        {
            return errors.ToProblem();
        }

        var mail = new OutgoingMail(send.SenderUserId!, Trimmed(send.To), Trimmed(send.Cc), Trimmed(send.Bcc), send.Subject, send.Text, send.Html, send.InReplyToActivityId, idempotencyKey);
        var result = await cluster.GetGrain<IOutboxGrain>(GrainKeys.Scoped(caller.TenantId(), accountId)).SendAsync(mail);
        return result.Outcome switch
        {
            SendOutcome.Queued => TypedResults.Accepted($"/v1/users/{send.SenderUserId}/activities/{result.ActivityId}", new SendResponse(result.ActivityId!)),
            SendOutcome.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not an allowed sender", detail: result.Error),
            SendOutcome.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: result.Error),
            SendOutcome.IdempotencyKeyReused => IdempotencyKeyHeader.Reused(result.Error),
            SendOutcome.OutboxFull => TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Outbox full", detail: result.Error),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No outgoing server", detail: result.Error),
        };
    }

    private static ValidationErrors Validate(SendRequest send, ValidationErrors errors)
    {
        if (!Ids.IsValid(send.SenderUserId))
        {
            errors.Add("senderUserId", $"Required: the id of the user who sends ({Ids.Rule}).");
        }

        var count = 0;
        foreach (var (field, list) in new[] { ("to", send.To), ("cc", send.Cc), ("bcc", send.Bcc) })
        {
            for (var i = 0; i < (list?.Count ?? 0); i++)
            {
                count++;
                if (!FieldRules.IsEmailAddress(list![i]?.Trim() ?? "") || TextRules.HasForbiddenCharacter(list[i]))
                {
                    errors.Add($"{field}[{i}]", "Must be an e-mail address such as name@example.com.");
                }
            }
        }

        if (count == 0)
        {
            errors.Add("to", "At least one recipient (to, cc or bcc).");
        }
        else if (count > MaxRecipients)
        {
            errors.Add("to", $"At most {MaxRecipients} recipients in all.");
        }

        if (send.Subject is { Length: > MaxSubjectLength })
        {
            errors.Add("subject", $"At most {MaxSubjectLength} characters.");
        }

        errors.RequireSingleLine("subject", send.Subject);

        if (send.InReplyToActivityId is { } reply && !ActivityIds.IsWellFormed(reply))
        {
            errors.Add("inReplyToActivityId", "Must be the id of an activity.");
        }

        return errors;
    }

    /// <summary>The addresses as validated: trimmed once here, so what was checked is what is sent.</summary>
    private static ImmutableArray<string> Trimmed(List<string>? addresses) => [.. (addresses ?? []).Select(a => a.Trim())];
}

/// <summary>A mail to send through an account.</summary>
public sealed class SendRequest
{
    public string? SenderUserId { get; set; }

    public List<string>? To { get; set; }

    public List<string>? Cc { get; set; }

    public List<string>? Bcc { get; set; }

    /// <summary>Defaults to "Re: …" of the activity replied to.</summary>
    public string? Subject { get; set; }

    public string? Text { get; set; }

    public string? Html { get; set; }

    public string? InReplyToActivityId { get; set; }
}

public sealed record SendResponse(string ActivityId);
