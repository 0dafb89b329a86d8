using MailGrains.Gateway.Api;

namespace MailGrains.Gateway.Sending;

/// <summary>
/// The optional <c>Idempotency-Key</c> request header of a send: 1 to <see cref="MaxLength"/> printable ASCII
/// characters (space to tilde), given once. The same key with the same request, for the same tenant and account
/// within the key's retention, answers with the first request's activity; with a different request, 422.
/// </summary>
internal static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";
    public const int MaxLength = 255;

    /// <summary>The key, or null without the header; adds an error naming the header when it is malformed.</summary>
    public static string? Read(HttpRequest request, ValidationErrors errors)
    {
        if (!request.Headers.TryGetValue(Name, out var values))
        {
            return null;
        }

        if (values.Count != 1 || values[0] is not { Length: > 0 and <= MaxLength } key || key.Any(c => c is < ' ' or > '~'))
        {
            errors.Add(Name, $"Must be given once, 1 to {MaxLength} printable ASCII characters.");
            return null;
        }

        return key;
    }

    /// <summary>422: the key was used for a different request.</summary>
    public static IResult Reused(string? detail) => TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [Name] = ["Already used for a different request; use a new key for a new mail."] })
    {
        Status = StatusCodes.Status422UnprocessableEntity,
        Title = "Idempotency key reused",
        Detail = detail,
    });
}
