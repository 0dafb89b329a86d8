using Microsoft.AspNetCore.Http.HttpResults;

namespace MailGrains.Gateway.Api;

/// <summary>Every problem+json answer of the API that is not a framework's own.</summary>
internal static class Problems
{
    public const string InvalidTitle = "The request has invalid fields.";

    public static ProblemHttpResult NotFound(string title, string detail)
        => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);

    public static ProblemHttpResult NoSuchTenant(string tenantId)
        => NotFound("No such tenant", $"There is no tenant '{tenantId}'.");

    public static ProblemHttpResult NoSuchUser(string userId)
        => NotFound("No such user", $"There is no user '{userId}'.");

    public static ProblemHttpResult NoSuchAccount(string accountId)
        => NotFound("No such account", $"There is no account '{accountId}'.");

    /// <summary>404 for a folder the account does not sync; the name is quoted without its control characters.</summary>
    public static ProblemHttpResult NoSuchFolder(string accountId, string folder)
        => NotFound(
            "No such synced folder",
            $"Account '{accountId}' does not sync a folder '{TextRules.Printable(folder)}'; the folders it syncs are its imap.folders.");

    public static ProblemHttpResult NoSuchActivity(string activityId)
        => NotFound("No such activity", $"There is no activity '{activityId}' for this user.");

    /// <summary>400 with the <c>errors</c> map, keyed by JSON path.</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors)
        => TypedResults.ValidationProblem(errors, title: InvalidTitle);

    public static ValidationProblem Invalid(string field, string message)
        => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A problem with <paramref name="status"/>; <paramref name="errors"/> names fields when given.</summary>
    public static ProblemHttpResult Status(
        int status, string title, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null,
        IDictionary<string, object?>? extensions = null)
    {
        extensions ??= new Dictionary<string, object?>();
        if (errors is not null)
        {
            extensions["errors"] = errors;
        }

        return TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: extensions);
    }

    public static ProblemHttpResult Conflict(
        string title, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null)
        => Status(StatusCodes.Status409Conflict, title, detail, errors);

    public static ProblemHttpResult ConflictOn(string field, string title, string detail, string message)
        => Conflict(title, detail, new Dictionary<string, string[]> { [field] = [message] });
}
